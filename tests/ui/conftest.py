"""GUI test fixtures: a console on a fresh sandbox, settings in a temp INI file, keys in memory only.

Other tabs' tests (tests/ui/<area>/) can use ``console`` and ``sandbox`` as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QSettings

from onesignal_desktop.keystore import KeyStore, MemoryKeyring
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.settings import open_settings
from onesignal_desktop.ui.startup import Console, build_console


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """No GUI test ever reaches the user's keyring, even through keyring's own default."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return open_settings(tmp_path / "settings.ini")


@pytest.fixture
def keystore(memory_keyring: MemoryKeyring) -> KeyStore:
    return KeyStore(memory_keyring)


@pytest.fixture
def sandbox() -> Iterator[object]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture
def console(qtbot, settings: QSettings, keystore: KeyStore, sandbox, tmp_path: Path) -> Iterator[Console]:
    """The console window, shown, connected to ``sandbox`` and done with its first apps load."""
    built = build_console(
        settings=settings, keystore=keystore, sandbox=sandbox, data_dir=tmp_path / "console-data"
    )
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitUntil(lambda: built.context.catalog.loaded, timeout=10_000)
    yield built
    built.shutdown()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt's offscreen platform warns about size hints whenever a dialog is shown; that says nothing
    about our code, so GUI tests ignore that one message (every other warning still fails a test)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))
