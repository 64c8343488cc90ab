"""The current-app selector every tab shares."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QWidget

from onesignal_desktop.ui.shell.context import ConsoleContext

NO_APPS = "No apps yet — create one on the Apps tab"
LOADING = "Loading apps…"
NOT_LOADED = "Apps not loaded — see the message above"
NOT_CONNECTED = "Not connected — see the message above"


class AppSelector(QComboBox):
    """Lists the catalog's apps; choosing one sets ``context.current_app_id``.

    Remembers the last app per profile in the settings.
    """

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setMinimumContentsLength(28)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setToolTip("The app every tab works on")
        context.catalog.changed.connect(self._rebuild)
        context.catalog.busy_changed.connect(self._busy_changed)
        context.current_app_changed.connect(self._select)
        self.currentIndexChanged.connect(self._chosen)
        self._rebuild()

    def _busy_changed(self, _busy: bool) -> None:
        self._rebuild()

    def _settings_key(self) -> str | None:
        connection = self.context.connection
        return None if connection is None else f"current_app/{connection.profile.name}"

    def _rebuild(self) -> None:
        apps = self.context.catalog.apps
        with QSignalBlocker(self):
            self.clear()
            if not apps:
                catalog = self.context.catalog
                waiting = catalog.busy or self.context.connection is None
                if self.context.connection is None and self.context.connect_failed:
                    self.addItem(NOT_CONNECTED, None)
                else:
                    self.addItem(LOADING if waiting else (NO_APPS if catalog.loaded else NOT_LOADED), None)
                self.setEnabled(False)
            else:
                self.setEnabled(True)
                for app in apps:
                    self.addItem(f"{app.name or '(unnamed)'}  ·  {app.id}", app.id)
        wanted = self.context.current_app_id
        key = self._settings_key()
        if wanted is None and key is not None:
            remembered = self.context.settings.value(key)
            wanted = str(remembered) if remembered else None
        if apps and (wanted is None or self.findData(wanted) < 0):
            wanted = apps[0].id
        self._select(wanted if apps else None)
        self.context.set_current_app(wanted if apps else None)

    def _select(self, app_id: object) -> None:
        index = self.findData(app_id) if app_id else -1
        if index >= 0 and index != self.currentIndex():
            with QSignalBlocker(self):
                self.setCurrentIndex(index)

    def _chosen(self, index: int) -> None:
        app_id = self.itemData(index)
        key = self._settings_key()
        if app_id and key is not None:
            self.context.settings.setValue(key, app_id)
        self.context.set_current_app(app_id)
