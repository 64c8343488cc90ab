"""Keeps credentials out of the files the composer writes (drafts, send journal)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

#: Field names that only ever carry credentials; none of them belongs in a notification body.
_CREDENTIAL_FIELDS: Final = frozenset(
    {
        "authorization",
        "api_key",
        "rest_api_key",
        "basic_auth_key",
        "user_auth_key",
        "organization_api_key",
        "org_key",
        "app_key",
        "token_value",
    }
)

#: The shape of today's OneSignal keys (app REST keys and organization keys).
_KEY_PATTERN: Final = re.compile(r"os_v2_(?:app|org)_[a-z2-7]{20,}")


class CredentialInPayloadError(ValueError):
    """A payload about to be written to disk carries something that looks like a key.

    The message names where it was found, never the value.
    """


def find_credential(value: Any, path: str = "") -> str | None:
    """The dotted path of the first credential-looking field or value in ``value``, else None."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if str(key).lower() in _CREDENTIAL_FIELDS:
                return child
            found = find_credential(item, child)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = find_credential(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
        return None
    if isinstance(value, str) and _KEY_PATTERN.search(value):
        return path or "<value>"
    return None


def ensure_no_credentials(value: Any, what: str) -> None:
    """Raise :class:`CredentialInPayloadError` if ``value`` carries a key; ``what`` names the store."""
    found = find_credential(value)
    if found is not None:
        raise CredentialInPayloadError(f"refusing to write {what}: {found!r} looks like a credential")


def redact_keys(text: str) -> str:
    """``text`` with anything shaped like a OneSignal key replaced by a mask."""
    return _KEY_PATTERN.sub("os_v2_****", text)
