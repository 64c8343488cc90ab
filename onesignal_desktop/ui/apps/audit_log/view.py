"""The Audit log page (Apps tab): who changed what in the organization, from where, when.

Filters (app, actor, action, target, time) are the API's own, so the server does the filtering and a log
of 100,000 entries is read 100 at a time: *Load more* follows the cursor and appends the next page.
*Export CSV…* writes the loaded entries. Uses the organization key.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.apps.audit_log.model import AuditLogModel, write_csv
from onesignal_desktop.ui.common.save_paths import ask_save_path
from onesignal_desktop.ui.shell.context import ConsoleContext

if TYPE_CHECKING:
    # Not at run time: this page is built with the window, and the API package (httpx, pydantic, the
    # models: ~270 ms) would load on the UI thread before the first paint. The connection loads it on a
    # worker; the filter and the page limit are imported once a load starts, by when it is there.
    from onesignal_desktop.api.models.audit_log import AuditLogPage
    from onesignal_desktop.api.resources.audit_logs import AuditLogFilter

LOAD_AUDIT_LOG = "Load the audit log"
EXPORT_AUDIT_LOG = "Export the audit log"
MAX_DAYS = 90
ISO = "yyyy-MM-ddTHH:mm:ssZ"


def _values(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class AuditLogView(QWidget):
    title = "Audit log"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditLogView")
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.next_cursor: str | None = None
        self.model = AuditLogModel()

        self.app_filter = QComboBox()
        self.app_filter.setObjectName("auditApp")
        self.actor_filter = QLineEdit()
        self.actor_filter.setObjectName("auditActor")
        self.actor_filter.setPlaceholderText("actor ids, comma separated")
        self.action_filter = QLineEdit()
        self.action_filter.setObjectName("auditAction")
        self.action_filter.setPlaceholderText("e.g. segment.created, notification.sent")
        self.target_filter = QLineEdit()
        self.target_filter.setObjectName("auditTarget")
        self.target_filter.setPlaceholderText("target types (segment, template…) or ids")
        now = QDateTime.currentDateTimeUtc()
        self.start_edit = QDateTimeEdit(now.addDays(-7))
        self.start_edit.setObjectName("auditStart")
        self.end_edit = QDateTimeEdit(now.addSecs(3600))
        self.end_edit.setObjectName("auditEnd")
        for edit in (self.start_edit, self.end_edit):
            edit.setTimeSpec(Qt.TimeSpec.UTC)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")
            edit.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow("App", self.app_filter)
        form.addRow("Actor", self.actor_filter)
        form.addRow("Action", self.action_filter)
        form.addRow("Target", self.target_filter)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("to"))
        times.addWidget(self.end_edit)
        form.addRow("Time", times)
        self.filter_message = QLabel()
        self.filter_message.setObjectName("auditFilterMessage")
        self.filter_message.setStyleSheet("color: #b42318;")
        self.filter_message.setWordWrap(True)
        self.filter_message.hide()

        self.search_button = QPushButton("Search")
        self.search_button.setObjectName("auditSearch")
        self.search_button.setToolTip("Load the log with these filters (F5)")
        self.search_button.clicked.connect(self.refresh)
        self.more_button = QPushButton("Load more")
        self.more_button.setObjectName("auditMore")
        self.more_button.setEnabled(False)
        self.more_button.clicked.connect(self.load_more)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setObjectName("auditExport")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        buttons = QHBoxLayout()
        for button in (self.search_button, self.more_button, self.export_button):
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)

        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        # One line per entry, every row the same height: nothing to measure or wrap when a page of
        # rows arrives or the table repaints (a repaint is most of what a page costs the UI thread).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 170, 170, 100, 260, 150)):
            self.table.setColumnWidth(column, width)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.filter_message)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        for edit in (self.actor_filter, self.action_filter, self.target_filter):
            edit.returnPressed.connect(self.refresh)
        context.catalog.changed.connect(self._fill_apps)
        self._fill_apps()

    # --- page actions -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Search again from the first page with the filters as they are."""
        problem = self._check_filters()
        if problem:
            return
        self.scope.cancel_all()
        self.model.clear()
        self.next_cursor = None
        self._load(None)

    def create_new(self) -> None:
        """Nothing to create in a log; Ctrl+N does nothing here."""

    def focus_find(self) -> None:
        self.action_filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.action_filter.selectAll()

    def load_more(self) -> None:
        if self.next_cursor:
            self._load(self.next_cursor)

    # --- filters ----------------------------------------------------------------------------------
    def _fill_apps(self) -> None:
        chosen = self.app_filter.currentData()
        self.app_filter.clear()
        self.app_filter.addItem("All apps", None)
        for app in self.context.catalog.apps:
            self.app_filter.addItem(str(app.name or app.id), app.id)
        index = self.app_filter.findData(chosen)
        self.app_filter.setCurrentIndex(max(index, 0))

    def where(self) -> AuditLogFilter:
        from onesignal_desktop.api.resources.audit_logs import AuditLogFilter

        targets = _values(self.target_filter.text())
        types = [t for t in targets if "-" not in t and len(t) < 32]
        ids = [t for t in targets if t not in types]
        app = self.app_filter.currentData()
        return AuditLogFilter(
            app_ids=[app] if app else [],
            actions=_values(self.action_filter.text()),
            actor_ids=_values(self.actor_filter.text()),
            target_types=types,
            target_ids=ids,
        )

    def _check_filters(self) -> str:
        """Say next to the filters what is wrong (what was typed stays); "" when they are fine."""
        problem = ""
        start, end = self.start_edit.dateTime(), self.end_edit.dateTime()
        where = self.where()
        if start >= end:
            problem = "Time: the start must be before the end."
        elif start < QDateTime.currentDateTimeUtc().addDays(-MAX_DAYS):
            problem = f"Time: OneSignal keeps the audit log for {MAX_DAYS} days; choose a later start."
        elif len(where.actions) > 20:
            problem = "Action: at most 20 actions at once."
        elif max(len(where.actor_ids), len(where.target_types), len(where.target_ids)) > 10:
            problem = "Actor and Target: at most 10 values each."
        self.filter_message.setText(problem)
        self.filter_message.setVisible(bool(problem))
        return problem

    # --- loading ----------------------------------------------------------------------------------
    def _organization_id(self) -> str | None:
        for app in self.context.catalog.apps:
            if getattr(app, "organization_id", None):
                return str(app.organization_id)
        return None

    def _load(self, cursor: str | None) -> None:
        organization_id = self._organization_id()
        if organization_id is None:
            self.status.setText("No organization yet: the audit log needs at least one app listed.")
            return
        try:
            client = self.context.client
        except Exception as error:
            self.status.setText(f"Not connected: {error}")
            return
        where = self.where()
        start = self.start_edit.dateTime().toString(ISO)
        end = self.end_edit.dateTime().toString(ISO)
        self.more_button.setEnabled(False)
        self.status.setText("Loading…")

        def work(token: CancelToken) -> AuditLogPage:
            from onesignal_desktop.api.resources.audit_logs import MAX_AUDIT_LOG_PAGE

            with client.cancellation(lambda: token.cancelled):
                if cursor:
                    return client.list_audit_log_page(
                        organization_id, where, cursor=cursor, limit=MAX_AUDIT_LOG_PAGE
                    )
                return client.list_audit_log_page(
                    organization_id, where, start_time=start, end_time=end, limit=MAX_AUDIT_LOG_PAGE
                )

        self.scope.run(LOAD_AUDIT_LOG, work, on_finished=self._page_arrived, on_failed=self._failed)

    def _page_arrived(self, page: AuditLogPage) -> None:
        self.model.append(page.audit_logs)
        self.next_cursor = page.next_cursor if page.has_more else None
        count = self.model.rowCount()
        self.more_button.setEnabled(self.next_cursor is not None)
        self.export_button.setEnabled(count > 0)
        more = " · more to load" if self.next_cursor else ""
        self.status.setText(f"{count:,} entries{more}" if count else "No entries match these filters.")

    def _failed(self, error: BaseException) -> None:
        self.more_button.setEnabled(self.next_cursor is not None)
        self.status.setText(f"Could not load the audit log: {str(error).splitlines()[0][:200]}")

    def _scrolled(self, value: int) -> None:
        """Reaching the end of the table loads the next page (like scrolling a feed)."""
        bar = self.table.verticalScrollBar()
        if value >= bar.maximum() and self.next_cursor and not self.scope.busy:
            self.load_more()

    # --- export -----------------------------------------------------------------------------------
    def choose_export(self) -> None:
        path = ask_save_path(self, "audit-log", "Export the audit log", "audit-log.csv", "CSV (*.csv)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        rows = self.model.rows()
        self.status.setText(f"Exporting {len(rows):,} entries…")

        def work(_token: CancelToken) -> int:
            return write_csv(path, rows)

        self.scope.run(
            EXPORT_AUDIT_LOG,
            work,
            on_finished=lambda count: self.status.setText(f"Exported {count:,} entries to {path.name}"),
            on_failed=lambda error: self.status.setText(f"Could not export: {error}"),
        )

    def loaded_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: int) -> Any:
        return self.model.index(row, column).data()
