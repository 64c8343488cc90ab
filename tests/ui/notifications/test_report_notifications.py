"""The notification report beside the list, against the demo sandbox (clock frozen)."""

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
from onesignal_desktop.ui.notifications.report_chart import PLATFORM_LABELS
from onesignal_desktop.ui.notifications.tab import NotificationsTab


@pytest.fixture
def sandbox() -> Iterator[Any]:
    """The demo: two apps with notifications in every state, clicks and outcomes."""
    with start_sandbox() as running:
        running.clock.freeze()
        yield running


def show_notifications_tab(window: Any) -> NotificationsTab:
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Notifications"))
    found = window.current_tab()
    assert isinstance(found, NotificationsTab)
    return found


@pytest.fixture
def tab(qtbot: Any, console: Any) -> NotificationsTab:
    found = show_notifications_tab(console.window)
    shop = next(app.id for app in console.context.catalog.apps if app.name == "Demo Shop")
    console.context.set_current_app(shop)
    qtbot.waitUntil(lambda: found.app_id == shop and found.model.rowCount() > 0, timeout=10_000)
    return found


def open_report(qtbot: Any, tab: NotificationsTab, heading: str) -> Any:
    row = next(row for row in tab.model.rows if row.heading == heading)
    assert tab.select_notification(row.id)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    report = tab.report
    qtbot.waitUntil(lambda: report.row is not None and report.row.id == row.id, timeout=5000)
    qtbot.waitUntil(lambda: not report.scope.busy, timeout=10_000)
    return report


def test_report_shows_counters_chart_content_audience_and_outcomes(
    qtbot: Any, tab: NotificationsTab, app_client: OneSignalClient
) -> None:
    report = open_report(qtbot, tab, "Yesterday's deals")
    server = app_client.get_notification(tab.app_id or "", report.row.id)
    assert report.title.text() == "Yesterday's deals"
    assert "<b>Delivered</b>" in report.subtitle.text()
    for name in ("successful", "failed", "errored", "converted", "received", "remaining"):
        assert report.counter_labels[name].text() == f"{getattr(server, name):,}", name
    assert int(server.converted or 0) > 0  # the demo's clicks have arrived

    stats = server.platform_delivery_stats.by_platform()
    shown = report.chart.series_values()
    assert set(shown) == {"Successful", "Received", "Clicked", "Failed", "Errored"}
    expected_platforms = [PLATFORM_LABELS[key] for key, counters in stats.items() if counters.successful]
    assert report.chart.platforms == expected_platforms
    sent = [float(counters.successful or 0) for counters in stats.values() if counters.successful]
    assert shown["Successful"] == sent
    assert sum(shown["Clicked"]) == server.converted

    languages = [report.languages.tabText(i) for i in range(report.languages.count())]
    assert languages == ["en"]
    labels = report.languages.widget(0).findChildren(type(report.title))
    page_text = " ".join(label.text() for label in labels)
    assert "Last chance for yesterday's deals" in page_text
    audience = {
        report.targeting_form.itemAt(i, report.targeting_form.ItemRole.LabelRole).widget().text(): (
            report.targeting_form.itemAt(i, report.targeting_form.ItemRole.FieldRole).widget().text()
        )
        for i in range(report.targeting_form.rowCount())
    }
    assert audience["Segments:"] == "Subscribed Users"
    assert report.own_outcomes.text() == f"Clicks: {server.converted:,}"
    assert report.app_outcomes.text().startswith("Clicks: ")
    assert report.outcomes is not None and {o.id for o in report.outcomes.outcomes} >= {"os__click"}


