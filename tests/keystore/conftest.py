"""Keystore tests run against a fresh in-memory keyring, never the user's."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring_fakes import HangingKeyring

from onesignal_desktop.keystore import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every keystore test runs against a fresh in-memory keyring, never the user's."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()
