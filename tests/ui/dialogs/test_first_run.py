"""The first start: one screen about the sandbox and OneSignal keys; connecting checks the key first."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import SERVICE
from onesignal_desktop.ui.dialogs.first_run import (
    ConnectAccountDialog,
    FirstRunPanel,
    first_run_dismissed,
    offer_first_run,
)
from onesignal_desktop.ui.shell.first_paint import after_first_paint
from onesignal_desktop.ui.shell.profiles import Profile
from onesignal_desktop.ui.shell.settings import open_settings

WRONG_KEY = "os_v2_org_" + "a" * 52


def open_panel(qtbot, console) -> FirstRunPanel:
    panel = offer_first_run(console.window, console.context)
    assert panel is not None
    qtbot.waitExposed(panel)
    return panel


def open_connect(qtbot, console, sandbox_url: str, key: str, name: str = "work") -> ConnectAccountDialog:
    panel = open_panel(qtbot, console)
    qtbot.mouseClick(panel.connect_button, Qt.MouseButton.LeftButton)
    dialog = panel.connect_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.key_edit.echoMode() is dialog.key_edit.EchoMode.Password
    assert dialog.url_edit.text() == "https://api.onesignal.com"
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(sandbox_url)
    dialog.key_edit.setText(key)  # pasted
    return dialog


def test_the_panel_explains_the_sandbox_and_where_the_keys_are(qtbot, console) -> None:
    panel = open_panel(qtbot, console)
    text = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert "sandbox" in text and "leaves this machine" in text
    assert "<i>Organizations</i> → <i>Keys &amp; IDs</i>" in text
    assert "<i>Settings</i> → <i>Keys &amp; IDs</i>" in text
    assert not panel.isModal()  # the console stays usable behind it
    assert console.window.isEnabled()


def test_a_wrong_key_shows_the_refusal_and_saves_nothing(
    qtbot, console, sandbox, memory_keyring, settings
) -> None:
    dialog = open_connect(qtbot, console, sandbox.base_url, WRONG_KEY)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.outcome.text(), timeout=10_000)

    outcome = dialog.outcome.text()
    assert outcome.startswith("Check the organization key failed: the server answered HTTP 403")
    assert WRONG_KEY not in outcome
    assert dialog.isVisible() and dialog.connect_button.isEnabled()  # correct the key and try again
    assert console.context.profiles.names() == []
    assert memory_keyring.entry_names == []
    assert console.context.connection.is_sandbox
    settings.sync()
    assert "profiles" not in settings.childGroups()


def test_missing_fields_are_named_before_any_request(qtbot, console, sandbox, memory_keyring) -> None:
    dialog = open_connect(qtbot, console, "api.onesignal.com", "", name="")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["name"].text() == "Give the profile a name."
    assert "https://" in dialog.errors["base_url"].text()
    assert "Organizations → Keys & IDs" in dialog.errors["organization_key"].text()
    assert not dialog.busy
    assert console.context.profiles.names() == [] and memory_keyring.entry_names == []


def test_the_right_key_saves_profile_and_key_then_connects(
    qtbot, console, sandbox, memory_keyring, tmp_path
) -> None:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
        client.create_app({"name": "Shop"})
    dialog = open_connect(qtbot, console, sandbox.base_url, "  " + sandbox.org_key + "\n")
    panel = console.window.findChild(FirstRunPanel)
    assert panel is not None
    with qtbot.waitSignal(dialog.connected, timeout=10_000) as connected:
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert connected.args == [Profile("work", sandbox.base_url, "Key")]

    assert console.context.profiles.names() == ["work"]
    assert memory_keyring.get_password(SERVICE, "work/organization") == sandbox.org_key
    assert memory_keyring.entry_names == [(SERVICE, "work/organization")]
    status = console.window.statusBar().connection_label
    qtbot.waitUntil(lambda: "profile “work”" in status.text(), timeout=10_000)
    assert not console.context.connection.is_sandbox
    qtbot.waitUntil(
        lambda: console.context.catalog.loaded and [a.name for a in console.context.catalog.apps] == ["Shop"],
        timeout=10_000,
    )
    # The first start is over: the panel closed and will not come back.
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel) or not panel.isVisible(), timeout=5_000)
    assert first_run_dismissed(console.context.settings)
    # Nothing but the profile's name, URL and scheme went to the settings file.
    console.context.settings.sync()
    assert sandbox.org_key not in (tmp_path / "settings.ini").read_text()


def test_dont_show_again_dismisses_it_for_good(qtbot, console, tmp_path) -> None:
    panel = open_panel(qtbot, console)
    panel.dont_show_box.click()
    qtbot.mouseClick(panel.explore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel) or not panel.isVisible(), timeout=5_000)
    assert offer_first_run(console.window, console.context) is None
    assert first_run_dismissed(open_settings(tmp_path / "settings.ini"))  # written to disk, next start too


def test_closing_without_ticking_shows_it_again_next_start(qtbot, console) -> None:
    panel = open_panel(qtbot, console)
    panel.close()
    QApplication.processEvents()
    again = offer_first_run(console.window, console.context)
    assert again is not None
    again.close()


def test_not_shown_once_a_onesignal_profile_exists(qtbot, console) -> None:
    console.context.profiles.save(Profile("work"))
    assert offer_first_run(console.window, console.context) is None


def test_the_console_command_offers_it_on_a_first_start_only(qapp, tmp_path, monkeypatch) -> None:
    import logging
    import signal

    from onesignal_desktop.ui.shell.app import main

    def run_console_and_look() -> list[str]:
        """main() up to its event loop; the loop itself is replaced (a real exec() would leave the test
        process's QApplication closing, and later tests without working queued signals)."""
        seen: list[str] = []

        def look(_app: object = None) -> int:
            # The panel is offered right after the window's first paint: run the loop until then.
            # (This watcher is installed after main's, so it sees the paint first; its quit is queued
            # behind main's offer.)
            window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
            loop = QEventLoop()
            after_first_paint(window, lambda: QTimer.singleShot(0, loop.quit))
            QTimer.singleShot(20_000, loop.quit)
            loop.exec()
            panels = [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstRunPanel)]
            seen.extend(panel.windowTitle() for panel in panels if panel.isVisible())
            for panel in panels:
                panel.close()
            return 0

        monkeypatch.setattr(QApplication, "exec", look)
        args = ["--settings-file", str(tmp_path / "settings.ini"), "--data-dir", str(tmp_path / "data")]
        handlers, sigint = list(logging.getLogger().handlers), signal.getsignal(signal.SIGINT)
        try:
            assert main(args) == 0
        finally:  # main() logs to a file and catches Ctrl+C: leave the process as it was
            for handler in set(logging.getLogger().handlers) - set(handlers):
                logging.getLogger().removeHandler(handler)
                handler.close()
            signal.signal(signal.SIGINT, sigint)
            monkeypatch.undo()
        return seen

    assert run_console_and_look() == ["Welcome to OneSignal Desktop"]
    settings = open_settings(tmp_path / "settings.ini")
    settings.setValue("first_run/dismissed", True)
    settings.sync()
    assert run_console_and_look() == []


