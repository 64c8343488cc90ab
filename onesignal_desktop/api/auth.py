"""Which key an operation needs, where it comes from, and how it goes on the wire.

OneSignal has two credentials: the organization key (app management, API-key management) and one REST
API key per app (everything app-scoped). App keys come from a provider read at call time, so a key the
user adds in the console is used by the very next call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Literal

from onesignal_desktop.api.errors import MissingKeyError

__all__ = ["AppKeyProvider", "AuthScheme", "Credentials", "KeyKind", "OrganizationKeyProvider", "redact"]

AuthScheme = Literal["Key", "Basic"]
AppKeyProvider = Mapping[str, str] | Callable[[str], str | None]
#: The organization key itself, or a callable read at every call (so a key added later is used at once).
OrganizationKeyProvider = str | Callable[[], str | None]

REDACTED = "[redacted]"


class KeyKind(Enum):
    ORGANIZATION = "organization"
    APP = "app"


class Credentials:
    """Holds the organization key and the app-key provider; never shows a key in its repr."""

    __slots__ = ("_app_keys", "_organization_key", "scheme")

    def __init__(
        self,
        organization_key: OrganizationKeyProvider | None = None,
        app_keys: AppKeyProvider | None = None,
        scheme: AuthScheme = "Key",
    ) -> None:
        if scheme not in ("Key", "Basic"):
            raise ValueError(f"auth_scheme must be 'Key' or 'Basic', not {scheme!r}")
        self._organization_key = organization_key or None
        self._app_keys = app_keys
        self.scheme: AuthScheme = scheme

    def __repr__(self) -> str:
        org = "provider" if callable(self._organization_key) else "set" if self._organization_key else "unset"
        return f"Credentials(organization_key={org}, app_keys={'provider' if self._app_keys else 'none'})"

    def set_organization_key(self, key: OrganizationKeyProvider | None) -> None:
        self._organization_key = key or None

    def set_app_keys(self, app_keys: AppKeyProvider | None) -> None:
        self._app_keys = app_keys

    def key_for(self, operation: str, kind: KeyKind, app_id: str | None) -> str:
        """The key ``operation`` needs, or :class:`MissingKeyError` naming which key for what."""
        if kind is KeyKind.ORGANIZATION:
            source = self._organization_key
            if callable(source):
                try:
                    organization_key = source()
                except Exception as exc:  # say which, never what
                    reason = f"the key provider failed ({type(exc).__name__})"
                    raise MissingKeyError(operation, key_kind="organization", reason=reason) from None
            else:
                organization_key = source
            if not organization_key:
                raise MissingKeyError(operation, key_kind="organization")
            return _usable(organization_key, operation, "organization", None)
        if not app_id:
            raise MissingKeyError(operation, key_kind="app", reason="no app id was given")
        provider = self._app_keys
        if provider is None:
            raise MissingKeyError(operation, key_kind="app", app_id=app_id)
        try:
            key = provider(app_id) if callable(provider) else provider.get(app_id)
        except Exception as exc:  # a keyring backend can fail in many ways; say which, never what
            raise MissingKeyError(
                operation,
                key_kind="app",
                app_id=app_id,
                reason=f"the key provider failed ({type(exc).__name__})",
            ) from None
        if not key:
            raise MissingKeyError(operation, key_kind="app", app_id=app_id)
        return _usable(key, operation, "app", app_id)

    def header_value(self, key: str) -> str:
        return f"{self.scheme} {key}"

    def known_keys(self, extra: Iterable[str] = ()) -> list[str]:
        keys = [key for key in extra if key]
        if isinstance(self._organization_key, str):  # a provider is not asked again just to redact
            keys.append(self._organization_key)
        return keys


def _usable(key: str, operation: str, key_kind: str, app_id: str | None) -> str:
    """The key as it goes on the wire: a pasted line break or spaces around it are dropped; a key with
    characters no key has (spaces inside, control characters, non-ASCII) is refused before any request."""
    key = key.strip()
    if key and key.isascii() and key.isprintable() and " " not in key:
        return key
    reason = "the configured key is malformed (spaces, line breaks or characters a key cannot have)"
    raise MissingKeyError(operation, key_kind=key_kind, app_id=app_id, reason=reason)


#: Keys the server itself sends (an app's basic_auth_key, a new API key's formatted_token) are unknown to
#: the client, so anything shaped like a OneSignal key, and the JSON value of any field named like a
#: credential, is hidden too.
_KEY_SHAPE = re.compile(r"os_v2_(?:org|app)_[a-z2-7]{8,}")
_CREDENTIAL_VALUE = re.compile(
    r'("[a-z0-9_]*(?:_key|_token|secret|password|_p12|_p8|certificates|auth_hash|service_account_json)"\s*:\s*)'
    r'"(?:[^"\\]|\\.)*"?',
    re.IGNORECASE,
)


def redact(text: str, keys: Iterable[str]) -> str:
    """``text`` with every occurrence of any of ``keys`` replaced (servers sometimes echo what they got),
    and with key-shaped strings and credential fields' values hidden."""
    for key in keys:
        if key and len(key) >= 4 and key in text:
            text = text.replace(key, REDACTED)
    text = _KEY_SHAPE.sub(REDACTED, text)
    return _CREDENTIAL_VALUE.sub(lambda found: f'{found.group(1)}"{REDACTED}"', text)
