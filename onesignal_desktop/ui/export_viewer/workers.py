"""Worker threads for the export viewer: they run the pure-Python index and view builders off the UI thread.

Signals are emitted from the worker's thread and delivered to the UI thread through queued connections.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from onesignal_desktop.ui.export_viewer import pyside_refcounts  # noqa: F401 - first
from onesignal_desktop.ui.export_viewer.csv_index import ExportFileError, ExportIndexer, OperationCancelled

#: How often the index worker announces new rows: often enough to look live, rarely enough to cost nothing.
ANNOUNCE_INTERVAL_S = 0.05


class IndexWorker(QThread):
    """Runs ``ExportIndexer.run``; announces rows in batches as they are indexed."""

    rows_indexed = Signal(int)
    progress = Signal(int)  # per mille of the source file read
    succeeded = Signal(object)  # IndexOutcome
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, indexer: ExportIndexer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.indexer = indexer
        self._last_announce = 0.0
        self._announced_rows = 0

    def cancel(self) -> None:
        self.indexer.cancel()

    def _report(self, rows: int, done: int, total: int) -> None:
        now = time.monotonic()
        if rows > self._announced_rows and (
            not self._announced_rows or now - self._last_announce >= ANNOUNCE_INTERVAL_S
        ):
            self._announced_rows = rows
            self._last_announce = now
            self.rows_indexed.emit(rows)
            self.progress.emit(int(1000 * done / total) if total else 1000)

    def run(self) -> None:
        try:
            outcome = self.indexer.run(self._report)
        except OperationCancelled:
            self.rows_indexed.emit(self.indexer.index.row_count)
            self.cancelled.emit()
        except ExportFileError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a worker must report, never die silently
            name = self.indexer.source.name
            self.failed.emit(f"{name}: could not be read ({type(error).__name__}: {error})")
        else:
            self.rows_indexed.emit(outcome.rows)
            self.succeeded.emit(outcome)


class TaskWorker(QThread):
    """Runs ``task(cancel_event, progress)`` once; reports its result, its error or its cancellation."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    progress = Signal(int)  # per mille

    def __init__(
        self,
        task: Callable[[threading.Event, Callable[[int, int], None]], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._task = task
        self._cancel = threading.Event()
        self._last_progress = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress >= ANNOUNCE_INTERVAL_S:
            self._last_progress = now
            self.progress.emit(int(1000 * done / total) if total else 1000)

    def run(self) -> None:
        try:
            result = self._task(self._cancel, self._report)
        except OperationCancelled:
            self.cancelled.emit()
        except Exception as error:  # reported to the UI; the viewer stays usable
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
