"""The Notifications tab: the current app's notifications, live while they are in flight, with a report
beside the list, and cancel, duplicate and new-notification actions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.bridge import CancelToken, Task, TaskScope
from onesignal_desktop.ui.common.pages import ActionsPage, InnerPages
from onesignal_desktop.ui.notifications.auto_refresh import AutoRefresh, BackoffPolicy
from onesignal_desktop.ui.notifications.cancel import (
    Confirm,
    ask_with_message_box,
    cancel_and_reload,
    cancel_operation_name,
    confirmation_text,
    reload_row,
)
from onesignal_desktop.ui.notifications.compare.figures import MAX_COMPARED, selection_problem
from onesignal_desktop.ui.notifications.compare.window import open_compare
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.notifications.list_model import (
    CHANNEL_COLUMN,
    CTR_COLUMN,
    DELIVERY_RATE_COLUMN,
    HEADING_COLUMN,
    PAGE_SIZE,
    PROGRESS_COLUMN,
    RECIPIENTS_COLUMN,
    STATUS_COLUMN,
    WHEN_COLUMN,
    NotificationPage,
    NotificationsFilter,
    NotificationsModel,
    fetch_page,
    fetch_pages,
)
from onesignal_desktop.ui.notifications.progress_delegate import ProgressBarDelegate
from onesignal_desktop.ui.notifications.report import NotificationReport
from onesignal_desktop.ui.notifications.status import NotificationRow
from onesignal_desktop.ui.shell import shortcuts
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon
from onesignal_desktop.ui.shell.tab import ConsoleTab

LOAD_NOTIFICATIONS = "Load notifications"
REFRESH_NOTIFICATIONS = "Refresh notifications"
#: (label, ``kind`` query) of the kind filter.
KINDS: tuple[tuple[str, int | None], ...] = (
    ("All kinds", None),
    ("Dashboard", 0),
    ("API", 1),
    ("Automated", 3),
)
#: (label, channel label of the rows) of the channel filter; it filters the loaded rows (the API has none).
CHANNELS: tuple[tuple[str, str | None], ...] = (
    ("All channels", None),
    ("Push", "Push"),
    ("Email", "Email"),
    ("SMS", "SMS"),
)


class NotificationsTab(ConsoleTab):
    title = "Notifications"
    icon_name = "notifications"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.scope = TaskScope(context.bridge, self)
        self.confirm_cancel: Confirm = ask_with_message_box
        self.auto_refresh = AutoRefresh(BackoffPolicy(), self)
        self.auto_refresh.due.connect(self._auto_refresh_due)
        self.load_error: str | None = None
        self._generation = 0  # bumped on every reload: late pages of an earlier list are dropped
        self._refresh_task: Task | None = None
        self._loading_first_page = False
        self.refresh_count = 0  # refreshes merged, and the pages they read (for tests and benchmarks)
        self.pages_refreshed = 0
        self._select_when_loaded: str | None = None
        self._rotation = -1  # which off-screen page in flight the next automatic refresh reads
        self._manual_refresh = False
        self._cancelling = 0

        self.model = NotificationsModel(self)
        self.model.fetch_requested.connect(self._fetch_more)
        self.model.total_changed.connect(lambda _total: self._update_counts())
        self.proxy = NotificationsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in the loaded notifications (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self._find_changed)
        self.kind_combo = QComboBox()
        for label, kind in KINDS:
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setToolTip(
            "Show notifications sent from the dashboard, through the API, or by automation"
        )
        self.kind_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.channel_combo = QComboBox()
        for label, channel in CHANNELS:
            self.channel_combo.addItem(label, channel)
        self.channel_combo.setToolTip("Show only the loaded notifications of one channel")
        self.channel_combo.setAccessibleName("Channel filter")
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        self.count_label = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(80)
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setToolTip("Loading…")
        self.busy_bar.hide()
        self.new_button = self._button("New…", "add", self.create_new, "Compose a new notification (Ctrl+N)")
        self.duplicate_button = self._button(
            "Duplicate…", "copy", self.duplicate_selected, "Open a new draft from the selected notification"
        )
        self.cancel_button = self._button(
            "Cancel…", "close", self.cancel_selected, "Cancel the selected notification (Delete)"
        )
        self.compare_button = self._button("Compare…", "chart", self.compare_selected, self._compare_tip(0))
        self.compare_button.setObjectName("compareButton")
        # Why Compare did nothing, said where the eye is (the status bar is easy to miss); gone as soon
        # as the selection changes.
        self.compare_hint = QLabel()
        self.compare_hint.setObjectName("compareHint")
        self.compare_hint.setWordWrap(True)
        self.compare_hint.hide()

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Ctrl+click and Shift+click pick several rows for Compare; the report shows the current one.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressBarDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HEADING_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (CHANNEL_COLUMN, 64),
            (STATUS_COLUMN, 80),
            (PROGRESS_COLUMN, 120),
            (RECIPIENTS_COLUMN, 80),
            (WHEN_COLUMN, 130),
            (DELIVERY_RATE_COLUMN, 84),
            (CTR_COLUMN, 64),
        ):
            header.resizeSection(column, width)
        header.setMinimumSectionSize(60)
        # Click a header to sort the loaded rows. No indicator at first keeps the server's order (newest
        # first): column -1 "sorted" descending would reverse it.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.open_report())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.rowsInserted.connect(self._rows_inserted)
        for sequence in shortcuts.sequences("list_delete"):
            self._table_action("Cancel notification", sequence, self.cancel_selected)
        for sequence in shortcuts.sequences("list_open"):
            self._table_action("Open report", sequence, self.open_report)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.report = NotificationReport(context)
        self.report.cancel_requested.connect(self.cancel_selected)
        self.report.row_refreshed.connect(self._row_refreshed)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.find_edit, 2)
        toolbar.addWidget(self.kind_combo)
        toolbar.addWidget(self.channel_combo)
        toolbar.addWidget(self.count_label, 1)
        toolbar.addWidget(self.busy_bar)
        for button in (self.new_button, self.duplicate_button, self.cancel_button, self.compare_button):
            toolbar.addWidget(button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.report)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 400])
        self.messages_page = ActionsPage(
            refresh=self._refresh_messages,
            create_new=lambda: self._open_composer(None),
            focus_find=self._focus_find_message,
        )
        for sequence in shortcuts.sequences("compare"):
            compare_action = QAction("Compare selected", self.messages_page)
            compare_action.setShortcut(sequence)
            compare_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            compare_action.triggered.connect(self.compare_selected)
            self.messages_page.addAction(compare_action)
        page_layout = QVBoxLayout(self.messages_page)
        page_layout.addLayout(toolbar)
        page_layout.addWidget(self.compare_hint)
        page_layout.addWidget(self.splitter, 1)

        from onesignal_desktop.ui.notifications.templates.view import TemplatesView

        self.templates = TemplatesView(context)
        self.pages = InnerPages("notificationsPages")
        self.pages.add_page(self.messages_page, "Messages", "notifications", "The app's notifications")
        self.pages.add_page(self.templates, self.templates.title, "file", "Reusable message templates")
        from onesignal_desktop.ui.notifications.live_activities.view import LiveActivitiesView

        self.live_activities = LiveActivitiesView(context)
        self.pages.add_page(
            self.live_activities, self.live_activities.title, "", "Start, update and end iOS Live Activities"
        )
        self.pages.currentChanged.connect(self._page_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.scope.busy_changed.connect(self._busy_changed)
        context.current_app_changed.connect(lambda _app_id: self.reload())
        context.connection_changed.connect(lambda _connection: self.reload())
        context.catalog.changed.connect(self._update_empty_state)
        self._update_actions()
        self.reload()

    def _button(self, text: str, icon_name: str, slot: Any, tip: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _table_action(self, text: str, shortcut: QKeySequence, slot: Any) -> None:
        action = QAction(text, self.table)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)

    # --- ConsoleTab ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.pages.act("refresh")

    def create_new(self) -> None:
        self.pages.act("create_new")

    def focus_find(self) -> None:
        self.pages.act("focus_find")

    def show_view(self, view: QWidget) -> None:
        self.pages.show_page(view)

    # --- pictures for packaging/screenshots.py ---------------------------------------------------
    def screenshot_views(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        return [
            ("templates", self._shot_templates),
            ("live-activities", self._shot_live_activities),
            ("compare", self._shot_compare),
        ]

    def _shot_compare(self) -> QWidget | None:
        """Compare with the three most clicked push notifications of the list, their curves drawn."""
        self.show_view(self.messages_page)
        rows = [row for row in self.model.rows if row.channel == "Push" and row.successful >= 20]
        chosen = sorted(rows, key=lambda row: -row.converted)[:3]
        if len(chosen) < 2:
            return None
        self.table.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in chosen:
            index = self.proxy.mapFromSource(self.model.index(self.model.row_of(row.id), 0))
            self.table.selectionModel().select(index, flags)
        self.compare_selected()
        window = getattr(self, "compare_window", None)
        if window is None:
            return None
        window.export_polling = ExportPolling(initial_delay=0.3, factor=1.0, max_delay=0.3)
        window.resize(1180, 1180)
        return window

    def _shot_live_activities(self) -> QWidget | None:
        """The Live activities page with one activity started in the screenshot's scratch sandbox."""
        view = self.live_activities
        self.show_view(view)
        if self.context.current_app_id is None or self.context.connection is None:
            return None
        view.start()
        return self.window()

    def _shot_templates(self) -> QWidget | None:
        """The templates page with two examples (made in the screenshot's scratch sandbox if none)."""
        view = self.templates
        self.show_view(view)
        app_id, connection = self.context.current_app_id, self.context.connection
        if app_id is None or connection is None:
            return None
        client = connection.client

        def make_examples(token: CancelToken) -> str | None:
            existing = client.view_templates(app_id, limit=1).templates
            if existing:
                return existing[0].id
            created = [client.create_template({"app_id": app_id, **body}) for body in EXAMPLE_TEMPLATES]
            return created[0].id

        view.scope.run("Create example templates", make_examples, on_finished=view.refresh_and_select)
        return self.window()

    def _refresh_messages(self) -> None:
        """F5: read every loaded page again (or load from scratch when nothing is shown)."""
        if self.model.rowCount() == 0 or self.load_error is not None:
            self.reload()
            return
        self._refresh(manual=True)
        shown, app_id = self.report.row, self.app_id
        if shown is not None and app_id is not None:
            self.report.show_row(app_id, shown)  # its details and outcomes too

    def _focus_find_message(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.pages.currentWidget() is self.messages_page:
            self._resume_watching()

    def _page_changed(self, _index: int) -> None:
        """The list watches its notifications only while it is the page showing."""
        if self.pages.currentWidget() is self.messages_page:
            if self.isVisible():
                self._resume_watching()
        else:
            self.auto_refresh.stop()

    def _resume_watching(self) -> None:
        now = time.time()
        if self.load_error is None and any(row.needs_watching(now) for row in self.model.rows):
            self._refresh(manual=False)

    def hideEvent(self, event: QHideEvent) -> None:
        self.auto_refresh.stop()
        super().hideEvent(event)

    # --- state ----------------------------------------------------------------------------------------
    @property
    def app_id(self) -> str | None:
        return self.context.current_app_id

    @property
    def kind(self) -> int | None:
        value = self.kind_combo.currentData()
        return value if isinstance(value, int) else None

    def app_name(self) -> str:
        app = self.context.catalog.app(self.app_id)
        return str(app.name) if app is not None and getattr(app, "name", None) else "this app"

    @property
    def watching(self) -> bool:
        """True while the list refreshes by itself (a refresh is planned or running)."""
        running = self._refresh_task is not None and not self._refresh_task.done
        return self.auto_refresh.active or running

    def selected_row(self) -> NotificationRow | None:
        """The one row the report shows: the current row if it is selected, else the first selected."""
        selection = self.table.selectionModel()
        if selection is None:
            return None
        current = selection.currentIndex()
        if current.isValid() and selection.isRowSelected(current.row(), current.parent()):
            return self.proxy.row_at(current.row())
        rows = selection.selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def selected_rows(self) -> list[NotificationRow]:
        """Every selected row, top to bottom as the list shows them."""
        selection = self.table.selectionModel()
        indexes = sorted(selection.selectedRows(), key=lambda index: index.row()) if selection else []
        rows = [self.proxy.row_at(index.row()) for index in indexes]
        return [row for row in rows if row is not None]

    def select_notification(self, notification_id: str) -> bool:
        source_row = self.model.row_of(notification_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self._select_only(index)
        self.table.scrollTo(index)
        return True

    def _select_only(self, index: QModelIndex) -> None:
        # Not selectRow: with several rows selectable it adds or toggles while Ctrl or Shift is held.
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)

    # --- loading --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Start over: the current app and kind, first page."""
        self.scope.cancel_all()
        self.auto_refresh.stop()
        self._refresh_task = None
        self._generation += 1
        self.load_error = None
        self._manual_refresh = False
        self._cancelling = 0
        self.model.clear()
        self.report.clear()
        connection = self.context.connection
        app_id = self.app_id
        if connection is None or app_id is None:
            self._loading_first_page = False
            self._update_empty_state()
            return
        self._loading_first_page = True
        self._update_busy()
        self._update_empty_state()
        client, kind, generation = connection.client, self.kind, self._generation
        self.scope.run(
            LOAD_NOTIFICATIONS,
            lambda token: fetch_page(client, app_id, kind, 0, token),
            on_finished=lambda page: self._first_page(generation, page),
            on_failed=lambda error: self._load_failed(generation, error),
        )

    def _first_page(self, generation: int, page: NotificationPage) -> None:
        if generation != self._generation:
            return
        self._loading_first_page = False
        self._update_busy()
        self._worked()
        self.model.add_page(page)
        self._update_empty_state()
        self._settle_auto_refresh(changed=True)
        pending, self._select_when_loaded = self._select_when_loaded, None
        if not (pending and self.select_notification(pending)) and self.proxy.rowCount() > 0:
            self._select_only(self.proxy.index(0, 0))

    def _fetch_more(self, offset: int) -> None:
        connection, app_id = self.context.connection, self.app_id
        if connection is None or app_id is None:
            self.model.fetch_failed()
            return
        client, kind, generation = connection.client, self.kind, self._generation

        def added(page: NotificationPage) -> None:
            if generation != self._generation:
                return
            self.model.add_page(page)
            self._update_busy()
            self._worked()
            self._update_empty_state()
            self._settle_auto_refresh(changed=True)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self.model.fetch_failed()
            self._update_busy()
            self.context.report_error(LOAD_NOTIFICATIONS, error, app_id=app_id)
            self._update_counts()

        self.scope.run(
            LOAD_NOTIFICATIONS,
            lambda token: fetch_page(client, app_id, kind, offset, token),
            on_finished=added,
            on_failed=failed,
        )
        self._update_busy()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading_first_page = False
        self._update_busy()
        self.load_error = str(error)
        self.context.report_error(LOAD_NOTIFICATIONS, error, app_id=self.app_id)
        self._update_empty_state()

    def _refresh(self, *, manual: bool) -> None:
        connection, app_id = self.context.connection, self.app_id
        if connection is None or app_id is None:
            return
        if self._refresh_task is not None and not self._refresh_task.done:
            if not manual:
                return
            self._refresh_task.cancel()
        if manual:
            # Every loaded page, so everything on screen is current.
            offsets = list(range(0, max(1, self.model.rowCount()), PAGE_SIZE))
        else:
            offsets = self._auto_refresh_offsets()
        client, kind, generation = connection.client, self.kind, self._generation

        def work(token: CancelToken) -> list[NotificationPage]:
            return fetch_pages(client, app_id, kind, offsets, token)

        def merged(pages: list[NotificationPage]) -> None:
            if generation != self._generation:
                return
            if manual:
                self._manual_refresh = False
                self._update_busy()
            self._worked()
            changed = self.model.merge(pages)
            self.refresh_count += 1
            self.pages_refreshed += len(pages)
            self._after_rows_changed()
            self._settle_auto_refresh(changed=changed)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            if manual:
                self._manual_refresh = False
                self._update_busy()
            self.context.report_error(REFRESH_NOTIFICATIONS, error, app_id=app_id)
            # Keep trying while something is in flight, but more slowly.
            self._settle_auto_refresh(changed=False)

        self._refresh_task = self.scope.run(REFRESH_NOTIFICATIONS, work, on_finished=merged, on_failed=failed)
        if manual:
            self._manual_refresh = True
            self._update_busy()

    def _worked(self) -> None:
        """The list loaded: earlier load and refresh failures can leave the message bar."""
        self.context.resolve_error(LOAD_NOTIFICATIONS)
        self.context.resolve_error(REFRESH_NOTIFICATIONS)

    def _auto_refresh_offsets(self) -> list[int]:
        """What an automatic refresh reads: the first page (new notifications arrive there), the pages
        on screen that hold rows in flight, and one more page in flight off screen, in turn. A long
        list of sending notifications thus costs two or three pages per refresh, not all of them."""
        now = time.time()
        in_flight = sorted(
            {
                position - position % PAGE_SIZE
                for position, row in enumerate(self.model.rows)
                if row.needs_watching(now)
            }
        )
        first_visible, last_visible = self._visible_source_rows()
        on_screen = [
            offset for offset in in_flight if offset <= last_visible and offset + PAGE_SIZE > first_visible
        ]
        off_screen = [offset for offset in in_flight if offset not in on_screen and offset != 0]
        offsets = {0, *on_screen}
        if off_screen:
            self._rotation = (self._rotation + 1) % len(off_screen)
            offsets.add(off_screen[self._rotation])
        return sorted(offsets)

    def _visible_source_rows(self) -> tuple[int, int]:
        viewport = self.table.viewport()
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(viewport.height() - 1)
        if top < 0:
            return (0, -1)
        if bottom < 0:
            bottom = self.proxy.rowCount() - 1
        rows = [self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row() for proxy_row in (top, bottom)]
        return (min(rows), max(rows))

    def _auto_refresh_due(self) -> None:
        self._refresh(manual=False)

    def _settle_auto_refresh(self, *, changed: bool) -> None:
        if not self.isVisible():
            self.auto_refresh.stop()  # nobody is looking: showEvent catches up
            return
        now = time.time()
        in_flight = any(row.needs_watching(now) for row in self.model.rows)
        self.auto_refresh.settle(in_flight=in_flight, changed=changed)

    def _row_refreshed(self, row: NotificationRow) -> None:
        """The report read the notification again: the list shows the same."""
        if self.model.row_of(row.id) >= 0 and self.model.replace_row(row):
            self._after_rows_changed()
            self._settle_auto_refresh(changed=True)

    def _after_rows_changed(self) -> None:
        if self._select_when_loaded is not None and self.select_notification(self._select_when_loaded):
            self._select_when_loaded = None
        self._update_counts()
        self._update_actions()
        selected = self.selected_row()
        shown = self.report.row
        if selected is not None and shown is not None and shown.id == selected.id and shown != selected:
            self.report.update_row(selected)

    # --- showing --------------------------------------------------------------------------------------
    def _busy_changed(self, _busy: bool) -> None:
        self._update_busy()
        self._update_empty_state()

    def _update_busy(self) -> None:
        # Automatic refreshes are quiet; the bar is for what people asked for and wait for.
        waiting = (
            self._loading_first_page or self.model.fetching or self._manual_refresh or self._cancelling > 0
        )
        self.busy_bar.setVisible(waiting)

    def _update_counts(self) -> None:
        loaded, total = self.model.rowCount(), self.model.total_count
        if self.app_id is None or (loaded == 0 and total == 0):
            self.count_label.setText("")
            return
        text = f"{loaded:,} of {total:,} loaded" if loaded < total else f"{total:,} notifications"
        if self.proxy.is_filtering:
            text = f"{self.proxy.rowCount():,} match · " + text
        if self.model.fetch_blocked:
            text += " · loading more failed (F5 to retry)"
        self.count_label.setText(text)

    def _update_empty_state(self) -> None:
        self._update_counts()
        has_rows = self.proxy.rowCount() > 0
        self.report.setVisible(has_rows)  # the explanation gets the whole width when there is no list
        if has_rows:
            self.stack.setCurrentWidget(self.table)
            return
        kind_label = self.kind_combo.currentText()
        kind_label = kind_label if kind_label == "API" else kind_label.lower()
        if self.context.connection is None:
            text = self.context.not_connected_text
        elif self.app_id is None:
            text = "Choose an app above to see its notifications."
        elif self._loading_first_page:
            text = f"Loading the notifications of {self.app_name()}…"
        elif self.load_error is not None:
            text = (
                f"The notifications of {self.app_name()} could not be loaded (see the message above).\n"
                "Press F5 to try again."
            )
        elif self.proxy.text and self.model.rowCount() > 0:
            text = (
                f"No loaded notification matches “{self.find_edit.text().strip()}”.\n"
                "Only loaded notifications are searched; clear the search to load more."
            )
        elif self.proxy.channel is not None and self.model.rowCount() > 0:
            text = (
                f"No loaded {self.proxy.channel} notification for {self.app_name()}.\n"
                "Choose “All channels” to see the others and load more."
            )
        elif self.kind is not None:
            text = (
                f"No {kind_label} notifications for {self.app_name()}.\nChoose “All kinds” to see the others."
            )
        else:
            text = f"No notifications yet for {self.app_name()}.\nPress Ctrl+N to compose one."
        self.empty_label.setText(text)
        self.stack.setCurrentWidget(self.empty_label)

    def _channel_changed(self, _index: int) -> None:
        self.proxy.set_channel(self.channel_combo.currentData())
        self._filter_changed()

    def _find_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._update_empty_state()
        if not self.proxy.is_filtering and self.model.canFetchMore():
            # The view does not ask again by itself when the filter is cleared.
            self.model.fetchMore()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        # New notifications arrive at the top: keep what the user is looking at where it was.
        bar = self.table.verticalScrollBar()
        if first < self.model.rowCount() - (last - first + 1) and bar.value() > 0:
            bar.setValue(bar.value() + (last - first + 1) * self.table.verticalHeader().defaultSectionSize())

    def _selection_changed(self) -> None:
        self.compare_hint.hide()
        self._update_actions()
        row = self.selected_row()
        if row is None or self.app_id is None:
            self.report.clear()
            return
        self.report.show_row(self.app_id, row)

    def _compare_tip(self, count: int) -> str:
        key = shortcuts.hint("compare")
        if 2 <= count <= MAX_COMPARED:
            return f"Compare the {count} selected notifications side by side ({key})"
        return f"Select 2 to {MAX_COMPARED} notifications (Ctrl+click, Shift+click) to compare them ({key})"

    def _update_actions(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.compare_button.setToolTip(self._compare_tip(count))
        row = self.selected_row() if count == 1 else None
        self.duplicate_button.setEnabled(row is not None)
        blocker = row.cancel_blocker if row is not None else "Select a scheduled or sending notification."
        if count > 1:
            blocker = "Select just one notification to cancel it."
        self.cancel_button.setEnabled(blocker is None)
        self.cancel_button.setToolTip(
            blocker if blocker is not None else "Cancel the selected notification; asks first (Delete)"
        )

    def open_report(self) -> None:
        """Enter: show the selected notification's report and move the focus there."""
        row = self.selected_row()
        if row is None or self.app_id is None:
            return
        if self.report.row is None or self.report.row.id != row.id:
            self.report.show_row(self.app_id, row)
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            self.splitter.setSizes([max(1, sizes[0] - 420), 420])
        self.report.scroll_area.setFocus()

    # --- actions --------------------------------------------------------------------------------------
    def _tell(self, message: str) -> None:
        self.last_message = message
        status_bar = getattr(self.window(), "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(message, 5000)

    def compare_selected(self) -> None:
        """Ctrl+Shift+C: the selected notifications side by side in a window of their own."""
        rows = self.selected_rows()
        app_id = self.app_id
        problem = selection_problem(len(rows))
        if problem is not None or app_id is None:
            message = problem or "Choose an app first."
            self._tell(message)
            self.compare_hint.setText(message)
            self.compare_hint.show()
            return
        window = open_compare(self.context, self, app_id, self.app_name(), [row.id for row in rows], rows)
        self.last_dialog = window
        self.compare_window = window
        self._tell(f"Comparing {len(rows)} notifications.")

    def cancel_selected(self) -> None:
        if len(self.table.selectionModel().selectedRows()) > 1:
            self._tell("Select just one notification to cancel it.")
            return
        row = self.selected_row()
        connection, app_id = self.context.connection, self.app_id
        if row is None or connection is None or app_id is None:
            return
        blocker = row.cancel_blocker
        if blocker is not None:
            self._tell(blocker)
            return
        title, text = confirmation_text(row)
        if not self.confirm_cancel(self, title, text):
            return
        client, notification_id, operation = connection.client, row.id, cancel_operation_name(row)

        def canceled(fresh: NotificationRow) -> None:
            self.context.resolve_error(operation)
            self._cancelling -= 1
            self._update_busy()
            self.model.replace_row(fresh)
            self._after_rows_changed()
            self._settle_auto_refresh(changed=True)
            self._tell(f"Canceled “{fresh.heading}”.")

        def refused(error: BaseException) -> None:
            self._cancelling -= 1
            self._update_busy()
            self._update_actions()  # the row may still be cancellable (a network error, say)
            self.context.report_error(operation, error, app_id=app_id)
            # The server knows better than our row: read it again so the actions match.
            self.scope.run(
                REFRESH_NOTIFICATIONS,
                lambda token: reload_row(client, app_id, notification_id, token),
                on_finished=lambda fresh: self._row_refreshed(fresh),
                on_failed=lambda _error: None,
            )

        self.cancel_button.setEnabled(False)
        self.scope.run(
            operation,
            lambda token: cancel_and_reload(client, app_id, notification_id, token),
            on_finished=canceled,
            on_failed=refused,
        )
        self._cancelling += 1
        self._update_busy()

    def duplicate_selected(self) -> None:
        row = self.selected_row()
        if row is None or len(self.table.selectionModel().selectedRows()) > 1:
            return
        draft = row.notification.to_draft().model_dump(mode="json", exclude_none=True)
        self._open_composer(draft)

    def _open_composer(self, draft: dict[str, Any] | None) -> None:
        window = open_composer(self.context, self, draft)
        self.last_dialog = window
        sent = getattr(window, "sent", None)
        if sent is not None:
            sent.connect(self._composer_sent)

    def _composer_sent(self, notification_id: str) -> None:
        """A notification went out from the composer: show it in the list, selected."""
        self._select_when_loaded = str(notification_id)
        self.refresh()


EXAMPLE_TEMPLATES: list[dict[str, Any]] = [
    {"name": "Weekly deals", "contents": {"en": "This week's deals are in"}, "headings": {"en": "Deals"}},
    {
        "name": "Order shipped (email)",
        "isEmail": True,
        "contents": {"en": "Your order is on its way"},
        "email_subject": "Your order shipped",
        "email_body": "<p>Hi! Your order is on its way.</p>",
    },
]
