"""The apps of the current connection, loaded once and shared by the selector and the Apps tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from onesignal_desktop.bridge import CancelToken, TaskScope

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.context import ConsoleContext

LOAD_APPS = "Load apps"


class AppCatalog(QObject):
    """Holds the list of apps (API models), reloads it in the background, announces changes.

    ``changed()`` after every successful load or local update, ``load_failed(message)`` after a failed
    load, ``busy_changed(bool)`` while a load is pending.
    """

    changed = Signal()
    load_failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, context: ConsoleContext) -> None:
        super().__init__(context)
        self._context = context
        self._apps: list[Any] = []
        self._scope = TaskScope(context.bridge, self)
        self._scope.busy_changed.connect(self.busy_changed)
        self.loaded = False
        context.connection_changed.connect(self._on_connection_changed)

    @property
    def apps(self) -> list[Any]:
        return list(self._apps)

    @property
    def busy(self) -> bool:
        return self._scope.busy

    def app(self, app_id: str | None) -> Any | None:
        return next((app for app in self._apps if app.id == app_id), None)

    def reload(self) -> None:
        connection = self._context.connection
        if connection is None:
            return
        self._scope.cancel_all()
        client = connection.client

        def work(token: CancelToken) -> list[Any]:
            return list(client.get_apps())

        self._scope.run(LOAD_APPS, work, on_finished=self._loaded, on_failed=self._failed)

    def upsert(self, app: Any) -> None:
        """Put a created or edited app in the list without reloading it all."""
        for index, known in enumerate(self._apps):
            if known.id == app.id:
                self._apps[index] = app
                break
        else:
            self._apps.append(app)
        self.changed.emit()

    def _loaded(self, apps: list[Any]) -> None:
        self._apps = sorted(apps, key=lambda app: ((app.name or "").casefold(), app.id or ""))
        self.loaded = True
        self._context.resolve_error(LOAD_APPS)
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._context.report_error(LOAD_APPS, error)
        self.load_failed.emit(self._context.keystore.scrub(str(error)))

    def _on_connection_changed(self, _connection: object) -> None:
        self._scope.cancel_all()
        self._apps = []
        self.loaded = False
        self.changed.emit()
        self.reload()
