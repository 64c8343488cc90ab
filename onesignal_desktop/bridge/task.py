"""One background call: the runnable that runs it and the UI-thread channel that reports it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, Signal, Slot

from onesignal_desktop.bridge.cancel import Cancelled, CancelToken

Work = Callable[[CancelToken], Any]
ResultHandler = Callable[[Any], None]
ErrorHandler = Callable[[BaseException], None]


class Channel(QObject):
    """Lives on the UI thread; the worker emits its signals, Qt queues them to this thread.

    ``finished``, ``failed`` and ``progress`` are re-emitted on the UI thread only when the task is still
    wanted (not cancelled, owner still alive), so anything connected to them may touch widgets.
    """

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(object)

    # Emitted from the worker thread; the queued connections below bring them to the UI thread.
    _worker_result = Signal(object)
    _worker_error = Signal(object)
    _worker_progress = Signal(object)
    _worker_gone = Signal()

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self._worker_result.connect(self._on_result, Qt.ConnectionType.QueuedConnection)
        self._worker_error.connect(self._on_error, Qt.ConnectionType.QueuedConnection)
        self._worker_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker_gone.connect(self._on_gone, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_result(self, result: object) -> None:
        if self._task.wanted():
            self.finished.emit(result)
        self._task.worker_through()

    @Slot(object)
    def _on_error(self, error: object) -> None:
        if self._task.wanted():
            self.failed.emit(error)
        self._task.worker_through()

    @Slot(object)
    def _on_progress(self, progress: object) -> None:
        if self._task.wanted():
            self.progress.emit(progress)

    @Slot()
    def _on_gone(self) -> None:
        self._task.worker_through()


class Task:
    """A handle on one background call: its operation name, ``cancel()`` and ``done``.

    Created by :meth:`Bridge.run`. ``done`` turns true once the result was delivered or the task was
    cancelled (the activity count drops then); the bridge keeps the task itself alive until the worker
    thread is through with it, which may be later.
    """

    def __init__(
        self,
        operation: str,
        work: Work,
        owner_alive: Callable[[], bool],
        on_done: Callable[[Task], None],
        on_released: Callable[[Task], None],
    ) -> None:
        self.operation = operation
        self._work = work
        self._owner_alive = owner_alive
        self._on_done = on_done
        self._on_released = on_released
        self.token = CancelToken(self._report_progress)
        self.channel = Channel(self)
        self.done = False

    def __repr__(self) -> str:
        state = "done" if self.done else ("cancelled" if self.token.cancelled else "pending")
        return f"Task({self.operation!r}, {state})"

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def cancel(self) -> None:
        """Drop the result; the callable sees ``token.cancelled`` and may stop early."""
        if not self.done:
            self.token.cancel()
            self._mark_done()

    def wanted(self) -> bool:
        return not self.done and not self.token.cancelled and self._owner_alive()

    def worker_through(self) -> None:
        self._mark_done()
        self._on_released(self)

    def _mark_done(self) -> None:
        if not self.done:
            self.done = True
            self._on_done(self)

    def execute(self) -> None:
        """Runs on a pool thread."""
        if self.token.cancelled:
            self._tell(self.channel._worker_gone)
            return
        try:
            result = self._work(self.token)
        except Cancelled:
            self._tell(self.channel._worker_gone)
        except Exception as error:
            self._tell(self.channel._worker_error, error)
        else:
            self._tell(self.channel._worker_result, result)

    def _report_progress(self, progress: object) -> None:
        self._tell(self.channel._worker_progress, progress)

    @staticmethod
    def _tell(signal: Any, *args: object) -> None:
        # If the channel went away with the application, nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the bridge holds the reference until the task settles
        self._task = task

    def run(self) -> None:
        self._task.execute()
