"""Keystore tests run against a fresh in-memory keyring, never the user's."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from keyring.backend import KeyringBackend


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


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()
