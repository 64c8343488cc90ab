"""The API keys page against a real sandbox: create, rotate (and keep working), change, delete."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import ForbiddenError
from onesignal_desktop.keystore import KeyRef
from onesignal_desktop.ui.apps.api_keys.dialogs import ApiKeyDialog, NewKeyDialog
from onesignal_desktop.ui.apps.api_keys.view import ApiKeysView
from onesignal_desktop.ui.apps.tab import AppsTab
from onesignal_desktop.ui.segments.tab import SegmentsTab
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

SEGMENTS_TAB = [spec.title for spec in TABS].index("Segments")
APPS_TAB = [spec.title for spec in TABS].index("Apps")


@pytest.fixture
def app_id(org_client: OneSignalClient) -> str:
    app = org_client.create_app({"name": "Keyed"})
    assert app.id
    return app.id


@pytest.fixture
def console(console_on_app: Console) -> Console:
    return console_on_app


def apps_tab(console: Console) -> AppsTab:
    console.window.tab_widget.setCurrentIndex(APPS_TAB)
    tab = console.window.tab_at(APPS_TAB)
    assert isinstance(tab, AppsTab)
    return tab


def segments_tab(console: Console) -> SegmentsTab:
    console.window.tab_widget.setCurrentIndex(SEGMENTS_TAB)
    tab = console.window.tab_at(SEGMENTS_TAB)
    assert isinstance(tab, SegmentsTab)
    return tab


def open_keys(qtbot: Any, console: Console) -> ApiKeysView:
    tab = apps_tab(console)
    tab.show_view(tab.api_keys)
    view = tab.api_keys
    qtbot.waitUntil(lambda: "no REST API keys" in view.stack.empty_label.text(), timeout=10_000)
    return view


def answer_yes(view: ApiKeysView) -> list[str]:
    asked: list[str] = []
    view.confirm = lambda title, text: asked.append(text) or True
    return asked


def new_key_dialog(qtbot: Any, view: ApiKeysView, previous: Any = None) -> NewKeyDialog:
    qtbot.waitUntil(
        lambda: isinstance(view.last_dialog, NewKeyDialog) and view.last_dialog is not previous,
        timeout=10_000,
    )
    dialog = view.last_dialog
    assert isinstance(dialog, NewKeyDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_rotate_a_key_and_keep_working_while_the_old_one_is_refused(
    qtbot: Any, console: Console, sandbox: Any, app_id: str, keystore: Any, memory_keyring: Any
) -> None:
    view = open_keys(qtbot, console)
    asked = answer_yes(view)
    qtbot.keyClick(console.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.last_dialog
    assert isinstance(dialog, ApiKeyDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.name_edit, "Console")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "“Console”" in asked[0]

    shown = new_key_dialog(qtbot, view)
    assert shown.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    first_secret = shown.secret_edit.text()
    assert first_secret.startswith("os_v2_app_")
    qtbot.mouseClick(shown.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == first_secret
    assert first_secret not in repr(shown)
    ref = KeyRef.app("Sandbox (local)", app_id)
    assert keystore.get(ref) == first_secret  # stored at once, before anyone read it
    assert memory_keyring.entry_names == []  # a sandbox key stays in memory, never in the keyring
    shown.close()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    assert view.model.index(0, 5).data() == "in use here"

    view.table.selectRow(0)
    qtbot.mouseClick(view.rotate_button, Qt.MouseButton.LeftButton)
    assert "stops working" in asked[1]
    rotated = new_key_dialog(qtbot, view, previous=shown)
    new_secret = rotated.secret_edit.text()
    assert new_secret.startswith("os_v2_app_") and new_secret != first_secret
    assert keystore.get(ref) == new_secret
    rotated.close()

    with (
        OneSignalClient(sandbox.base_url, app_keys={app_id: first_secret}) as old,
        pytest.raises(ForbiddenError),
    ):
        old.get_segments(app_id)
    with OneSignalClient(sandbox.base_url, app_keys={app_id: new_secret}) as new:
        assert new.get_segments(app_id).total_count == 3

    # The console's next call goes out with the new key and works.
    assert console.context.connection is not None
    assert console.context.connection.app_key(app_id) == new_secret
    tab = segments_tab(console)
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: tab.segments.model.rowCount() == 3, timeout=10_000)
    assert console.window.messages.messages == []

    # Deleting the key the console uses says so.
    apps_tab(console).show_view(view)
    view.table.selectRow(0)
    view.delete_selected()
    assert "The console itself uses this key" in asked[2]
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=10_000)
    assert keystore.get(ref) != new_secret  # forgotten: the sandbox's original key serves again
    tab = segments_tab(console)
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not tab.segments.busy, timeout=10_000)
    assert tab.segments.model.rowCount() == 3
    assert console.window.messages.messages == []


def test_change_the_name_and_allowlist(
    qtbot: Any, console: Console, org_client: OneSignalClient, app_id: str
) -> None:
    org_client.create_api_key(app_id, {"name": "Backend"})
    view = apps_tab(console).api_keys
    apps_tab(console).show_view(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    asked = answer_yes(view)
    view.table.selectRow(0)
    view.edit_selected()
    dialog = view.last_dialog
    assert isinstance(dialog, ApiKeyDialog)
    assert dialog.name_edit.text() == "Backend"
    dialog.name_edit.setText("Backend (production)")
    dialog.restrict_box.setChecked(True)
    dialog.allowlist_edit.setPlainText("203.0.113.7\nnot-an-ip")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "“not-an-ip” is not an IP address" in dialog.error_label.text()
    assert dialog.isVisible() and asked == []
    dialog.allowlist_edit.setPlainText("203.0.113.7, 10.0.0.0/8")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "outside the allowlist will be refused" in asked[0]
    qtbot.waitUntil(lambda: view.model.index(0, 0).data() == "Backend (production)", timeout=10_000)
    stored = org_client.view_api_keys(app_id).tokens[0]
    assert stored.ip_allowlist_mode == "explicit" and stored.ip_allowlist == ["203.0.113.7", "10.0.0.0/8"]
    assert view.model.index(0, 2).data() == "203.0.113.7, 10.0.0.0/8"


def test_declined_rotation_changes_nothing(
    qtbot: Any, console: Console, org_client: OneSignalClient, app_id: str, keystore: Any
) -> None:
    org_client.create_api_key(app_id, {"name": "Backend"})
    view = apps_tab(console).api_keys
    apps_tab(console).show_view(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    view.confirm = lambda title, text: False
    view.table.selectRow(0)
    view.rotate_selected()
    view.delete_selected()
    assert not view.busy
    assert view.last_dialog is None
    assert len(org_client.view_api_keys(app_id).tokens) == 1


def test_a_missing_organization_key_is_explained(qtbot: Any, console: Console, app_id: str) -> None:
    assert console.context.connection is not None
    console.context.connection.client_set_organization_key(None)
    view = apps_tab(console).api_keys
    apps_tab(console).show_view(view)
    qtbot.waitUntil(lambda: bool(console.window.messages.messages), timeout=10_000)
    assert console.window.messages.messages[-1].startswith("Load API keys failed")
    assert "organization key" in view.stack.empty_label.text()
