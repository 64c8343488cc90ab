"""Benchmark: "Load all" of a 100,000-player sandbox app in the Players tab.

Run: ``python3 -m pytest tests/benchmarks/bench_players_load.py -s`` or
``python3 tests/benchmarks/bench_players_load.py`` (``PLAYERS_BENCH_COUNT`` changes the size; the generated
sandbox is cached in the temp directory between runs).

Figures (median of several runs), each next to a baseline measured in the same run:
- the UI thread's longest gap and 99th percentile, recorded by a 5 ms Qt.PreciseTimer while "Load all"
  runs (goals <= 50 ms and <= 17 ms; issue 6 asks under 16 ms longest), against the same timer idle;
- the time to load every player through the tab (bridge, page parse, compact rows, model inserts) against
  raw paging with the API client (pydantic models) and raw httpx + json, as ratios;
- memory per loaded row: the model's rows and id index, against the API client's Player objects and the
  raw JSON dicts for the same players.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import keyring
import pytest
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import KeyStore, MemoryKeyring
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.players.rows import COLUMNS, SESSIONS
from onesignal_desktop.ui.settings import open_settings
from onesignal_desktop.ui.startup import build_console

COUNT = int(os.environ.get("PLAYERS_BENCH_COUNT", "100000"))
ROUNDS = int(os.environ.get("PLAYERS_BENCH_ROUNDS", "3"))
GOALS = {"longest_gap_ms": 50.0, "p99_gap_ms": 17.0}


class GcPauses:
    """The longest garbage-collector pause (it stops every thread) while recording."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._started = 0.0

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.longest = max(self.longest, time.perf_counter() - self._started)


