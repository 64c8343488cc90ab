"""Templates → Copy to app… against a real sandbox: the template lands in the other app; without the
organization key the dialog says so and keeps the choice."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.ui.notifications.tab import NotificationsTab
from onesignal_desktop.ui.notifications.templates.copy_dialog import (
    NEEDS_ORGANIZATION_KEY,
    NO_OTHER_APP,
    CopyTemplateDialog,
)
from onesignal_desktop.ui.notifications.templates.view import TemplatesView
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

NOTIFICATIONS_TAB = [spec.title for spec in TABS].index("Notifications")


@pytest.fixture
def client(org_client: OneSignalClient) -> OneSignalClient:
    return org_client


@pytest.fixture
def app_id(client: OneSignalClient) -> str:
    app = client.create_app({"name": "News"})
    assert app.id
    client.create_template({"app_id": app.id, "name": "Morning briefing", "contents": {"en": "Five things"}})
    return app.id


def templates_page(qtbot: Any, console: Console) -> TemplatesView:
    console.window.tab_widget.setCurrentIndex(NOTIFICATIONS_TAB)
    tab = console.window.tab_at(NOTIFICATIONS_TAB)
    assert isinstance(tab, NotificationsTab)
    tab.show_view(tab.templates)
    qtbot.waitUntil(lambda: tab.templates.model.names() == ["Morning briefing"], timeout=10_000)
    tab.templates.table.selectRow(0)
    return tab.templates


def open_copy(qtbot: Any, view: TemplatesView) -> CopyTemplateDialog:
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    dialog = view.last_dialog
    assert isinstance(dialog, CopyTemplateDialog) and dialog.isVisible()
    return dialog


def test_a_template_is_copied_to_another_app_of_the_organization(
    qtbot: Any, console_on_app: Console, client: OneSignalClient, app_id: str
) -> None:
    other = client.create_app({"name": "Sports"})
    console_on_app.context.catalog.reload()
    qtbot.waitUntil(lambda: console_on_app.context.catalog.app(other.id) is not None, timeout=10_000)
    view = templates_page(qtbot, console_on_app)
    dialog = open_copy(qtbot, view)
    names = [dialog.target.itemText(i) for i in range(dialog.target.count())]
    assert not any(app_id in name for name in names)  # the template's own app is not offered
    dialog.target.setCurrentIndex(dialog.target.findData(other.id))
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(client.view_templates(other.id).templates), timeout=10_000)
    (copy,) = client.view_templates(other.id).templates or []
    assert copy.name == "Morning briefing"
    qtbot.waitUntil(
        lambda: "Copied “Morning briefing” to Sports" in console_on_app.window.statusBar().currentMessage()
    )
    assert [t.name for t in client.view_templates(app_id).templates or []] == ["Morning briefing"]


def test_without_the_organization_key_the_dialog_says_what_is_needed(
    qtbot: Any, console_on_app: Console, client: OneSignalClient, app_id: str
) -> None:
    other = client.create_app({"name": "Sports"})
    console_on_app.context.catalog.reload()
    qtbot.waitUntil(lambda: console_on_app.context.catalog.app(other.id) is not None, timeout=10_000)
    connection = console_on_app.context.connection
    assert connection is not None
    connection.client_set_organization_key(None)
    view = templates_page(qtbot, console_on_app)
    dialog = open_copy(qtbot, view)
    dialog.target.setCurrentIndex(dialog.target.findData(other.id))
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.target_field.error == NEEDS_ORGANIZATION_KEY, timeout=10_000)
    assert dialog.isVisible() and dialog.target_app_id() == other.id and dialog.copy_button.isEnabled()
    assert client.view_templates(other.id).templates in (None, [])


def test_with_no_other_app_nothing_can_be_copied_and_the_dialog_says_why(
    qtbot: Any, console_on_app: Console, app_id: str
) -> None:
    assert [app.id for app in console_on_app.context.catalog.apps] == [app_id]
    view = templates_page(qtbot, console_on_app)
    dialog = open_copy(qtbot, view)
    assert dialog.target_field.error == NO_OTHER_APP and not dialog.copy_button.isEnabled()
