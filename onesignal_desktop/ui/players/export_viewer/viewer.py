"""The export viewer widget: a table over a players export that opens without freezing, whatever its size."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.save_paths import ask_open_path
from onesignal_desktop.ui.players.export_viewer import pyside_refcounts  # noqa: F401 - first
from onesignal_desktop.ui.players.export_viewer.csv_index import ExportFileError, ExportIndexer, IndexOutcome
from onesignal_desktop.ui.players.export_viewer.table_model import ExportTableModel
from onesignal_desktop.ui.players.export_viewer.workers import IndexJob

FILTER_DELAY_MS = 300
EMPTY_STATE_TEXT = (
    "No export open.\n\n"
    "Open a players export — the .csv.gz file as downloaded from OneSignal, or a plain .csv — "
    "to browse, sort and filter its rows here."
)
_BANNER_STYLES = {
    "error": "background:#fdecea; color:#611a15; border:1px solid #f5c2c0;",
    "warning": "background:#fff4e5; color:#663c00; border:1px solid #ffd59e;",
    "info": "background:#e8f4fd; color:#0d3c61; border:1px solid #b6dcfb;",
}


class ExportViewer(QWidget):
    """Table + filter box + header-click sorting + status line + progress bar + cancel.

    ``open_file(path)`` starts reading a ``.csv.gz`` or ``.csv`` export on a worker thread; rows appear as
    they are indexed. Problems with the file are shown in a banner naming the file; nothing raises.
    """

    file_opened = Signal(str)  # the path, once its header is known and rows can appear
    indexing_finished = Signal(int)  # rows indexed, when the whole file has been read
    problem_shown = Signal(str)  # the text of an error or warning banner

    def __init__(
        self, parent: QWidget | None = None, *, work_dir: str | os.PathLike[str] | None = None
    ) -> None:
        super().__init__(parent)
        self._work_root = Path(work_dir) if work_dir is not None else None
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        self._worker: IndexJob | None = None
        self._work_dir: Path | None = None
        self._path: Path | None = None
        self._indexing = False
        self._columns_sized = False
        self._message_kind = ""
        self._model_busy_text = ""

        self.model = ExportTableModel(self)
        self._build_ui()
        self.model.view_changed.connect(self._update_status)
        self.model.busy_changed.connect(self._on_model_busy)
        self.model.progress.connect(self._on_progress)
        self.model.problem.connect(lambda text: self._show_message(text, "error"))
        self._update_busy()
        self._update_status()
        application = QCoreApplication.instance()
        if application is not None:
            # Embedded in a tab, the viewer gets no closeEvent when the app quits: stop children, drop copies.
            application.aboutToQuit.connect(self.close_file)

    # --- public API ---------------------------------------------------------------------------------
    @classmethod
    def open_path(cls, path: str | os.PathLike[str], parent: QWidget | None = None) -> ExportViewer:
        """A new viewer already reading ``path`` (the caller shows or embeds it)."""
        viewer = cls(parent)
        viewer.open_file(path)
        return viewer

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_indexing(self) -> bool:
        return self._indexing

    @property
    def message_text(self) -> str:
        return self.message_label.text() if self._message_kind else ""

    @property
    def message_kind(self) -> str:
        """'' when no banner, else 'error', 'warning' or 'info'."""
        return self._message_kind

    def open_file(self, path: str | os.PathLike[str]) -> None:
        """Starts reading ``path``; returns at once."""
        self.close_file()
        self._path = Path(path)
        self.title_label.setText(self._path.name)
        self.title_label.setToolTip(str(self._path))
        self.setWindowTitle(f"{self._path.name} — Players export")
        self.placeholder.setText(f"Opening {self._path.name}…")
        if self._work_root is not None:
            self._work_root.mkdir(parents=True, exist_ok=True)
        self._temporary = tempfile.TemporaryDirectory(prefix="onesignal-export-", dir=self._work_root)
        work_dir = Path(self._temporary.name)
        try:
            # Quick checks here (missing, empty, unreadable) so those errors show at once.
            ExportIndexer(self._path, work_dir).prepare()
        except ExportFileError as error:
            self._fail(str(error))
            return
        worker = IndexJob(self._path, work_dir, self)
        # Each slot checks the sender is still the current job: a closed file's late messages are dropped.
        worker.rows_indexed.connect(self._from_current(worker, self._on_rows_indexed))
        worker.progress.connect(self._from_current(worker, self._on_progress))
        worker.succeeded.connect(self._from_current(worker, self._on_index_succeeded))
        worker.failed.connect(self._from_current(worker, self._on_index_failed))
        worker.cancelled.connect(self._from_current(worker, self._on_index_cancelled))
        self._worker = worker
        self._work_dir = work_dir
        self._indexing = True
        self.progress_bar.setValue(0)
        self._update_busy()
        self._update_status()
        worker.start()

    def close_file(self) -> None:
        """Stops any work, forgets the file and removes the decompressed copy."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            worker.wait()
            worker.dispose()
        self.model.detach()
        self._work_dir = None
        self._indexing = False
        self._columns_sized = False
        self._path = None
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.title_label.setText("Players export")
        self.title_label.setToolTip("")
        self.setWindowTitle("Players export")
        self.placeholder.setText(EMPTY_STATE_TEXT)
        self.pages.setCurrentWidget(self.placeholder)
        self._hide_message()
        self._update_busy()
        self._update_status()

    def cancel(self) -> None:
        """Stops indexing (rows read so far stay shown) or the running sort/filter."""
        if self._worker is not None and self._indexing:
            self._worker.cancel()
        else:
            self.model.cancel_work()

    def status_text(self) -> str:
        return self.status_label.text()

    # --- building ---------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.title_label = QLabel("Players export")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.open_button = QPushButton("Open export…")
        self.open_button.clicked.connect(self._choose_file)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter: text anywhere in the row")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(240)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self.file_order_button = QPushButton("File order")
        self.file_order_button.setToolTip("Undo the sort: show rows in the order of the file")
        self.file_order_button.clicked.connect(self._restore_file_order)

        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.file_order_button)
        top.addWidget(self.open_button)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        # Fixed row heights: the view never measures a million rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setHighlightSections(False)
        horizontal.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        self.placeholder = QLabel(EMPTY_STATE_TEXT)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(24)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.table)

        self.status_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(180)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress_bar, self.cancel_button):
            # Showing them must not resize the table: a relayout of a million-row view costs a repaint.
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.progress_bar)
        bottom.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)

    # --- indexing -----------------------------------------------------------------------------------
    def _from_current(self, worker: IndexJob, slot: Callable[..., None]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            if worker is self._worker:
                slot(*args)

        return call

    def _attach_if_ready(self) -> bool:
        if self.pages.currentWidget() is self.table:
            return True
        job = self._worker
        if job is None or not job.header or job.plain_path is None or self._work_dir is None:
            return False
        self.model.attach(job.header, job.index, job.plain_path, job.offsets_path, self._work_dir)
        self.pages.setCurrentWidget(self.table)
        self._update_busy()
        assert self._path is not None
        self.file_opened.emit(str(self._path))
        return True

    def _on_rows_indexed(self, rows: int) -> None:
        if not self._attach_if_ready():
            return
        self.model.set_available_rows(rows)
        if not self._columns_sized and rows:
            self._size_columns()

    def _on_index_succeeded(self, outcome: IndexOutcome) -> None:
        self._attach_if_ready()
        self.model.set_available_rows(outcome.rows)
        if not self._columns_sized:
            self._size_columns()
        self._finish_indexing()
        if outcome.problem is not None:
            assert self._path is not None
            kind = "info" if outcome.rows == 0 and "only a header" in outcome.problem else "warning"
            self._show_message(f"{self._path.name}: {outcome.problem}", kind)
        self.model.refresh_view()
        self.indexing_finished.emit(outcome.rows)

    def _on_index_failed(self, message: str) -> None:
        self._finish_indexing()
        if self.pages.currentWidget() is self.table:
            self._show_message(message, "error")  # rows read before the failure stay shown
        else:
            self._fail(message)

    def _on_index_cancelled(self) -> None:
        self._attach_if_ready()
        self._finish_indexing()
        rows = self.model.indexed_rows
        name = self._path.name if self._path else "the export"
        self._show_message(f"{name}: reading was cancelled; showing the {rows:,} rows read so far.", "info")
        self.model.refresh_view()

    def _finish_indexing(self) -> None:
        self._indexing = False
        self._update_busy()
        self._update_status()

    def _fail(self, message: str) -> None:
        self._indexing = False
        self.pages.setCurrentWidget(self.placeholder)
        name = self._path.name if self._path else "the export"
        self.placeholder.setText(
            f"Could not open {name} (see the message above).\n\nOpen another export with “Open export…”."
        )
        self._show_message(message, "error")
        self._update_busy()
        self._update_status()

    def _size_columns(self) -> None:
        """Widths from the header and the first rows only: measuring every row would read the whole file."""
        rows = min(self.model.rowCount(), 40)
        if rows == 0 and not self.model.header:
            return
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        for column, name in enumerate(self.model.header):
            width = metrics.horizontalAdvance(name) + 28
            for row in range(rows):
                text = self.model.data(self.model.index(row, column)) or ""
                width = max(width, metrics.horizontalAdvance(str(text)) + 16)
            header.resizeSection(column, max(48, min(width, 320)))
        self._columns_sized = rows > 0

    # --- sort / filter --------------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        self.model.set_filter_text(self.filter_edit.text())

    def _restore_file_order(self) -> None:
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort(-1)

    def _on_model_busy(self, what: str) -> None:
        self._model_busy_text = what
        if what:
            self.progress_bar.setValue(0)
        self._update_busy()
        self._update_status()

    def _on_progress(self, per_mille: int) -> None:
        self.progress_bar.setValue(per_mille)

    def _update_busy(self) -> None:
        busy = self._indexing or self.model.busy
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.file_order_button.setEnabled(self.model.sort_column >= 0)
        self.filter_edit.setEnabled(self.pages.currentWidget() is self.table)

    # --- status and messages ------------------------------------------------------------------------
    def _update_status(self) -> None:
        if self._path is None or (self.pages.currentWidget() is not self.table and not self._indexing):
            self.status_label.setText("No export open" if self._path is None else "Nothing to show")
            return
        indexed = self.model.indexed_rows
        shown = self.model.rowCount()
        parts = [f"{indexed:,} rows indexed / {shown:,} shown"]
        if self._indexing:
            parts.append("reading the file…")
        working = self._model_busy_text
        if working:
            parts.append(working.lower().rstrip("…") + "…")
        elif not self.model.view_is_complete:
            parts.append("sort/filter covers the rows indexed when it started")
        if self.model.sort_column >= 0:
            parts.append(f"sorted by {self.model.header[self.model.sort_column]}")
        if self.model.filter_text:
            parts.append(f"filter “{self.model.filter_text}”")
        self.status_label.setText(" · ".join(parts))
        self.file_order_button.setEnabled(self.model.sort_column >= 0)

    def _show_message(self, text: str, kind: str) -> None:
        self._message_kind = kind
        self.message_label.setText(text)
        self.message_label.setStyleSheet(
            f"QLabel {{ {_BANNER_STYLES[kind]} padding:6px; border-radius:3px; }}"
        )
        self.message_label.show()
        if kind in ("error", "warning"):
            self.problem_shown.emit(text)

    def _hide_message(self) -> None:
        self._message_kind = ""
        self.message_label.clear()
        self.message_label.hide()

    def _choose_file(self) -> None:
        path = ask_open_path(
            self,
            "players-export",
            "Open a players export",
            "CSV exports (*.csv.gz *.csv *.gz);;All files (*)",
        )
        if path:
            self.open_file(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_file()
        super().closeEvent(event)


def open_export(path: str | os.PathLike[str], parent: QWidget | None = None) -> ExportViewer:
    """A viewer reading ``path``: what the Players tab calls after an export has been downloaded."""
    return ExportViewer.open_path(path, parent)
