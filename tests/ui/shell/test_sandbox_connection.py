"""Without an account the console opens on its own sandbox, served by a child process: the demo apps are
listed and usable with their keys, and closing the console ends that process."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.sandbox.process import SandboxProcess
from onesignal_desktop.ui.shell.startup import Console, build_console


def console_on_own_sandbox(qtbot: Any, settings: QSettings, keystore: KeyStore, sandbox_dir: Path) -> Console:
    """The console as it opens without an account, shown, with its first apps listed."""
    console = build_console(settings=settings, keystore=keystore, sandbox_dir=sandbox_dir)
    qtbot.addWidget(console.window)
    console.window.show()
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=30_000)
    return console


def test_the_console_runs_its_sandbox_in_a_child_process_and_ends_it_on_close(
    qtbot: Any, settings: QSettings, keystore: KeyStore, tmp_path: Path
) -> None:
    console = console_on_own_sandbox(qtbot, settings, keystore, tmp_path / "sandbox")
    connection = console.context.connection
    sandbox = connection.sandbox
    assert isinstance(sandbox, SandboxProcess)
    assert sandbox.pid != os.getpid() and sandbox.running
    apps = console.window.tab_at(0).proxy
    names = {apps.index(row, 0).data() for row in range(apps.rowCount())}
    assert {"Demo Shop", "Demo News"} <= names
    assert (tmp_path / "sandbox" / "sandbox.sqlite3").exists()  # the data directory it was given

    # An app's REST key comes from the child on first use; a call needing it succeeds.
    shop = next(app for app in console.context.catalog.apps if app.name == "Demo Shop")
    page = connection.client.get_players(shop.id, limit=5)
    assert page.total_count and len(page.players) == 5

    console.shutdown()

    assert not sandbox.running


def test_a_sandbox_process_that_died_is_started_again_on_the_same_data(
    qtbot: Any, settings: QSettings, keystore: KeyStore, tmp_path: Path
) -> None:
    console = console_on_own_sandbox(qtbot, settings, keystore, tmp_path / "sandbox")
    first = console.context.connection.sandbox
    apps_before = {app.id for app in console.context.catalog.apps}

    os.kill(first.pid, signal.SIGKILL)  # as a crash would
    qtbot.waitUntil(lambda: not first.running, timeout=10_000)
    console.window.refresh_current()  # the next action finds the server gone

    def restarted() -> bool:
        connection = console.context.connection
        return connection.sandbox is not first and connection.sandbox.running

    qtbot.waitUntil(restarted, timeout=30_000)
    qtbot.waitUntil(
        lambda: console.context.online and {app.id for app in console.context.catalog.apps} == apps_before,
        timeout=30_000,
    )
    assert console.context.connection.sandbox.pid != first.pid
    console.shutdown()


def test_a_sandbox_that_cannot_start_is_explained_and_the_window_stays(
    qtbot: Any, settings: QSettings, keystore: KeyStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    in_the_way = tmp_path / "sandbox"
    in_the_way.write_text("a file where the sandbox's data directory should be")
    console = build_console(settings=settings, keystore=keystore, sandbox_dir=in_the_way)
    qtbot.addWidget(console.window)
    messages: list[str] = []
    console.context.error_reported.connect(lambda _operation, message: messages.append(message))
    console.window.show()

    qtbot.waitUntil(lambda: bool(messages), timeout=30_000)

    assert "the sandbox did not start" in messages[0]
    assert f"its data folder {in_the_way} is a file" in messages[0]  # names what was wrong
    assert "unexpectedly" not in caplog.text  # an explained failure, not logged as a bug
    assert console.context.connection is None and console.window.isVisible()
    status = console.window.statusBar().connection_label
    qtbot.waitUntil(lambda: status.text() == "Not connected — F5 tries again")
    apps_tab = console.window.tab_at(0)
    assert apps_tab.stack.empty and "Press F5 to try again" in apps_tab.stack.empty_label.text()
    assert console.window.app_selector.currentText() == "Not connected — see the message above"

    in_the_way.unlink()  # the user moves the file away, then presses F5
    qtbot.keyClick(console.window, Qt.Key.Key_F5)

    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=30_000)
    assert isinstance(console.context.connection.sandbox, SandboxProcess)
    assert status.text().startswith("Sandbox (local)")
    console.shutdown()
