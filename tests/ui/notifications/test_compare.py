"""Compare (issue 16 item 3): 2-5 notifications side by side, over the demo sandbox (real HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.notifications.compare.figures import CurveKind
from onesignal_desktop.ui.notifications.compare.window import CompareWindow
from onesignal_desktop.ui.notifications.tab import NotificationsTab

FAST = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05, deadline=60)


@pytest.fixture
def sandbox() -> Iterator[Any]:
    with start_sandbox() as running:
        running.clock.freeze()  # exports are prepared in the sandbox's time: the test moves it on
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
    qtbot.waitUntil(lambda: found.app_id == shop and found.model.rowCount() > 20, timeout=10_000)
    return found


def select(tab: NotificationsTab, headings: list[str]) -> list[str]:
    """Ctrl+click each row (as a person picks rows); returns their ids."""
    ids = []
    tab.table.clearSelection()
    for heading in headings:
        row = next(r for r in tab.model.rows if r.heading == heading)
        index = tab.proxy.mapFromSource(tab.model.index(tab.model.row_of(row.id), 0))
        tab.table.scrollTo(index)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        tab.table.selectionModel().setCurrentIndex(index, flags)
        ids.append(row.id)
    return ids


def open_windows() -> list[CompareWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CompareWindow) and w.isVisible()]


def test_compare_says_why_when_fewer_than_two_or_more_than_five_are_selected(
    qtbot: Any, tab: NotificationsTab
) -> None:
    select(tab, ["Spring sale"])
    tab.compare_selected()
    assert "only one is selected" in tab.last_message and "Ctrl+click" in tab.last_message
    assert tab.compare_hint.isVisible() and tab.compare_hint.text() == tab.last_message
    assert "Select 2 to 5" in tab.compare_button.toolTip()
    six = [row.heading for row in tab.model.rows if row.successful > 0][:6]
    select(tab, six)
    assert len(tab.selected_rows()) == 6
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    assert "at most 5" in tab.last_message and "6 are selected" in tab.last_message
    assert not open_windows()
    # several rows selected: cancel and duplicate act on one notification only
    assert not tab.duplicate_button.isEnabled() and not tab.cancel_button.isEnabled()


def test_three_notifications_side_by_side_with_click_curves_aligned_on_send_time(
    qtbot: Any, sandbox: Any, tab: NotificationsTab, app_client: OneSignalClient
) -> None:
    headings = ["Yesterday's deals", "Flash sale", "Spring sale"]  # as the list orders them
    ids = select(tab, headings)
    assert "Compare the 3 selected" in tab.compare_button.toolTip()
    tab.table.setFocus()
    qtbot.keyClick(
        tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: len(open_windows()) == 1, timeout=5000)
    window = open_windows()[0]
    window.export_polling = FAST
    qtbot.waitUntil(lambda: window.read_at is not None, timeout=10_000)
    comparison = window.comparison
    assert comparison is not None and [item.row.id for item in comparison.items] == ids

    # the table: one column per notification, its own counters and rates
    table = window.table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == headings
    figures = {table.verticalHeaderItem(r).text(): r for r in range(table.rowCount())}
    servers = [app_client.get_notification(tab.app_id or "", nid) for nid in ids]
    for column, server in enumerate(servers):
        successful, converted = server.successful or 0, server.converted or 0
        attempted = successful + (server.failed or 0) + (server.errored or 0)
        assert table.item(figures["Delivered"], column).text() == f"{successful:,}"
        assert table.item(figures["Clicked"], column).text() == f"{converted:,}"
        assert table.item(figures["CTR"], column).text() == f"{converted / successful:.1%}"
        assert table.item(figures["Delivery rate"], column).text() == f"{successful / attempted:.1%}"
    best = max(range(3), key=lambda c: (servers[c].converted or 0) / (servers[c].successful or 1))
    assert f"Highest CTR: <b>{headings[best]}</b>" in window.verdict.text()
    assert "Per notification, not per app" in window.note.text()
    # per platform: one bar series per notification, over the platforms they were sent to
    assert list(window.ctr_chart.series_values()) == headings
    assert {"iOS", "Android"} <= set(window.ctr_chart.categories)

    # the curves: exported one after another (the sandbox prepares each export in its own time)
    assert window.curves_running and window.stop_button.isVisible()

    def curves_done() -> bool:
        sandbox.clock.advance(30)
        return not window.curves_running

    qtbot.waitUntil(curves_done, timeout=60_000)
    curves = window.curve_chart.series_values()
    assert list(curves) == headings and window.curve_chart.isVisible()
    assert window.curve_chart.data is not None and window.curve_chart.data.x[0] == 0
    for name, server in zip(headings, servers, strict=True):
        values = curves[name]
        assert values[0] <= values[-1]  # cumulative
        assert values[-1] == pytest.approx((server.converted or 0) / (server.successful or 1))
    window.curve_kind.setCurrentIndex(window.curve_kind.findData(CurveKind.CLICKS))
    clicks = window.curve_chart.series_values()
    assert [clicks[name][-1] for name in headings] == [s.converted for s in servers]
    half_row = figures["Half of the clicks within"]
    assert all(table.item(half_row, c).text().endswith(("min", "h", "days")) for c in range(3))
    assert "hours since its own first send" in window.curve_status.text()
    window.close()


def test_an_unsent_one_and_a_failed_export_are_explained_and_stop_ends_the_exports(
    qtbot: Any, sandbox: Any, tab: NotificationsTab
) -> None:
    select(tab, ["Flash sale", "Spring sale", "Old plan"])
    # the first export (Flash sale's: the list's order) is refused
    sandbox.faults.inject("404", times=1, method="POST", path="/notifications/*/export_events")
    tab.compare_selected()
    qtbot.waitUntil(lambda: len(open_windows()) == 1, timeout=5000)
    window = open_windows()[0]
    window.export_polling = FAST

    def curves_done() -> bool:
        sandbox.clock.advance(30)
        return window.read_at is not None and not window.curves_running

    qtbot.waitUntil(curves_done, timeout=60_000)
    status = window.curve_status.text()
    assert "“Old plan”: not sent" in status
    assert "“Flash sale”: export failed" in status
    assert list(window.curve_chart.series_values()) == ["Spring sale"]
    table = window.table
    half_row = next(
        r for r in range(table.rowCount()) if table.verticalHeaderItem(r).text().startswith("Half")
    )
    old_plan = next(c for c in range(3) if table.horizontalHeaderItem(c).text() == "Old plan")
    assert table.item(half_row, old_plan).text().startswith("not sent")

    # draw again and stop while the first export is being prepared
    sandbox.faults.clear()
    qtbot.mouseClick(window.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "waiting for OneSignal" in window.curve_status.text(), timeout=10_000)
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert "Stopped: 0 of 2 curves drawn" in window.curve_status.text()
    assert window.draw_button.isEnabled() and window.stop_button.isHidden()
    qtbot.waitUntil(lambda: not window.busy, timeout=10_000)
    window.close()
