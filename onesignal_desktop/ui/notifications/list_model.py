"""The notifications table: rows loaded page by page as the view scrolls, merged in place on refresh.

The model never talks to the network. It asks for pages through ``fetch_requested(offset)`` (the tab runs
the call on the bridge) and takes finished :class:`NotificationPage` objects, whose rows were built on the
worker. A refresh replaces only the rows whose shown values changed (``dataChanged``) and inserts new
notifications where they belong, so selection and scroll position stay put. The cells are held by Qt
(a QStandardItemModel), so painting the table never calls into Python.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from onesignal_desktop.api.resources.notifications import MAX_NOTIFICATIONS_PAGE
from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.common.slices import SlicedWork, deadline_after
from onesignal_desktop.ui.notifications.status import STATUS_EXPLANATIONS, NotificationRow, Status, row_from

if TYPE_CHECKING:
    from onesignal_desktop.api import OneSignalClient

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = MAX_NOTIFICATIONS_PAGE
COLUMNS = (
    "Notification",
    "Channel",
    "Status",
    "Delivered",
    "Recipients",
    "Sent / scheduled",
    "Delivery rate",
    "CTR",
)
(
    HEADING_COLUMN,
    CHANNEL_COLUMN,
    STATUS_COLUMN,
    PROGRESS_COLUMN,
    RECIPIENTS_COLUMN,
    WHEN_COLUMN,
    DELIVERY_RATE_COLUMN,
    CTR_COLUMN,
) = range(8)
_NUMERIC_COLUMNS = (RECIPIENTS_COLUMN, DELIVERY_RATE_COLUMN, CTR_COLUMN)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: (successful, total, text) for the progress bar delegate.
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2
#: What a click on the column's header sorts by: numbers for numbers (a rate of "9.5%" sorts below "10%").
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ROW = int(Qt.ItemDataRole.UserRole.value) + 1
_PROGRESS = int(Qt.ItemDataRole.UserRole.value) + 2
_SORT = int(Qt.ItemDataRole.UserRole.value) + 3
# Read-only cells: a double click opens the report, it must not start an editor.
_CELL_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_RIGHT_ALIGNED = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(frozen=True)
class NotificationPage:
    offset: int
    rows: tuple[NotificationRow, ...]
    total_count: int | None


def fetch_page(
    client: OneSignalClient, app_id: str, kind: int | None, offset: int, token: CancelToken | None = None
) -> NotificationPage:
    """One page of rows (runs on a worker: the HTTP call, the parse and the row building)."""
    if token is not None:
        token.check()
    page = client.get_notifications(app_id, PAGE_SIZE, offset, kind)
    rows = []
    for item in page.notifications:
        if item.id:
            rows.append(row_from(item))
            # Hand the GIL over between rows, so the UI thread never waits a whole switch interval.
            time.sleep(0)
    return NotificationPage(offset, tuple(rows), page.total_count)


def fetch_pages(
    client: OneSignalClient, app_id: str, kind: int | None, offsets: Iterable[int], token: CancelToken
) -> list[NotificationPage]:
    return [fetch_page(client, app_id, kind, offset, token) for offset in sorted(set(offsets))]


class NotificationsModel(QStandardItemModel):
    """Rows of one app and kind, newest first, as the server orders them.

    The cells live in Qt's own item model (C++), not behind a Python ``data()``: a repaint of the table
    asks for ~1,000 cell values, and each call into Python must take the GIL, which a worker thread
    parsing a page may hold; measured, those calls were what stretched a 5 ms repaint to 15-20 ms while
    the list refreshed itself. The Python side keeps the :class:`NotificationRow` list and writes the
    cells only when a row arrives or changes.

    Signals: ``fetch_requested(offset)`` when the view wants the next page; ``total_changed(int)`` when
    the server's ``total_count`` changes.
    """

    fetch_requested = Signal(int)
    total_changed = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self._rows: list[NotificationRow] = []
        self._row_of: dict[str, int] = {}
        #: Rows changed by a refresh whose cells are not written yet: id -> the row the cells show.
        self._unwritten: dict[str, NotificationRow] = {}
        self._cell_writer = SlicedWork(self._write_changed_cells, parent=self)
        self.total_count = 0
        self.fetching = False
        self.fetch_blocked = False  # after a failed page: no more automatic fetches until a reload

    # --- reading ----------------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[NotificationRow]:
        return tuple(self._rows)

    def row_at(self, row: int) -> NotificationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, notification_id: str) -> int:
        return self._row_of.get(notification_id, -1)

    def find(self, notification_id: str) -> NotificationRow | None:
        return self.row_at(self.row_of(notification_id))

    # --- paging -----------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        if parent.isValid() or self.fetching or self.fetch_blocked:
            return False
        return len(self._rows) < self.total_count

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.fetch_requested.emit(len(self._rows))

    # --- changing ---------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every row (the columns and their widths stay)."""
        self._rows = []
        self._row_of = {}
        self._unwritten.clear()
        self._cell_writer.stop()
        self.fetching = False
        self.fetch_blocked = False
        self.removeRows(0, self.rowCount())
        self._set_total(0)

    def add_page(self, page: NotificationPage) -> int:
        """Append a page fetched by offset; rows already shown (the list moved under us) are skipped.
        Returns how many rows were added."""
        self.fetching = False
        fresh = [row for row in page.rows if row.id not in self._row_of]
        # Rows we already have may have changed too.
        self._update_known(row for row in page.rows if row.id in self._row_of)
        if fresh:
            self._insert(len(self._rows), fresh)
        if page.total_count is not None:
            # A short page means the server has no more, whatever total it claims.
            total = page.total_count if len(page.rows) >= PAGE_SIZE or not page.rows else len(self._rows)
            self._set_total(max(total, len(self._rows)))
        return len(fresh)

    def fetch_failed(self) -> None:
        self.fetching = False
        self.fetch_blocked = True

    def merge(self, pages: Sequence[NotificationPage]) -> bool:
        """Take refreshed pages: changed rows in place, new notifications inserted where they belong.
        Returns True if anything the list shows changed."""
        changed = False
        for page in sorted(pages, key=lambda p: p.offset):
            changed |= self._update_known(row for row in page.rows if row.id in self._row_of)
            changed |= self._insert_new(page)
            if page.offset == 0 and page.total_count is not None:
                total = max(page.total_count, len(self._rows))
                changed |= total != self.total_count
                self._set_total(total)
        return changed

    def replace_row(self, row: NotificationRow) -> bool:
        return self._update_known([row])

    def _update_known(self, rows: Iterable[NotificationRow]) -> bool:
        """Take fresher copies of known rows: the Python rows at once, their cells in slices."""
        changed = False
        for row in rows:
            position = self._row_of[row.id]
            old = self._rows[position]
            if row != old:
                self._rows[position] = row
                # The oldest shown copy stays the one to compare with until its cells are written.
                self._unwritten.setdefault(row.id, old)
                changed = True
            # An equal row keeps the old object: the fresh copy dies young instead of joining the
            # long-lived heap, whose full garbage collections are what a user would feel as a stall.
        if changed:
            # Writing a refresh's ~150 changed rows is ~1,200 setData calls (10-30 ms): the first slice
            # now, the rest on the next turns of the event loop, so a refresh never holds a frame.
            self._cell_writer.run_now()
        return changed

    @property
    def cells_pending(self) -> bool:
        """True while refreshed rows still wait for their cells to be written (a few turns at most)."""
        return bool(self._unwritten)

    def _write_changed_cells(self, budget_ms: float) -> bool:
        deadline = deadline_after(budget_ms)
        written: list[int] = []
        with QSignalBlocker(self):  # one dataChanged per run of rows below, not one per cell
            while self._unwritten and time.perf_counter() < deadline:
                notification_id, old = next(iter(self._unwritten.items()))
                del self._unwritten[notification_id]
                position = self._row_of.get(notification_id)
                if position is None:
                    continue  # gone since (a reload)
                self._write_cells(position, self._rows[position], old)
                written.append(position)
        for first, last in _ranges(sorted(written)):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        return not self._unwritten

    def _insert_new(self, page: NotificationPage) -> bool:
        # Rows of a page are in server order; a new one goes right after the known row before it.
        anchor: int | None = 0 if page.offset == 0 else None
        inserted = False
        for row in page.rows:
            known = self._row_of.get(row.id)
            if known is not None:
                anchor = known + 1
                continue
            if anchor is None:
                continue  # before any row we know on a deeper page: the next refresh places it
            self._insert(anchor, [row])
            anchor += 1
            inserted = True
        return inserted

    def _insert(self, first: int, rows: list[NotificationRow]) -> None:
        """Insert rows at ``first``: the Python rows first (a text filter reads them when told of the
        insert), then empty Qt rows, then their cells with one dataChanged."""
        self._rows[first:first] = rows
        self._reindex(first)
        self.insertRows(first, len(rows))
        with QSignalBlocker(self):
            for position, row in enumerate(rows, start=first):
                self._write_cells(position, row)
        self.dataChanged.emit(self.index(first, 0), self.index(first + len(rows) - 1, len(COLUMNS) - 1))

    def _write_cells(self, position: int, row: NotificationRow, old: NotificationRow | None = None) -> None:
        """Write the cells of ``row`` at ``position``: new items, or (given the ``old`` row) only the
        values that differ; a refresh changes a few counters of ~50 rows and this runs on the UI thread."""
        for column in range(len(COLUMNS)):
            if old is None:
                item = QStandardItem()
                item.setFlags(_CELL_FLAGS)
                if column in _NUMERIC_COLUMNS:
                    item.setData(_RIGHT_ALIGNED, _ALIGNMENT)
                self.setItem(position, column, item)
            else:
                item = self.item(position, column)
            text = cell_text(row, column)
            if old is None or text != cell_text(old, column):
                item.setData(text, _DISPLAY)
            tooltip = cell_tooltip(row, column)
            if old is None or tooltip != cell_tooltip(old, column):
                item.setData(tooltip, _TOOLTIP)
            key = sort_key(row, column)
            if old is None or key != sort_key(old, column):
                item.setData(key, _SORT)
            if column == HEADING_COLUMN:
                item.setData(row, _ROW)  # read from the first column only (row_at, the report)
            elif column == PROGRESS_COLUMN:
                item.setData((row.successful, row.total, row.progress_text), _PROGRESS)

    def _reindex(self, start: int) -> None:
        for position in range(start, len(self._rows)):
            self._row_of[self._rows[position].id] = position

    def _set_total(self, total: int) -> None:
        if total != self.total_count:
            self.total_count = total
            self.total_changed.emit(total)


