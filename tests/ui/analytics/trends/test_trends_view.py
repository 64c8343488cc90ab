"""The Trends page against the demo sandbox: the figures drawn are the notifications' own counters."""

from __future__ import annotations

import csv
import io
import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.analytics.tab import AnalyticsTab
from onesignal_desktop.ui.analytics.trends.figures import range_start
from onesignal_desktop.ui.analytics.trends.view import TrendsView
from onesignal_desktop.ui.shell.startup import Console, build_console
from onesignal_desktop.ui.shell.tabs import TABS

ANALYTICS_TAB = [spec.title for spec in TABS].index("Analytics")
DAY = 86400


@pytest.fixture
def demo_sandbox() -> Iterator[Any]:
    with start_sandbox() as sandbox:  # seeded: 90 days of the demo apps' sends
        sandbox.clock.freeze()  # counters must not move between the page's reading and ours
        yield sandbox


@pytest.fixture
def demo_console(qtbot: Any, settings: Any, keystore: Any, demo_sandbox: Any) -> Iterator[Console]:
    console = build_console(settings=settings, keystore=keystore, sandbox=demo_sandbox)
    qtbot.addWidget(console.window)
    console.window.resize(1400, 900)
    console.window.show()
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    yield console
    console.shutdown()


def open_trends(qtbot: Any, console: Console, app_name: str = "Demo Shop") -> TrendsView:
    app_id = next(app.id for app in console.context.catalog.apps if app.name == app_name)
    console.context.set_current_app(app_id)
    console.window.tab_widget.setCurrentIndex(ANALYTICS_TAB)
    tab = console.window.tab_at(ANALYTICS_TAB)
    assert isinstance(tab, AnalyticsTab)
    assert tab.pages.currentWidget() is tab.trends  # the tab opens on its trends
    view = tab.trends
    wait_drawn(qtbot, view)
    return view


def wait_drawn(qtbot: Any, view: TrendsView) -> None:
    qtbot.waitUntil(
        lambda: view.trends is not None and view.trends.complete and not view.busy, timeout=20_000
    )
    qtbot.waitUntil(lambda: not view.drawing and view.subscriptions is not None, timeout=10_000)


def sent_in_range(sandbox: Any, app_id: str, days: int) -> list[Any]:
    """The app's notifications sent in the range, read by us over HTTP."""
    start = range_start(days, time.time())
    with OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as client:
        everything = list(client.iter_notifications(app_id))
    found = []
    for notification in everything:
        moment = notification.send_after or notification.queued_at
        epoch = moment.timestamp() if hasattr(moment, "timestamp") else float(moment)
        if start <= epoch <= time.time():
            found.append(notification)
    return found


