"""What every benchmark shares: the UI-thread gap recorder, medians, and figures printed against baselines.

A benchmark records each figure with :func:`record` (value, baseline measured in the same run, goal); the
line it returns is printed at once, and ``tests/benchmarks/conftest.py`` lists every recorded figure against
its goal at the end of the pytest run (and writes them as a Markdown table to ``$BENCH_RESULTS`` if set).

Timings are noisy on a shared machine, so a missed goal is reported ("NOT met"), never an assertion; a
benchmark still fails when it crashes or measures the wrong thing (wrong row count, nothing refreshed).
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gap_sampler import FRAME_MS, P99_GOAL_MS, TICK_MS, GapSampler
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

# Issue 19: the UI thread's longest gap and 99th percentile while work runs (never miss a 60 Hz frame).
GAP_GOALS = {"longest_gap_ms": FRAME_MS, "p99_gap_ms": P99_GOAL_MS}
NAME_WIDTH = 60


@dataclass(frozen=True)
class Figure:
    benchmark: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: float | None = None
    goal_on: Literal["value", "ratio"] = "value"

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        measured = self.ratio if self.goal_on == "ratio" else self.value
        return measured is not None and measured <= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        return f"<= {self.goal:g}x" if self.goal_on == "ratio" else f"<= {self.goal:g} {self.unit}"

    def verdict(self) -> str:
        return {None: "", True: "met", False: "NOT met"}[self.met]


FIGURES: list[Figure] = []


def record(
    benchmark: str,
    name: str,
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    baseline_name: str = "",
    goal: float | None = None,
    goal_on: Literal["value", "ratio"] = "value",
) -> str:
    """Keep a figure for the closing summary and return its printable line."""
    figure = Figure(benchmark, name, value, unit, baseline, baseline_name, goal, goal_on)
    FIGURES.append(figure)
    return line(figure)


def _number(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"


def line(figure: Figure) -> str:
    text = f"  {figure.name:<{NAME_WIDTH}} {_number(figure.value):>9} {figure.unit:<3}"
    if figure.baseline is not None:
        text += f"  baseline {_number(figure.baseline):>9} {figure.unit:<3} ratio {figure.ratio:6.2f}x"
    if figure.goal is not None:
        text += f"  goal {figure.goal_text()}: {figure.verdict()}"
    if figure.baseline_name:
        text += f"\n  {'':<{NAME_WIDTH}} baseline: {figure.baseline_name}"
    return text


def median_of(rounds: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Per key, the median over rounds (every round has the same keys)."""
    rounds = list(rounds)
    return {key: statistics.median(round_[key] for round_ in rounds) for key in rounds[0]}


def median_seconds(action: Callable[[], Any], rounds: int) -> float:
    """The median wall time of ``action`` over ``rounds`` runs."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load}"
    )


# ------------------------------------------------------------------------------------------------ Qt


# The 1 ms sampler lives in ``gap_sampler`` so any benchmark (or engineer) imports it alone.
GapRecorder = GapSampler


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


def application() -> QApplication:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    return app


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


def idle_gaps(app: QApplication, seconds: float = 1.0) -> dict[str, float]:
    """The gap recorder on an idle event loop: the baseline for every gap figure."""
    recorder = GapSampler()
    recorder.start()
    deadline = time.perf_counter() + seconds
    run_loop_until(app, lambda: time.perf_counter() > deadline)
    recorder.stop()
    return recorder.gaps()


def record_gaps(benchmark: str, what: str, gaps: Mapping[str, float], idle: Mapping[str, float]) -> list[str]:
    """The longest and p99 gap figures against the idle timer, with the issue's goals."""
    baseline_name = f"the same {TICK_MS} ms PreciseTimer on an idle event loop"
    return [
        record(
            benchmark,
            f"UI longest gap {what}",
            gaps["longest_gap_ms"],
            "ms",
            baseline=idle["longest_gap_ms"],
            goal=GAP_GOALS["longest_gap_ms"],
        ),
        record(
            benchmark,
            f"UI p99 gap {what}",
            gaps["p99_gap_ms"],
            "ms",
            baseline=idle["p99_gap_ms"],
            baseline_name=baseline_name,
            goal=GAP_GOALS["p99_gap_ms"],
        ),
    ]


def markdown_table(figures: Iterable[Figure]) -> str:
    rows = [
        "| benchmark | figure | value | baseline | ratio | goal | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for figure in figures:
        baseline = "" if figure.baseline is None else f"{_number(figure.baseline)} {figure.unit}"
        if figure.baseline_name:
            baseline += f" ({figure.baseline_name})"
        ratio = "" if figure.ratio is None else f"{figure.ratio:.2f}x"
        rows.append(
            f"| {figure.benchmark} | {figure.name} | {_number(figure.value)} {figure.unit} | {baseline} "
            f"| {ratio} | {figure.goal_text()} | {figure.verdict()} |"
        )
    return "\n".join(rows)
