"""Benchmarks run with ``python3 -m pytest tests/benchmarks/bench_*.py -s`` (not in the default run).

At the end, every figure the benchmarks recorded is listed against its goal; with ``BENCH_RESULTS=FILE``
the same list is written there as a Markdown table.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))  # the benchmarks import ``_harness`` as a top-level module

import _harness


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _harness.FIGURES:
        return
    terminalreporter.section("benchmark figures against their goals")
    terminalreporter.write_line(f"machine: {_harness.machine()}")
    for figure in _harness.FIGURES:
        if figure.goal is not None:
            terminalreporter.write_line(
                f"{figure.verdict():<8} {figure.benchmark}: {figure.name} "
                f"{figure.value:.3g} {figure.unit}"
                + (f" = {figure.ratio:.2f}x" if figure.ratio is not None else "")
                + f" (goal {figure.goal_text()})"
            )
    target = os.environ.get("BENCH_RESULTS")
    if target:
        Path(target).write_text(
            f"machine: {_harness.machine()}\n\n{_harness.markdown_table(_harness.FIGURES)}\n",
            encoding="utf-8",
        )
        terminalreporter.write_line(f"figures written to {target}")
