"""The Email metrics page against the demo sandbox: the figures shown are the sandbox's figures, for the
domain, range and providers chosen; a bad domain is said next to the field."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.sandbox.sim.email_metrics import SANDBOX_SENDING_DOMAIN as SANDBOX_DOMAIN
from onesignal_desktop.ui.analytics.email.query import SANDBOX_SENDING_DOMAIN
from onesignal_desktop.ui.analytics.email.view import EmailMetricsView
from onesignal_desktop.ui.analytics.tab import AnalyticsTab
from onesignal_desktop.ui.common.charts.data import XKind
from onesignal_desktop.ui.shell.startup import Console, build_console
from onesignal_desktop.ui.shell.tabs import TABS

ANALYTICS_TAB = [spec.title for spec in TABS].index("Analytics")
PROVIDER_COLUMN = {"Sent": 1, "Delivered": 2, "Opened": 3, "Clicked": 4, "Bounced": 5, "Complaints": 6}


@pytest.fixture
def demo_sandbox() -> Iterator[Any]:
    with start_sandbox() as sandbox:  # seeded: "Demo Shop" has sent email
        sandbox.clock.freeze()  # figures must not move between the page's calls and ours
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


@pytest.fixture
def client(demo_sandbox: Any) -> Iterator[OneSignalClient]:
    with OneSignalClient(demo_sandbox.base_url, app_keys=demo_sandbox.app_key) as opened:
        yield opened


def open_email(qtbot: Any, console: Console) -> EmailMetricsView:
    shop = next(app.id for app in console.context.catalog.apps if app.name == "Demo Shop")
    console.context.set_current_app(shop)
    console.window.tab_widget.setCurrentIndex(ANALYTICS_TAB)
    tab = console.window.tab_at(ANALYTICS_TAB)
    assert isinstance(tab, AnalyticsTab)
    tab.show_view(tab.email)
    qtbot.waitUntil(lambda: tab.email.report is not None, timeout=10_000)
    return tab.email


def cell(view: EmailMetricsView, row: int, column: int) -> str:
    item = view.providers_table.item(row, column)
    return item.text() if item is not None else ""


def rows_by_provider(view: EmailMetricsView) -> dict[str, list[str]]:
    return {
        cell(view, row, 0): [cell(view, row, c) for c in range(view.providers_table.columnCount())]
        for row in range(view.providers_table.rowCount())
    }


def test_the_sandbox_domain_is_filled_in_and_its_figures_shown(
    qtbot: Any, demo_console: Console, client: OneSignalClient
) -> None:
    assert SANDBOX_SENDING_DOMAIN == SANDBOX_DOMAIN  # the page's default is the sandbox's domain
    view = open_email(qtbot, demo_console)
    app_id = str(view.app_id)
    assert view.domain_edit.text() == SANDBOX_DOMAIN
    report = view.report
    assert report is not None and report.query.time_range == "30d"
    start, end = report.window
    expected = {
        p.provider: p.metrics
        for p in client.get_email_provider_metrics(app_id, SANDBOX_DOMAIN, start, end).providers
    }
    assert (
        sum(m.sent or 0 for m in expected.values()) > 0
    )  # the demo sent email: the comparison means something
    shown = rows_by_provider(view)
    assert shown["Gmail"][PROVIDER_COLUMN["Sent"]] == f"{expected['gmail'].sent:,}"
    assert shown["Outlook (US)"][PROVIDER_COLUMN["Bounced"]] == f"{expected['outlook_us'].bounced:,}"
    assert shown["Yahoo (US)"][PROVIDER_COLUMN["Delivered"]] == f"{expected['yahoo_us'].delivered:,}"
    # The providers to narrow by are those OneSignal named, in OneSignal's ids.
    assert sorted(view.listed_providers()) == sorted(expected)
    total_sent = sum(m.sent or 0 for m in expected.values())
    assert shown["Total"][PROVIDER_COLUMN["Sent"]] == f"{total_sent:,}"
    # The reputation is the sandbox's, as percentages.
    reputation = client.get_email_reputation(app_id)
    assert reputation.last_30_days is not None and reputation.last_30_days.bounce_rate is not None
    assert view.reputation_table.item(0, 3).text() == f"{reputation.last_30_days.bounce_rate * 100:.2f} %"
    # The over-time chart adds up to the same emails, one point a day.
    series = client.get_email_provider_metrics_timeseries(app_id, SANDBOX_DOMAIN, start, end, "daily")
    assert view.volume_chart.data is not None and view.volume_chart.data.x_kind is XKind.DATES
    assert len(view.volume_chart.data.x) == len(series.events)
    assert sum(view.volume_chart.series_values()["Sent"]) == total_sent
    bounce_rates = view.rates_chart.series_values()["Bounce rate"]
    assert any(math.isnan(v) for v in bounce_rates)  # days without email have no rate, not 0 %
    assert view.providers_chart.categories[:3] == ["Gmail", "Google Workspace", "Outlook (US)"]
    assert f"{total_sent:,} sent" in view.summary_label.text()
    assert not demo_console.window.messages.messages


def test_providers_and_hours_narrow_the_figures(
    qtbot: Any, demo_console: Console, client: OneSignalClient
) -> None:
    view = open_email(qtbot, demo_console)
    app_id = str(view.app_id)
    gmail = next(
        view.providers_list.item(row)
        for row in range(view.providers_list.count())
        if view.providers_list.item(row).text() == "Gmail"
    )
    gmail.setCheckState(Qt.CheckState.Checked)
    view.set_time_range("24h")
    qtbot.waitUntil(
        lambda: view.report is not None and view.report.query.providers == ("gmail",), timeout=10_000
    )
    report = view.report
    assert report is not None and report.query.time_range == "24h"
    assert list(rows_by_provider(view)) == ["Gmail", "Total"]
    start, end = report.window
    series = client.get_email_provider_metrics_timeseries(
        app_id, SANDBOX_DOMAIN, start, end, "hourly", ["gmail"]
    )
    sent = [float(e.metrics.sent or 0) for e in series.events if e.metrics is not None]
    assert sum(sent) > 0  # the demo's receipt went out a few hours ago
    assert view.volume_chart.series_values()["Sent"] == sent
    assert view.volume_chart.data is not None and view.volume_chart.data.x_kind is XKind.TIMES
    busiest = sent.index(max(sent))
    assert view.volume_chart.hover_at(busiest).endswith(
        f"Bounced: {view.volume_chart.series_values()['Bounced'][busiest]:,.0f}"
    )
    assert "UTC" in view.volume_chart.hover_at(busiest)
    assert "Gmail" in view.summary_label.text()


def test_a_bad_domain_is_said_next_to_the_field_and_kept(qtbot: Any, demo_console: Console) -> None:
    view = open_email(qtbot, demo_console)
    shown = view.report
    view.domain_edit.clear()
    qtbot.keyClicks(view.domain_edit, "news@example")
    qtbot.keyClick(view.domain_edit, Qt.Key.Key_Return)
    assert view.domain_error.isVisible()
    assert "domain only" in view.domain_error.text()
    assert view.domain_edit.text() == "news@example"
    assert view.report is shown and not view.busy  # nothing asked of OneSignal
    view.domain_edit.clear()
    qtbot.keyClicks(view.domain_edit, "Mail.Example.com")
    qtbot.keyClick(view.domain_edit, Qt.Key.Key_Return)
    assert not view.domain_error.isVisible()
    qtbot.waitUntil(lambda: view.report is not shown and view.report is not None, timeout=10_000)
    assert view.report is not None and view.report.query.domain == "mail.example.com"
    assert "no figures for mail.example.com" in view.summary_label.text()
    # The domain is remembered for the app (it is not a secret).
    key = f"email_metrics/domain/{view.app_id}"
    assert demo_console.context.settings.value(key) == "mail.example.com"
