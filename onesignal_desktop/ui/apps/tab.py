"""The Apps tab: the table of apps, the selected app's details, and its actions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.apps.dialog import AppDialog
from onesignal_desktop.ui.apps.model import SORT_ROLE, AppsTableModel, format_time
from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.pages import ActionsPage, InnerPages
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import themed
from onesignal_desktop.ui.shell.key_status import KeyStatus
from onesignal_desktop.ui.shell.tab import ConsoleTab

DETAIL_FIELDS = (
    ("App ID", "id"),
    ("Site name", "site_name"),
    ("APNs environment", "apns_env"),
    ("Bundle ID", "apns_bundle_id"),
    ("Chrome web origin", "chrome_web_origin"),
    ("Safari site origin", "safari_site_origin"),
    ("Android sender ID", "android_gcm_sender_id"),
)


READ_APP = "Read app"


class AppsTab(ConsoleTab):
    title = "Apps"
    icon_name = "apps"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = AppsTableModel(context.key_status)
        self.proxy = QSortFilterProxyModel(self)  # a few hundred apps at most: a proxy is fine here
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find an app by name or id (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.new_button = self._button("New app…", "add", self.create_new, "Create an app (Ctrl+N)")
        self.edit_button = self._button(
            "Edit…", "edit", self.edit_selected, "Edit the selected app's settings"
        )
        self.copy_button = self._button("Copy ID", "copy", self.copy_selected_id, "Copy the app id")
        self.key_button = self._button(
            "Set key…", "key", self.set_key_of_selected, "Store this app's REST API key"
        )
        self.refresh_app_button = self._button(
            "Refresh app",
            "refresh",
            self.read_selected_app,
            "Read the selected app's details and counts again",
        )
        # The selected app read by itself (GET /apps/{id}): the list's counts may be minutes old.
        self.detail_scope = TaskScope(context.bridge, self)
        self.fresh_apps: dict[str, Any] = {}
        self.fresh_note = QLabel("")
        self.fresh_note.setObjectName("appFreshNote")
        self._fresh_times: dict[str, float] = {}

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 180)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.stack = EmptyStack(self.table)
        self.empty_label = self.stack.empty_label

        self.details = QGroupBox("Details")
        columns = QHBoxLayout(self.details)
        forms = (QFormLayout(), QFormLayout())
        for form in forms:
            columns.addLayout(form, 1)
        self.detail_labels: dict[str, QLabel] = {}
        rows = (
            *DETAIL_FIELDS,
            ("Players", "players"),
            ("Created", "created_at"),
            ("Updated", "updated_at"),
            ("REST API key", "key"),
        )
        for number, (caption, name) in enumerate(rows):
            label = QLabel("—")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[name] = label
            forms[number * 2 // len(rows)].addRow(caption + ":", label)
        forms[1].addRow(self.refresh_app_button, self.fresh_note)

        self.busy_label = QLabel("Loading apps…")
        self.busy_label.hide()
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.find_edit, 1)
        toolbar.addWidget(self.busy_label)
        for button in (self.new_button, self.edit_button, self.copy_button, self.key_button):
            toolbar.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([480, 160])
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.apps_page = ActionsPage(
            refresh=self.context.catalog.reload,
            create_new=lambda: self._open_dialog(None),
            focus_find=self._focus_find_app,
        )
        page_layout = QVBoxLayout(self.apps_page)
        page_layout.addLayout(toolbar)
        page_layout.addWidget(splitter, 1)

        self.pages = InnerPages("appsPages")
        self.pages.add_page(self.apps_page, "Apps", "apps", "The organization's apps and their settings")
        # Built when first shown (or asked for): the window's start does not pay for pages not opened.
        self._api_keys_page = self.pages.add_lazy_page(
            lambda: _api_keys_view(context), "API keys", "key", "The current app's API keys"
        )
        self._audit_log_page = self.pages.add_lazy_page(
            lambda: _audit_log_view(context), "Audit log", "", "Who changed what in the organization"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        context.catalog.changed.connect(self._apps_changed)
        context.catalog.busy_changed.connect(self._busy_changed)
        context.catalog.load_failed.connect(self._load_failed)
        context.key_status.changed.connect(self._show_details)
        context.current_app_changed.connect(self._select_app)
        self._apps_changed()

    @property
    def api_keys(self) -> Any:
        """The API keys page (an ``ApiKeysView``), built on first use."""
        return self._api_keys_page.page

    @property
    def audit_log(self) -> Any:
        """The Audit log page (an ``AuditLogView``), built on first use."""
        return self._audit_log_page.page

    def _button(self, text: str, icon_name: str, slot: Any, tip: str) -> QPushButton:
        button = QPushButton(text)
        themed(button, icon_name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # --- ConsoleTab -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.pages.act("refresh")

    def create_new(self) -> None:
        self.pages.act("create_new")

    def focus_find(self) -> None:
        self.pages.act("focus_find")

    def show_view(self, view: QWidget) -> None:
        self.pages.show_page(view)

    def _focus_find_app(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def new() -> QWidget:
            self.create_new()
            return self.last_dialog

        def invalid() -> QWidget:
            self.create_new()
            dialog = self.last_dialog
            assert isinstance(dialog, AppDialog)
            dialog.form.fields["chrome_web_origin"].setProperty("text", "example.com")
            dialog.save()  # refused: no name, and the origin is not a URL
            return dialog

        def edit(section: int) -> QWidget | None:
            if self.model.rowCount() == 0:
                return None
            self.table.selectRow(0)
            self.edit_selected()
            dialog = self.last_dialog
            assert isinstance(dialog, AppDialog)
            dialog.form.sections.setCurrentIndex(section)
            return dialog

        return [
            ("new", new),
            ("new-invalid", invalid),
            ("edit", lambda: edit(0)),
            ("edit-apple", lambda: edit(1)),
            ("edit-web", lambda: edit(4)),
            ("api-keys", self._shot_api_keys),
            ("audit-log", self._shot_audit_log),
        ]

    def _shot_audit_log(self) -> QWidget | None:
        """The Audit log page with the demo's last week of changes."""
        view = self.audit_log
        self.show_view(view)
        view.refresh()
        return self.window()

    def _shot_api_keys(self) -> QWidget | None:
        """The API keys page with two example keys (made in the scratch sandbox if it has none)."""
        view = self.api_keys
        self.show_view(view)
        app_id, connection = self.context.current_app_id, self.context.connection
        if app_id is None or connection is None:
            return None
        client = connection.client

        def make_examples(token: CancelToken) -> None:
            if client.view_api_keys(app_id).tokens:
                return
            for body in EXAMPLE_KEYS:
                client.create_api_key(app_id, body)  # the secrets are dropped: only the list is shown

        view.scope.run("Create example API keys", make_examples, on_finished=lambda _result: view.refresh())
        return self.window()

    # --- actions ----------------------------------------------------------------------------------
    def selected_app(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record_at(self.proxy.mapToSource(rows[0]).row())

    def edit_selected(self) -> None:
        app = self.selected_app()
        if app is not None:
            self._open_dialog(app)

    def copy_selected_id(self) -> None:
        app = self.selected_app()
        if app is not None and app.id:
            QGuiApplication.clipboard().setText(app.id)
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(f"Copied app id {app.id}", 4000)

    def set_key_of_selected(self) -> None:
        from onesignal_desktop.ui.dialogs.keys_dialog import KeysDialog

        app = self.selected_app()
        dialog = KeysDialog(self.context, self, app_id=app.id if app is not None else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog: QDialog = dialog

    def _open_dialog(self, app: Any) -> None:
        dialog = AppDialog(self.context, app, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    # --- showing ----------------------------------------------------------------------------------
    def _apps_changed(self) -> None:
        selected = self.selected_app()
        keep = selected.id if selected is not None else self.context.current_app_id
        self.model.set_records(self.context.catalog.apps)
        # The list was just read (or an app just saved): it is as fresh as a single read now.
        self.fresh_apps.clear()
        self._fresh_times.clear()
        self._update_empty_state()
        self._select_app(keep)
        self._show_details()

    def _load_failed(self, _message: str) -> None:
        self._update_empty_state()

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        catalog = self.context.catalog
        self.details.setVisible(self.model.rowCount() > 0)
        if self.model.rowCount() > 0:
            self.stack.show_content()
            return
        if self.context.connection is None and self.context.connect_failed:
            text = self.context.not_connected_text
        elif catalog.busy or self.context.connection is None:
            text = "Loading apps…"
        elif not catalog.loaded:
            text = "The apps could not be loaded (see the message above). Press F5 to try again."
        else:
            text = "No apps yet.\nCreate one with New app… (Ctrl+N)."
        self.stack.show_empty(text)

    def _select_app(self, app_id: object) -> None:
        row = self.model.row_of(app_id if isinstance(app_id, str) else None)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(index, flags)
            self.table.scrollTo(index)

    def _selection_changed(self) -> None:
        self._show_details()
        app = self.selected_app()
        if app is not None and app.id:
            self.context.set_current_app(app.id)
            self.read_selected_app()

    def read_selected_app(self) -> None:
        """The selected app's details read by themselves (GET /apps/{id}), shown when they arrive."""
        app, connection = self.selected_app(), self.context.connection
        if app is None or not app.id or connection is None:
            return
        client, app_id = connection.client, app.id
        self.detail_scope.cancel_all()
        self.fresh_note.setText("Reading…")

        def finished(fresh: Any) -> None:
            self.context.resolve_error(READ_APP)
            self.fresh_apps[app_id] = fresh
            self._fresh_times[app_id] = time.time()
            self._show_details()

        def failed(error: BaseException) -> None:
            self.fresh_note.setText("Could not be read — see the message above.")
            self.context.report_error(READ_APP, error)

        self.detail_scope.run(
            READ_APP, lambda token: client.get_app(app_id), on_finished=finished, on_failed=failed
        )

    def _show_details(self) -> None:
        listed = self.selected_app()
        app = self.fresh_apps.get(listed.id, listed) if listed is not None and listed.id else listed
        if listed is not None and listed.id in self._fresh_times:
            read_at = time.strftime("%H:%M:%S", time.localtime(self._fresh_times[listed.id]))
            self.fresh_note.setText(f"Read from the server at {read_at}")
        elif listed is None:
            self.fresh_note.setText("")
        self.refresh_app_button.setEnabled(listed is not None)
        for button in (self.edit_button, self.copy_button):
            button.setEnabled(app is not None)
        self.details.setTitle(f"Details — {app.name}" if app is not None and app.name else "Details")
        for name, label in self.detail_labels.items():
            if app is None:
                label.setText("—")
            elif name == "key":
                status = self.context.key_status.status(app.id or "")
                label.setText(
                    {
                        KeyStatus.STORED: "stored",
                        KeyStatus.MISSING: "missing — use Set key…",
                        KeyStatus.REJECTED: "rejected by the server — use Set key…",
                    }.get(status, status.value)
                )
            elif name in ("created_at", "updated_at"):
                label.setText(format_time(getattr(app, name, None)))
            elif name == "players":
                label.setText(f"{app.players or 0:,} ({app.messageable_players or 0:,} messageable)")
            else:
                value = getattr(app, name, None)
                label.setText(str(value) if value not in (None, "") else "—")

    def focus_table(self) -> None:
        self.table.setFocus()

    def index_of_row(self, row: int) -> QModelIndex:
        return self.proxy.index(row, 0)


EXAMPLE_KEYS: list[dict[str, Any]] = [
    {
        "name": "Backend (production)",
        "ip_allowlist_mode": "explicit",
        "ip_allowlist": ["203.0.113.7", "10.0.0.0/8"],
    },
    {"name": "CI"},
]


def _api_keys_view(context: ConsoleContext) -> QWidget:
    from onesignal_desktop.ui.apps.api_keys.view import ApiKeysView

    return ApiKeysView(context)


def _audit_log_view(context: ConsoleContext) -> QWidget:
    from onesignal_desktop.ui.apps.audit_log.view import AuditLogView

    return AuditLogView(context)
