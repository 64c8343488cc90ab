"""The audit log table: rows arrive a page at a time and are appended (no reset, no relayout of what is
shown), so paging through a long log stays smooth."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:  # annotations only: the page is built with the window, before the API is loaded
    from onesignal_desktop.api.models.audit_log import AuditLogEvent

COLUMNS = ("Time", "Action", "Actor", "Target type", "Target", "App", "IP")
Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value


def event_row(event: AuditLogEvent) -> tuple[str, ...]:
    """The cells of one event, as text (the table and the CSV export show the same)."""
    actor = event.actor
    target = event.targets[0] if event.targets else None
    actor_text = (actor.name or actor.email or actor.id or "") if actor else ""
    target_text = (target.name or target.id or "") if target else ""
    if target is not None and target.name and target.id:
        target_text = f"{target.name} ({target.id})"
    return (
        (event.occurred_at or "").replace("T", " ").removesuffix("Z").split(".")[0],
        event.action or "",
        actor_text,
        target.type or "" if target else "",
        target_text,
        event.app_id or "",
        event.context.ip or "" if event.context else "",
    )


class AuditLogModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, ...]] = []

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def append(self, events: Sequence[AuditLogEvent]) -> None:
        if not events:
            return
        rows = [event_row(event) for event in events]
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def rows(self) -> list[tuple[str, ...]]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        # Asked ~7 roles for every cell of every repaint: plain ints compare faster than the enum.
        if role in (_DISPLAY, _TOOLTIP) and index.isValid():
            return self._rows[index.row()][index.column()]
        return None


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> int:
    """Write the loaded events as CSV (header first); returns how many rows were written."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)
