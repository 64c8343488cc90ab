"""Misbehaving keyring backends: raising, locked, hanging."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked


class DBusError(Exception):
    """Looks like what jeepney/secretstorage raise when the bus misbehaves."""


class RaisingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class LockedKeyring(RaisingKeyring):
    def __init__(self) -> None:
        super().__init__(KeyringLocked("Failed to unlock the collection!"))


class HangingKeyring(KeyringBackend):
    """Blocks like a Secret Service waiting for an unlock prompt nobody answers."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait()

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait()
