"""Whether each app's REST API key is stored, missing or rejected by the server."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from onesignal_desktop.bridge import CancelToken, TaskScope

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.context import ConsoleContext


class KeyStatus(Enum):
    UNKNOWN = "checking…"
    STORED = "stored"
    MISSING = "missing"
    REJECTED = "rejected"


class KeyStatusBook(QObject):
    """Per-app key status for the current connection; ``changed()`` when any status changes.

    Tabs that see an app call rejected (HTTP 401/403) call :meth:`mark_rejected`; storing a key
    through the Keys dialog marks it stored again.
    """

    changed = Signal()

    def __init__(self, context: ConsoleContext) -> None:
        super().__init__(context)
        self._context = context
        self._status: dict[str, KeyStatus] = {}
        self._scope = TaskScope(context.bridge, self)
        context.connection_changed.connect(self._forget)
        context.catalog.changed.connect(self.refresh)

    def status(self, app_id: str) -> KeyStatus:
        return self._status.get(app_id, KeyStatus.UNKNOWN)

    def set_status(self, app_id: str, status: KeyStatus) -> None:
        if self._status.get(app_id) is not status:
            self._status[app_id] = status
            self.changed.emit()

    def mark_rejected(self, app_id: str) -> None:
        self.set_status(app_id, KeyStatus.REJECTED)

    def refresh(self) -> None:
        """Look up (off the UI thread) which apps of the catalog have a key."""
        connection = self._context.connection
        if connection is None:
            return
        app_ids = [app.id for app in self._context.catalog.apps if app.id]

        def work(token: CancelToken) -> dict[str, bool]:
            found: dict[str, bool] = {}
            for app_id in app_ids:
                token.check()
                found[app_id] = connection.app_key(app_id) is not None
            return found

        self._scope.cancel_all()
        self._scope.run("Check stored keys", work, on_finished=self._apply)

    def _apply(self, found: dict[str, bool]) -> None:
        changed = False
        for app_id, stored in found.items():
            current = self._status.get(app_id)
            if current is KeyStatus.REJECTED and stored:
                continue  # still the key the server refused
            status = KeyStatus.STORED if stored else KeyStatus.MISSING
            if current is not status:
                self._status[app_id] = status
                changed = True
        if changed:
            self.changed.emit()

    def _forget(self, _connection: object) -> None:
        self._scope.cancel_all()
        self._status.clear()
        self.changed.emit()