class GapRecorder(QObject):
    """A 5 ms precise timer on the UI thread; the intervals between its ticks are the UI's gaps."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.intervals: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.intervals.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.intervals.append(now - self._last)
        self._last = now

    def longest_ms(self) -> float:
        return 1000 * max(self.intervals, default=0.0)

    def p99_ms(self) -> float:
        if len(self.intervals) < 2:
            return self.longest_ms()
        return 1000 * statistics.quantiles(self.intervals, n=100)[98]


def run_loop_until(app: QApplication, done: Callable[[], bool], timeout_s: float = 900) -> None:
    """Runs a real event loop (as the console does) until ``done()``, checking every 10 ms."""
    if done():
        return
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(10)
    check.timeout.connect(lambda: done() and loop.quit())
    check.start()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(timeout_s * 1000))
    loop.exec()
    check.stop()
    if not done():
        raise TimeoutError("the benchmark step did not finish in time")


def deep_size(roots: Iterable[Any]) -> int:
    """Bytes of every object reachable from ``roots`` through containers, each object counted once."""
    seen: set[int] = set()
    total = 0
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, bool):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif hasattr(obj, "__pydantic_fields_set__"):
            stack.append(obj.__dict__)
            stack.append(obj.__pydantic_fields_set__)
            if obj.__pydantic_extra__:
                stack.append(obj.__pydantic_extra__)
    return total


def cached_sandbox_dir(count: int) -> Path:
    return Path(tempfile.gettempdir()) / f"onesignal-bench-players-{count}"


class SandboxProcess:
    """The same sandbox data served by ``onesignal-desktop sandbox`` in a child process, so the server's own
    Python work does not compete for this process's GIL (OneSignal, too, is another machine)."""

    def __init__(self, data_dir: Path, org_key: str, app_keys: dict[str, str]) -> None:
        self.org_key = org_key
        self._app_keys = app_keys
        self._process = subprocess.Popen(
            [sys.executable, "-m", "onesignal_desktop", "sandbox", "--data", str(data_dir), "--no-demo"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        first = self._process.stdout.readline()
        if "listening on" not in first:
            self._process.kill()
            raise RuntimeError("the sandbox process did not start")
        self.base_url = first.rsplit(" ", 1)[-1].strip()

    def app_key(self, app_id: str) -> str:
        return self._app_keys[app_id]

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(10)


def measure_console_load(
    app: QApplication, sandbox: Any, app_id: str, recorder: GapRecorder
) -> dict[str, Any]:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with tempfile.TemporaryDirectory() as settings_dir:
        console = build_console(
            settings=open_settings(Path(settings_dir) / "settings.ini"),
            keystore=KeyStore(backend),
            sandbox=sandbox,
        )
        window = console.window
        window.show()
        run_loop_until(app, lambda: console.context.catalog.loaded)
        console.context.set_current_app(app_id)
        titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
        window.tab_widget.setCurrentIndex(titles.index("Players"))
        tab = window.current_tab()
        view = tab.players  # type: ignore[attr-defined]
        run_loop_until(app, lambda: view.model.loaded_count > 0 and view.details.player is not None)
        run_loop_until(app, lambda: not view.scope.busy and not view.details.scope.busy)
        gc.collect()
        with GcPauses() as gc_pauses:
            recorder.start()
            started = time.perf_counter()
            view.load_all_button.click()
            run_loop_until(app, lambda: not view.loading_all)
            elapsed = time.perf_counter() - started
            recorder.stop()
        load_gaps = {
            "longest_gap_ms": recorder.longest_ms(),
            "p99_gap_ms": recorder.p99_ms(),
            "ticks": len(recorder.intervals),
        }
        model = view.model
        loaded = model.loaded_count
        row_bytes = deep_size([model._rows, model._positions])
        sessions_column = [field for _name, field in COLUMNS].index(SESSIONS)

        def timed(action: Callable[[], None]) -> tuple[float, float]:
            """Seconds until the view shows the result, and the UI's longest gap meanwhile (ms)."""
            recorder.start()
            started = time.perf_counter()
            action()
            run_loop_until(app, lambda: not view.arranging)
            elapsed = time.perf_counter() - started
            recorder.stop()
            return elapsed, recorder.longest_ms()

        sort_s, sort_gap_ms = timed(lambda: view.sort_by(sessions_column, Qt.SortOrder.DescendingOrder))
        started = time.perf_counter()
        sorted(model._rows, key=lambda row: row[SESSIONS] or 0, reverse=True)
        sort_baseline_s = time.perf_counter() - started
        view.filter_edit.setText("android")
        first_filter_s, first_filter_gap_ms = timed(view.apply_filter)  # builds the search texts too
        view.filter_edit.setText("ios")
        filter_s, filter_gap_ms = timed(view.apply_filter)
        started = time.perf_counter()
        [row for row in model._rows if "ios" in str(row)]
        filter_baseline_s = time.perf_counter() - started
        result = {
            "load_s": elapsed,
            **load_gaps,
            "loaded": loaded,
            "bytes_per_row": row_bytes / max(1, loaded),
            "longest_gc_ms": 1000 * gc_pauses.longest,
            "sort_ms": 1000 * sort_s,
            "sort_gap_ms": sort_gap_ms,
            "filter_gap_ms": filter_gap_ms,
            "sort_baseline_ms": 1000 * sort_baseline_s,
            "first_filter_ms": 1000 * first_filter_s,
            "first_filter_gap_ms": first_filter_gap_ms,
            "filter_ms": 1000 * filter_s,
            "filter_baseline_ms": 1000 * filter_baseline_s,
        }
        console.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    return result


def measure_client_paging(sandbox: Any, app_id: str) -> tuple[float, list[Any]]:
    with OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as client:
        started = time.perf_counter()
        players = [player for page in client.iter_player_pages(app_id) for player in page.items]
        return time.perf_counter() - started, players


def measure_raw_httpx(sandbox: Any, app_id: str) -> tuple[float, list[dict[str, Any]]]:
    headers = {"Authorization": f"Key {sandbox.app_key(app_id)}", "Accept": "application/json"}
    rows: list[dict[str, Any]] = []
    with httpx.Client(base_url=sandbox.base_url, headers=headers) as http:
        started = time.perf_counter()
        offset = 0
        while True:
            response = http.get("/players", params={"app_id": app_id, "limit": 300, "offset": offset})
            response.raise_for_status()
            page = response.json()
            rows.extend(page["players"])
            offset += len(page["players"])
            if not page["players"] or offset >= page["total_count"]:
                break
        return time.perf_counter() - started, rows


def measure_idle(app: QApplication, recorder: GapRecorder, seconds: float = 1.0) -> tuple[float, float]:
    recorder.start()
    deadline = time.monotonic() + seconds
    run_loop_until(app, lambda: time.monotonic() > deadline)
    recorder.stop()
    return recorder.longest_ms(), recorder.p99_ms()


def line(name: str, value: float, unit: str, baseline: float | None = None, goal: float | None = None) -> str:
    text = f"  {name:<46} {value:>10.2f} {unit:<3}"
    if baseline:
        text += f"  baseline {baseline:>9.2f} {unit:<3} ratio {value / baseline:>6.2f}x"
    if goal is not None:
        text += f"  goal <= {goal:g} {unit} {'met' if value <= goal else 'NOT met'}"
    return text


def measure(
    app: QApplication, server: Any, app_id: str, recorder: GapRecorder, rounds: int
) -> dict[str, Any]:
    runs, client_times, raw_times = [], [], []
    players: list[Any] = []
    raw_rows: list[dict[str, Any]] = []
    for _round in range(rounds):
        runs.append(measure_console_load(app, server, app_id, recorder))
        client_s, players = measure_client_paging(server, app_id)
        client_times.append(client_s)
        raw_s, raw_rows = measure_raw_httpx(server, app_id)
        raw_times.append(raw_s)
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return {
        **median,
        "client_s": statistics.median(client_times),
        "raw_httpx_s": statistics.median(raw_times),
        "pydantic_bytes_per_row": deep_size([players]) / max(1, len(players)),
        "json_bytes_per_row": deep_size([raw_rows]) / max(1, len(raw_rows)),
    }


def report(title: str, figures: dict[str, Any], idle_longest: float, idle_p99: float) -> None:
    print(title)
    print(f"  players loaded: {int(figures['loaded']):,}; timer ticks per run: {int(figures['ticks']):,}")
    longest, p99 = GOALS["longest_gap_ms"], GOALS["p99_gap_ms"]
    print(line("UI longest gap while loading all", figures["longest_gap_ms"], "ms", idle_longest, longest))
    print(line("UI p99 gap while loading all", figures["p99_gap_ms"], "ms", idle_p99, p99))
    print(f"  {'':<46} baseline: the same 5 ms PreciseTimer on an idle event loop")
    print(line("longest garbage-collector pause meanwhile", figures["longest_gc_ms"], "ms"))
    print(line("time to load all (tab)", figures["load_s"], "s", figures["client_s"]))
    print(f"  {'':<46} baseline: OneSignalClient.iter_player_pages (pydantic Players)")
    print(line("time to load all (tab)", figures["load_s"], "s", figures["raw_httpx_s"]))
    print(f"  {'':<46} baseline: raw httpx + json paging (dicts)")
    print(line("API client paging", figures["client_s"], "s", figures["raw_httpx_s"]))
    print(line("sort all loaded rows (header click)", figures["sort_ms"], "ms", figures["sort_baseline_ms"]))
    print(f"  {'':<46} baseline: sorted() of the row tuples by the same field")
    print(line("UI longest gap meanwhile", figures["sort_gap_ms"], "ms"))
    print(line("quick filter, first use (builds search texts)", figures["first_filter_ms"], "ms"))
    print(line("UI longest gap meanwhile", figures["first_filter_gap_ms"], "ms"))
    print(line("quick filter, next uses", figures["filter_ms"], "ms", figures["filter_baseline_ms"]))
    print(f"  {'':<46} baseline: a list comprehension testing str(row)")
    print(line("UI longest gap meanwhile", figures["filter_gap_ms"], "ms"))
    print(
        line(
            "memory per loaded row (tab model)",
            figures["bytes_per_row"],
            "B",
            figures["pydantic_bytes_per_row"],
        )
    )
    print(f"  {'':<46} baseline: the API client's Player objects")
    print(
        line(
            "memory per loaded row (tab model)", figures["bytes_per_row"], "B", figures["json_bytes_per_row"]
        )
    )
    print(f"  {'':<46} baseline: raw JSON dicts")


def run_benchmark() -> dict[str, Any]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    data_dir = cached_sandbox_dir(COUNT)
    prepared = time.perf_counter()
    with start_sandbox(data_dir, players=COUNT, seed_demo=False) as sandbox:
        prepare_s = time.perf_counter() - prepared
        app_id = str(sandbox.store.get_meta(f"generated_app:{COUNT}"))
        recorder = GapRecorder()
        idle_longest, idle_p99 = measure_idle(app, recorder)
        in_process = measure(app, sandbox, app_id, recorder, 1)
        org_key, app_keys = sandbox.org_key, {app_id: sandbox.app_key(app_id)}
    server = SandboxProcess(data_dir, org_key, app_keys)
    try:
        figures = measure(app, server, app_id, recorder, ROUNDS)
    finally:
        server.stop()
    figures.update(idle_longest_ms=idle_longest, idle_p99_ms=idle_p99, in_process=in_process)
    print(f"\nPlayers tab: Load all of {COUNT:,} sandbox players (sandbox ready in {prepare_s:.1f} s)")
    report(
        f"Sandbox in a child process (as OneSignal is remote), median of {ROUNDS}:",
        figures,
        idle_longest,
        idle_p99,
    )
    report(
        "Sandbox inside the console's process (no-account mode), 1 run:", in_process, idle_longest, idle_p99
    )
    return figures


@pytest.mark.timeout(3600)
def test_players_load_benchmark() -> None:
    figures = run_benchmark()
    assert figures["loaded"] == COUNT


if __name__ == "__main__":
    run_benchmark()
