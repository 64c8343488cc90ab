"""Benchmark 2b: UI-thread stalls while the Notifications tab auto-refreshes 500 notifications.

Run: ``python3 -m pytest tests/benchmarks/bench_notifications_refresh.py -s`` or
``python3 tests/benchmarks/bench_notifications_refresh.py`` (``NOTIF_BENCH_COUNT``, ``NOTIF_BENCH_SECONDS``
and ``NOTIF_BENCH_ROUNDS`` change the size).

Setup: a sandbox app with 500 notifications, all still sending (throttled), every page loaded in the tab.
The sandbox clock moves forward 5 s every 200 ms, so every refresh brings new counters; the tab refreshes
with the app's own policy (2 s after a change; ``NOTIF_BENCH_FIRST_S`` shortens it) and merges what it
reads with ``dataChanged``. ``NOTIF_BENCH_MODES=all`` runs the four setups below (default: the console's
own, sandbox in a child and heap frozen). An automatic
refresh reads the first page, the pages on screen and one more page in flight, in turn.

Figures (median of the rounds): the UI thread's longest gap and 99th percentile, recorded by a 1 ms
Qt.PreciseTimer (goals: longest <= 50 ms, stretch 16 ms; p99 <= 17 ms), next to the same timer on the same
window left idle just before each round, as a ratio; refreshes and pages merged; UI-thread CPU per refresh.
Four setups: the sandbox in a child process (as the console runs it without an account since
sandbox/process.py, and as against OneSignal: the console's own cost), the same after ``gc.freeze()``
(full garbage collections of a big heap were the long stalls; the console freezes its heap once the first
apps are listed: ui/gc_tuning.py), and the sandbox in this process (as the console ran it before, and as
tests run it: the server's work competes for the same GIL), without and with the freeze.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _harness
import pytest
from _harness import GapRecorder
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import KeyStore, MemoryKeyring
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.notifications.auto_refresh import BackoffPolicy
from onesignal_desktop.ui.notifications.tab import NotificationsTab
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import build_console
from onesignal_desktop.ui.shell.tabs import TABS

COUNT = int(os.environ.get("NOTIF_BENCH_COUNT", "500"))
# The app's default policy refreshes 2 s after a change: 12 s rounds hold five or six refreshes.
SECONDS = float(os.environ.get("NOTIF_BENCH_SECONDS", "12"))
SWITCH_INTERVAL = os.environ.get("NOTIF_BENCH_SWITCH")
ROUNDS = int(os.environ.get("NOTIF_BENCH_ROUNDS", "3"))
FIRST_WAIT_S = os.environ.get("NOTIF_BENCH_FIRST_S")
#: Which setups run: the console's own (sandbox in a child, heap frozen) unless NOTIF_BENCH_MODES says
#: more ("all", or names from run_benchmark's list).
MODES = os.environ.get("NOTIF_BENCH_MODES", "child_gc_frozen")
PLAYERS = 40
GOALS = {"longest_gap_ms": 50.0, "longest_gap_stretch_ms": 16.0, "p99_gap_ms": 17.0}


def run_loop(app: QApplication, seconds: float, until: Callable[[], bool] | None = None) -> None:
    """Run the real event loop (not a processEvents spin) for ``seconds`` or until ``until()``."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    if until is not None:
        if until():
            return
        poll = QTimer()
        poll.setInterval(10)
        poll.timeout.connect(lambda: loop.quit() if until() else None)
        poll.start()
    loop.exec()


def make_app(sandbox: Any) -> str:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as org:
        app_id = str(org.create_app({"name": f"Bench ({COUNT} notifications)"}).id)
    with OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as client:
        for number in range(PLAYERS):
            client.create_player(
                {"app_id": app_id, "device_type": number % 2, "identifier": f"bench-{number:05d}"}
            )
        for number in range(COUNT):
            client.create_notification(
                {
                    "app_id": app_id,
                    "headings": {"en": f"Bench notification {number:04d}"},
                    "contents": {"en": "Throttled so that it stays in flight for the whole run"},
                    "included_segments": ["Subscribed Users"],
                    # 40 recipients at 2 a minute: 20 minutes of sending, far longer than the run.
                    "throttle_rate_per_minute": 2,
                }
            )
    return app_id


