"""Keeps credentials out of the files the composer writes (drafts, send journal)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
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
#: Shorter "keys" are not looked for inside text: they would match ordinary words.
MIN_KNOWN_KEY_LENGTH: Final = 8

#: Where the keys the console knows come from (the key store); none by default.
KnownKeys = Callable[[], Iterable[str]]


def no_known_keys() -> Iterable[str]:
    return ()


def _usable(known: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({key for key in known if len(key) >= MIN_KNOWN_KEY_LENGTH}, key=len, reverse=True))


def _holds_key(text: str, known: tuple[str, ...]) -> bool:
    return bool(_KEY_PATTERN.search(text)) or any(key in text for key in known)


class CredentialInPayloadError(ValueError):
    """A payload about to be written to disk carries something that looks like a key.

    The message names where it was found, never the value.
    """


def find_credential(value: Any, path: str = "", *, known: Iterable[str] = ()) -> str | None:
    """The dotted path of the first credential-looking field or value in ``value``, else None.

    A value is a credential when it holds a OneSignal-shaped key or any of ``known`` (the keys the console
    knows: legacy REST keys and whatever was pasted as a key have no shape to recognise).
    """
    return _find(value, path, _usable(known))


def _find(value: Any, path: str, known: tuple[str, ...]) -> str | None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if _holds_key(str(key), known):  # a key pasted as a field name: the path must not show it
                return f"{path}.<a key>" if path else "<a key>"
            child = f"{path}.{key}" if path else str(key)
            if str(key).lower() in _CREDENTIAL_FIELDS:
                return child
            found = _find(item, child, known)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _find(item, f"{path}.{index}" if path else str(index), known)
            if found is not None:
                return found
        return None
    if isinstance(value, str) and _holds_key(value, known):
        return path or "<value>"
    return None


def ensure_no_credentials(value: Any, what: str, *, known: Iterable[str] = ()) -> None:
    """Raise :class:`CredentialInPayloadError` if ``value`` carries a key; ``what`` names the store."""
    found = find_credential(value, known=known)
    if found is not None:
        raise CredentialInPayloadError(f"refusing to write {what}: {found!r} looks like a credential")


def redact_keys(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with anything shaped like a OneSignal key, and every key of ``known``, masked."""
    for key in _usable(known):
        text = text.replace(key, "****")
    return _KEY_PATTERN.sub("os_v2_****", text)
