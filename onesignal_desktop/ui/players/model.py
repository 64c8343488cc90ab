"""The players table model: loaded rows (compact tuples), pages on demand, sort and filter on the data.

The model never calls the network: ``fetchMore`` emits ``fetch_requested(offset)`` and the tab runs the
call through the bridge, handing the finished :class:`PlayerPage` back with :meth:`add_page`. Sorting and
filtering build a list of row positions (``_view``) over the rows in arrival order; no proxy model.

Bulk loading ("Load all") holds arriving rows: they are stored as pages come but the view does not see them
until :meth:`reveal` (or the view scrolls to the end: ``fetchMore``). Every insert the view sees makes the
table lay out and repaint, and while a worker thread parses pages each Python call from Qt waits for the
GIL, so a repaint then costs several times its idle price; holding keeps the table still while loading.
Stored rows are ``_rows``; the first ``_exposed`` of them are the ones the view may show.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon

from onesignal_desktop.ui.common import humanize
from onesignal_desktop.ui.players.rows import (
    COLUMNS,
    DEVICE,
    ID,
    NUMERIC_FIELDS,
    TAGS,
    TIME_FIELDS,
    PlayerPage,
    Row,
    ViewPlan,
    device_icon_name,
    display_text,
    filter_words,
    matching_positions,
    ordered_view,
    search_text,
    sort_key,
)

Index = QModelIndex | QPersistentModelIndex
PLAYER_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES_ANSWERED = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _ALIGNMENT, PLAYER_ID_ROLE})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_FIELDS = tuple(field for _header, field in COLUMNS)


class PlayersModel(QAbstractTableModel):
    """Signals: ``fetch_requested(offset)`` when the view wants the next page; ``counts_changed()`` when
    the loaded, shown or total counts moved."""

    fetch_requested = Signal(int)
    counts_changed = Signal()

    def __init__(self, parent: Any = None, icon_for: Callable[[str], QIcon] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._positions: dict[str, int] = {}  # player id -> position in _rows
        # Rows at positions from here on are stored but held back from the view (see the module doc).
        self._exposed = 0
        self._holding = False
        self._view: list[int] | None = None  # None: every row, in arrival order
        self._total: int | None = None
        self._exhausted = False
        self._fetching = False
        self._paused = False  # no page-by-page fetching (bulk load running, or a failure to retry)
        self._refreshing = False  # the first page is fetched again; the loaded rows stay until it comes
        self._sort_field: int | None = None
        self._descending = False
        self._filter_text = ""
        self._words: list[str] = []
        # Lowercased search text per row, kept only while a filter is on (built once, then per new row).
        self._haystacks: list[str] | None = None
        self._removals = 0  # positions shift when a row goes: a view computed before is stale
        self._icon_for = icon_for
        self._icons: dict[str, QIcon] = {}

    # --- counts -----------------------------------------------------------------------------------
    @property
    def loaded_count(self) -> int:
        return len(self._rows)

    @property
    def held_count(self) -> int:
        """Rows stored but not yet shown (bulk loading holds them until :meth:`reveal`)."""
        return len(self._rows) - self._exposed

    @property
    def holding(self) -> bool:
        return self._holding

    @property
    def total_count(self) -> int | None:
        return self._total

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    @property
    def fetching(self) -> bool:
        return self._fetching

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def refreshing(self) -> bool:
        return self._refreshing

    @property
    def filter_text(self) -> str:
        return self._filter_text

    # --- Qt model ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid():
            return 0
        return self._exposed if self._view is None else len(self._view)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        # Called thousands of times per repaint: plain int roles, no enum arithmetic, unknown roles first.
        if role not in _ROLES_ANSWERED:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        field = _FIELDS[index.column()]
        if role == _DISPLAY:
            return display_text(row, field)
        if role == _DECORATION:
            return self._icon(device_icon_name(row[DEVICE])) if field == DEVICE else None
        if role == _ALIGNMENT:
            return _RIGHT if field in NUMERIC_FIELDS else None
        if role == _TOOLTIP:
            if field == DEVICE:
                return humanize.raw_device_type(row[DEVICE]) or None
            if field in TIME_FIELDS:
                return humanize.raw_time(row[field]) or None
            return str(row[field]) or None if field in (TAGS, ID) else None
        return row[ID]  # PLAYER_ID_ROLE

    def _icon(self, name: str) -> QIcon | None:
        if self._icon_for is None:
            return None
        if name not in self._icons:
            self._icons[name] = self._icon_for(name)
        return self._icons[name]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        # Held rows count as "more": the view asks when scrolled to the end, and gets them with no network.
        return self.held_count > 0 or not (self._exhausted or self._fetching or self._paused)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        if self.held_count:
            self.reveal()
        elif self.canFetchMore(parent):
            self._fetching = True
            self.fetch_requested.emit(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.arrange(self._filter_text, column, order == Qt.SortOrder.DescendingOrder)

    # --- rows -------------------------------------------------------------------------------------
    def row_at(self, view_row: int) -> Row | None:
        if self._view is not None:
            if not 0 <= view_row < len(self._view):
                return None
            return self._rows[self._view[view_row]]
        return self._rows[view_row] if 0 <= view_row < self._exposed else None

    def player_id_at(self, view_row: int) -> str | None:
        row = self.row_at(view_row)
        return str(row[ID]) if row is not None else None

    def view_row_of(self, player_id: str | None) -> int:
        position = self._positions.get(player_id or "", -1)
        if position < 0 or position >= self._exposed:
            return -1  # not loaded, or held
        if self._view is None:
            return position
        try:
            return self._view.index(position)
        except ValueError:
            return -1

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._positions = {}
        self._exposed = 0
        self._holding = False  # a new list (app switch, reload) shows its rows as they come
        self._view = None if self._sort_field is None and not self._words else []
        self._haystacks = [] if self._words else None  # a new app: built again when next filtered
        self._total = None
        self._exhausted = False
        self._fetching = False
        self._paused = False
        self._refreshing = False
        self.endResetModel()
        self.counts_changed.emit()

    def begin_refresh(self) -> None:
        """The first page is being fetched again: the loaded rows stay on screen until it arrives
        (:meth:`add_page` with offset 0 then replaces them) and stay for good when it fails."""
        self._refreshing = True
        self._fetching = True
        self.counts_changed.emit()

    def set_paused(self, paused: bool) -> None:
        """Bulk loading (or a failed page) stops page-by-page fetching until unpaused."""
        self._paused = paused
        if paused:
            self._fetching = False

    def set_holding(self, holding: bool) -> None:
        """While holding, :meth:`add_page` stores rows without showing them; leaving reveals them all."""
        self._holding = holding
        if not holding:
            self.reveal()

    def reveal(self) -> int:
        """Show every held row at once (one insert, or one layout change for a sorted view); returns how
        many rows were held."""
        held = self.held_count
        if held:
            self._expose_held()
            self.counts_changed.emit()
        return held

    def fetch_failed(self) -> None:
        self._refreshing = False
        self._fetching = False
        self._paused = True  # no retry storm while scrolling; refresh or "Load more" resumes

    def add_page(self, page: PlayerPage) -> int:
        """Add a page that starts at or before where the loaded rows end (players already loaded are
        skipped, so a page overlapping a bulk load is harmless); returns the rows added. A page that
        would leave a gap is dropped. While refreshing, the first page replaces the loaded rows. While
        holding, the rows are stored but not shown (see :meth:`reveal`)."""
        if self._refreshing and page.offset == 0:
            self.clear()
        self._fetching = False
        if page.offset > len(self._rows):
            return 0
        fresh = [row for row in page.rows if row[ID] not in self._positions]
        if page.total is not None:
            self._total = page.total
        if not page.rows or (self._total is not None and page.offset + len(page.rows) >= self._total):
            self._exhausted = True
        if fresh:
            self._store(fresh)
            if not self._holding:
                self._expose_held()
        self.counts_changed.emit()
        return len(fresh)

    def _expose_held(self) -> None:
        """Let the view see the stored rows it does not see yet (all of them, in arrival order)."""
        start, end = self._exposed, len(self._rows)
        if start >= end:
            return
        if self._view is None:
            self.beginInsertRows(QModelIndex(), start, end - 1)
            self._exposed = end
            self.endInsertRows()
            return
        self._exposed = end
        visible = self._matching(range(start, end))
        if not visible:
            return
        if self._sort_field is None:
            first = len(self._view)
            self.beginInsertRows(QModelIndex(), first, first + len(visible) - 1)
            self._view.extend(visible)
            self.endInsertRows()
            return
        # Sorted: each new row goes to its place; the view keeps its selection by player id.
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.player_id_at(index.row()) for index in old]
        self._insert_sorted(self._view, visible)
        self._restore_persistent(old, old_ids)
        self.layoutChanged.emit()

    def _insert_sorted(self, order: list[int], positions: list[int]) -> None:
        """Put ``positions`` (ascending, all after those in ``order``) into the sorted ``order`` where a
        stable sort from scratch would put them."""
        if len(positions) * max(1, len(order).bit_length()) < len(order):
            key = self._position_key()  # a few rows: a binary search each
            for position in positions:
                bisect.insort(order, position, key=key)
            return
        # Many rows: one stable sort (nearly sorted input, so close to linear); ties keep arrival order,
        # as in ordered_view, because the new positions come after the old ones.
        assert self._sort_field is not None
        row_key, rows = sort_key(self._sort_field), self._rows
        order.extend(positions)
        order.sort(key=lambda position: row_key(rows[position]), reverse=self._descending)

    def _store(self, fresh: list[Row]) -> None:
        start = len(self._rows)
        self._rows.extend(fresh)
        for offset, row in enumerate(fresh):
            self._positions[row[ID]] = start + offset
        if self._haystacks is not None:
            self._haystacks.extend(search_text(row) for row in fresh)

    def replace_row(self, row: Row) -> bool:
        """Show a changed player (after an edit) where it is; False when it is not loaded."""
        position = self._positions.get(row[ID], -1)
        if position < 0:
            return False
        self._rows[position] = row
        if self._haystacks is not None:
            self._haystacks[position] = search_text(row)
        view_row = self.view_row_of(row[ID])
        if view_row >= 0:
            self.dataChanged.emit(self.index(view_row, 0), self.index(view_row, len(COLUMNS) - 1))
        return True

    def add_created(self, row: Row) -> None:
        """A player created here: shown at the end of the loaded rows, counted in the total."""
        if row[ID] in self._positions:
            self.replace_row(row)
            return
        if self._total is not None:
            self._total += 1
        self._store([row])
        self._expose_held()  # the new player must show (to be selected), so held rows show with it
        self.counts_changed.emit()

    def remove_player(self, player_id: str) -> bool:
        position = self._positions.get(player_id, -1)
        if position < 0:
            return False
        self.beginResetModel()
        self._removals += 1
        if position < self._exposed:
            self._exposed -= 1
        del self._rows[position]
        if self._haystacks is not None:
            del self._haystacks[position]
        self._positions = {row[ID]: index for index, row in enumerate(self._rows)}
        if self._total is not None:
            self._total = max(0, self._total - 1)
        self._view = self._compute_view()
        self.endResetModel()
        self.counts_changed.emit()
        return True

    # --- sort and filter --------------------------------------------------------------------------
    def set_filter_text(self, text: str) -> None:
        column = self.column_of(self._sort_field)
        self.arrange(text, column, self._descending)

    def column_of(self, field: int | None) -> int:
        return next((number for number, (_name, f) in enumerate(COLUMNS) if f == field), -1)

    def arrange(self, text: str, column: int, descending: bool) -> None:
        """Filter by ``text`` and sort by ``column`` (-1: arrival order) here, on the calling thread. A new
        sort or filter covers every loaded row: held rows are shown by it."""
        words = filter_words(text)
        if words and self._haystacks is None:
            self._haystacks = [search_text(row) for row in self._rows]
        field = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        unchanged = words == self._words and field == self._sort_field and descending == self._descending
        self._filter_text = text
        if unchanged:
            return
        self._words, self._sort_field, self._descending = words, field, descending
        self._rebuild_view()

    def plan_view(self, text: str, column: int, descending: bool) -> ViewPlan:
        """What :meth:`arrange` would do, packed for a worker (big lists); give the result to
        :meth:`apply_view`. The plan covers every stored row, held ones too: applying it shows them."""
        field = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        haystacks = list(self._haystacks) if self._haystacks is not None else None
        rows = list(self._rows)
        return ViewPlan(text, filter_words(text), field, descending, rows, haystacks, self._removals)

    def apply_view(self, plan: ViewPlan, result: tuple[list[int] | None, list[str] | None]) -> None:
        """Show a view computed by ``plan.compute()``; rows that arrived since join it here."""
        order, haystacks = result
        if haystacks is not None:
            self.set_search_index(haystacks)
        if plan.removals != self._removals or len(plan.rows) > len(self._rows):
            column = self.column_of(plan.sort_field)
            self.arrange(plan.text, column, plan.descending)  # positions moved meanwhile: redo it here
            return
        self._filter_text, self._words = plan.text, plan.words
        self._sort_field, self._descending = plan.sort_field, plan.descending
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.player_id_at(index.row()) for index in old]
        self._exposed = max(self._exposed, len(plan.rows))
        if order is not None:
            later = self._matching(range(len(plan.rows), self._exposed))  # shown while it was computed
            if self._sort_field is None:
                order.extend(later)
            elif later:
                self._insert_sorted(order, later)
        self._view = order
        self._restore_persistent(old, old_ids)
        self.layoutChanged.emit()
        self.counts_changed.emit()

    @property
    def has_search_index(self) -> bool:
        return self._haystacks is not None

    def set_search_index(self, haystacks: list[str]) -> None:
        """Search texts built elsewhere (a worker) for the first ``len(haystacks)`` rows; rows added since
        get theirs here."""
        if self._haystacks is not None or len(haystacks) > len(self._rows):
            return
        haystacks.extend(search_text(row) for row in self._rows[len(haystacks) :])
        self._haystacks = haystacks

    @property
    def sort_field(self) -> int | None:
        return self._sort_field

    def _position_key(self) -> Callable[[int], Any]:
        assert self._sort_field is not None
        row_key = sort_key(self._sort_field)
        rows = self._rows
        if self._descending:
            # bisect needs ascending keys: for descending order, negate numbers / invert strings.
            if self._sort_field in NUMERIC_FIELDS:
                return lambda position: -row_key(rows[position])
            return lambda position: _Reversed(row_key(rows[position]))
        return lambda position: row_key(rows[position])

    def _compute_view(self) -> list[int] | None:
        return ordered_view(
            self._rows, self._haystacks, self._words, self._sort_field, self._descending, self._exposed
        )

    def _matching(self, positions: Iterable[int]) -> list[int]:
        return matching_positions(positions, self._words, self._haystacks)

    def _restore_persistent(self, old: list[QModelIndex], old_ids: list[str | None]) -> None:
        for index, player_id in zip(old, old_ids, strict=True):
            new_row = self.view_row_of(player_id)
            self.changePersistentIndex(
                index, self.index(new_row, index.column()) if new_row >= 0 else QModelIndex()
            )

    def _rebuild_view(self) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self.player_id_at(index.row()) for index in old]
        self._exposed = len(self._rows)
        self._view = self._compute_view()
        self._restore_persistent(old, old_ids)
        self.layoutChanged.emit()
        self.counts_changed.emit()


class _Reversed:
    """Orders strings backwards (descending bisect insertion)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return bool(self.value > other.value)