class ChildSandbox:
    """The sandbox in a child process, so its request handling does not compete with the console for
    this process's GIL (as a remote OneSignal would not). Offers what the console's connection needs."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve_child, args=(child_end, COUNT), daemon=True)
        self._process.start()
        ready = self._conn.recv()
        self.base_url: str = ready["base_url"]
        self.org_key: str = ready["org_key"]
        self.app_id: str = ready["app_id"]
        self.setup_s: float = ready["setup_s"]
        self._app_key: str = ready["app_key"]

    def app_key(self, app_id: str) -> str:
        if app_id != self.app_id:
            raise KeyError(app_id)
        return self._app_key

    def advance(self, seconds: float) -> None:
        self._conn.send(("advance", seconds))

    def stop(self) -> None:
        self._conn.send(("stop", 0))
        self._process.join(10)


def _serve_child(conn: Any, count: int) -> None:
    with start_sandbox(seed_demo=False) as sandbox:
        sandbox.clock.freeze()
        started = time.perf_counter()
        app_id = make_app(sandbox)
        conn.send(
            {
                "base_url": sandbox.base_url,
                "org_key": sandbox.org_key,
                "app_id": app_id,
                "app_key": sandbox.app_key(app_id),
                "setup_s": time.perf_counter() - started,
            }
        )
        while True:
            command, value = conn.recv()
            if command == "stop":
                return
            sandbox.clock.advance(value)


class InProcessSandbox:
    """The sandbox in this process, as the console runs it when no account is configured."""

    def __init__(self) -> None:
        self._sandbox = start_sandbox(seed_demo=False)
        self._sandbox.clock.freeze()
        started = time.perf_counter()
        self.app_id = make_app(self._sandbox)
        self.setup_s = time.perf_counter() - started
        self.base_url = self._sandbox.base_url
        self.org_key = self._sandbox.org_key

    def app_key(self, app_id: str) -> str:
        return str(self._sandbox.app_key(app_id))

    def advance(self, seconds: float) -> None:
        self._sandbox.clock.advance(seconds)

    def stop(self) -> None:
        self._sandbox.stop()


def measure_idle(app: QApplication, seconds: float) -> tuple[float, float, float]:
    """Longest gap, p99 gap and UI-thread CPU share of the window left idle (the recorder's own cost)."""
    recorder = GapRecorder()
    recorder.start()
    cpu_started = time.thread_time()
    run_loop(app, seconds)
    cpu_share = (time.thread_time() - cpu_started) / seconds
    recorder.stop()
    return recorder.longest_ms(), recorder.p99_ms(), cpu_share


def measure_refreshing(
    app: QApplication, sandbox: Any, tab: NotificationsTab, seconds: float
) -> dict[str, float]:
    mover = QTimer()
    mover.setInterval(200)
    mover.timeout.connect(lambda: sandbox.advance(5))
    changed_rows = [0]

    def count_changes(top: Any, bottom: Any, *_: Any) -> None:
        changed_rows[0] += bottom.row() - top.row() + 1

    tab.model.dataChanged.connect(count_changes)
    refreshes_before = tab.refresh_count
    pages_before = tab.pages_refreshed
    recorder = GapRecorder()
    recorder.start()
    mover.start()
    cpu_started = time.thread_time()
    run_loop(app, seconds)
    ui_cpu = time.thread_time() - cpu_started
    mover.stop()
    recorder.stop()
    tab.model.dataChanged.disconnect(count_changes)
    return {
        "longest_gap_ms": recorder.longest_ms(),
        "p99_gap_ms": recorder.p99_ms(),
        "refreshes": float(tab.refresh_count - refreshes_before),
        "pages": float(tab.pages_refreshed - pages_before),
        "rows_changed": float(changed_rows[0]),
        "ticks": float(len(recorder.intervals)),
        "ui_cpu_share": ui_cpu / seconds,
    }


def measure_mode(app: QApplication, sandbox: Any, *, freeze_gc: bool = False) -> dict[str, float]:
    spec = next(spec for spec in TABS if spec.class_name == "NotificationsTab")
    with tempfile.TemporaryDirectory(prefix="bench-notifications-") as scratch:
        console = build_console(
            settings=open_settings(Path(scratch) / "settings.ini"),
            keystore=KeyStore(MemoryKeyring()),
            sandbox=sandbox,
            tabs=(spec,),
        )
        window = console.window
        window.resize(1180, 740)
        window.show()
        run_loop(app, 20, lambda: console.context.catalog.loaded)
        tab = window.current_tab()
        assert isinstance(tab, NotificationsTab)
        # The app's own refresh policy (issue 19: every scenario at the app's real defaults); a shorter
        # wait (NOTIF_BENCH_FIRST_S) packs more refreshes into a round.
        if FIRST_WAIT_S:
            tab.auto_refresh.policy = BackoffPolicy(first=float(FIRST_WAIT_S), longest=1.0)
        console.context.set_current_app(sandbox.app_id)
        run_loop(app, 20, lambda: tab.model.rowCount() > 0)
        while tab.model.canFetchMore():  # every page, as if the user had scrolled to the end
            tab.table.scrollToBottom()
            run_loop(app, 10, lambda: not tab.model.fetching)
        assert tab.model.rowCount() == COUNT, tab.model.rowCount()
        assert tab.auto_refresh.active, "nothing in flight: the benchmark would measure nothing"
        if freeze_gc:
            # What the app could do once the window is up: the objects alive now never get scanned
            # again, so a full collection only walks what was allocated since.
            gc.collect()
            gc.freeze()
        rounds: list[dict[str, float]] = []
        for _ in range(ROUNDS):
            # An idle round right before each busy one: on a shared machine the load changes by the
            # minute, and the ratio should compare like with like.
            tab.auto_refresh.stop()
            idle_longest, idle_p99, idle_cpu = measure_idle(app, SECONDS)
            tab.refresh()
            busy = measure_refreshing(app, sandbox, tab, SECONDS)
            busy.update(idle_longest_gap_ms=idle_longest, idle_p99_gap_ms=idle_p99, idle_cpu_share=idle_cpu)
            rounds.append(busy)
        console.shutdown()
        window.close()
        gc.unfreeze()
    return {key: statistics.median(round_[key] for round_ in rounds) for key in rounds[0]}


def report(setup: str, figures: dict[str, float]) -> None:
    name = "notifications auto-refresh"
    idle = {"longest_gap_ms": figures["idle_longest_gap_ms"], "p99_gap_ms": figures["idle_p99_gap_ms"]}
    print(f"  {setup}:")
    for text in _harness.record_gaps(name, f"while auto-refreshing ({setup})", figures, idle):
        print(text)
    stretch = GOALS["longest_gap_stretch_ms"]
    verdict = "met" if figures["longest_gap_ms"] <= stretch else "NOT met"
    print(f"  {'':<{_harness.NAME_WIDTH}} longest gap stretch goal <= {stretch:g} ms: {verdict}")
    extra_cpu = max(0.0, figures["ui_cpu_share"] - figures["idle_cpu_share"])
    cpu_ms = 1000 * extra_cpu * SECONDS / max(1.0, figures["refreshes"])
    print(
        f"  {'':<{_harness.NAME_WIDTH}} per round: {figures['refreshes']:.0f} refreshes, "
        f"{figures['pages']:.0f} pages of 50 read, {figures['rows_changed']:.0f} rows changed; "
        f"UI-thread CPU per refresh {cpu_ms:.1f} ms (above idle)"
    )


def run_benchmark() -> dict[str, dict[str, float]]:
    app = _harness.application()
    if SWITCH_INTERVAL:
        sys.setswitchinterval(float(SWITCH_INTERVAL))
    results: dict[str, dict[str, float]] = {}
    modes = (
        ("child", ChildSandbox, False),
        ("child_gc_frozen", ChildSandbox, True),
        ("in_process", InProcessSandbox, False),
        ("in_process_gc_frozen", InProcessSandbox, True),
    )
    for mode, make, freeze_gc in modes:
        if MODES != "all" and mode not in MODES.split(","):
            continue
        sandbox = make()
        try:
            results[mode] = measure_mode(app, sandbox, freeze_gc=freeze_gc)
            results[mode]["setup_s"] = sandbox.setup_s
        finally:
            sandbox.stop()
    print()
    print(
        f"Notifications auto-refresh: {COUNT} notifications, all sending, all loaded; {SECONDS:g} s per "
        f"round, median of {ROUNDS} rounds; GIL switch interval {sys.getswitchinterval() * 1000:g} ms; "
        f"{_harness.machine()}"
    )
    print("  baseline: the same 1 ms PreciseTimer on the same window left idle, just before each round")
    setups = {
        "child": "child-process sandbox, default GC",
        "child_gc_frozen": "child-process sandbox, heap frozen",  # the console as it runs now
        "in_process": "in-process sandbox, default GC",  # as it ran before sandbox/process.py
        "in_process_gc_frozen": "in-process sandbox, heap frozen",
    }
    for mode, figures in results.items():
        report(setups[mode], figures)
    return results


@pytest.mark.timeout(1800)  # four setups of several rounds: past the default run's per-test limit
def test_notifications_auto_refresh_benchmark() -> None:
    # The gaps are reported against their goals (noisy on a shared machine); what must hold is that
    # something was measured.
    for figures in run_benchmark().values():
        assert figures["refreshes"] >= 3, "the tab did not keep refreshing"
        assert figures["rows_changed"] >= COUNT, "refreshes did not change rows: nothing was measured"


if __name__ == "__main__":
    run_benchmark()
    sys.exit(0)