def test_an_app_key_is_checked_too_and_a_wrong_one_saves_nothing(
    qtbot, console, sandbox, memory_keyring
) -> None:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
        app = client.create_app({"name": "Shop"})
    app_id = str(app.id)
    dialog = open_connect(qtbot, console, sandbox.base_url, sandbox.org_key)
    dialog.app_id_edit.setText(app_id)
    wrong_app_key = "os_v2_app_" + "b" * 52
    dialog.app_key_edit.setText(wrong_app_key)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was saved" in dialog.outcome.text(), timeout=10_000)
    assert dialog.outcome.text().startswith("Check the app's REST API key failed: the server answered HTTP")
    assert wrong_app_key not in dialog.outcome.text() and sandbox.org_key not in dialog.outcome.text()
    assert console.context.profiles.names() == [] and memory_keyring.entry_names == []

    dialog.app_key_edit.setText(sandbox.app_key(app_id))
    with qtbot.waitSignal(dialog.connected, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert memory_keyring.get_password(SERVICE, "work/organization") == sandbox.org_key
    assert memory_keyring.get_password(SERVICE, f"work/app/{app_id}") == sandbox.app_key(app_id)


def test_an_app_key_needs_its_app_id(qtbot, console, sandbox, memory_keyring) -> None:
    dialog = open_connect(qtbot, console, sandbox.base_url, sandbox.org_key)
    dialog.app_key_edit.setText("os_v2_app_" + "c" * 52)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "ID of the app" in dialog.errors["app_id"].text()
    assert not dialog.busy and memory_keyring.entry_names == []


def test_the_console_menu_reopens_it_after_dont_show_again(qtbot, console) -> None:
    panel = open_panel(qtbot, console)
    panel.dont_show_box.click()
    panel.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel) or not panel.isVisible(), timeout=5_000)
    assert offer_first_run(console.window, console.context) is None

    menu = next(m for m in console.window.menuBar().findChildren(QMenu) if m.title() == "&Console")
    entry = next(a for a in menu.actions() if a.text() == "Welcome and connecting OneSignal…")
    entry.trigger()
    again = next(p for p in console.window.findChildren(FirstRunPanel) if p.isVisible())
    qtbot.waitExposed(again)
    text = " ".join(label.text() for label in again.findChildren(QLabel))
    assert "Welcome to OneSignal Desktop" in text
    assert again.dont_show_box.isChecked()  # the earlier choice shows, and can be undone here
    entry.trigger()
    assert [p for p in console.window.findChildren(FirstRunPanel) if p.isVisible()] == [again]
    again.dont_show_box.click()
    assert not first_run_dismissed(console.context.settings)
    again.close()
