"""The shared UI-gap sampler: a 1 ms ``Qt.TimerType.PreciseTimer`` on the UI thread.

Every benchmark that says "the UI never missed a frame" measures it with this, so the figures compare:

    from gap_sampler import GapSampler, idle_baseline, spread

    sampler = GapSampler()
    with sampler:                      # starts the 1 ms timer; stops it on leaving
        run_the_scenario()             # through a real event loop (``_harness.run_loop_until``)
    sampler.longest_ms(), sampler.p99_ms()

A 1 ms tick is the finest a ``QTimer`` resolves: a sampler that ticks every 5 ms cannot see a 99th
percentile below ~5 ms, nor tell a 6 ms gap from a 9 ms one. The interval between consecutive ticks is
the time the UI thread could not run a timer, i.e. the longest time a click, key press or repaint would
have waited. Compare against :func:`idle_baseline` measured in the same run (the timer alone on an idle
loop), and print :func:`load_average` with every figure: the machine is shared.

``python3 tests/benchmarks/gap_sampler.py`` prints the idle baseline on this machine.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterable, Mapping

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

TICK_MS = 1
# Issue 19: never miss a 60 Hz frame, and almost always stay well inside one.
FRAME_MS = 16.7
P99_GOAL_MS = 8.0


class GapSampler(QObject):
    """A 1 ms precise timer on the UI thread; the intervals between its ticks are the UI's gaps."""

    def __init__(self, tick_ms: int = TICK_MS) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)
        self.intervals: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.intervals.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        # The stretch since the last tick counts too: a stall just before stop() is still a gap.
        if self._last:
            self.intervals.append(time.perf_counter() - self._last)
            self._last = 0.0

    def __enter__(self) -> GapSampler:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.intervals.append(now - self._last)
        self._last = now

    def longest_ms(self) -> float:
        return 1000 * max(self.intervals, default=0.0)

    def p99_ms(self) -> float:
        if len(self.intervals) < 2:
            return self.longest_ms()
        # "inclusive": with few ticks the default method extrapolates past the longest gap.
        return 1000 * statistics.quantiles(self.intervals, n=100, method="inclusive")[98]

    def over_ms(self, limit_ms: float = FRAME_MS) -> int:
        """How many gaps were longer than ``limit_ms`` (missed frames at 60 Hz by default)."""
        return sum(1 for interval in self.intervals if 1000 * interval > limit_ms)

    def gaps(self) -> dict[str, float]:
        return {"longest_gap_ms": self.longest_ms(), "p99_gap_ms": self.p99_ms()}


def run_until(app: QApplication, done: Callable[[], bool], timeout_s: float = 900) -> None:
    """Run a real event loop (as the console does) until ``done()``, checking every 10 ms."""
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


def idle_baseline(app: QApplication, seconds: float = 1.0) -> dict[str, float]:
    """The same sampler on an idle event loop: the baseline for every gap figure, measured in the run."""
    with GapSampler() as sampler:
        deadline = time.perf_counter() + seconds
        run_until(app, lambda: time.perf_counter() > deadline)
    return sampler.gaps()


def spread(values: Iterable[float]) -> dict[str, float]:
    """min / median / max of a figure over rounds."""
    values = list(values)
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def spreads(rounds: Iterable[Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Per key, min / median / max over rounds (every round has the same keys)."""
    rounds = list(rounds)
    return {key: spread(round_[key] for round_ in rounds) for key in rounds[0]}


def spread_text(values: Mapping[str, float], unit: str = "ms") -> str:
    return f"min {values['min']:.1f} / median {values['median']:.1f} / max {values['max']:.1f} {unit}"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (two cores shared by many: print them with every figure)."""
    if not hasattr(os, "getloadavg"):
        return "load n/a"
    return "load " + " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    application = QApplication.instance() or QApplication([])
    assert isinstance(application, QApplication)
    rounds = [idle_baseline(application) for _ in range(3)]
    for key, values in spreads(rounds).items():
        print(f"idle {key}: {spread_text(values)}  ({load_average()})")
