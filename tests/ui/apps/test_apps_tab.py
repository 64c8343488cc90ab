"""The Apps tab against a real sandbox over loopback: list, create, edit, errors, keys."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from onesignal_desktop.keystore import SERVICE, KeyRef, KeyStore
from onesignal_desktop.ui.apps.dialog import AppDialog
from onesignal_desktop.ui.apps.tab import AppsTab
from onesignal_desktop.ui.dialogs.keys_dialog import KeysDialog
from onesignal_desktop.ui.shell.key_status import KeyStatus
from onesignal_desktop.ui.shell.profiles import Profile
from onesignal_desktop.ui.shell.startup import build_console


def apps_tab(console) -> AppsTab:
    tab = console.window.tab_at(0)
    assert isinstance(tab, AppsTab)
    return tab


def table_names(tab: AppsTab) -> list[str]:
    return [tab.proxy.index(row, 0).data() for row in range(tab.proxy.rowCount())]


def open_dialog(qtbot, tab: AppsTab, action) -> AppDialog:
    action()
    dialog = tab.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_empty_sandbox_explains_how_to_start(console) -> None:
    tab = apps_tab(console)
    assert tab.stack.currentWidget() is tab.empty_label
    assert "No apps yet" in tab.empty_label.text()
    assert "New app" in tab.empty_label.text()
    assert tab.details.isHidden()
    assert console.window.app_selector.currentText() == "No apps yet — create one on the Apps tab"


def test_apps_load_while_the_ui_keeps_answering(qtbot, settings, keystore, sandbox, org_client) -> None:
    org_client.create_app({"name": "Alpha"})
    org_client.create_app({"name": "Beta"})
    sandbox.faults.inject("latency", ms=1200, method="GET", path="/apps")
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    console.window.show()
    tab = apps_tab(console)
    qtbot.waitUntil(lambda: console.context.catalog.busy, timeout=5000)
    assert tab.empty_label.text() == "Loading apps…"
    assert tab.busy_label.isVisible()
    qtbot.waitUntil(lambda: table_names(tab) == ["Alpha", "Beta"], timeout=10_000)
    timer.stop()
    assert not tab.busy_label.isVisible()
    # The UI thread ran its 10 ms timer through the 1.2 s request (a blocked thread would tick once;
    # the margin is for busy CI machines).
    assert len(ticks) >= 20
    assert console.window.app_selector.count() == 2
    console.shutdown()


def test_create_an_app_through_the_dialog(qtbot, console, org_client, keystore, memory_keyring) -> None:
    tab = apps_tab(console)
    qtbot.keyClick(console.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.form.fields["name"], "Launch Party")
    qtbot.keyClicks(dialog.form.fields["chrome_web_origin"], "https://party.example.com")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: table_names(tab) == ["Launch Party"], timeout=10_000)
    created = [app for app in org_client.get_apps() if app.name == "Launch Party"]
    assert len(created) == 1 and created[0].chrome_web_origin == "https://party.example.com"
    assert console.context.current_app_id == created[0].id
    # The new app's key was kept at once (in memory: sandbox keys never go to the keyring).
    assert keystore.get(KeyRef.app("Sandbox (local)", created[0].id))
    assert memory_keyring.entry_names == []


def test_edit_an_app_and_see_the_list_change(qtbot, settings, keystore, sandbox, org_client) -> None:
    app = org_client.create_app({"name": "Old name"})
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    console.window.show()
    tab = apps_tab(console)
    qtbot.waitUntil(lambda: table_names(tab) == ["Old name"], timeout=10_000)
    tab.table.selectRow(0)

    dialog = open_dialog(qtbot, tab, tab.edit_selected)
    assert dialog.form.fields["name"].text() == "Old name"
    dialog.form.fields["name"].clear()
    qtbot.keyClicks(dialog.form.fields["name"], "New name")
    qtbot.keyClicks(dialog.form.fields["safari_site_origin"], "https://news.example.com")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: table_names(tab) == ["New name"], timeout=10_000)
    stored = org_client.get_app(app.id)
    assert stored.name == "New name" and stored.safari_site_origin == "https://news.example.com"
    assert tab.details.title() == "Details — New name"
    console.shutdown()


def test_invalid_fields_are_refused_next_to_the_field_and_input_stays(qtbot, console, org_client) -> None:
    tab = apps_tab(console)
    dialog = open_dialog(qtbot, tab, tab.create_new)
    qtbot.keyClicks(dialog.form.fields["chrome_web_origin"], "example.com")
    qtbot.keyClicks(dialog.form.fields["apns_team_id"], "abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.form.error_text("name") == "Give the app a name."
    assert "https://" in dialog.form.error_text("chrome_web_origin")
    assert "needs the .p8 key file" in dialog.form.error_text("apns_p8")
    assert dialog.form.fields["chrome_web_origin"].text() == "example.com"
    assert dialog.form.sections_with_problems() == ["General", "Apple (iOS)", "Web"]
    assert org_client.get_apps() == []


def test_wrong_certificate_files_are_explained(qtbot, console, tmp_path) -> None:
    tab = apps_tab(console)
    dialog = open_dialog(qtbot, tab, tab.create_new)
    empty, text = tmp_path / "empty.p8", tmp_path / "notes.p12"
    empty.write_bytes(b"")
    text.write_text("-----BEGIN CERTIFICATE-----\n")
    dialog.form.load_file("apns_p8", empty)
    assert dialog.form.error_text("apns_p8") == "The file is empty."
    dialog.form.load_file("apns_p12", text)
    assert "not a .p12 certificate" in dialog.form.error_text("apns_p12")
    good = tmp_path / "AuthKey.p8"
    good.write_text("-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----\n")
    dialog.form.load_file("apns_p8", good)
    assert dialog.form.error_text("apns_p8") == ""
    assert dialog.form.fields["apns_p8"].label.text() == "Loaded AuthKey.p8"


def test_a_failing_call_shows_an_error_and_the_console_goes_on(qtbot, console, sandbox, org_client) -> None:
    org_client.create_app({"name": "Survivor"})
    sandbox.faults.inject("404", times=None, method="GET", path="/apps")
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    bar = console.window.messages
    qtbot.waitUntil(lambda: bool(bar.messages), timeout=10_000)
    assert bar.messages[0].startswith("Load apps failed: the server answered HTTP 404")

    sandbox.faults.clear()
    qtbot.keyClick(console.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: table_names(apps_tab(console)) == ["Survivor"], timeout=10_000)


def test_closing_with_pending_work_does_not_crash(qtbot, console, sandbox) -> None:
    tab = apps_tab(console)
    sandbox.faults.inject("latency", ms=600, method="POST", path="/apps")
    dialog = open_dialog(qtbot, tab, tab.create_new)
    qtbot.keyClicks(dialog.form.fields["name"], "Never seen")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert console.context.bridge.active_count >= 1
    dialog.close()
    shiboken6.delete(dialog)
    console.window.tab_widget.removeTab(0)
    shiboken6.delete(tab)
    assert console.context.bridge.wait_for_done(10_000)
    qtbot.wait(50)  # any late delivery would run now, against deleted widgets
    QApplication.processEvents()
    assert console.window.isVisible()


def test_key_status_and_the_keys_dialog_on_a_onesignal_profile(
    qtbot, settings, sandbox, org_client, memory_keyring
) -> None:
    app = org_client.create_app({"name": "Keyed"})
    keystore = KeyStore(memory_keyring)
    keystore.set(KeyRef.organization("work"), sandbox.org_key)
    console = build_console(settings=settings, keystore=keystore, profile=Profile("work", sandbox.base_url))
    qtbot.addWidget(console.window)
    console.window.show()
    tab = apps_tab(console)
    status = console.context.key_status
    qtbot.waitUntil(lambda: status.status(app.id) is KeyStatus.MISSING, timeout=10_000)
    assert "OneSignal — profile “work”" in console.window.statusBar().connection_label.text()

    tab.table.selectRow(0)
    tab.set_key_of_selected()
    dialog = tab.last_dialog
    assert isinstance(dialog, KeysDialog)
    assert dialog.app_row.edit.echoMode() == dialog.app_row.edit.EchoMode.Password

    qtbot.keyClicks(dialog.app_row.edit, "os_v2_app_" + "x" * 52)  # a wrong key
    qtbot.mouseClick(dialog.app_row.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.status(app.id) is KeyStatus.STORED, timeout=10_000)
    assert (SERVICE, f"work/app/{app.id}") in memory_keyring.entry_names
    qtbot.mouseClick(dialog.app_row.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.status(app.id) is KeyStatus.REJECTED, timeout=10_000)
    assert "Test the app key failed" in dialog.app_row.result.text()
    assert tab.model.index(0, 6).data() == "rejected"

    qtbot.keyClicks(dialog.app_row.edit, sandbox.app_key(app.id))
    qtbot.mouseClick(dialog.app_row.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.status(app.id) is KeyStatus.STORED, timeout=10_000)
    qtbot.mouseClick(dialog.app_row.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.app_row.result.text().startswith("Works"), timeout=10_000)

    qtbot.mouseClick(dialog.org_row.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.org_row.result.text() == "Works: listed 1 app(s).", timeout=10_000)
    qtbot.mouseClick(dialog.org_row.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.org_row.status.text() == "missing", timeout=10_000)
    assert (SERVICE, "work/organization") not in memory_keyring.entry_names
    console.shutdown()
    assert threading.active_count() >= 1


def test_sorting_counts_as_numbers_find_and_copy_id(qtbot, settings, keystore, sandbox, org_client) -> None:
    small = org_client.create_app({"name": "Small"})
    org_client.create_app({"name": "Big"})
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    console.window.show()
    tab = apps_tab(console)
    qtbot.waitUntil(lambda: table_names(tab) == ["Big", "Small"], timeout=10_000)
    model = tab.model
    # Fake counts the way the server reports them: 9 players must sort below 10.
    model.record_at(model.row_of(small.id)).players = 9
    model.record_at(1 - model.row_of(small.id)).players = 10
    tab.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert table_names(tab) == ["Small", "Big"]

    qtbot.keyClick(console.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.find_edit.hasFocus()
    qtbot.keyClicks(tab.find_edit, "sma")
    assert table_names(tab) == ["Small"]
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == small.id
    console.shutdown()


def test_the_ui_thread_never_parses_api_responses(
    qtbot, monkeypatch, settings, keystore, sandbox, org_client
) -> None:
    import json

    from onesignal_desktop.api import _core

    org_client.create_app({"name": "Parsed elsewhere"})
    parsing_threads: list[int] = []
    real_model, real_loads = _core.Reply.model, json.loads

    def recording_model(self, *args, **kwargs):
        parsing_threads.append(threading.get_ident())
        return real_model(self, *args, **kwargs)

    def recording_loads(*args, **kwargs):
        parsing_threads.append(threading.get_ident())
        return real_loads(*args, **kwargs)

    monkeypatch.setattr(_core.Reply, "model", recording_model)
    monkeypatch.setattr(json, "loads", recording_loads)

    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    console.window.show()
    tab = apps_tab(console)
    qtbot.waitUntil(lambda: table_names(tab) == ["Parsed elsewhere"], timeout=10_000)
    tab.table.selectRow(0)
    dialog = open_dialog(qtbot, tab, tab.edit_selected)
    dialog.form.fields["name"].setText("Edited elsewhere")
    dialog.save()
    qtbot.waitUntil(lambda: table_names(tab) == ["Edited elsewhere"], timeout=10_000)
    console.shutdown()

    assert parsing_threads, "the API responses were parsed somewhere"
    assert threading.get_ident() not in parsing_threads


def test_the_selected_app_is_read_by_itself_and_shows_fresh_counts(
    qtbot, settings, keystore, sandbox, org_client
) -> None:
    app = org_client.create_app({"name": "Counted"})
    org_client.create_player({"app_id": app.id, "device_type": 1, "identifier": "first"})
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    console.window.show()
    tab = apps_tab(console)
    qtbot.waitUntil(lambda: table_names(tab) == ["Counted"], timeout=10_000)
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: tab.fresh_note.text().startswith("Read from the server"), timeout=10_000)
    assert tab.detail_labels["players"].text().startswith("1 ")
    # Players arrive after the list was read: Refresh app reads GET /apps/{id} and shows them.
    for number in range(2):
        org_client.create_player({"app_id": app.id, "device_type": 1, "identifier": f"later-{number}"})
    assert tab.detail_labels["players"].text().startswith("1 ")
    qtbot.mouseClick(tab.refresh_app_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.detail_labels["players"].text().startswith("3 "), timeout=10_000)
    # Only the app was read again, not the whole list: the table keeps the list's figure.
    assert tab.proxy.index(0, 0).data() == "Counted" and console.context.catalog.app(app.id).players == 1
    console.shutdown()
