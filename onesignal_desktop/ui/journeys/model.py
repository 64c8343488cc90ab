"""The journeys table: name, status, entry rule, entered, active, completed (one row per journey)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.common.record_table import Index, RecordTableModel
from onesignal_desktop.ui.journeys.describe import entry_rule, state_label

COLUMNS = ("Name", "Status", "Entry rule", "Entered", "Active", "Completed")


@dataclass
class JourneyRow:
    """A journey (its full JSON) and its stats (JSON), as loaded together."""

    journey: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.journey.get("id") or "")

    @property
    def name(self) -> str:
        return str(self.journey.get("name") or "")

    @property
    def state(self) -> str:
        return str(self.journey.get("state") or "")

    @property
    def active_users(self) -> int:
        return sum(int(node.get("waiting") or 0) for node in (self.stats.get("nodes") or {}).values())


class JourneysTableModel(RecordTableModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.segment_names: dict[str, str] = {}

    def data(self, index: Index, role: int = 0) -> Any:
        row = self.record_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"Journey ID: {row.id}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.name or "(unnamed)"
        if column == 1:
            return state_label(row.state)
        if column == 2:
            return entry_rule(row.journey, self.segment_names)
        if column == 3:
            return f"{int(row.stats.get('started') or 0):,}"
        if column == 4:
            return f"{row.active_users:,}"
        return f"{int(row.stats.get('completed') or 0):,}"
