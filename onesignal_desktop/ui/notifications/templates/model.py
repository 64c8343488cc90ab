"""The templates table: one row per template of the current page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.apps.model import format_time
from onesignal_desktop.ui.common.record_table import Index, RecordTableModel

COLUMNS = ("Name", "Channel", "Updated", "Template ID")
CHANNEL_LABELS = {"push": "Push", "email": "Email", "sms": "SMS"}


class TemplatesTableModel(RecordTableModel):
    columns = COLUMNS

    def data(self, index: Index, role: int = 0) -> Any:
        template = self.record_at(index.row())
        if template is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return str(template.id or "")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return str(template.name or "(unnamed)")
        if column == 1:
            channel = str(template.channel or "push")
            return CHANNEL_LABELS.get(channel, channel)
        if column == 2:
            return format_time(template.updated_at or template.created_at)
        return str(template.id or "")
