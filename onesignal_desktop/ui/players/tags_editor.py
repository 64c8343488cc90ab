"""Edit a player's or user's tags: add, change, delete; problems shown under the table, typed text kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import ERROR_STYLE
from onesignal_desktop.ui.players.validation import check_tags, tags_delta
from onesignal_desktop.ui.shell.icons import icon

PROBLEM_BRUSH = QBrush(QColor("#fdecea"))


class TagsEditor(QWidget):
    """A key/value table. ``set_tags`` loads what the server holds; ``delta()`` is what to send (removed
    keys with an empty value, as the API deletes them); ``validate()`` marks bad rows and says why."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original: dict[str, str] = {}
        self._loading = False
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Key", "Value"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(0, 140)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(icon("add"), "Add tag")
        self.add_button.setToolTip("Add a tag (key and value)")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(icon("close"), "Delete tag")
        self.remove_button.setToolTip("Delete the selected tag (saved as an empty value, which removes it)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    # --- content ----------------------------------------------------------------------------------
    def set_tags(self, tags: dict[str, Any] | None) -> None:
        self._loading = True
        self._original = {str(k): _text(v) for k, v in (tags or {}).items() if v not in (None, "")}
        self.table.setRowCount(0)
        for key, value in sorted(self._original.items()):
            self._append(key, value)
        self._loading = False
        self.show_problems({})

    def rows(self) -> list[tuple[str, str]]:
        result = []
        for row in range(self.table.rowCount()):
            key_item, value_item = self.table.item(row, 0), self.table.item(row, 1)
            result.append((key_item.text() if key_item else "", value_item.text() if value_item else ""))
        return result

    def tags(self) -> dict[str, str]:
        return {key.strip(): value for key, value in self.rows()}

    def delta(self) -> dict[str, str]:
        return tags_delta(self._original, self.tags())

    def is_modified(self) -> bool:
        return bool(self.delta())

    def validate(self) -> bool:
        problems = check_tags(self.rows())
        self.show_problems(problems)
        return not problems

    @property
    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    # --- editing ----------------------------------------------------------------------------------
    def add_row(self, key: str = "", value: str = "") -> int:
        row = self._append(key, value)
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if not key and item is not None:
            self.table.editItem(item)
        self.changed.emit()
        return row

    def set_row(self, row: int, key: str, value: str) -> None:
        for column, text in ((0, key), (1, value)):
            item = self.table.item(row, column)
            if item is not None:
                item.setText(text)

    def row_of(self, key: str) -> int:
        for row, (row_key, _value) in enumerate(self.rows()):
            if row_key.strip() == key:
                return row
        return -1

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            if not self.error_label.isHidden():
                self.validate()
            self.changed.emit()

    def remove_key(self, key: str) -> bool:
        row = self.row_of(key)
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()
        return row >= 0

    def _append(self, key: str, value: str) -> int:
        row = self.table.rowCount()
        was_loading, self._loading = self._loading, True
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(key))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        self._loading = was_loading
        return row

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if self._loading:
            return
        if not self.error_label.isHidden():
            self.validate()  # a fixed problem clears at once; a new one shows at once
        self.changed.emit()

    def show_problems(self, problems: dict[int, tuple[str, str]]) -> None:
        self._loading = True
        for row in range(self.table.rowCount()):
            for column in (0, 1):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        messages = []
        for row, (where, message) in sorted(problems.items()):
            item = self.table.item(row, 0 if where == "key" else 1)
            if item is not None:
                item.setBackground(PROBLEM_BRUSH)
                item.setToolTip(message)
            messages.append(f"Tag {row + 1}: {message}")
        self._loading = False
        if messages:
            self.error_label.setText("\n".join(messages))
            self.error_label.show()
        else:
            self.error_label.clear()
            self.error_label.hide()


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
