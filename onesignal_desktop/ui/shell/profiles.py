"""Connection profiles: a name, a base URL and an auth scheme. Keys are never part of a profile.

Profiles live in QSettings under ``profiles/<name>/``; their keys live in the keystore.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from PySide6.QtCore import QSettings

AuthScheme = Literal["Key", "Basic"]
AUTH_SCHEMES: tuple[AuthScheme, ...] = ("Key", "Basic")
ONESIGNAL_URL = "https://api.onesignal.com"
SANDBOX_PROFILE = "Sandbox (local)"


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    base_url: str = ONESIGNAL_URL
    auth_scheme: AuthScheme = "Key"
    sandbox: bool = False

    @property
    def service_label(self) -> str:
        return "Sandbox (local)" if self.sandbox else "OneSignal"


def validate_profile(name: str, base_url: str, auth_scheme: str) -> dict[str, str]:
    """Problems with each field, keyed by field name; empty when the profile can be saved."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Give the profile a name."
    elif "/" in name or "\\" in name:
        problems["name"] = "A profile name cannot contain / or \\."
    elif name.strip() == SANDBOX_PROFILE:
        problems["name"] = f"{SANDBOX_PROFILE!r} is the built-in sandbox; choose another name."
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems["base_url"] = "Enter a URL starting with https:// (for example https://api.onesignal.com)."
    if auth_scheme not in AUTH_SCHEMES:
        problems["auth_scheme"] = "Choose Key (current keys) or Basic (legacy keys)."
    return problems


class ProfileStore:
    """Reads and writes profiles (never keys) in the given QSettings."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def names(self) -> list[str]:
        self._settings.beginGroup("profiles")
        try:
            return sorted(self._settings.childGroups())
        finally:
            self._settings.endGroup()

    def get(self, name: str) -> Profile | None:
        if name not in self.names():
            return None
        prefix = f"profiles/{name}/"
        scheme = str(self._settings.value(prefix + "auth_scheme", "Key"))
        return Profile(
            name=name,
            base_url=str(self._settings.value(prefix + "base_url", ONESIGNAL_URL)),
            auth_scheme="Basic" if scheme == "Basic" else "Key",
        )

    def save(self, profile: Profile) -> None:
        problems = validate_profile(profile.name, profile.base_url, profile.auth_scheme)
        if problems:
            raise ValueError("; ".join(problems.values()))
        prefix = f"profiles/{profile.name}/"
        self._settings.setValue(prefix + "base_url", profile.base_url.strip().rstrip("/"))
        self._settings.setValue(prefix + "auth_scheme", profile.auth_scheme)
        self._settings.sync()

    def remove(self, name: str) -> None:
        self._settings.remove(f"profiles/{name}")
        if self.last_used() == name:
            self._settings.remove("last_profile")
        self._settings.sync()

    def last_used(self) -> str | None:
        value = self._settings.value("last_profile")
        return str(value) if value else None

    def set_last_used(self, name: str) -> None:
        self._settings.setValue("last_profile", name)

    def choose(self, requested: str | None = None) -> Profile | None:
        """The profile to open: the one asked for, else the last used, else the only one; None for the
        sandbox. Raises KeyError when ``requested`` does not exist."""
        if requested:
            profile = self.get(requested)
            if profile is None:
                raise KeyError(requested)
            return profile
        last = self.last_used()
        if last == SANDBOX_PROFILE:
            return None  # the sandbox was chosen last time
        if last and (profile := self.get(last)) is not None:
            return profile
        names = self.names()
        return self.get(names[0]) if len(names) == 1 else None
