"""Benchmark: the request inspector over 100,000 logged requests (issue 20: no UI gap over 16.7 ms).

Run: ``python3 -m pytest tests/benchmarks/bench_inspector.py -s``.

A sandbox in a child process (``onesignal-desktop sandbox``) whose request log already holds 100,000
requests; the inspector window opens on it and fetches them in pages of 1,000 on the bridge's threads while
the 1 ms PreciseTimer sampler (``gap_sampler.py``) runs on the UI thread; then the table is scrolled from
end to end. Baseline: the same sampler on the idle window just before. Rounds open a new window each time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _harness
from gap_sampler import GapSampler, idle_baseline, load_average, run_until

from onesignal_desktop.bridge import Bridge
from onesignal_desktop.sandbox.store import Store
from onesignal_desktop.sandbox.store.request_log import Captured, RequestLog
from onesignal_desktop.ui.inspector.view import InspectorWindow
from onesignal_desktop.ui.shell.gc_tuning import freeze_heap

ENTRIES = 100_000
ROUNDS = 3
BENCH = "request inspector"


def fill_log(data_dir: Path) -> float:
    started = time.perf_counter()
    store = Store(data_dir / "sandbox.sqlite3")
    log = RequestLog(store, ENTRIES)
    headers = {"host": "127.0.0.1", "authorization": "Key os_v2_app_" + "a" * 52}
    now = time.time() - ENTRIES
    for index in range(ENTRIES):
        path = ("/apps/x", "/notifications", "/players", "/apps/x/segments")[index % 4]
        status = 200 if index % 17 else 429
        log.record(
            Captured(
                now + index,
                "GET" if index % 3 else "POST",
                path,
                "limit=50" if index % 2 else "",
                status,
                1.0 + index % 7,
                f"app-{index % 5}",
                "",
                headers,
                b"",
                b'{"ok":true}',
                "application/json",
            )
        )
    log.close()
    store.close()
    return time.perf_counter() - started


def test_inspector_shows_100000_requests_without_ui_gaps() -> None:
    app = _harness.application()
    print(f"\n{BENCH}: {_harness.machine()}; {load_average()}")
    with tempfile.TemporaryDirectory(prefix="bench-inspector-") as scratch:
        data = Path(scratch) / "sandbox"
        data.mkdir()
        fill_s = fill_log(data)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "onesignal_desktop",
                "sandbox",
                "--data",
                str(data),
                "--no-demo",
                "--print-env",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert process.stdout is not None
            env = dict(process.stdout.readline().rstrip("\n").split("=", 1) for _ in range(2))
            bridge = Bridge()
            freeze_heap()  # as the console does once its window is up (ui/shell/gc_tuning.py)
            rounds = []
            for _ in range(ROUNDS):
                idle = idle_baseline(app)
                sampler = GapSampler()
                started = time.perf_counter()
                with sampler:
                    window = InspectorWindow(
                        bridge, env["ONESIGNAL_API_URL"], env["ONESIGNAL_ORG_API_KEY"], live=False
                    )
                    window.resize(1200, 720)
                    window.show()
                    run_until(app, lambda w=window: w.model.rowCount() >= ENTRIES, timeout_s=300)
                    loaded_s = time.perf_counter() - started
                loading = sampler.gaps()
                scrolling = GapSampler()
                with scrolling:
                    bar = window.table.verticalScrollBar()
                    for step in range(0, 101, 5):
                        bar.setValue(bar.maximum() * step // 100)
                        deadline = time.perf_counter() + 0.05
                        run_until(app, lambda d=deadline: time.perf_counter() > d)
                scroll = scrolling.gaps()
                assert window.model.rowCount() == ENTRIES
                window.close()
                window.deleteLater()
                bridge.wait_for_done(10_000)
                rounds.append(
                    {
                        "idle_longest": idle["longest_gap_ms"],
                        "idle_p99": idle["p99_gap_ms"],
                        "loading_longest": loading["longest_gap_ms"],
                        "loading_p99": loading["p99_gap_ms"],
                        "scroll_longest": scroll["longest_gap_ms"],
                        "scroll_p99": scroll["p99_gap_ms"],
                        "loaded_s": loaded_s,
                    }
                )
            bridge.shutdown()
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
    figures = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    print(
        f"  log filled with {ENTRIES:,} entries in {fill_s:.1f} s; median of {ROUNDS} rounds; "
        f"{load_average()}"
    )
    idle = {"longest_gap_ms": figures["idle_longest"], "p99_gap_ms": figures["idle_p99"]}
    for what, prefix in (
        ("while loading 100,000 logged requests", "loading"),
        ("while scrolling them", "scroll"),
    ):
        gaps = {"longest_gap_ms": figures[f"{prefix}_longest"], "p99_gap_ms": figures[f"{prefix}_p99"]}
        for text in _harness.record_gaps(BENCH, what, gaps, idle):
            print(text)
    print(_harness.record(BENCH, "time until all 100,000 rows are in the table", figures["loaded_s"], "s"))
    for r in rounds:
        print(
            f"  round: loading longest {r['loading_longest']:.1f} ms, "
            f"scrolling longest {r['scroll_longest']:.1f} ms "
            f"(idle {r['idle_longest']:.1f} ms), loaded in {r['loaded_s']:.2f} s"
        )