def test_trends_add_up_the_notifications_of_the_range_by_day_channel_and_platform(
    qtbot: Any, demo_console: Console, demo_sandbox: Any, tmp_path: Path
) -> None:
    view = open_trends(qtbot, demo_console)
    assert view.days == 30
    app_id = view.app_id
    expected = sent_in_range(demo_sandbox, app_id, 30)
    assert view.trends is not None and view.trends.notifications == len(expected) > 10
    delivered = sum(n.successful or 0 for n in expected)
    clicks = sum(n.converted or 0 for n in expected)
    summary = view.summary_label.text()
    assert f"{len(expected):,} notifications sent in the last 30 days" in summary
    assert f"{delivered:,} delivered" in summary and f"{clicks:,} clicks" in summary

    # messages sent per day, by channel: every channel the demo uses, adding up to what was delivered
    sent = view.sent_chart.series_values()
    assert set(sent) == {"Push", "Email", "SMS"}
    assert sum(sum(values) for values in sent.values()) == delivered
    assert len(view.sent_chart.data.x) == 30

    # per platform: iOS is clicked more than web push in the demo, and the page shows that
    platform = view.platform_chart
    ctr = dict(zip(platform.categories, platform.series_values()["CTR"], strict=True))
    assert ctr["iOS"] > ctr["Web push"]
    ios_successful = sum(
        (n.platform_delivery_stats.ios.successful or 0)
        for n in expected
        if n.platform_delivery_stats and n.platform_delivery_stats.ios
    )
    ios_clicks = sum(
        (n.platform_delivery_stats.ios.converted or 0)
        for n in expected
        if n.platform_delivery_stats and n.platform_delivery_stats.ios
    )
    assert math.isclose(ctr["iOS"], ios_clicks / ios_successful)

    # one platform: its rates alone
    view.set_platform("ios")
    qtbot.waitUntil(lambda: not view.drawing, timeout=5_000)
    assert list(view.ctr_chart.series_values()) == ["iOS"]
    assert list(view.delivery_chart.series_values()) == ["iOS"]

    # the best and worst by CTR, best first
    top = [view.top_table.item(r, 5).text() for r in range(view.top_table.rowCount())]
    rates = [float(text.rstrip("%")) for text in top]
    assert len(rates) == 5 and rates == sorted(rates, reverse=True)
    bottom = [
        float(view.bottom_table.item(r, 5).text().rstrip("%")) for r in range(view.bottom_table.rowCount())
    ]
    assert bottom == sorted(bottom) and bottom[0] <= rates[-1]

    # hover values and the CSV say the same numbers as the chart
    hover = view.sent_chart.hover_at(29)
    assert hover.startswith(view.sent_chart.data.x_text(29))
    path = tmp_path / "sent.csv"
    view.sent_chart.export_csv(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 30 and sum(float(row["Push"]) for row in rows) == sum(sent["Push"])
    assert view.sent_chart.save_png(tmp_path / "sent.png") and (tmp_path / "sent.png").stat().st_size > 1000

    # subscriptions by channel and platform: the app's players
    with OneSignalClient(demo_sandbox.base_url, app_keys=demo_sandbox.app_key) as client:
        players = list(client.iter_players(app_id))
    subscriptions = view.subscriptions_chart.series_values()
    assert sum(subscriptions["Subscribed"]) + sum(subscriptions["Unsubscribed"]) == len(players) == 600
    assert "Email:" in view.subscriptions_label.text() and "SMS:" in view.subscriptions_label.text()


def test_a_longer_range_reads_more_days_and_a_shorter_one_fewer(qtbot: Any, demo_console: Console) -> None:
    view = open_trends(qtbot, demo_console)
    thirty = view.trends.notifications if view.trends else 0
    view.set_days(90)
    qtbot.waitUntil(lambda: view.trends is not None and view.trends.days == 90, timeout=5_000)
    wait_drawn(qtbot, view)
    assert view.trends.notifications > thirty
    assert len(view.delivery_chart.data.x) == 90
    # a send a day or more for most of the 90 days: a trend, not a few dots
    per_day = [sum(values) for values in zip(*view.sent_chart.series_values().values(), strict=True)]
    assert sum(1 for value in per_day if value > 0) >= 60
    view.set_days(7)
    qtbot.waitUntil(lambda: view.trends is not None and view.trends.days == 7, timeout=5_000)
    wait_drawn(qtbot, view)
    assert 0 < view.trends.notifications < thirty
    assert "last 7 days" in view.summary_label.text()
    assert "UTC day it was sent" in view.note_label.text()


def test_the_best_notifications_of_last_month_open_in_compare_with_their_curves(
    qtbot: Any, demo_console: Console, demo_sandbox: Any
) -> None:
    """ "Which of last month's notifications worked best, on which platform, and how fast did people
    click?": the best five by CTR, compared, answer all three."""
    from PySide6.QtCore import Qt

    from onesignal_desktop.api.exports import ExportPolling

    view = open_trends(qtbot, demo_console)
    view.set_days(30)
    wait_drawn(qtbot, view)
    best = view.top_table.ranked
    assert len(best) == 5
    # one row selected is not a comparison: said under the lists
    view.top_table.selectRow(0)
    qtbot.mouseClick(view.compare_top, Qt.MouseButton.LeftButton)
    assert view.compare_hint.isVisible() and "only one is selected" in view.compare_hint.text()
    view.top_table.clearSelection()
    assert view.compare_hint.isHidden()
    qtbot.mouseClick(view.compare_top, Qt.MouseButton.LeftButton)  # none selected: all five
    window = view.compare_window
    window.export_polling = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05, deadline=60)
    qtbot.waitUntil(lambda: window.read_at is not None, timeout=10_000)
    assert window.comparison is not None
    assert [item.row.id for item in window.comparison.items] == [n.id for n in best]
    assert f"Highest CTR: <b>{window.comparison.items[0].label}</b>" in window.verdict.text()
    assert "its best platform:" in window.verdict.text()

    def curves_done() -> bool:
        demo_sandbox.clock.advance(30)
        return not window.curves_running

    qtbot.waitUntil(curves_done, timeout=90_000)
    assert len(window.curve_chart.series_values()) == 5
    window.close()
