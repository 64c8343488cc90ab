"""Benchmark: the Apps tab's Audit log page over a log of 100,000 entries, paged and filtered.

Run: ``python3 -m pytest tests/benchmarks/bench_audit_log.py -s`` or
``python3 tests/benchmarks/bench_audit_log.py`` (``AUDIT_BENCH_ENTRIES``, ``AUDIT_BENCH_PAGES`` and
``AUDIT_BENCH_ROUNDS`` change the size).

Setup: 100,000 audit entries over the last 6 days (every action, five actors, two apps) in a sandbox
running in a child process, as the console runs it (its request handling does not compete for this
process's GIL, as OneSignal's would not). The console's window shows the Audit log page; the heap is
frozen once it is built, as the console does after building a tab (ui/shell/gc_tuning.py).

Each round, after the window is left idle for a second (the baseline: the shared 1 ms PreciseTimer of
gap_sampler.py on the idle event loop, measured just before, in the same run):
- *paging*: Search, then scrolling to the end of the table again and again, each time the next page of
  100 arrives by cursor, for ``AUDIT_BENCH_PAGES`` pages;
- *filtering*: an action and an actor typed into the filters, Search, then paging through the filtered
  log the same way.
Figures (median of the rounds): the UI thread's longest gap (goal <= 16.7 ms: no missed 60 Hz frame) and
99th percentile (goal <= 8 ms), with the idle baseline and the ratio; the UI thread's CPU time per page
(above the sampler's own, measured idle: it moves less with the machine's load than the gaps do); the
load average is printed.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _harness
from gap_sampler import GapSampler, idle_baseline, load_average, run_until
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import KeyStore, MemoryKeyring
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.sandbox.process import SandboxProcess
from onesignal_desktop.sandbox.store import AuditEvent
from onesignal_desktop.ui.apps.audit_log.view import AuditLogView
from onesignal_desktop.ui.apps.tab import AppsTab
from onesignal_desktop.ui.shell.gc_tuning import freeze_heap
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import build_console
from onesignal_desktop.ui.shell.tabs import TABS

ENTRIES = int(os.environ.get("AUDIT_BENCH_ENTRIES", "100000"))
PAGES = int(os.environ.get("AUDIT_BENCH_PAGES", "100"))
ROUNDS = int(os.environ.get("AUDIT_BENCH_ROUNDS", "3"))
BENCHMARK = "audit log page"
ACTIONS = (
    "notification.sent", "notification.canceled", "segment.created", "segment.updated", "segment.deleted",
    "template.created", "template.updated", "api_key.created", "api_key.rotated", "app.updated",
)  # fmt: skip
ACTORS = [(f"actor-{i}", f"Member {i}", f"member{i}@bench.example") for i in range(5)]
FILTER_ACTION = "segment.updated"
FILTER_ACTOR = "actor-2"


def fill_log(data_dir: Path) -> tuple[int, float]:
    """Two apps and ENTRIES audit entries in the store at ``data_dir``; (entries, seconds taken)."""
    started = time.perf_counter()
    rng = random.Random(15)
    with start_sandbox(data_dir, seed_demo=False) as sandbox:
        with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as client:
            apps = [str(client.create_app({"name": name}).id) for name in ("Bench Shop", "Bench News")]
        now = sandbox.clock.now()
        span = 6 * 86400.0
        batch: list[AuditEvent] = []
        for i in range(ENTRIES):
            actor_id, name, email = ACTORS[rng.randrange(len(ACTORS))]
            action = ACTIONS[rng.randrange(len(ACTIONS))]
            kind = action.split(".")[0]
            batch.append(
                AuditEvent(
                    sandbox.organization_id,
                    now - span + span * i / ENTRIES,
                    action,
                    app_id=apps[i % 2],
                    actor_id=actor_id,
                    actor_type="member",
                    actor_name=name,
                    actor_email=email,
                    target_type=kind,
                    target_id=f"{kind}-{rng.randrange(5000)}",
                    target_name=f"{kind.title()} {rng.randrange(5000)}",
                    ip=f"203.0.113.{rng.randrange(1, 255)}",
                    user_agent="Mozilla/5.0 (bench)",
                )
            )
            if len(batch) == 10_000:
                sandbox.store.insert_audit_events(batch)
                batch = []
        sandbox.store.insert_audit_events(batch)
    return ENTRIES, time.perf_counter() - started


def page_through(app: QApplication, page: AuditLogView, pages: int) -> dict[str, float]:
    """Search, then scroll to the end until ``pages`` pages are loaded (or the log ends); the gaps."""
    cpu_started, wall_started = time.thread_time(), time.perf_counter()
    with GapSampler() as sampler:
        QTest.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
        run_until(app, lambda: not page.scope.busy and page.loaded_count() > 0, timeout_s=120)
        loaded = 1
        while loaded < pages and page.next_cursor:
            before = page.loaded_count()
            page.table.scrollToBottom()  # reaching the end loads the next page, as a user scrolling
            run_until(app, lambda n=before: page.loaded_count() > n and not page.scope.busy, timeout_s=60)
            loaded += 1
    gaps = sampler.gaps()
    gaps["ui_cpu_ms"] = 1000 * (time.thread_time() - cpu_started)
    gaps["seconds"] = time.perf_counter() - wall_started
    gaps["rows"] = float(page.loaded_count())
    gaps["pages"] = float(loaded)
    return gaps


def idle_cpu_share(app: QApplication, seconds: float = 1.0) -> float:
    """The UI thread's CPU share with the sampler ticking on an idle loop (the sampler's own cost)."""
    cpu_started, deadline = time.thread_time(), time.perf_counter() + seconds
    with GapSampler():
        run_until(app, lambda: time.perf_counter() > deadline)
    return (time.thread_time() - cpu_started) / seconds


def set_filters(page: AuditLogView, action: str, actor: str) -> None:
    for edit, text in ((page.action_filter, action), (page.actor_filter, actor)):
        edit.clear()
        QTest.keyClicks(edit, text)


def run_benchmark() -> dict[str, dict[str, float]]:
    app = _harness.application()
    spec = next(spec for spec in TABS if spec.class_name == "AppsTab")
    with tempfile.TemporaryDirectory(prefix="bench-audit-log-") as scratch:
        entries, fill_s = fill_log(Path(scratch) / "sandbox")
        child = SandboxProcess.start(Path(scratch) / "sandbox", seed_demo=False)
        try:
            console = build_console(
                settings=open_settings(Path(scratch) / "settings.ini"),
                keystore=KeyStore(MemoryKeyring()),
                sandbox=child,
                tabs=(spec,),
            )
            window = console.window
            window.resize(1180, 740)
            window.show()
            run_until(app, lambda: console.context.catalog.loaded, timeout_s=60)
            tab = window.current_tab()
            assert isinstance(tab, AppsTab)
            tab.pages.show_page(tab.audit_log)
            page = tab.audit_log
            run_until(app, lambda: page.app_filter.count() > 1, timeout_s=30)
            freeze_heap()  # as the console does once a tab is built (ui/shell/gc_tuning.py)
            rounds: list[dict[str, float]] = []
            for _ in range(ROUNDS):
                idle_cpu = idle_cpu_share(app)
                idle = idle_baseline(app)
                set_filters(page, "", "")
                paging = page_through(app, page, PAGES)
                idle_again = idle_baseline(app)
                set_filters(page, FILTER_ACTION, FILTER_ACTOR)
                filtering = page_through(app, page, PAGES)
                assert {page.cell(r, 1) for r in range(page.loaded_count())} == {FILTER_ACTION}
                rounds.append(
                    {
                        "idle_cpu_share": idle_cpu,
                        "idle_longest_gap_ms": idle["longest_gap_ms"],
                        "idle_p99_gap_ms": idle["p99_gap_ms"],
                        "idle2_longest_gap_ms": idle_again["longest_gap_ms"],
                        "idle2_p99_gap_ms": idle_again["p99_gap_ms"],
                        **{f"paging_{key}": value for key, value in paging.items()},
                        **{f"filtering_{key}": value for key, value in filtering.items()},
                    }
                )
            console.shutdown()
            window.close()
        finally:
            child.stop()
    figures = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    print()
    print(
        f"Audit log page: {entries:,} entries (filled in {fill_s:.1f} s), {PAGES} pages of 100 a round, "
        f"median of {ROUNDS} rounds; sandbox in a child process; {_harness.machine()}; {load_average()}"
    )
    print("  baseline: the same 1 ms PreciseTimer on the same window left idle, just before each step")
    for step, idle_key in (("paging", "idle"), ("filtering", "idle2")):
        idle = {
            "longest_gap_ms": figures[f"{idle_key}_longest_gap_ms"],
            "p99_gap_ms": figures[f"{idle_key}_p99_gap_ms"],
        }
        gaps = {
            "longest_gap_ms": figures[f"{step}_longest_gap_ms"],
            "p99_gap_ms": figures[f"{step}_p99_gap_ms"],
        }
        pages, rows = figures[f"{step}_pages"], figures[f"{step}_rows"]
        what = f"{step} {pages:.0f} pages ({rows:,.0f} rows) of {entries:,}"
        for text in _harness.record_gaps(BENCHMARK, f"while {what}", gaps, idle):
            print(text)
    # What the UI thread itself spends on a page (above the sampler's own ticking): unlike the gaps, it
    # does not grow when the shared machine's other work takes the cores away.
    for step in ("paging", "filtering"):
        pages = max(1.0, figures[f"{step}_pages"])
        above_idle = (
            figures[f"{step}_ui_cpu_ms"] - 1000 * figures["idle_cpu_share"] * figures[f"{step}_seconds"]
        )
        print(
            _harness.record(
                BENCHMARK,
                f"UI-thread CPU per page of 100 while {step}",
                max(0.0, above_idle) / pages,
                "ms",
            )
        )
    for round_ in rounds:
        print(
            f"  round: paging longest {round_['paging_longest_gap_ms']:.1f} ms, filtering longest "
            f"{round_['filtering_longest_gap_ms']:.1f} ms (idle {round_['idle_longest_gap_ms']:.1f} ms)"
        )
    return {"figures": figures}


def test_audit_log_page_benchmark() -> None:
    figures = run_benchmark()["figures"]
    # Noisy on a shared machine: the gaps are reported against their goals; what must hold is that the
    # pages were really loaded and the filter really applied.
    assert figures["paging_rows"] >= min(ENTRIES, 100 * PAGES) * 0.99
    assert figures["filtering_rows"] > 0


if __name__ == "__main__":
    run_benchmark()
    sys.exit(0)