def cell_text(row: NotificationRow, column: int) -> str:
    if column == HEADING_COLUMN:
        return row.heading
    if column == CHANNEL_COLUMN:
        return row.channel
    if column == STATUS_COLUMN:
        return row.status.value
    if column == PROGRESS_COLUMN:
        return row.progress_text
    if column == RECIPIENTS_COLUMN:
        return f"{row.recipients:,}"
    if column == DELIVERY_RATE_COLUMN:
        return _percent(row.delivery_rate)
    if column == CTR_COLUMN:
        return _percent(row.click_through_rate)
    return row.when_text


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.1%}"


def sort_key(row: NotificationRow, column: int) -> float | str:
    """What the column sorts by: a number for counts, rates and times (no rate sorts below every rate)."""
    if column == PROGRESS_COLUMN:
        return row.delivered_share
    if column == RECIPIENTS_COLUMN:
        return float(row.recipients)
    if column == DELIVERY_RATE_COLUMN:
        return -1.0 if row.delivery_rate is None else row.delivery_rate
    if column == CTR_COLUMN:
        return -1.0 if row.click_through_rate is None else row.click_through_rate
    if column == WHEN_COLUMN:
        return row.when_epoch or 0.0
    return cell_text(row, column).casefold()


def cell_tooltip(row: NotificationRow, column: int) -> str | None:
    if column == STATUS_COLUMN:
        return STATUS_EXPLANATIONS[row.status]
    if column == PROGRESS_COLUMN:
        if row.status is Status.CANCELED:
            return f"{row.successful:,} delivered before it was canceled"
        return f"{row.successful:,} delivered of {row.total:,}"
    if column == HEADING_COLUMN:
        name = " ".join(str(row.notification.name or "").split())
        named = f"\nName: {name}" if name else ""
        return f"{row.heading}{named}\nTo: {row.audience}\nId: {row.id}"
    if column == WHEN_COLUMN:
        kind = "Sent at" if row.when_words == "sent" else row.when_words.capitalize()
        never = " — canceled, never sent" if row.never_sent else ""
        return f"{kind} {row.when_text} (your local time){never}"
    if column == DELIVERY_RATE_COLUMN:
        attempted = row.successful + row.failed + row.errored
        if not attempted:
            return "Nothing sent yet"
        return (
            f"{row.successful:,} of {attempted:,} sends succeeded ({row.failed:,} failed, "
            f"{row.errored:,} errored); {row.received:,} confirmed received by the device"
        )
    if column == CTR_COLUMN:
        if not row.successful:
            return "Click-through rate: nothing delivered yet"
        return f"Click-through rate: {row.converted:,} clicked of {row.successful:,} delivered"
    return None


