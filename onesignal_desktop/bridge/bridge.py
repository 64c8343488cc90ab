"""The bridge: runs API callables on a bounded thread pool and reports back on the UI thread."""

from __future__ import annotations

import functools
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal

from onesignal_desktop.bridge.task import ErrorHandler, ResultHandler, Runnable, Task, Work

DEFAULT_PARALLEL = 4


class Bridge(QObject):
    """Runs ``work(token)`` off the UI thread; its outcome arrives on the UI thread.

    Every task belongs to an ``owner`` QObject (usually the view that asked). When the owner is
    destroyed its tasks are cancelled and their results dropped, so a late result never touches a
    deleted widget. At most ``max_parallel`` calls run at once; the rest wait in the pool's queue.

    ``failed`` reports errors of tasks that have no ``on_failed`` handler, with the operation's name,
    so the window can show them. ``succeeded(operation)`` and ``any_failed(operation, error)`` report
    every delivered outcome (the console tells from them whether the server is reachable).
    ``activity_changed`` carries how many tasks are pending.
    """

    activity_changed = Signal(int)
    failed = Signal(str, object)
    # Every delivered outcome, handled or not: (operation, result) and (operation, error).
    succeeded = Signal(str)
    any_failed = Signal(str, object)

    def __init__(self, max_parallel: int = DEFAULT_PARALLEL, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_parallel)
        self._pending: dict[Task, int] = {}  # task -> key of its owner
        self._unreleased: dict[Task, Runnable] = {}
        self._watched_owners: set[int] = set()

    @property
    def max_parallel(self) -> int:
        return self._pool.maxThreadCount()

    @property
    def active_count(self) -> int:
        return len(self._pending)

    def run(
        self,
        operation: str,
        work: Work,
        *,
        owner: QObject,
        on_finished: ResultHandler | None = None,
        on_failed: ErrorHandler | None = None,
        on_progress: ResultHandler | None = None,
    ) -> Task:
        """Start ``work`` in the background.

        ``operation`` names it for people ("Load apps"). ``work`` receives a :class:`CancelToken` and
        must not touch any widget. Handlers run on the UI thread, only while the task is wanted.
        """
        owner_key = self._watch(owner)
        task = Task(
            operation,
            work,
            owner_alive=lambda: shiboken6.isValid(owner),
            on_done=self._task_done,
            on_released=self._task_released,
        )
        task.channel.finished.connect(functools.partial(self._report_success, operation))
        task.channel.failed.connect(functools.partial(self._report_failure, operation))
        if on_finished is not None:
            task.channel.finished.connect(on_finished)
        if on_progress is not None:
            task.channel.progress.connect(on_progress)
        if on_failed is not None:
            task.channel.failed.connect(on_failed)
        else:
            task.channel.failed.connect(functools.partial(self._report_unhandled, operation))
        runnable = Runnable(task)
        self._pending[task] = owner_key
        self._unreleased[task] = runnable
        self._pool.start(runnable)
        self.activity_changed.emit(self.active_count)
        return task

    def cancel_owned_by(self, owner: QObject) -> int:
        """Cancel every pending task of ``owner``; returns how many were cancelled."""
        return self._cancel_key(id(owner))

    def cancel_all(self) -> None:
        for task in list(self._pending):
            task.cancel()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 3000) -> bool:
        """Cancel everything and give running calls ``msecs`` to return."""
        self.cancel_all()
        self._pool.clear()
        return self._pool.waitForDone(msecs)

    def _watch(self, owner: QObject) -> int:
        key = id(owner)
        if key not in self._watched_owners:
            self._watched_owners.add(key)
            owner.destroyed.connect(functools.partial(self._owner_destroyed, key))
        return key

    def _owner_destroyed(self, key: int, *_: Any) -> None:
        if not shiboken6.isValid(self):
            return  # the bridge went first (shutdown order): its tasks are nobody's concern any more
        self._watched_owners.discard(key)
        self._cancel_key(key)

    def _cancel_key(self, key: int) -> int:
        doomed = [task for task, owner_key in self._pending.items() if owner_key == key]
        for task in doomed:
            task.cancel()
        return len(doomed)

    def _task_done(self, task: Task) -> None:
        if not shiboken6.isValid(self):
            return
        if self._pending.pop(task, None) is not None:
            self.activity_changed.emit(self.active_count)

    def _task_released(self, task: Task) -> None:
        self._unreleased.pop(task, None)

    def _report_success(self, operation: str, _result: object) -> None:
        if not shiboken6.isValid(self):
            return
        self.succeeded.emit(operation)

    def _report_failure(self, operation: str, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.any_failed.emit(operation, error)

    def _report_unhandled(self, operation: str, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.failed.emit(operation, error)


class TaskScope(QObject):
    """The background work of one view: run, cancel all (on close or app change), busy state.

    ``busy_changed(bool)`` lets the view show that it is waiting.
    """

    busy_changed = Signal(bool)

    def __init__(self, bridge: Bridge, owner: QObject) -> None:
        super().__init__(owner)
        self._bridge = bridge
        self._owner = owner
        self._tasks: set[Task] = set()
        self._busy = False
        bridge.activity_changed.connect(self._refresh_busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def run(
        self,
        operation: str,
        work: Work,
        *,
        on_finished: ResultHandler | None = None,
        on_failed: ErrorHandler | None = None,
        on_progress: ResultHandler | None = None,
    ) -> Task:
        task = self._bridge.run(
            operation,
            work,
            owner=self._owner,
            on_finished=on_finished,
            on_failed=on_failed,
            on_progress=on_progress,
        )
        self._tasks.add(task)
        self._refresh_busy()
        return task

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def _refresh_busy(self, _count: int = 0) -> None:
        self._tasks = {task for task in self._tasks if not task.done}
        busy = bool(self._tasks)
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
