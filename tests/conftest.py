"""Test-wide settings: Qt runs offscreen, and no test touches the user's real settings or keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest

from onesignal_desktop.keystore import KeyStore, MemoryKeyring

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test runs against a fresh in-memory keyring: none reaches the user's, even through
    keyring's own default backend."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def keystore(memory_keyring: MemoryKeyring) -> KeyStore:
    return KeyStore(memory_keyring)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """The console's settings in a fresh INI file (imported here, so tests without Qt never load it)."""
    from onesignal_desktop.ui.shell.settings import open_settings

    return open_settings(tmp_path / "settings.ini")
