"""Checks for the app form: pure functions returning a message per field (no Qt)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

ALNUM_10 = re.compile(r"^[A-Z0-9]{10}$")
MAX_P8_BYTES = 16 * 1024
MAX_P12_BYTES = 256 * 1024
MAX_JSON_BYTES = 64 * 1024


def check_url(value: str, *, https_only: bool = False) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    schemes = ("https",) if https_only else ("http", "https")
    if parts.scheme not in schemes or not parts.netloc or " " in value:
        return f"Enter a full URL starting with {' or '.join(s + '://' for s in schemes)}."
    return None


def check_form(values: dict[str, Any], *, creating: bool) -> dict[str, str]:
    """Problems keyed by field name; empty when the values can be sent."""
    problems: dict[str, str] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        problems["name"] = "Give the app a name."
    elif len(name) > 128:
        problems["name"] = "Keep the name under 128 characters."
    for field in ("chrome_web_origin", "safari_site_origin"):
        if message := check_url(str(values.get(field) or "")):
            problems[field] = message
    for field in ("chrome_web_default_notification_icon", "safari_icon_256_256"):
        if message := check_url(str(values.get(field) or ""), https_only=True):
            problems[field] = message
    if values.get("site_name") and not (values.get("chrome_web_origin") and values.get("safari_site_origin")):
        problems["site_name"] = "The site name needs both the Chrome web origin and the Safari site origin."
    sender = str(values.get("android_gcm_sender_id") or "")
    if sender and not sender.isdigit():
        problems["android_gcm_sender_id"] = "The sender ID is your Google project number (digits only)."
    token_fields = ("apns_p8", "apns_key_id", "apns_team_id", "apns_bundle_id")
    # A bundle ID alone says nothing of a .p8 key (the app may use a .p12 certificate, or none yet):
    # only the key, its key ID or team ID ask for the rest.
    if any(values.get(field) for field in token_fields[:3]):
        labels = ("the .p8 key file", "the key ID", "the team ID", "the bundle ID")
        for field, label in zip(token_fields, labels, strict=True):
            if not values.get(field):
                problems[field] = f"A .p8 key needs {label} as well."
        for field in ("apns_key_id", "apns_team_id"):
            if values.get(field) and not ALNUM_10.match(str(values[field])):
                problems[field] = "Apple IDs are 10 capital letters or digits."
    if values.get("apns_p12") and not values.get("apns_p12_password"):
        problems["apns_p12_password"] = "A .p12 certificate needs its password."
    return problems


def read_p8(data: bytes) -> str:
    """The text of a .p8 key file, or ValueError saying what is wrong with it."""
    if not data.strip():
        raise ValueError("The file is empty.")
    if len(data) > MAX_P8_BYTES:
        raise ValueError("This file is far too big for a .p8 key.")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError("This is not a .p8 key (it is not a text file).") from None
    if "-----BEGIN PRIVATE KEY-----" not in text or "-----END PRIVATE KEY-----" not in text:
        raise ValueError("This is not a .p8 key (no BEGIN/END PRIVATE KEY lines).")
    return text


def check_p12(data: bytes) -> bytes:
    if not data:
        raise ValueError("The file is empty.")
    if len(data) > MAX_P12_BYTES:
        raise ValueError("This file is far too big for a .p12 certificate.")
    if data[:1] != b"\x30":  # PKCS#12 is DER: an ASN.1 SEQUENCE
        raise ValueError("This is not a .p12 certificate (PEM or other text files are not accepted).")
    # PFX ::= SEQUENCE { version INTEGER (3), ... }; a DER certificate (.cer) starts SEQUENCE { SEQUENCE.
    first_member = data[2 + (data[1] & 0x7F if data[1:2] >= b"\x80" else 0) :]
    if not first_member.startswith(b"\x02\x01\x03"):
        raise ValueError(
            "This is not a .p12 certificate (a .cer without its private key, or a damaged file): "
            "export the certificate together with its key as .p12."
        )
    return data


def read_service_account(data: bytes) -> str:
    if not data.strip():
        raise ValueError("The file is empty.")
    if len(data) > MAX_JSON_BYTES:
        raise ValueError("This file is far too big for a service account key.")
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("This is not a JSON file.") from None
    if not isinstance(parsed, dict) or parsed.get("type") != "service_account" or "private_key" not in parsed:
        raise ValueError("This JSON is not a Firebase service account key (type service_account).")
    return json.dumps(parsed, separators=(",", ":"))
