"""The report's "Over time" section: the notification's event export, counted and drawn (demo sandbox)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.notifications.tab import NotificationsTab
from onesignal_desktop.ui.notifications.timeline.events import count_in_child, count_lines, timeline_of


@pytest.fixture
def sandbox() -> Iterator[Any]:
    with start_sandbox() as running:
        running.clock.freeze()
        yield running


@pytest.fixture
def tab(qtbot: Any, console: Any) -> NotificationsTab:
    window = console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Notifications"))
    found = window.current_tab()
    assert isinstance(found, NotificationsTab)
    shop = next(app.id for app in console.context.catalog.apps if app.name == "Demo Shop")
    console.context.set_current_app(shop)
    qtbot.waitUntil(lambda: found.app_id == shop and found.model.rowCount() > 0, timeout=10_000)
    return found


def test_over_time_draws_the_event_export_which_matches_the_counters(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, app_client: OneSignalClient
) -> None:
    row = next(row for row in tab.model.rows if row.heading == "Yesterday's deals")
    assert tab.select_notification(row.id)
    report = tab.report
    qtbot.waitUntil(lambda: report.row is not None and report.row.id == row.id, timeout=5000)
    box = report.timeline
    box.export_polling = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05, deadline=30)
    assert box.draw_button.isEnabled() and box.timeline is None
    qtbot.mouseClick(box.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Waiting for OneSignal" in box.status.text(), timeout=10_000)
    assert box.stop_button.isVisible() and not box.draw_button.isEnabled()
    server = app_client.get_notification(tab.app_id or "", row.id)  # as of the export
    sandbox.clock.advance(600)  # the sandbox prepares the file in simulated time
    qtbot.waitUntil(lambda: box.timeline is not None, timeout=30_000)
    timeline = box.timeline
    assert timeline is not None
    # the export's rows, counted: one "sent" per send attempted (the sandbox's export also lists the
    # failed ones), one "clicked" per click
    attempted = (server.successful or 0) + (server.failed or 0) + (server.errored or 0)
    assert timeline.total("sent") == attempted
    assert timeline.total("clicked") == server.converted > 0
    curves = box.chart.series_values()
    assert curves["Sent"][-1] == attempted and curves["Clicked"][-1] == server.converted
    # clicks decay after the send: the first hour brings more than any later hour
    clicked = curves["Clicked"]
    hours = box.chart.data.x
    first_hour = [value for hour, value in zip(hours, clicked, strict=True) if hour <= 1.0]
    assert first_hour[-1] * 2 >= server.converted and clicked == sorted(clicked)
    status = box.status.text()
    assert "From the event export made at" in status and "Half of the clicks came within" in status
    assert "read live" in status

    # another notification: the drawing goes, the button is back
    other = next(r for r in tab.model.rows if r.heading == "Spring sale")
    assert tab.select_notification(other.id)
    qtbot.waitUntil(lambda: box.notification_id == other.id, timeout=5000)
    assert box.timeline is None and box.chart.isHidden() and box.draw_button.isEnabled()


def test_a_canceled_before_sending_notification_has_nothing_to_draw(
    qtbot: Any, tab: NotificationsTab
) -> None:
    row = next(row for row in tab.model.rows if row.heading == "Old plan")
    assert tab.select_notification(row.id)
    qtbot.waitUntil(lambda: tab.report.timeline.notification_id == row.id, timeout=5000)
    assert not tab.report.timeline.draw_button.isEnabled()
    assert "no events" in tab.report.timeline.status.text()


def test_events_are_counted_per_minute_in_a_child_process(tmp_path: Path) -> None:
    lines = [
        "notification_id,player_id,external_user_id,event,device_type,timestamp",
        'n1,p1,"smith, jo",sent,0,2026-01-02 10:00:05',
        "n1,p2,,sent,1,2026-01-02 10:00:40",
        'n1,p1,"smith, jo",clicked,0,2026-01-02 10:03:10',
        "n1,p2,,clicked,1,2026-01-02 12:00:00",
    ]
    path = tmp_path / "events.csv.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    counts = count_in_child(path, lambda: False)
    assert counts == count_lines(lines)
    start = 1767348000  # 2026-01-02 10:00 UTC
    assert counts == {"sent": {start: 2}, "clicked": {start + 180: 1, start + 7200: 1}}
    timeline = timeline_of(counts, None, exported_at=start + 9000)
    assert timeline.sent_at == start and timeline.half_of_clicks_hours() == pytest.approx(0.05)
    chart = timeline.chart()
    assert chart.series[0].name == "Sent" and chart.series[-1].values[-1] == 2
