"""Secrets tests: no test reaches the user's keyring; a console on a fresh sandbox like tests/ui has; Qt's
offscreen size-hint notice is not ours."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.sandbox import Sandbox, start_sandbox
from onesignal_desktop.ui.shell.startup import Console, build_console

# Tests are imported by path (--import-mode=importlib); make the helpers beside them importable.
sys.path.insert(0, str(Path(__file__).parent))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture
def console(
    qtbot: Any, settings: QSettings, keystore: KeyStore, sandbox: Sandbox, tmp_path: Path
) -> Iterator[Console]:
    """The console on ``sandbox``, shown, its apps loaded; drafts and journal under ``tmp_path``."""
    built = build_console(
        settings=settings, keystore=keystore, sandbox=sandbox, data_dir=tmp_path / "console-data"
    )
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitUntil(lambda: built.context.catalog.loaded, timeout=10_000)
    yield built
    built.shutdown()
