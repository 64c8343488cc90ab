"""The templates table: one row per template of the current page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from onesignal_desktop.ui.apps.model import format_time

COLUMNS = ("Name", "Channel", "Updated", "Template ID")
CHANNEL_LABELS = {"push": "Push", "email": "Email", "sms": "SMS"}
Index = QModelIndex | QPersistentModelIndex


class TemplatesTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._templates: list[Any] = []

    def set_templates(self, templates: list[Any]) -> None:
        self.beginResetModel()
        self._templates = list(templates)
        self.endResetModel()

    def template_at(self, row: int) -> Any | None:
        return self._templates[row] if 0 <= row < len(self._templates) else None

    def row_of(self, template_id: str | None) -> int:
        return next((row for row, t in enumerate(self._templates) if t.id == template_id), -1)

    def names(self) -> list[str]:
        return [str(t.name or "") for t in self._templates]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._templates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        template = self.template_at(index.row())
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
