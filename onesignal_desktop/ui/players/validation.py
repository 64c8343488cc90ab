"""Checks for the player form, the tags editor and the user lookup: plain functions returning a message
for the field, or None when the value can be sent (no Qt here)."""

from __future__ import annotations

import json
import re
import uuid
from typing import Final

from onesignal_desktop.ui.common import humanize

MAX_TAG_KEY: Final = 128
MAX_TAG_VALUE: Final = 255
E164: Final = re.compile(r"^\+[1-9]\d{6,14}$")
EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGE: Final = re.compile(r"^[a-z]{2}(-[A-Za-z]{2,4})?$")
ALIAS_LABEL: Final = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
MIN_TIMEZONE, MAX_TIMEZONE = -12 * 3600, 14 * 3600
EMAIL_DEVICE, SMS_DEVICE = 11, 14


def check_uuid(value: str, what: str = "This id") -> str | None:
    text = value.strip()
    if not text:
        return f"{what} is required."
    try:
        uuid.UUID(text)
    except ValueError:
        return f"{what} must be a UUID like 1dd608f2-c6a1-11e3-851d-000c2940e62c."
    return None


def check_tag_key(key: str) -> str | None:
    if not key.strip():
        return "A tag needs a key."
    if len(key) > MAX_TAG_KEY:
        return f"Tag keys are at most {MAX_TAG_KEY} characters."
    return None


def check_tag_value(value: str) -> str | None:
    """Tag values are text or numbers: a JSON object or list is refused (the API rejects nested values)."""
    text = value.strip()
    if text.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "Tag values must be text or a number, not a list or an object."
    if len(value) > MAX_TAG_VALUE:
        return f"Tag values are at most {MAX_TAG_VALUE} characters."
    return None


def check_tags(rows: list[tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """Problems by row: (which column, "key" or "value"; message)."""
    problems: dict[int, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for number, (key, value) in enumerate(rows):
        if message := check_tag_key(key):
            problems[number] = ("key", message)
        elif key.strip() in seen:
            problems[number] = ("key", f'"{key.strip()}" is already tag {seen[key.strip()] + 1}.')
        elif message := check_tag_value(value):
            problems[number] = ("value", message)
        seen.setdefault(key.strip(), number)
    return problems


def tags_delta(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """What to send: changed and new tags with their value, removed tags with "" (the API's delete)."""
    delta = {key: value for key, value in after.items() if before.get(key) != value}
    delta.update({key: "" for key in before if key not in after})
    return delta


def check_identifier(device_type: int | None, identifier: str) -> str | None:
    text = identifier.strip()
    if device_type == EMAIL_DEVICE:
        if not EMAIL.match(text):
            return "An email player's identifier is its email address (name@example.com)."
    elif device_type == SMS_DEVICE:
        if not E164.match(text):
            return "An SMS player's identifier is a phone number in E.164 form, like +15555550123."
    elif len(text) > 512:
        return "The identifier (push token) is at most 512 characters."
    return None


def check_language(value: str) -> str | None:
    if value.strip() and not LANGUAGE.match(value.strip()):
        return "Use a language code such as en, fr or zh-Hans."
    return None


def check_timezone(value: str) -> str | None:
    try:
        humanize.parse_utc_offset(value)
    except ValueError as problem:
        return str(problem)
    return None


def check_integer(
    value: str, what: str, minimum: int | None = None, maximum: int | None = None
) -> str | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        return f"{what} must be a whole number."
    if minimum is not None and number < minimum:
        return f"{what} must be at least {minimum}."
    if maximum is not None and number > maximum:
        return f"{what} must be at most {maximum}."
    return None


def check_external_id(value: str) -> str | None:
    text = value.strip()
    if not text:
        return "Enter the user's external id."
    if "/" in text or len(text) > 128:
        return "External ids are at most 128 characters and contain no slash."
    return None


def check_alias(label: str, alias_id: str) -> dict[str, str]:
    """Problems of an alias lookup or a new alias, by field ("label", "id")."""
    problems: dict[str, str] = {}
    if not ALIAS_LABEL.match(label.strip()):
        problems["label"] = "Alias labels are letters, digits, dot, dash or underscore (at most 64)."
    if label.strip() == "onesignal_id":
        if message := check_uuid(alias_id, "A OneSignal id"):
            problems["id"] = message
    elif not alias_id.strip():
        problems["id"] = "Enter the alias id."
    elif "/" in alias_id or len(alias_id) > 128:
        problems["id"] = "Alias ids are at most 128 characters and contain no slash."
    return problems
