"""The server going away mid-session: the console says it is offline, and recovers on the next action."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt

from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.shell.startup import build_console


def test_offline_is_shown_and_the_next_action_recovers(qtbot, tmp_path, settings, keystore) -> None:
    data_dir = tmp_path / "sandbox"
    first = start_sandbox(data_dir, seed_demo=False)
    port = urlsplit(first.base_url).port
    try:
        from onesignal_desktop.api import OneSignalClient

        with OneSignalClient(first.base_url, organization_key=first.org_key) as client:
            client.create_app({"name": "Still here"})
        console = build_console(settings=settings, keystore=keystore, sandbox=first)
        qtbot.addWidget(console.window)
        console.window.show()
        tab = console.window.tab_at(0)
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
        status = console.window.statusBar()
        assert status.offline_label.isHidden()

        first.stop()
        qtbot.keyClick(console.window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: not status.offline_label.isHidden(), timeout=20_000)
        assert "could not reach the server" in console.window.messages.messages[0]
        assert tab.model.rowCount() == 1  # what was on screen stays

        second = start_sandbox(data_dir, port=port, org_key=first.org_key, seed_demo=False)
        try:
            qtbot.keyClick(console.window, Qt.Key.Key_F5)
            qtbot.waitUntil(lambda: status.offline_label.isHidden(), timeout=20_000)
            assert console.window.messages.messages == []  # the stale error went away
            assert tab.model.index(0, 0).data() == "Still here"
        finally:
            console.shutdown()
            second.stop()
    finally:
        first.stop()
