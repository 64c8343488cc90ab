"""The inspector's table: logged requests held as columns (arrays and string lists), appended page by page.

Nothing per row is built until a cell is painted, and no object per row exists for the garbage collector
to walk. Older rows go first once the table holds ``capacity``.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from onesignal_desktop.api.sandbox_admin import LogColumns, LoggedRequest

COLUMNS = ("#", "Time", "Method", "Path", "Status", "ms", "App", "Key", "Fault")
PATH_COLUMN = 3
STATUS_COLUMN = 4
DEFAULT_CAPACITY = 100_000
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NUMERIC = frozenset({0, 4, 5})

Index = QModelIndex | QPersistentModelIndex


def is_numeric(column: int) -> bool:
    return column in _NUMERIC


def status_text(status: int) -> str:
    return "reset" if status == 0 else str(status)


def _clock(epoch: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(epoch)) + f".{int(epoch * 1000) % 1000:03d}"


class RequestLogModel(QAbstractTableModel):
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        super().__init__()
        self.capacity = capacity
        self._rows = LogColumns()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            return self.text(index.row(), index.column())
        if role == _ALIGN and index.column() in _NUMERIC:
            return _RIGHT
        if role == _TOOLTIP and index.column() == PATH_COLUMN:
            return self.text(index.row(), PATH_COLUMN)
        return None

    def text(self, at: int, column: int) -> str:
        """A cell's text (the delegate paints it straight from here: one call a cell)."""
        rows = self._rows
        if column == 0:
            return str(rows.ids[at])
        if column == 1:
            return _clock(rows.times[at])
        if column == 2:
            return rows.methods[at]
        if column == 3:
            query = rows.queries[at]
            return f"{rows.paths[at]}?{query}" if query else rows.paths[at]
        if column == 4:
            return status_text(rows.statuses[at])
        if column == 5:
            return f"{rows.durations[at]:.1f}"
        if column == 6:
            return rows.app_ids[at]
        if column == 7:
            return rows.keys[at]
        return rows.faults[at]

    def row(self, position: int) -> LoggedRequest:
        return self._rows.row(position)

    @property
    def last_id(self) -> int:
        return self._rows.ids[-1] if len(self._rows) else 0

    def append(self, rows: LogColumns) -> None:
        """Add rows at the end (newest last), dropping the oldest beyond ``capacity``."""
        if not len(rows):
            return
        if len(rows) > self.capacity:
            rows.drop_first(len(rows) - self.capacity)
        overflow = len(self._rows) + len(rows) - self.capacity
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            self._rows.drop_first(overflow)
            self.endRemoveRows()
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = LogColumns()
        self.endResetModel()
