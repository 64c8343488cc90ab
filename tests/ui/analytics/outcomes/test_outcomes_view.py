"""The Outcomes page against the demo sandbox: the numbers shown are the sandbox's numbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.analytics.outcomes.query import split_names
from onesignal_desktop.ui.analytics.outcomes.view import OutcomesView
from onesignal_desktop.ui.analytics.tab import AnalyticsTab
from onesignal_desktop.ui.shell.startup import Console, build_console
from onesignal_desktop.ui.shell.tabs import TABS

ANALYTICS_TAB = [spec.title for spec in TABS].index("Analytics")
NAMES = ["os__click.count", "os__session_duration.count", "os__session_duration.sum", "purchase.sum"]
ATTRIBUTIONS = ["direct", "influenced", "unattributed", "total"]


@pytest.fixture
def demo_sandbox() -> Iterator[Any]:
    with start_sandbox() as sandbox:  # seeded: "Demo Shop" has delivered notifications, so outcomes
        sandbox.clock.freeze()  # numbers must not move between the UI's call and ours
        yield sandbox


@pytest.fixture
def demo_console(qtbot: Any, settings: Any, keystore: Any, demo_sandbox: Any) -> Iterator[Console]:
    console = build_console(settings=settings, keystore=keystore, sandbox=demo_sandbox)
    qtbot.addWidget(console.window)
    console.window.resize(1280, 820)
    console.window.show()
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    yield console
    console.shutdown()


@pytest.fixture
def client(demo_sandbox: Any) -> Iterator[OneSignalClient]:
    with OneSignalClient(demo_sandbox.base_url, app_keys=demo_sandbox.app_key) as opened:
        yield opened


def open_outcomes(qtbot: Any, console: Console) -> OutcomesView:
    shop = next(app.id for app in console.context.catalog.apps if app.name == "Demo Shop")
    console.context.set_current_app(shop)
    console.window.tab_widget.setCurrentIndex(ANALYTICS_TAB)
    tab = console.window.tab_at(ANALYTICS_TAB)
    assert isinstance(tab, AnalyticsTab)
    tab.show_view(tab.outcomes)
    qtbot.waitUntil(lambda: tab.outcomes.table_data is not None, timeout=10_000)
    return tab.outcomes


def cell(view: OutcomesView, row: int, column: int) -> str:
    item = view.table.item(row, column)
    return item.text() if item is not None else ""


def test_outcomes_of_a_month_show_the_sandboxs_numbers(
    qtbot: Any, demo_console: Console, client: OneSignalClient
) -> None:
    view = open_outcomes(qtbot, demo_console)
    app_id = str(view.app_id)
    # The first look: clicks and sessions of the last day, in total.
    assert view.query().names == ("os__click.count", "os__session_duration.count")
    assert view.query().time_range == "1d" and view.query().attributions == ("total",)

    view.set_names(NAMES)
    view.set_attributions(ATTRIBUTIONS)
    view.set_time_range("1mo")
    qtbot.keyClick(demo_console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(
        lambda: view.table_data is not None and view.table_data.attributions == ATTRIBUTIONS, timeout=10_000
    )
    assert [view.table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Outcome", "Direct", "Influenced", "Unattributed", "Total",
    ]  # fmt: skip
    for column, attribution in enumerate(ATTRIBUTIONS, start=1):
        expected = {
            f"{o.id}.{o.aggregation}": o.value
            for o in client.get_outcomes(app_id, NAMES, "1mo", None, attribution).outcomes
        }
        for row, name in enumerate(NAMES):
            assert cell(view, row, column) == f"{expected[name]:,}", (name, attribution)
    totals = client.get_outcomes(app_id, NAMES, "1mo").outcomes
    assert any(o.value for o in totals)  # the demo has data, so the comparison above means something
    clicks = next(o.value for o in totals if o.id == "os__click")
    assert view.count_chart.categories == ["Clicks", "Sessions"]
    assert view.count_chart.series_values()["Total"][0] == clicks
    assert view.sum_chart.categories == ["Session time (s)", "purchase"]
    assert "last month, all platforms" in view.summary_label.text()


def test_platforms_narrow_the_totals(qtbot: Any, demo_console: Console, client: OneSignalClient) -> None:
    view = open_outcomes(qtbot, demo_console)
    app_id = str(view.app_id)
    view.set_time_range("1mo")
    android = next(
        view.platforms_list.item(row)
        for row in range(view.platforms_list.count())
        if view.platforms_list.item(row).text() == "Android"
    )
    android.setCheckState(Qt.CheckState.Checked)
    assert view.query().platforms == (1,)
    view.refresh()
    qtbot.waitUntil(lambda: "Android" in view.summary_label.text(), timeout=10_000)
    expected = client.get_outcomes(app_id, ["os__session_duration.count"], "1mo", [1]).outcomes[0].value
    everywhere = client.get_outcomes(app_id, ["os__session_duration.count"], "1mo").outcomes[0].value
    assert 0 < expected < everywhere
    assert cell(view, 1, 1) == f"{expected:,}"


def test_custom_names_with_a_comma_go_in_the_array_form(
    qtbot: Any, demo_console: Console, client: OneSignalClient
) -> None:
    assert split_names(["purchase.count", "Sales, Purchase.sum"]) == (
        ["purchase.count"],
        ["Sales, Purchase.sum"],
    )
    view = open_outcomes(qtbot, demo_console)
    qtbot.keyClicks(view.custom_edit, "Sales, Purchase")
    view.aggregation_combo.setCurrentIndex(view.aggregation_combo.findData("sum"))
    qtbot.keyClick(view.custom_edit, Qt.Key.Key_Return)
    assert "Sales, Purchase.sum" in view.query().names
    qtbot.waitUntil(
        lambda: view.table_data is not None and "Sales, Purchase.sum" in view.table_data.names, timeout=10_000
    )
    row = view.table_data.names.index("Sales, Purchase.sum")
    assert cell(view, row, 0) == "Sales, Purchase (sum)"
    assert cell(view, row, 1) == "0"  # a name nobody sent: the sandbox counts nothing, and says so
    assert not demo_console.window.messages.messages
    # The custom name is remembered for next time; it is not a secret.
    assert demo_console.context.settings.value("outcomes/custom_names") in (
        ["Sales, Purchase.sum"],
        "Sales, Purchase.sum",
    )
    # os__ names are OneSignal's own: not accepted as custom.
    qtbot.keyClicks(view.custom_edit, "os__click")
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert "OneSignal's own" in view.custom_error.text()


def test_nothing_ticked_is_explained(qtbot: Any, demo_console: Console) -> None:
    view = open_outcomes(qtbot, demo_console)
    view.set_names([])
    view.refresh()
    assert view.stack.empty and "Tick at least one outcome" in view.stack.empty_label.text()
    view.set_names(["os__click.count"])
    view.set_attributions([])
    view.refresh()
    assert "Tick at least one attribution" in view.stack.empty_label.text()