def _ranges(positions: Sequence[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for position in positions:
        if ranges and position == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], position)
        else:
            ranges.append((position, position))
    return ranges


class NotificationsFilter(QSortFilterProxyModel):
    """Filters the loaded rows by text (heading, contents, id, status, channel, audience).

    While a text filter is on, scrolling does not load more pages: the filter is about what is loaded.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._channel: str | None = None
        self.setSortRole(SORT_ROLE)
        # Without a filter every row passes: re-checking 500 changed rows on each refresh would only
        # cost UI-thread calls into Python.
        self.setDynamicSortFilter(False)

    @property
    def text(self) -> str:
        return self._needle

    def set_text(self, text: str) -> None:
        needle = " ".join(text.split()).casefold()
        if needle != self._needle:
            self._refilter(lambda: setattr(self, "_needle", needle))

    @property
    def channel(self) -> str | None:
        return self._channel

    def set_channel(self, channel: str | None) -> None:
        """Show only rows of this channel label ("Push", "Email", "SMS"); ``None``: every channel."""
        if channel != self._channel:
            self._refilter(lambda: setattr(self, "_channel", channel))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Make ``change`` to what the filter asks and filter the rows again. Qt before 6.10 (PySide6 6.8,
        the lowest the metadata allows) has no endFilterChange(Direction): it re-filters afterwards."""
        if not hasattr(QSortFilterProxyModel, "Direction"):
            change()
            self.setDynamicSortFilter(self.is_filtering)
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        change()
        self.setDynamicSortFilter(self.is_filtering)  # a changed row may start or stop matching
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtering(self) -> bool:
        return bool(self._needle) or self._channel is not None

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.is_filtering:
            return True
        source = self.sourceModel()
        row = source.row_at(source_row) if isinstance(source, NotificationsModel) else None
        if row is None:
            return False
        if self._channel is not None and row.channel != self._channel:
            return False
        return all(word in row.search_text for word in self._needle.split())

    def canFetchMore(self, parent: Index) -> bool:
        # A filter is about what is loaded: scrolling a short filtered list must not load every page.
        return not self.is_filtering and super().canFetchMore(parent)

    def row_at(self, proxy_row: int) -> NotificationRow | None:
        value = self.index(proxy_row, 0).data(ROW_ROLE)
        return value if isinstance(value, NotificationRow) else None
