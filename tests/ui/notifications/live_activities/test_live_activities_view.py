"""The Live activities page against a real sandbox: start one, see the lock-screen preview, update it,
end it (after a question), each a notification listed with the activity; a bad content state is said
next to it and what was typed stays."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.ui.notifications.live_activities.view import LiveActivitiesView
from onesignal_desktop.ui.notifications.tab import NotificationsTab
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

NOTIFICATIONS_TAB = [spec.title for spec in TABS].index("Notifications")


@pytest.fixture
def app_id(org_client: OneSignalClient, sandbox: Any) -> str:
    app = org_client.create_app({"name": "Deliveries"})
    assert app.id
    phones = [{"device_type": 0, "token": f"ios-{i}"} for i in range(4)]
    sandbox.store.bulk_create_players(app.id, phones, sandbox.clock.now())
    return app.id


@pytest.fixture
def console(console_on_app: Console) -> Console:
    return console_on_app


def live_page(console: Console) -> LiveActivitiesView:
    console.window.tab_widget.setCurrentIndex(NOTIFICATIONS_TAB)
    tab = console.window.tab_at(NOTIFICATIONS_TAB)
    assert isinstance(tab, NotificationsTab)
    tab.pages.show_page(tab.live_activities)
    return tab.live_activities


def set_state(page: LiveActivitiesView, text: str) -> None:
    page.state_edit.selectAll()
    page.state_edit.insertPlainText(text)


def test_start_update_end_with_the_preview(
    qtbot, console: Console, app_client: OneSignalClient, app_id: str
) -> None:
    page = live_page(console)
    page.confirm_end = lambda _activity: True
    assert "Preparing" in page.preview.state.text()  # the preview follows the content state
    set_state(page, '{"status": "Cooking", "eta_minutes": 20}')
    assert page.preview.state.text() == "Status: Cooking\nEta minutes: 20"
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=10_000)
    activity = page.activities[0]
    start_id = activity.updates[0][1]
    report = app_client.get_notification(app_id, start_id)
    assert (report.successful or 0) + (report.remaining or 0) + (report.failed or 0) + (
        report.errored or 0
    ) == 4
    set_state(page, '{"status": "On the way", "eta_minutes": 8}')
    qtbot.mouseClick(page.update_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(activity.updates) == 2, timeout=10_000)
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: activity.ended, timeout=10_000)
    assert [event for event, _, _ in activity.updates] == ["start", "update", "end"]
    assert page.updates.count() == 3 and "ended" in page.list.item(0).text()
    assert not page.update_button.isEnabled()  # an ended activity takes no more updates


def test_a_bad_content_state_is_said_next_to_it(qtbot, console: Console, app_id: str) -> None:
    page = live_page(console)
    set_state(page, '{"status": ')
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert not page.state_message.isHidden() and "not valid JSON" in page.state_message.text()
    assert page.state_edit.toPlainText() == '{"status": ' and page.list.count() == 0
    set_state(page, '{"blob": "' + "x" * 5000 + '"}')
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "4096" in page.state_message.text(), timeout=10_000)
    assert page.list.count() == 0
