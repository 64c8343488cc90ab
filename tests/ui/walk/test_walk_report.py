"""Issue 17, items 4-6: the report starts at the top of each notification, shows the composer's name,
and a scheduled notification canceled before sending says it was never sent and offers no export."""

from __future__ import annotations

from typing import Any

from onesignal_desktop.ui.notifications.list_model import HEADING_COLUMN
from onesignal_desktop.ui.notifications.tab import NotificationsTab

from .conftest import open_tab, sandbox_client


def _send(sandbox: Any, app_id: str, heading: str, **extra: Any) -> str:
    body = {
        "app_id": app_id,
        "headings": {"en": heading},
        "contents": {"en": f"About {heading}"},
        "included_segments": ["Subscribed Users"],
        **extra,
    }
    with sandbox_client(sandbox) as client:
        return str(client.create_notification(body).id)


def _notifications_tab(qtbot: Any, console: Any, app_id: str) -> NotificationsTab:
    console.window.resize(1024, 700)
    tab = open_tab(console.window, "Notifications")
    console.context.set_current_app(app_id)
    qtbot.waitUntil(lambda: tab.app_id == app_id and tab.model.rowCount() > 0, timeout=10_000)
    return tab


def _select(qtbot: Any, tab: NotificationsTab, notification_id: str) -> Any:
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.find(notification_id) is not None, timeout=10_000)
    assert tab.select_notification(notification_id)
    qtbot.waitUntil(lambda: tab.report.row is not None and tab.report.row.id == notification_id, timeout=5000)
    return tab.model.find(notification_id)


def test_a_canceled_scheduled_notification_says_it_was_never_sent(qtbot, console, sandbox, demo_app_id):
    later = int(sandbox.clock.now() + 86_400)
    notification_id = _send(sandbox, demo_app_id, "Never went out", send_after=later)
    with sandbox_client(sandbox) as client:
        client.cancel_notification(demo_app_id, notification_id)
    tab = _notifications_tab(qtbot, console, demo_app_id)
    _select(qtbot, tab, notification_id)

    subtitle = tab.report.subtitle.text()
    assert "was scheduled for" in subtitle and "never sent" in subtitle
    assert " sent 20" not in subtitle
    assert not tab.report.export_sent_button.isEnabled()
    assert not tab.report.export_clicked_button.isEnabled()
    assert "Nothing was sent" in tab.report.export_sent_button.toolTip()


def test_the_report_starts_at_the_title_of_each_notification(qtbot, console, sandbox, demo_app_id):
    tab = _notifications_tab(qtbot, console, demo_app_id)
    first, second = (row.id for row in tab.model.rows[:2])
    _select(qtbot, tab, first)
    bar = tab.report.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())

    _select(qtbot, tab, second)
    assert bar.value() == 0
    viewport = tab.report.scroll_area.viewport()
    top = tab.report.title.mapTo(viewport, tab.report.title.rect().topLeft()).y()
    assert 0 <= top < viewport.height()


def test_the_composer_name_shows_in_the_report_and_the_list(qtbot, console, sandbox, demo_app_id):
    notification_id = _send(sandbox, demo_app_id, "Spring sale", name="Campaign 7 (internal)")
    tab = _notifications_tab(qtbot, console, demo_app_id)
    _select(qtbot, tab, notification_id)

    assert "Name: Campaign 7 (internal)" in tab.report.subtitle.text()
    position = tab.proxy.mapFromSource(tab.model.index(tab.model.row_of(notification_id), HEADING_COLUMN))
    assert "Name: Campaign 7 (internal)" in position.data(3)  # Qt.ToolTipRole
