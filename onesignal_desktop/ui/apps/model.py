"""The apps table model: one row per app of the catalog, plus its key status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.common.record_table import Index, RecordTableModel
from onesignal_desktop.ui.shell.key_status import KeyStatus, KeyStatusBook

COLUMNS = ("Name", "App ID", "Players", "Messageable", "Created", "Updated", "REST key")
ID_COLUMN = 1
KEY_COLUMN = 6
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values, so counts and times sort as numbers


def format_time(value: Any) -> str:
    # Imported here, not at the top: the API models cost ~0.3 s to import, which must not delay the
    # window. By the time a time is shown, the worker that fetched it has imported them already.
    from onesignal_desktop.api.models.common import parse_timestamp

    moment: datetime | None = parse_timestamp(value)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


class AppsTableModel(RecordTableModel):
    columns = COLUMNS

    def __init__(self, key_status: KeyStatusBook) -> None:
        super().__init__()
        self._key_status = key_status
        key_status.changed.connect(self._key_status_changed)

    def data(self, index: Index, role: int = 0) -> Any:
        app = self.record_at(index.row())
        if app is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(app, column)
        if role == SORT_ROLE:
            return self._sort_key(app, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == KEY_COLUMN:
            return {
                KeyStatus.STORED: "The REST API key of this app is stored.",
                KeyStatus.MISSING: "No REST API key stored: notifications and players need one. Use Set key…",
                KeyStatus.REJECTED: "The server refused the stored key. Use Set key… to replace it.",
            }.get(self._key_status.status(app.id or ""), "")
        return None

    def _display(self, app: Any, column: int) -> str:
        if column == 0:
            return str(app.name or "(unnamed)")
        if column == 1:
            return str(app.id or "")
        if column == 2:
            return f"{app.players or 0:,}"
        if column == 3:
            return f"{app.messageable_players or 0:,}"
        if column == 4:
            return format_time(app.created_at)
        if column == 5:
            return format_time(app.updated_at)
        return self._key_status.status(app.id or "").value

    def _sort_key(self, app: Any, column: int) -> Any:
        if column in (2, 3):
            return int((app.players if column == 2 else app.messageable_players) or 0)
        if column in (4, 5):
            from onesignal_desktop.api.models.common import parse_timestamp

            moment = parse_timestamp(app.created_at if column == 4 else app.updated_at)
            return moment.timestamp() if moment else 0.0
        return self._display(app, column).casefold()

    def _key_status_changed(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, KEY_COLUMN), self.index(self.rowCount() - 1, KEY_COLUMN))
