"""The players list of the current app: paged table, quick filter, load all, details beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import Task, TaskScope
from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.players.details import PlayerDetails
from onesignal_desktop.ui.players.model import PlayersModel
from onesignal_desktop.ui.players.rows import (
    LIST_LIMIT,
    PAGE_SIZE,
    PlayerPage,
    fetch_all,
    fetch_page,
    row_from_player,
)
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon

LOAD_PLAYERS = "Load players"
LOAD_ALL_PLAYERS = "Load all players"
DELETE_PLAYER = "Delete player"
ARRANGE_PLAYERS = "Sort and filter players"
#: Above this many loaded rows, sorting and filtering run on a worker (pure Python there lets the UI
#: thread keep running), and the finished view replaces the old one.
ARRANGE_ON_WORKER_ROWS = 20_000
FILTER_DELAY_MS = 250
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum size" (not exported by PySide6)
BANNER_STYLE = "background:#fff4e5; color:#663c00; border:1px solid #ffd59e; padding:6px;"


HELD_HINT = " · scroll to the end to see them"


def list_refused(error: BaseException) -> bool:
    """True when OneSignal refused GET /players because the app is too big (it says to use the export)."""
    from onesignal_desktop.api.errors import APIStatusError

    if not isinstance(error, APIStatusError) or error.status not in (400, 403):
        return False
    text = " ".join(error.messages).casefold()
    return "csv" in text or "export" in text or "80,000" in text or "80000" in text


class PlayersListView(QWidget):
    """Signals: ``export_requested`` (the banner's or the toolbar's Export button), ``test_requested(player)``
    and ``create_requested`` (the tab opens those)."""

    export_requested = Signal()
    create_requested = Signal()
    test_requested = Signal(object)
    tags_by_external_id_requested = Signal(str)

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.app_id: str | None = None
        self.load_all_task: Task | None = None
        self.refused = False
        self._generation = 0
        self._arrange_request = 0
        self._arranging = False
        self._reselect_after_refresh: str | None = None
        self.last_dialog: Any = None

        self.model = PlayersModel(self, icon_for=icon)
        self.model.fetch_requested.connect(self._fetch_page)
        self.model.counts_changed.connect(self._update_counts)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(
            "Filter the loaded players: id, external id, tag, country… (Ctrl+F)"
        )
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self.apply_filter)
        self.count_label = QLabel()
        self.load_all_button = self._button(
            "Load all", "refresh", self.load_all, "Load every player (can be cancelled)"
        )
        self.new_button = self._button(
            "New player…", "add", self.create_requested.emit, "Register a device (Ctrl+N)"
        )
        self.export_button = self._button(
            "Export CSV…", "file", self.export_requested.emit, "Export players to a CSV file"
        )
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(90)
        self.progress.setMaximumWidth(160)
        self.progress.setFormat("%p%")  # the count label next to it says how many
        self.progress.setToolTip(
            "Loaded players join the table when loading ends, or as soon as you scroll to its end."
        )
        self.cancel_button = self._button("Cancel", "close", self.cancel_load_all, "Stop loading")
        self.progress.hide()
        self.cancel_button.hide()

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner_button = self._button(
            "Export to CSV…", "file", self.export_requested.emit, "Export instead"
        )
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_button)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_box.hide()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # the header sorts the model itself (see _header_clicked)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 120, 110, 130, 70, 60, 70, 120, 120, 80)):
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.stack = EmptyStack(self.table)
        self.empty_label = self.stack.empty_label

        self.details = PlayerDetails(context)
        self.details.player_saved.connect(self.model.replace_row)
        self.details.delete_requested.connect(self.delete_selected)
        self.details.test_requested.connect(lambda: self.test_requested.emit(self.details.player))
        self.details.tags_by_external_id_requested.connect(
            lambda: self.tags_by_external_id_requested.emit(
                getattr(self.details.player, "external_user_id", "") or ""
            )
        )

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.filter_edit, 1)
        toolbar.addWidget(self.count_label)
        toolbar.addWidget(self.progress)
        toolbar.addWidget(self.cancel_button)
        toolbar.addWidget(self.load_all_button)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([700, 420])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(self.banner_box)
        layout.addWidget(splitter, 1)
        self._update_counts()

    def _button(self, text: str, icon_name: str, slot: Any, tip: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # --- loading ----------------------------------------------------------------------------------
    def set_app(self, app_id: str | None) -> None:
        self.app_id = app_id
        self._load(keep_rows=False)

    def reload(self) -> None:
        """Fetch the first page again (F5). The loaded rows stay on screen until it arrives, and stay
        when it fails (the error is reported, as the other tabs do)."""
        self._load(keep_rows=True)

    def _load(self, keep_rows: bool) -> None:
        self._generation += 1
        self._arranging = False
        self.scope.cancel_all()
        self.model.set_holding(False)
        self.load_all_task = None
        self.refused = False
        self._show_loading_all(False)
        connected = self.app_id is not None and self.context.connection is not None
        if keep_rows and connected and self.model.loaded_count:
            self._reselect_after_refresh = self.selected_player_id()
            self.model.begin_refresh()
            self._fetch_page(0)
            return
        self.model.clear()
        self.details.load(None, None)
        if not connected:
            self.model.set_paused(True)
            self._update_counts()
            return
        self.model.fetchMore()

    def _fetch_page(self, offset: int) -> None:
        if self.app_id is None or self.context.connection is None:
            self.model.fetch_failed()
            return
        client, app_id, generation = self.context.client, self.app_id, self._generation
        self.scope.run(
            LOAD_PLAYERS,
            lambda token: fetch_page(client, app_id, offset, PAGE_SIZE),
            on_finished=lambda page: self._page_arrived(generation, page),
            on_failed=lambda error: self._load_failed(generation, LOAD_PLAYERS, error),
        )
        self._update_counts()

    def _page_arrived(self, generation: int, page: Any) -> None:
        if generation != self._generation:
            return
        self.context.resolve_error(LOAD_PLAYERS)
        reselect, self._reselect_after_refresh = self._reselect_after_refresh, None
        self.model.add_page(page)
        if reselect is not None and page.offset == 0 and self.select_player(reselect):
            return
        if (
            self.table.selectionModel().hasSelection() is False
            and self.model.rowCount() > 0
            and page.offset == 0
        ):
            self.select_row(0)

    def _load_failed(self, generation: int, operation: str, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.model.set_holding(False)  # show what arrived before the failure
        refused = list_refused(error)
        if refused and self.model.refreshing:
            # Not a passing failure: OneSignal no longer lists this app's players, so the old rows go.
            self._reselect_after_refresh = None
            self.model.clear()
            self.details.load(None, None)
        self.model.fetch_failed()
        self._show_loading_all(False)
        self.load_all_task = None
        if refused:
            self.refused = True
        else:
            self.context.report_error(operation, error)
        self._update_counts()

    def load_all(self) -> None:
        if self.app_id is None or self.context.connection is None or self.load_all_task is not None:
            return
        self.model.set_paused(True)
        # Arriving rows are stored but held off the table until the end (or a scroll to the end): each
        # insert would make the table lay out and repaint while a worker competes for the GIL.
        self.model.set_holding(True)
        client, app_id, generation = self.context.client, self.app_id, self._generation
        start = self.model.loaded_count
        self._show_loading_all(True)

        def work(token: Any) -> int:
            return fetch_all(client, app_id, start, cancelled=lambda: token.cancelled, deliver=token.report)

        self.load_all_task = self.scope.run(
            LOAD_ALL_PLAYERS,
            work,
            on_progress=lambda page: self._bulk_page(generation, page),
            on_finished=lambda _count: self._bulk_done(generation),
            on_failed=lambda error: self._load_failed(generation, LOAD_ALL_PLAYERS, error),
        )

    def _bulk_page(self, generation: int, page: PlayerPage) -> None:
        if generation != self._generation:
            return
        was_empty = self.model.loaded_count == 0
        self.model.add_page(page)  # stored and held; the count label and progress bar follow it
        if was_empty:
            self.model.reveal()  # something on screen at once

    def _bulk_done(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.model.set_holding(False)
        self.context.resolve_error(LOAD_ALL_PLAYERS)
        self.load_all_task = None
        self._show_loading_all(False)
        self.model.set_paused(False)
        self._update_counts()

    def cancel_load_all(self) -> None:
        task, self.load_all_task = self.load_all_task, None
        if task is not None:
            task.cancel()
        self.model.set_holding(False)
        self._show_loading_all(False)
        self.model.set_paused(False)
        self._update_counts()

    @property
    def loading_all(self) -> bool:
        return self.load_all_task is not None

    def _show_loading_all(self, loading: bool) -> None:
        self.progress.setVisible(loading)
        self.cancel_button.setVisible(loading)
        self.load_all_button.setVisible(not loading)
        self._pin_count_label(loading)

    def _pin_count_label(self, pinned: bool) -> None:
        """While loading all, the count label has a fixed size wide enough for any count it will show.

        A label that may change size asks the window to lay out again at every new text, and the window
        then repaints the whole tab; with a worker parsing pages, each Python hook in that repaint waits
        for the GIL. A fixed-size label repaints only itself."""
        label = self.count_label
        if not pinned:
            label.setMinimumSize(0, 0)
            label.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)
            return
        model = self.model
        biggest = max(model.total_count or 0, model.loaded_count, 1)
        widest = (
            self._count_text(biggest, model.total_count, biggest, model.filter_text.strip() != "")
            + HELD_HINT,
            f"Sorting and filtering {biggest:,} players…",
        )
        width = max(self._count_label_width(text) for text in widest)
        label.setFixedSize(max(width, label.sizeHint().width()), label.sizeHint().height())

    def _count_label_width(self, text: str) -> int:
        margins = self.count_label.contentsMargins()
        return self.count_label.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right() + 4

    # --- counts, banner, empty state --------------------------------------------------------------
    @staticmethod
    def _count_text(loaded: int, total: int | None, shown: int, filtered: bool) -> str:
        if total is None:
            text = f"{loaded:,} loaded" if loaded else ""
        else:
            text = f"{loaded:,} of {total:,} players loaded"
        if filtered and loaded:
            text += f" · {shown:,} match"
        return text

    def _update_counts(self) -> None:
        model = self.model
        loaded, total, shown = model.loaded_count, model.total_count, model.rowCount()
        text = self._count_text(loaded, total, shown, model.filter_text.strip() != "")
        if self.loading_all and model.held_count:
            text += HELD_HINT
        if model.refreshing and loaded:
            text += " · refreshing…"
        elif model.fetching and loaded:
            text += " · loading more…"
        elif model.paused and loaded and not model.exhausted and not self.loading_all:
            text += " · stopped after an error (F5 reloads)"
        self.count_label.setText(text)
        if self.loading_all and self._count_label_width(text) > self.count_label.maximumWidth():
            # Longer than planned (a filter typed meanwhile adds "· N match"): one layout to widen it.
            self.count_label.setFixedWidth(self._count_label_width(text))
        if self.progress.isVisible():
            self.progress.setMaximum(max(total or 0, loaded, 1))
            self.progress.setValue(loaded)
        self.load_all_button.setEnabled(self.app_id is not None and not model.exhausted and not self.refused)
        too_big = self.refused or (total is not None and total > LIST_LIMIT)
        if too_big:
            count = f"{total:,} players" if total is not None else "more than 80,000 users"
            if self.refused:
                self.banner.setText(
                    f"OneSignal does not list the players of apps with more than {LIST_LIMIT:,} users. "
                    "Export them to a CSV file instead; it opens in a table here."
                )
            else:
                self.banner.setText(
                    f"This app has {count}. OneSignal refuses to list players for apps with more than "
                    f"{LIST_LIMIT:,} users, so this list may stop working; the CSV export shows them all."
                )
        self.banner_box.setVisible(too_big)
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self.stack.show_content()
            return
        if self.context.connection is None:
            text = self.context.not_connected_text
        elif self.app_id is None:
            text = "Choose an app above to see its players."
        elif self.refused:
            text = "This app is too big to list its players here.\nUse Export to CSV… to see them all."
        elif self.model.fetching or self.loading_all:
            text = "Loading players…"
        elif self.model.loaded_count and self.model.filter_text.strip():
            text = (
                f"No loaded player matches “{self.model.filter_text.strip()}”.\n"
                "Load all to search every player."
            )
        elif self.model.exhausted:
            text = (
                "This app has no players yet.\n"
                "Players appear when devices subscribe; New player… (Ctrl+N) adds one by hand."
            )
        else:
            text = "The players could not be loaded (see the message above). Press F5 to try again."
        self.stack.show_empty(text)

    # --- filter and sort --------------------------------------------------------------------------
    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.arrange()

    def _sort_changed(self, _column: int, _order: Qt.SortOrder) -> None:
        self.arrange()

    def arrange(self) -> None:
        """Show the loaded rows as the filter box and the sort indicator say: here for a few thousand
        rows, on a worker for big lists (the result comes back and replaces the view)."""
        header = self.table.horizontalHeader()
        text, column = self.filter_edit.text(), header.sortIndicatorSection()
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        model = self.model
        self._arrange_request += 1
        self._arranging = False
        if model.loaded_count <= ARRANGE_ON_WORKER_ROWS:
            model.arrange(text, column, descending)
            self._reselect()
            return
        plan = model.plan_view(text, column, descending)
        request, generation = self._arrange_request, self._generation
        self._arranging = True
        self.count_label.setText(f"Sorting and filtering {len(plan.rows):,} players…")

        def ready(result: Any) -> None:
            if request == self._arrange_request and generation == self._generation:
                self._arranging = False
                model.apply_view(plan, result)
                self._reselect()

        def failed(error: BaseException) -> None:
            if request == self._arrange_request:
                self._arranging = False
                self.context.report_error(ARRANGE_PLAYERS, error)

        self.scope.run(ARRANGE_PLAYERS, lambda token: plan.compute(), on_finished=ready, on_failed=failed)

    @property
    def arranging(self) -> bool:
        """True while a sort or filter of a big list is computed on a worker."""
        return self._arranging

    def sort_by(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.table.horizontalHeader().setSortIndicator(column, order)

    def _reselect(self) -> None:
        player_id = self.details.player_id
        row = self.model.view_row_of(player_id) if player_id else -1
        if row >= 0:
            self.table.scrollTo(self.model.index(row, 0))

    # --- selection and actions --------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.setCurrentIndex(index)

    def select_player(self, player_id: str) -> bool:
        row = self.model.view_row_of(player_id)
        if row >= 0:
            self.select_row(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def selected_player_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.player_id_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        player_id = self.selected_player_id()
        if player_id != self.details.player_id or player_id is None:
            self.details.load(self.app_id, player_id)

    def player_created(self, player: Any) -> None:
        self.model.add_created(row_from_player(player))
        self.select_player(player.id)
        self.details.show_player(player)

    def delete_selected(self) -> None:
        player_id = self.selected_player_id() or self.details.player_id
        if player_id is None or self.app_id is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete player",
            f"Delete player {player_id}?\n\nIt stops receiving notifications; this cannot be undone.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton("Delete player", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._delete_confirmed(player_id) if button is delete else None
        )
        box.open()
        self.last_dialog = box

    def _delete_confirmed(self, player_id: str) -> None:
        client, app_id = self.context.client, self.app_id
        assert app_id is not None
        self.scope.run(
            DELETE_PLAYER,
            lambda token: client.delete_player(app_id, player_id),
            on_finished=lambda _result: self._deleted(player_id),
            on_failed=lambda error: self.context.report_error(DELETE_PLAYER, error),
        )

    def _deleted(self, player_id: str) -> None:
        self.context.resolve_error(DELETE_PLAYER)
        row = max(0, self.model.view_row_of(player_id))
        self.model.remove_player(player_id)
        if self.model.rowCount() > 0:
            self.select_row(min(row, self.model.rowCount() - 1))
        else:
            self.details.load(None, None)
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(f"Deleted player {player_id}", 4000)
