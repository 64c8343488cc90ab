"""The segments table: one page of an app's segments, with built-in ones marked and sizes once known."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from onesignal_desktop.ui.apps.model import format_time
from onesignal_desktop.ui.common.record_table import Index, RecordTableModel

COLUMNS = ("Name", "Segment ID", "Source", "Created", "Size")
NAME, ID, SOURCE, CREATED, SIZE = range(len(COLUMNS))
#: The segments every OneSignal app starts with (the list API does not always say where one came from).
BUILTIN_NAMES = frozenset(
    {"subscribed users", "active users", "inactive users", "engaged users", "total subscriptions"}
)
SOURCE_LABELS = {"default": "built-in", "custom": "custom", "quickstart": "quickstart"}


def is_builtin(segment: Any, source: str | None = None) -> bool:
    source = source or getattr(segment, "source", None)
    if source is not None:
        return source == "default" or bool(getattr(segment, "read_only", False))
    name = str(getattr(segment, "name", "") or "").strip().casefold()
    return bool(getattr(segment, "read_only", False)) or name in BUILTIN_NAMES


class SegmentsTableModel(RecordTableModel):
    """Rows are the list API's segment entries; details learned later (source, size) are kept by id."""

    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._sources: dict[str, str] = {}
        self._sizes: dict[str, int] = {}

    def clear(self) -> None:
        self._sources.clear()
        self._sizes.clear()
        self.set_records([])

    def builtin_at(self, row: int) -> bool:
        segment = self.record_at(row)
        return segment is not None and is_builtin(segment, self._sources.get(segment.id or ""))

    def set_details(self, segment_id: str, *, source: str | None, size: int | None) -> None:
        if source:
            self._sources[segment_id] = source
        if size is not None:
            self._sizes[segment_id] = size
        row = self.row_of(segment_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def size_of(self, segment_id: str) -> int | None:
        return self._sizes.get(segment_id)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.ToolTipRole and section == SIZE:
            return "Subscribed users in the segment (counted when you select it)"
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = 0) -> Any:
        segment = self.record_at(index.row())
        if segment is None:
            return None
        column = index.column()
        builtin = self.builtin_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(segment, column, builtin)
        if role == Qt.ItemDataRole.FontRole and column == NAME and builtin:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column in (NAME, SOURCE) and builtin:
            return "A built-in segment: OneSignal keeps its membership; it cannot be edited here."
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, segment: Any, column: int, builtin: bool) -> str:
        segment_id = str(segment.id or "")
        if column == NAME:
            name = str(segment.name or "(unnamed)")
            return f"{name}  (built-in)" if builtin else name
        if column == ID:
            return segment_id
        if column == SOURCE:
            source = self._sources.get(segment_id) or getattr(segment, "source", None)
            if source:
                return SOURCE_LABELS.get(source, str(source))
            return "built-in" if builtin else "custom"
        if column == CREATED:
            return format_time(segment.created_at)
        size = self._sizes.get(segment_id)
        return f"{size:,}" if size is not None else "—"
