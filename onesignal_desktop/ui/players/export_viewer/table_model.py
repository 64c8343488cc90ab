"""The Qt table model over an indexed export: rows are read on demand, sorting and filtering run on workers.

Sort and filter never go through QSortFilterProxyModel (which would call ``data`` millions of times on the
UI thread); they build an ``array('I')`` of row numbers on a worker and swap it in.
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from onesignal_desktop.ui.players.export_viewer import pyside_refcounts  # noqa: F401 - before any signal is used
from onesignal_desktop.ui.players.export_viewer.csv_index import RowIndex, RowReader
from onesignal_desktop.ui.players.export_viewer.workers import ViewJob

AnyIndex = QModelIndex | QPersistentModelIndex
#: Columns OneSignal exports as numbers: shown right-aligned.
NUMERIC_COLUMNS = frozenset(
    {"session_count", "timezone", "device_os", "device_type", "playtime", "amount_spent", "badge_count"}
)
#: Device type codes of the players API, shown in the cell's tooltip.
DEVICE_TYPES = {
    "0": "iOS",
    "1": "Android",
    "2": "Amazon",
    "3": "Windows Phone",
    "4": "Chrome App",
    "5": "Chrome Web Push",
    "6": "Windows",
    "7": "Safari",
    "8": "Firefox",
    "9": "macOS",
    "10": "Alexa",
    "11": "Email",
    "13": "Huawei",
    "14": "SMS",
}
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole.value)
ALIGN_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
ALIGN_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
DISPLAY_LIMIT = 200
PREFETCH_BEFORE = 16
PREFETCH_AFTER = 48


class ExportTableModel(QAbstractTableModel):
    """Rows of an export file. ``rowCount`` grows while indexing; sort/filter show a row-number array."""

    busy_changed = Signal(str)  # what the model is working on; "" when idle
    progress = Signal(int)  # per mille of the current sort/filter
    view_changed = Signal()
    problem = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        self._index: RowIndex | None = None
        self._reader: RowReader | None = None
        self._plain_path: Path | None = None
        self._offsets_path: Path | None = None
        self._work_dir: Path | None = None
        self._available = 0
        self._view: array[int] | None = None  # shown rows, when sorted or filtered
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._filter_text = ""
        self._permutation_path: str | None = None  # the current sort order, reused when the filter changes
        self._view_rows = 0  # how many indexed rows the current view covers
        self._worker: ViewJob | None = None
        self._retiring: list[ViewJob] = []  # finished or cancelled jobs whose child may still be exiting
        # (column, order, filter, rows) being built, and the one shown: repeated requests are ignored.
        self._pending: tuple[int, Qt.SortOrder, str, int] | None = None
        self._shown: tuple[int, Qt.SortOrder, str, int] | None = None
        self._numeric = [False]

    # --- the file ---------------------------------------------------------------------------------------
    def attach(
        self, header: list[str], index: RowIndex, plain_path: Path, offsets_path: Path, work_dir: Path
    ) -> None:
        """Shows a new file (header known, rows still being indexed).

        ``offsets_path`` holds the index as the indexing job writes it; sort and filter jobs read it there and
        leave their arrays in ``work_dir``.
        """
        self.beginResetModel()
        self._stop_worker(wait=True)
        if self._reader is not None:
            self._reader.close()
        self._header = list(header)
        self._numeric = [name in NUMERIC_COLUMNS for name in self._header]
        self._index = index
        self._plain_path = plain_path
        self._offsets_path = offsets_path
        self._work_dir = work_dir
        self._reader = RowReader(plain_path, index)
        self._available = 0
        self._reset_view_state()
        self.endResetModel()
        self.view_changed.emit()

    def detach(self) -> None:
        """Forgets the file (stops any worker, closes the reader)."""
        self.beginResetModel()
        self._stop_worker(wait=True)
        if self._reader is not None:
            self._reader.close()
        self._reader = None
        self._index = None
        self._plain_path = None
        self._header = []
        self._available = 0
        self._reset_view_state()
        self.endResetModel()
        self.view_changed.emit()

    def _reset_view_state(self) -> None:
        self._view = None
        self._permutation_path = None
        self._sort_column = -1
        self._filter_text = ""
        self._view_rows = 0
        self._pending = None
        self._shown = None

    def set_available_rows(self, rows: int) -> None:
        """More rows are indexed: they appear at once unless a sort or filter is shown."""
        if rows <= self._available:
            return
        previous = self._available
        self._available = rows
        if self._view is None:
            self.beginInsertRows(QModelIndex(), previous, rows - 1)
            self.endInsertRows()
        self.view_changed.emit()

    @property
    def indexed_rows(self) -> int:
        return self._available

    @property
    def header(self) -> list[str]:
        return list(self._header)

    @property
    def view_is_complete(self) -> bool:
        """False when a sort or filter was built before the last rows were indexed."""
        return self._view is None or self._view_rows >= self._available

    @property
    def busy(self) -> bool:
        return self._worker is not None

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def memory_bytes(self) -> tuple[int, int]:
        """Bytes held per file, not counting the small row cache: (the index, the sorted/filtered view)."""
        index = self._index.nbytes() if self._index is not None else 0
        return index, sys.getsizeof(self._view) if self._view is not None else 0

    def source_row(self, row: int) -> int:
        return self._view[row] if self._view is not None else row

    def row_values(self, row: int) -> list[str]:
        """The fields of a shown row (as the file has them)."""
        if self._reader is None:
            return []
        return self._reader.row(self.source_row(row))

    # --- Qt model interface ---------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid():
            return 0
        return len(self._view) if self._view is not None else self._available

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header[section] if 0 <= section < len(self._header) else None
        return f"{self.source_row(section) + 1:,}" if 0 <= section < self.rowCount() else None

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> Any:
        # A paint asks for about ten roles of every visible cell: unused roles leave at the first test, and
        # roles are compared as plain ints (PySide enum members are slow to look up).
        if role == DISPLAY_ROLE:
            value = self._cell(index.row(), index.column())
            if "\n" in value or "\r" in value:
                value = " ⏎ ".join(value.splitlines())
            return value if len(value) <= DISPLAY_LIMIT else value[: DISPLAY_LIMIT - 1] + "…"
        if role == ALIGNMENT_ROLE:
            column = index.column()
            return ALIGN_RIGHT if column < len(self._numeric) and self._numeric[column] else ALIGN_LEFT
        if role == TOOLTIP_ROLE:
            value = self._cell(index.row(), index.column())
            column_name = self._header[index.column()] if index.column() < len(self._header) else ""
            if column_name == "device_type" and value in DEVICE_TYPES:
                return DEVICE_TYPES[value]
            return value if len(value) > 40 or "\n" in value else None
        return None

    def _cell(self, row: int, column: int) -> str:
        if self._reader is None or not 0 <= row < self.rowCount():
            return ""
        source = self.source_row(row)
        if not self._reader.cached(source):
            # One read for the rows around this one: the view asks for them next.
            first = max(0, row - PREFETCH_BEFORE)
            last = min(self.rowCount(), row + PREFETCH_AFTER)
            self._reader.load([self.source_row(shown) for shown in range(first, last)])
        fields = self._reader.row(source)
        return fields[column] if 0 <= column < len(fields) else ""

    # --- sort and filter ----------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts on a worker; column -1 restores file order."""
        if self._index is None:
            return
        column = column if 0 <= column < len(self._header) else -1
        request = (column, order, self._filter_text, self._available)
        if request == self._pending or (self._worker is None and request == self._shown):
            return  # the header asks again for what is being (or was) built
        self._sort_column = column
        self._sort_order = order
        self._rebuild(sort_changed=True)

    def set_filter_text(self, text: str) -> None:
        """Shows only rows containing ``text`` (anywhere in the row, ignoring ASCII case)."""
        if text == self._filter_text or self._index is None:
            return
        self._filter_text = text
        self._rebuild(sort_changed=False)

    def refresh_view(self) -> None:
        """Rebuilds the sort and filter over every indexed row (after indexing has finished)."""
        if self._index is not None and self._view is not None and not self.view_is_complete:
            self._rebuild(sort_changed=True)

    def cancel_work(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _rebuild(self, *, sort_changed: bool) -> None:
        assert self._plain_path is not None and self._offsets_path is not None and self._work_dir is not None
        self._stop_worker()
        rows = self._available
        column, descending = self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder
        needle = self._filter_text
        self._pending = (column, self._sort_order, needle, rows)
        if column < 0 and not needle:
            self._apply(rows, None, None)
            return
        reuse = None if sort_changed or self._view_rows != rows or column < 0 else self._permutation_path
        arguments = [str(self._plain_path), str(self._offsets_path), rows, column, descending, needle, reuse]
        worker = ViewJob([*arguments, str(self._work_dir)], self._work_dir, self)
        worker.succeeded.connect(lambda result, w=worker: self._on_built(w, result))
        worker.failed.connect(lambda message, w=worker: self._on_failed(w, message))
        worker.cancelled.connect(lambda w=worker: self._on_cancelled(w))
        worker.progress.connect(self.progress)
        self._worker = worker
        doing = "Sorting" if sort_changed and column >= 0 else "Filtering"
        self.busy_changed.emit(f"{doing} {rows:,} rows…")
        worker.start()

    def _on_built(self, worker: ViewJob, result: tuple[Any, ...]) -> None:
        if worker is not self._worker:
            return  # a superseded build
        self._worker = None
        self._retire(worker)
        self._apply(*result)
        self.busy_changed.emit("")

    def _on_failed(self, worker: ViewJob, message: str) -> None:
        if worker is not self._worker:
            return
        self._worker = None
        self._retire(worker)
        self.busy_changed.emit("")
        self.problem.emit(f"Sorting or filtering failed: {message}")

    def _on_cancelled(self, worker: ViewJob) -> None:
        if worker is not self._worker:
            return
        self._worker = None
        self._retire(worker)
        self.busy_changed.emit("")

    def _apply(self, rows: int, permutation_path: str | None, view: array[int] | None) -> None:
        self._shown, self._pending = self._pending, None
        self.beginResetModel()
        self._permutation_path = permutation_path
        self._view = view
        self._view_rows = rows
        self.endResetModel()
        self.view_changed.emit()

    def _retire(self, worker: ViewJob) -> None:
        worker.dispose()
        self._retiring = [job for job in self._retiring if shiboken6.isValid(job)]
        self._retiring.append(worker)

    def _stop_worker(self, *, wait: bool = False) -> None:
        """Cancels the running job. Without ``wait`` its child winds down alone (its messages dropped)."""
        worker, self._worker = self._worker, None
        self._pending = None
        if worker is not None:
            worker.cancel()
            self._retire(worker)
            self.busy_changed.emit("")
        if wait:
            # Children still winding down must be gone before their files are removed.
            for retired in self._retiring:
                if shiboken6.isValid(retired):
                    retired.wait()
            self._retiring.clear()
