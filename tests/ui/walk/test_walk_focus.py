"""Issue 17, item 1: Tab leaves the Notifications and Players lists (no cell-by-cell trap that changes
the selection), and the focused list shows a ring."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from onesignal_desktop.ui.common.focus import FocusHandling

from .conftest import open_tab


def _table_of(tab: Any, area: str) -> Any:
    return tab.table if area == "Notifications" else tab.players.table


@pytest.mark.parametrize("area", ["Notifications", "Players"])
def test_tab_moves_out_of_the_list_without_changing_the_selection(qtbot, console, demo_app_id, area):
    window = console.window
    tab = open_tab(window, area)
    console.context.set_current_app(demo_app_id)
    table = _table_of(tab, area)
    qtbot.waitUntil(lambda: table.model().rowCount() > 2, timeout=10_000)
    qtbot.waitUntil(table.isVisible, timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    table.setFocus()
    table.selectRow(1)
    qtbot.waitUntil(table.hasFocus)
    selected = table.currentIndex().row()

    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus(), "Tab stayed in the table"
    assert table.currentIndex().row() == selected

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.waitUntil(table.hasFocus)
    handling = QApplication.instance()._onesignal_focus_handling  # type: ignore[attr-defined]
    assert isinstance(handling, FocusHandling)
    ring = handling.ring
    assert ring.isVisible() and ring.target is table
    assert ring.geometry().contains(table.geometry())