def test_report_shows_each_language_and_the_schedule(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, app_client: OneSignalClient
) -> None:
    shop = tab.app_id or ""
    app_client.create_notification(
        {
            "app_id": shop,
            "headings": {"en": "Bonjour sale", "fr": "Soldes"},
            "contents": {"en": "Everything must go", "fr": "Tout doit partir"},
            "included_segments": ["VIP Customers"],
            "send_after": int(sandbox.clock.now() + 86400),
            "ttl": 3600,
            "url": "https://shop.example.com/sale",
        }
    )
    tab.refresh()
    qtbot.waitUntil(lambda: any(row.heading == "Bonjour sale" for row in tab.model.rows), timeout=10_000)
    report = open_report(qtbot, tab, "Bonjour sale")
    assert [report.languages.tabText(i) for i in range(report.languages.count())] == ["en", "fr"]
    options = {
        report.options_form.itemAt(i, report.options_form.ItemRole.LabelRole).widget().text(): (
            report.options_form.itemAt(i, report.options_form.ItemRole.FieldRole).widget().text()
        )
        for i in range(report.options_form.rowCount())
    }
    assert "Scheduled for:" in options
    assert options["ttl:"] == "3600"
    assert options["url:"] == "https://shop.example.com/sale"
    assert "<b>Scheduled</b>" in report.subtitle.text()
    assert report.chart.platforms == []
    assert not report.chart.isVisibleTo(report)
    assert report.no_platforms.isVisibleTo(report)
    assert not report.export_sent_button.isEnabled()  # nothing sent yet, nothing to export


def test_history_export_is_saved_where_the_user_picked(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, tmp_path: Path
) -> None:
    report = open_report(qtbot, tab, "Yesterday's deals")
    target = tmp_path / "clicked.csv.gz"
    suggested: list[str] = []

    def choose(parent: Any, name: str) -> str:
        suggested.append(name)
        return str(target)

    report.choose_save_path = choose
    report.export_polling = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05, deadline=30)
    report.export_clicked_button.click()
    assert suggested == ["Yesterday-s-deals-clicked.csv.gz"]
    assert report.export_progress.isVisible()
    assert not report.export_clicked_button.isEnabled()
    qtbot.waitUntil(lambda: "Waiting for the file" in report.export_status.text(), timeout=10_000)
    assert not target.exists()
    with qtbot.waitSignal(report.export_finished, timeout=15_000) as finished:
        sandbox.clock.advance(600)  # the sandbox prepares the file in simulated time
    assert finished.args == [str(target)]
    with gzip.open(target, "rt", encoding="utf-8") as text:
        lines = text.read().splitlines()
    assert lines[0].split(",")[0]  # a header
    assert len(lines) > 1
    assert report.export_status.text().startswith(f"Saved the clicked history to {target}")
    assert not report.export_progress.isVisible()
    assert report.export_clicked_button.isEnabled()


def test_a_sent_export_of_a_small_audience_says_why_it_is_empty(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, tmp_path: Path
) -> None:
    report = open_report(qtbot, tab, "Yesterday's deals")
    assert report.row.recipients < 1000
    target = tmp_path / "sent.csv.gz"
    report.choose_save_path = lambda parent, name: str(target)
    report.export_polling = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05, deadline=30)
    report.export_sent_button.click()
    qtbot.waitUntil(lambda: "Waiting for the file" in report.export_status.text(), timeout=10_000)
    with qtbot.waitSignal(report.export_finished, timeout=15_000):
        sandbox.clock.advance(600)
    with gzip.open(target, "rt", encoding="utf-8") as text:
        assert len(text.read().splitlines()) == 1  # the header only
    assert "only for notifications to 1,000 or more recipients" in report.export_status.text()


def test_choosing_no_file_exports_nothing(qtbot: Any, sandbox: Any, tab: NotificationsTab) -> None:
    report = open_report(qtbot, tab, "Yesterday's deals")
    report.choose_save_path = lambda parent, name: None
    report.export_sent_button.click()
    assert not report.scope.busy
    assert not report.export_progress.isVisible()


