"""The sandbox fuzz suite's long profile (issue 18): the default run's property tests with many more examples.

Run: ``python3 -m pytest tests/benchmarks/bench_sandbox_fuzz.py -s`` (``SANDBOX_FUZZ_EXAMPLES`` sets the
count per operation, default 300 here against 20 in the default run). The suite itself is
``tests/sandbox/test_sandbox_fuzz.py``: every route of the router and operation of the vendored specs,
random and boundary values in every spec field, malformed, deep, huge and chunked bodies. Goal: 0 answers
>= 500, 0 dropped connections, server up, integrity_check ok. Prints the requests sent and their rate.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "tests" / "sandbox" / "test_sandbox_fuzz.py"
EXAMPLES = int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "300"))


def test_the_fuzz_suite_with_the_long_profile() -> None:
    environment = {**os.environ, "SANDBOX_FUZZ_EXAMPLES": str(EXAMPLES)}
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(SUITE), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    print(run.stdout[-3000:])
    operations = run.stdout.count("PASSED") or None
    load = os.getloadavg()
    print(
        f"sandbox fuzz, long profile: {EXAMPLES} examples per operation in {elapsed:.0f} s "
        f"(load {load[0]:.2f}); operations passed: {operations or 'see the summary above'}"
    )
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
