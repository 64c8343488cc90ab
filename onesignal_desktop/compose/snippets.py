""" "Copy as curl" and "Copy as Python" for a create-notification request.

Keys are masked unless the caller passes ``reveal=True`` (the user asked for it explicitly), so a
snippet pasted into a chat or a ticket does not leak the app's REST key.
"""

from __future__ import annotations

import json
import pprint
import shlex
from collections.abc import Mapping
from typing import Any, Final

CURRENT_BASE_URL: Final = "https://api.onesignal.com"
LEGACY_BASE_URL: Final = "https://onesignal.com/api/v1"
KEY_PLACEHOLDER: Final = "YOUR_REST_API_KEY"
_KEY_PREFIXES: Final = ("os_v2_app_", "os_v2_org_")


def notifications_url(base_url: str = CURRENT_BASE_URL) -> str:
    """The create-notification URL under ``base_url``.

    ``https://api.onesignal.com`` -> ``https://api.onesignal.com/notifications``;
    the legacy ``https://onesignal.com/api/v1`` -> ``https://onesignal.com/api/v1/notifications``.
    """
    base = base_url.strip().rstrip("/")
    if not base:
        raise ValueError("base_url is empty")
    if base.endswith("/notifications"):
        return base
    return f"{base}/notifications"


def mask_key(key: str | None) -> str:
    """A stand-in for ``key`` that tells its kind (app or organization key) but none of its secret part."""
    if not key:
        return KEY_PLACEHOLDER
    for prefix in _KEY_PREFIXES:
        if key.startswith(prefix):
            return f"{prefix}{'*' * 12}"
    return "*" * 12


def _authorization(api_key: str | None, reveal: bool, auth_scheme: str) -> str:
    shown = api_key if (reveal and api_key) else mask_key(api_key)
    return f"{auth_scheme} {shown}"


def _json_text(payload: Mapping[str, Any]) -> str:
    try:
        return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the payload is not plain JSON: {exc}") from exc


def as_curl(
    payload: Mapping[str, Any],
    *,
    base_url: str = CURRENT_BASE_URL,
    api_key: str | None = None,
    reveal: bool = False,
    auth_scheme: str = "Key",
) -> str:
    """A POSIX-shell ``curl`` command that sends ``payload`` (one argument per line)."""
    arguments = [
        ["curl", "--request", "POST"],
        ["--url", notifications_url(base_url)],
        ["--header", f"Authorization: {_authorization(api_key, reveal, auth_scheme)}"],
        ["--header", "Content-Type: application/json; charset=utf-8"],
        ["--header", "Accept: application/json"],
        ["--data", _json_text(payload)],
    ]
    lines = [" ".join(shlex.quote(word) for word in line) for line in arguments]
    return " \\\n  ".join(lines) + "\n"


def as_python(
    payload: Mapping[str, Any],
    *,
    base_url: str = CURRENT_BASE_URL,
    api_key: str | None = None,
    reveal: bool = False,
    auth_scheme: str = "Key",
) -> str:
    """A Python script using httpx that sends ``payload`` and prints OneSignal's answer."""
    _json_text(payload)  # refuse what JSON can't carry, as the request would
    literal = pprint.pformat(dict(payload), indent=4, width=100, sort_dicts=False)
    headers = {
        "Authorization": _authorization(api_key, reveal, auth_scheme),
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
    }
    header_lines = "".join(f"        {key!r}: {value!r},\n" for key, value in headers.items())
    return (
        "import httpx\n"
        "\n"
        f"payload = {literal}\n"
        "\n"
        "response = httpx.post(\n"
        f"    {notifications_url(base_url)!r},\n"
        "    headers={\n"
        f"{header_lines}"
        "    },\n"
        "    json=payload,\n"
        "    timeout=30.0,\n"
        ")\n"
        "response.raise_for_status()\n"
        "print(response.json())\n"
    )
