"""Background calls: results on the UI thread, cancellation, dead owners, bounded parallelism."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from onesignal_desktop.bridge import Bridge, Cancelled, CancelToken, TaskScope

UI_THREAD = threading.get_ident()


@pytest.fixture
def bridge(qapp) -> Iterator[Bridge]:
    bridge = Bridge(max_parallel=2)
    yield bridge
    bridge.shutdown()


@pytest.fixture
def owner(qapp) -> Iterator[QObject]:
    owner = QObject()
    yield owner
    if shiboken6.isValid(owner):
        shiboken6.delete(owner)


def test_result_arrives_on_the_ui_thread(qtbot, bridge: Bridge, owner: QObject) -> None:
    worker_threads: list[int] = []
    seen: list[tuple[object, int]] = []

    def work(token: CancelToken) -> str:
        worker_threads.append(threading.get_ident())
        return "apps"

    bridge.run("Load apps", work, owner=owner, on_finished=lambda r: seen.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen))

    assert worker_threads and worker_threads[0] != UI_THREAD
    assert seen == [("apps", UI_THREAD)]
    assert bridge.active_count == 0


def test_failure_goes_to_the_handler_or_to_the_bridge_with_the_operation_name(
    qtbot, bridge: Bridge, owner: QObject
) -> None:
    def work(token: CancelToken) -> None:
        raise ValueError("server said no")

    handled: list[BaseException] = []
    bridge.run("Update app", work, owner=owner, on_failed=handled.append)
    qtbot.waitUntil(lambda: bool(handled))
    assert isinstance(handled[0], ValueError)

    with qtbot.waitSignal(bridge.failed) as blocker:
        bridge.run("Create app", work, owner=owner)
    operation, error = blocker.args
    assert operation == "Create app"
    assert str(error) == "server said no"


def test_progress_arrives_in_order_before_the_result(qtbot, bridge: Bridge, owner: QObject) -> None:
    events: list[object] = []

    def work(token: CancelToken) -> str:
        for page in range(3):
            token.report(page)
        return "done"

    bridge.run("Load pages", work, owner=owner, on_progress=events.append, on_finished=events.append)
    qtbot.waitUntil(lambda: "done" in events)
    assert events == [0, 1, 2, "done"]


def test_a_cancelled_task_delivers_nothing_and_the_callable_can_stop(
    qtbot, bridge: Bridge, owner: QObject
) -> None:
    started, stopped = threading.Event(), threading.Event()
    delivered: list[object] = []

    def work(token: CancelToken) -> str:
        started.set()
        while not token.wait(0.01):
            pass
        stopped.set()
        token.check()
        return "too late"

    task = bridge.run("Slow", work, owner=owner, on_finished=delivered.append, on_failed=delivered.append)
    assert started.wait(5)
    with qtbot.waitSignal(bridge.activity_changed) as blocker:
        task.cancel()
    assert blocker.args == [0]
    assert stopped.wait(5)
    assert bridge.wait_for_done(5000)
    qtbot.wait(20)  # let any (wrongly) queued delivery run
    assert delivered == []
    assert task.done and task.cancelled


def test_results_for_a_deleted_widget_are_dropped(qtbot, bridge: Bridge) -> None:
    release = threading.Event()
    label = QLabel("waiting")

    def work(token: CancelToken) -> str:
        release.wait(5)
        return "loaded"

    bridge.run("Load", work, owner=label, on_finished=label.setText)
    assert bridge.active_count == 1
    shiboken6.delete(label)
    assert bridge.active_count == 0  # the owner's work was cancelled when it went away
    release.set()
    assert bridge.wait_for_done(5000)
    qtbot.wait(20)  # a wrongly delivered result would call setText on a deleted QLabel here


def test_no_more_than_max_parallel_calls_run_at_once(qtbot, bridge: Bridge, owner: QObject) -> None:
    lock = threading.Lock()
    running = peak = 0
    gate = threading.Event()
    finished: list[int] = []

    def work(token: CancelToken) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        gate.wait(5)
        with lock:
            running -= 1
        return 1

    for _ in range(6):
        bridge.run("Parallel", work, owner=owner, on_finished=finished.append)
    qtbot.waitUntil(lambda: running == 2)
    assert bridge.active_count == 6
    gate.set()
    qtbot.waitUntil(lambda: len(finished) == 6)
    assert peak == 2


def test_the_ui_thread_keeps_answering_while_work_runs(qtbot, bridge: Bridge, owner: QObject) -> None:
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    done: list[object] = []

    bridge.run("Blocking call", lambda token: release.wait(5), owner=owner, on_finished=done.append)
    qtbot.waitUntil(lambda: len(ticks) >= 10)
    assert done == []
    release.set()
    qtbot.waitUntil(lambda: bool(done))
    timer.stop()


def test_activity_count_follows_pending_work(qtbot, bridge: Bridge, owner: QObject) -> None:
    gate = threading.Event()
    counts: list[int] = []
    bridge.activity_changed.connect(counts.append)

    bridge.run("One", lambda token: gate.wait(5), owner=owner)
    bridge.run("Two", lambda token: gate.wait(5), owner=owner)
    gate.set()
    qtbot.waitUntil(lambda: bridge.active_count == 0)
    assert counts == [1, 2, 1, 0]


def test_scope_reports_busy_and_cancels_its_own_work_only(qtbot, bridge: Bridge, owner: QObject) -> None:
    gate = threading.Event()
    other_owner = QObject()
    mine, theirs = TaskScope(bridge, owner), TaskScope(bridge, other_owner)
    busy: list[bool] = []
    mine.busy_changed.connect(busy.append)
    results: list[str] = []

    mine.run("Mine", lambda token: gate.wait(5) and "mine", on_finished=results.append)
    theirs.run("Theirs", lambda token: gate.wait(5) and "theirs", on_finished=results.append)
    assert mine.busy and busy == [True]

    mine.cancel_all()
    assert busy == [True, False]
    gate.set()
    qtbot.waitUntil(lambda: results == ["theirs"])
    assert bridge.wait_for_done(5000)
    qtbot.wait(20)
    assert results == ["theirs"]
    shiboken6.delete(other_owner)


def test_cancelled_raised_by_the_callable_is_silent(qtbot, bridge: Bridge, owner: QObject) -> None:
    errors: list[object] = []
    bridge.failed.connect(lambda op, err: errors.append(err))

    def work(token: CancelToken) -> None:
        raise Cancelled

    bridge.run("Gives up", work, owner=owner)
    qtbot.waitUntil(lambda: bridge.active_count == 0)
    assert errors == []


def test_an_owner_outliving_the_bridge_goes_away_quietly(qtbot, qapp) -> None:
    """At shutdown the window's bridge can be deleted before a widget that still has work pending; that
    widget's going away must not call into the deleted bridge (it raised 'Signal source has been deleted'
    in the Qt event loop)."""
    release = threading.Event()
    doomed = Bridge(max_parallel=1)
    label = QLabel("waiting")
    doomed.run("Load", lambda token: release.wait(5), owner=label)
    release.set()  # the call returns; its answer waits for the UI thread, so the task is still pending
    errors: list[BaseException] = []
    with qtbot.captureExceptions() as caught:
        shiboken6.delete(doomed)
        assert shiboken6.isValid(label)
        shiboken6.delete(label)
        qtbot.wait(20)
    errors.extend(error for _, error, _ in caught)
    assert errors == []
