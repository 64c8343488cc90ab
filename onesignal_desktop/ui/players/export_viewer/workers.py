"""Qt handles for the export viewer's child-process jobs (csv_jobs): start, read, cancel, report by signals.

Why a process and not a QThread: indexing, sorting and filtering a million rows is CPU work in the
interpreter, and a thread holding the GIL makes every Python call from a paint (each ``data()``) wait for it,
so the UI stalls. A child process has its own GIL. QProcess tells the UI thread when a line arrives, and the
finished arrays are read with one C-level call, so the UI thread never waits.

QProcess runs ``python -m``, not multiprocessing: that would re-import the parent's ``__main__`` in the child,
which breaks (or reruns) any unguarded script that opens the viewer.
"""

from __future__ import annotations

import itertools
import json
import sys
from array import array
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from onesignal_desktop.child_processes import child_python_path
from onesignal_desktop.ui.players.export_viewer import (
    csv_jobs,
    pyside_refcounts,  # noqa: F401 - before any signal is used
)
from onesignal_desktop.ui.players.export_viewer.csv_index import IndexOutcome, RowIndex

JOB_MODULE = "onesignal_desktop.ui.players.export_viewer.csv_jobs"
STOP_TIMEOUT_MS = 5_000
_job_numbers = itertools.count(1)


def _child_environment() -> QProcessEnvironment:
    environment = QProcessEnvironment.systemEnvironment()
    environment.insert("PYTHONPATH", child_python_path(environment.value("PYTHONPATH", "")))
    environment.insert("PYTHONUNBUFFERED", "1")
    return environment


class ProcessJob(QObject):
    """One child process running a csv_jobs job; subclasses handle its messages."""

    failed = Signal(str)
    cancelled = Signal()
    progress = Signal(int)  # per mille

    def __init__(self, job: str, args: list[Any], work_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self._cancel = csv_jobs.CancelFile(work_dir / f"cancel-{job}-{next(_job_numbers)}")
        self._process = QProcess(self)
        self._process.setProgram(sys.executable)
        self._process.setArguments(["-m", JOB_MODULE, job, json.dumps(args), str(self._cancel.path)])
        self._process.setProcessEnvironment(_child_environment())
        self._process.readyReadStandardOutput.connect(self._read_messages)
        self._process.finished.connect(self._on_process_finished)
        self._process.errorOccurred.connect(self._on_process_error)
        self._buffer = b""
        self._ended = False

    @property
    def running(self) -> bool:
        return not self._ended

    def start(self) -> None:
        self._process.start()

    def cancel(self) -> None:
        """Asks the child to stop at its next slice; it answers "cancelled"."""
        if not self._ended:
            self._cancel.set()

    def wait(self) -> None:
        """Stops the child (cancel, then kill if it lingers) and waits for it: no signal is emitted after."""
        self._ended = True
        if self._process.state() != QProcess.ProcessState.NotRunning:
            self._cancel.set()
            if not self._process.waitForFinished(STOP_TIMEOUT_MS):
                self._process.kill()
                self._process.waitForFinished(STOP_TIMEOUT_MS)

    def dispose(self) -> None:
        """Deletes this job once its child has exited, without blocking (late messages are dropped)."""
        self._ended = True
        if self._process.state() == QProcess.ProcessState.NotRunning:
            self.deleteLater()
        else:
            self._cancel.set()
            self._process.finished.connect(self.deleteLater)

    def _read_messages(self) -> None:
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if self._ended or not line.strip():
                continue
            message = json.loads(line)
            if message[0] in ("done", "failed", "cancelled"):
                self._ended = True
            self._handle(message)

    def _on_process_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        self._read_messages()
        if not self._ended:
            self._ended = True
            detail = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace").strip()
            last_line = detail.splitlines()[-1] if detail else f"exit code {exit_code}"
            self.failed.emit(f"the {self.job} process stopped unexpectedly ({last_line})")

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._ended:
            self._ended = True
            self.failed.emit(f"the {self.job} process could not start ({self._process.errorString()})")

    def _handle(self, message: list[Any]) -> None:
        kind = message[0]
        if kind == "progress":
            _, done, total = message
            self.progress.emit(int(1000 * done / total) if total else 1000)
        elif kind == "failed":
            self.failed.emit(str(message[1]))
        elif kind == "cancelled":
            self.cancelled.emit()


class IndexJob(ProcessJob):
    """Indexes an export in a child process; the parent's ``index`` grows as rows are announced."""

    rows_indexed = Signal(int)
    succeeded = Signal(object)  # IndexOutcome

    def __init__(self, source: Path, work_dir: Path, parent: QObject | None = None) -> None:
        self.source = source
        self.offsets_path = work_dir / "offsets.u64"
        self.offsets_path.write_bytes(b"")
        super().__init__("index", [str(source), str(work_dir), str(self.offsets_path)], work_dir, parent)
        self.index = RowIndex()
        self.index.offsets = array("Q")
        self.header: list[str] = []
        self.plain_path: Path | None = None
        self._offsets_read = 0

    def _read_new_offsets(self) -> None:
        with self.offsets_path.open("rb") as offsets_file:
            offsets_file.seek(self._offsets_read)
            data = offsets_file.read()
        usable = len(data) - len(data) % 8
        if usable:
            self.index.offsets.frombytes(data[:usable])
            self._offsets_read += usable

    def _handle(self, message: list[Any]) -> None:
        kind = message[0]
        if kind == "rows":
            _, _rows, done, total, header, plain_path = message
            self._read_new_offsets()
            if header and not self.header:
                self.header = list(header)
            self.plain_path = Path(plain_path)
            self.rows_indexed.emit(self.index.row_count)
            self.progress.emit(int(1000 * done / total) if total else 1000)
        elif kind == "done":
            payload = message[1]
            self._read_new_offsets()
            self.plain_path = Path(payload["plain_path"])
            self.header = list(payload["header"])
            outcome = IndexOutcome(self.index.row_count, self.header, self.plain_path, payload["problem"])
            self.rows_indexed.emit(outcome.rows)
            self.succeeded.emit(outcome)
        elif kind == "cancelled":
            self._read_new_offsets()
            self.rows_indexed.emit(self.index.row_count)
            super()._handle(message)
        else:
            super()._handle(message)


class ViewJob(ProcessJob):
    """Builds a sorted and/or filtered row order in a child process."""

    succeeded = Signal(object)  # (rows, permutation_path or None, view array or None)

    def __init__(self, args: list[Any], work_dir: Path, parent: QObject | None = None) -> None:
        super().__init__("view", args, work_dir, parent)

    def _handle(self, message: list[Any]) -> None:
        if message[0] == "done":
            payload = message[1]
            view = csv_jobs.read_array(payload["view_path"]) if payload["view_path"] else None
            self.succeeded.emit((payload["rows"], payload["permutation_path"], view))
        else:
            super()._handle(message)
