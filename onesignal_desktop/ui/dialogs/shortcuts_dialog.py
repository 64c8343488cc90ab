"""Help → Keyboard shortcuts (F1): every shortcut of the console, read from the one table the window and
its views build their shortcuts from."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.shell.shortcuts import SHORTCUTS, Shortcut


def _keys_text(entry: Shortcut, tab_titles: list[str]) -> tuple[str, str]:
    if entry.name == "go_to_tab" and tab_titles:
        # Only as many as there are tabs, and say which is which.
        count = min(len(tab_titles), len(entry.keys))
        keys = f"{entry.keys[0]} … {entry.keys[count - 1]}" if count > 1 else entry.keys[0]
        return keys, f"{entry.what}: " + ", ".join(tab_titles[:count])
    return entry.shown(), entry.what


class ShortcutsDialog(QDialog):
    def __init__(self, tab_titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.table = QTableWidget(len(SHORTCUTS), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What it does", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        for row, entry in enumerate(SHORTCUTS):
            keys, what = _keys_text(entry, tab_titles)
            for column, text in enumerate((keys, what, entry.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the list shows, row by row (keys, what, where)."""
        return [
            tuple(self.table.item(row, column).text() for column in range(3))  # type: ignore[misc]
            for row in range(self.table.rowCount())
        ]
