"""The Players tab: the players list (with details), the users view, and the CSV export and its viewer."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.players.dialogs import CreatePlayerDialog, TagsByExternalIdDialog
from onesignal_desktop.ui.players.export import (
    ExportOptionsDialog,
    ExportStrip,
    SavePathChooser,
    choose_save_path,
)
from onesignal_desktop.ui.players.fields import DeleteKey
from onesignal_desktop.ui.players.list_view import PlayersListView
from onesignal_desktop.ui.players.rows import EXTERNAL
from onesignal_desktop.ui.players.users.view import UsersView
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon
from onesignal_desktop.ui.shell.tab import ConsoleTab


def _wait_for(done: Callable[[], bool], seconds: float = 20) -> bool:
    """Runs the event loop until ``done()`` (only for the screenshot views, never in normal use)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(10)
    return done()


class PlayersTab(ConsoleTab):
    title = "Players"
    icon_name = "players"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.last_dialog: Any = None
        #: Where exports are saved; tests replace it (``(parent, suggested) -> path or None``).
        self.choose_save_path: SavePathChooser = choose_save_path

        self.players = PlayersListView(context)
        self.users = UsersView(context)
        self.export_strip = ExportStrip(context)
        self.export_viewer: Any = None
        self.export_page = QWidget()
        QVBoxLayout(self.export_page).setContentsMargins(0, 0, 0, 0)

        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.players, icon("players"), "Players")
        self.views.addTab(self.users, icon("profile"), "Users && subscriptions")
        self.views.addTab(self.export_page, icon("file"), "Export file")
        self.views.setTabToolTip(2, "The last CSV export, in a table (Export CSV… makes one)")
        self.views.currentChanged.connect(self._view_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.export_strip)
        layout.addWidget(self.views, 1)

        self.players.create_requested.connect(self.create_new)
        self.players.export_requested.connect(self.start_export)
        self.players.test_requested.connect(self.send_test_notification)
        self.players.tags_by_external_id_requested.connect(self.edit_tags_by_external_id)
        self.export_strip.saved.connect(self.show_export)
        self._delete_key = DeleteKey(self.players.table, self.players.delete_selected)

        context.current_app_changed.connect(self._app_changed)
        context.connection_changed.connect(lambda _connection: self._app_changed(context.current_app_id))
        self._app_changed(context.current_app_id)

    # --- ConsoleTab -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.views.currentWidget() is self.users:
            self.users.refresh()
        else:
            self.players.reload()

    def create_new(self) -> None:
        if self.views.currentWidget() is self.users:
            self.users.add_subscription()
            return
        app_id = self.context.current_app_id
        if app_id is None or self.context.connection is None:
            return
        dialog = CreatePlayerDialog(self.context, app_id, self)
        dialog.created.connect(self._player_created)
        self._open(dialog)

    def focus_find(self) -> None:
        if self.views.currentWidget() is self.users:
            self.users.focus_lookup()
            return
        self.views.setCurrentWidget(self.players)
        self.players.filter_edit.setFocus()
        self.players.filter_edit.selectAll()

    # --- actions ----------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def _player_created(self, player: Any) -> None:
        self.views.setCurrentWidget(self.players)
        self.players.player_created(player)

    def edit_tags_by_external_id(self, external_id: str = "") -> None:
        app_id = self.context.current_app_id
        if app_id is None or self.context.connection is None:
            return
        dialog = TagsByExternalIdDialog(self.context, app_id, external_id, self)
        dialog.tags_set.connect(
            lambda _external_id: self.players.details.load(app_id, self.players.details.player_id)
        )
        self._open(dialog)

    def send_test_notification(self, player: Any) -> None:
        player_id = getattr(player, "id", None)
        if not player_id:
            return
        draft: dict[str, Any] = {
            "name": f"Test to player {player_id}",
            "include_subscription_ids": [player_id],
        }
        app_id = getattr(player, "app_id", None) or self.context.current_app_id
        if app_id:
            draft["app_id"] = app_id
        self.last_dialog = open_composer(self.context, self, draft)

    def start_export(self) -> None:
        app_id = self.context.current_app_id
        if app_id is None or self.context.connection is None or self.export_strip.running:
            return
        dialog = ExportOptionsDialog(self.context, app_id, self)
        dialog.accepted.connect(lambda: self._export_options_chosen(app_id, dialog))
        self._open(dialog)

    def _export_options_chosen(self, app_id: str, dialog: ExportOptionsDialog) -> None:
        options = dialog.options()
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        name = (options.segment_name or "players").replace("/", "-").replace(" ", "-").lower()
        suggested = str(Path.home() / f"onesignal-{name}-{stamp}.csv.gz")
        path = self.choose_save_path(self, suggested)
        if path:
            self.export_strip.start(app_id, options, path)

    def shut_down(self) -> None:
        # The viewer indexes in child processes; they must not outlive the console.
        if self.export_viewer is not None:
            self.export_viewer.close_file()

    def show_export(self, path: str) -> None:
        """Open a CSV export in the viewer on the Export file page."""
        if self.export_viewer is None:
            from onesignal_desktop.ui.players.export_viewer import ExportViewer

            self.export_viewer = ExportViewer(self.export_page)
            layout = self.export_page.layout()
            assert layout is not None
            layout.addWidget(self.export_viewer)
        self.export_viewer.open_file(path)
        self.views.setCurrentWidget(self.export_page)
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(f"Saved the export to {path}", 6000)

    # --- pictures for packaging/screenshots.py ---------------------------------------------------
    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        return [
            ("details", self._screenshot_details),
            ("users", self._screenshot_users),
            ("new-user", self._screenshot_new_user),
            ("export", self._screenshot_export),
        ]

    def _screenshot_details(self) -> QWidget | None:
        self.views.setCurrentWidget(self.players)
        if self.players.model.rowCount() == 0:
            return None
        self.players.select_row(0)
        _wait_for(lambda: self.players.details.player is not None and not self.players.details.scope.busy)
        return self.players.details

    def _screenshot_export(self) -> QWidget | None:
        """Exports the current app into a temporary file and shows it (waits for the sandbox's file)."""
        from onesignal_desktop.api.exports import ExportPolling
        from onesignal_desktop.ui.players.export import ExportOptions

        app_id = self.context.current_app_id
        if app_id is None or self.context.connection is None:
            return None
        self._screenshot_dir = tempfile.TemporaryDirectory(prefix="onesignal-players-export-")
        target = Path(self._screenshot_dir.name) / "players-export.csv.gz"
        self.export_strip.polling = ExportPolling(initial_delay=0.2, factor=1.5, max_delay=1.0, deadline=60)
        self.export_strip.start(app_id, ExportOptions(extra_fields=["country", "external_user_id"]), target)
        if not _wait_for(lambda: self.export_viewer is not None and self.export_viewer.path == target, 60):
            return None
        viewer = self.export_viewer
        _wait_for(lambda: not viewer.is_indexing and viewer.model.rowCount() > 0)
        return self.window()

    def _screenshot_users(self) -> QWidget | None:
        rows = (self.players.model.row_at(row) for row in range(self.players.model.rowCount()))
        external = next((row[EXTERNAL] for row in rows if row is not None and row[EXTERNAL]), None)
        if external is None:
            return None
        self.views.setCurrentWidget(self.users)
        self.users.label_combo.setCurrentText("external_id")
        self.users.id_edit.setText(str(external))
        self.users.find_user()
        _wait_for(lambda: self.users.user is not None and not self.users.scope.busy)
        return self.window()

    def _screenshot_new_user(self) -> QWidget | None:
        """Users & subscriptions → New user…, filled in, one field refused (nothing is created)."""
        self.views.setCurrentWidget(self.users)
        self.users.new_user()
        dialog = self.users.last_dialog
        if dialog is None:
            return None
        dialog.line(dialog.external_id).setText("user-4242")
        dialog.lines(dialog.aliases).setPlainText("crm_id=C-1001\nloyalty_card=LC-88")
        dialog.lines(dialog.tags).setPlainText("plan=pro\nlanguage_pref=fr")
        dialog.kind.setCurrentIndex(dialog.kind.findData("Email"))
        dialog.line(dialog.token).setText("user-4242@example")
        dialog.validate()  # shows the address's problem under its field
        return dialog

    # --- following the console --------------------------------------------------------------------
    def _app_changed(self, app_id: object) -> None:
        current = app_id if isinstance(app_id, str) else None
        self.export_strip.cancel()
        self.players.set_app(current)
        self.users.set_app(current)

    def _view_changed(self, _index: int) -> None:
        if self.views.currentWidget() is self.users:
            self.users.focus_lookup()