def test_a_failed_report_load_names_the_operation(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, console: Any
) -> None:
    row = next(row for row in tab.model.rows if row.heading == "Spring sale")
    sandbox.faults.inject("404", method="GET", path=f"/notifications/{row.id}")
    with qtbot.waitSignal(console.context.error_reported, timeout=10_000) as reported:
        tab.select_notification(row.id)
    assert reported.args[0] == "Load notification report"
    assert reported.args[1].startswith("Load notification report failed: the server answered HTTP 404")
    # What the list knew is still shown, and the next notification opens normally.
    assert tab.report.title.text() == "Spring sale"
    report = open_report(qtbot, tab, "Welcome!")
    assert report.title.text() == "Welcome!"


def test_a_failed_export_names_the_operation_and_can_be_retried(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, console: Any, tmp_path: Path
) -> None:
    report = open_report(qtbot, tab, "Yesterday's deals")
    report.choose_save_path = lambda parent, name: str(tmp_path / name)
    report.export_polling = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05, deadline=30)
    sandbox.faults.inject("400", method="POST", path="/notifications/*/history")
    with qtbot.waitSignal(console.context.error_reported, timeout=10_000) as reported:
        report.export_sent_button.click()
    assert reported.args[0] == "Export notification history"
    assert "HTTP 400" in reported.args[1]
    assert report.export_sent_button.isEnabled()
    assert report.export_status.text() == "The export did not finish (see the message above)."


def test_the_report_follows_a_sending_notification(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, app_client: OneSignalClient
) -> None:
    from onesignal_desktop.ui.notifications.auto_refresh import BackoffPolicy

    tab.auto_refresh.policy = BackoffPolicy(first=0.05, longest=0.4)
    shop = tab.app_id or ""
    result = app_client.create_notification(
        {
            "app_id": shop,
            "headings": {"en": "Live one"},
            "contents": {"en": "Watch it go"},
            "included_segments": ["Subscribed Users"],
            "throttle_rate_per_minute": 600,  # ten a second: about a minute for the demo's audience
        }
    )
    notification_id = str(result.id)  # type: ignore[union-attr]
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.find(notification_id) is not None, timeout=10_000)
    report = open_report(qtbot, tab, "Live one")
    seen: list[float] = []
    for _ in range(3):
        sandbox.clock.advance(10)
        server = app_client.get_notification(shop, notification_id)
        qtbot.waitUntil(
            lambda server=server: report.counter_labels["successful"].text() == f"{server.successful:,}",
            timeout=10_000,
        )
        qtbot.waitUntil(
            lambda server=server: (
                sum(report.chart.series_values().get("Successful", [])) == server.successful
            ),
            timeout=10_000,
        )
        seen.append(sum(report.chart.series_values()["Successful"]))
    assert seen[0] < seen[1] < seen[2]
    assert "<b>Sending</b>" in report.subtitle.text()


def test_the_report_says_why_the_notifications_clicks_and_the_apps_last_hour_differ(
    qtbot: Any, tab: NotificationsTab
) -> None:
    """Issue 16: "This notification: 13 clicks" next to "Last day: 0 clicks" must say why both are true."""
    row = next(row for row in tab.model.rows if row.heading == "Spring sale")  # sent 24 days ago
    assert tab.select_notification(row.id)
    report = tab.report
    report.time_range.setCurrentIndex(report.time_range.findData("1h"))
    qtbot.waitUntil(lambda: report.app_outcomes.text() not in ("Loading…", "—"), timeout=10_000)
    own = int(report.own_outcomes.text().removeprefix("Clicks: ").replace(",", ""))
    app_text = report.app_outcomes.text()
    app = int(app_text.removeprefix("Clicks: ").split(",")[0]) if app_text.startswith("Clicks") else 0
    assert own != app  # the demo's app has other notifications clicked in the last hour
    why = report.outcomes_why.text()
    assert report.outcomes_why.isVisible()
    assert f"this notification's {own:,} clicks are all of its clicks since it was sent" in why
    assert f"the app's {app:,} are the clicks on any of its notifications in the last hour only" in why
    tail = "other notifications' clicks included" if app > own else "came before that"
    assert tail in why
