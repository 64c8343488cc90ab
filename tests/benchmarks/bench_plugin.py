"""Benchmark: what the pytest plugin costs a test run (issue 20).

Run: ``python3 -m pytest tests/benchmarks/bench_plugin.py -s``.

1. Fixture ready: in a fresh interpreter that has imported pytest, the time until the session sandbox is
   listening and ``onesignal_app`` (an app with its keys, default segments and 3 devices) is made, against
   starting a bare stdlib ``ThreadingHTTPServer`` on a free port in the same kind of interpreter. Goal
   (issue 20): <= 300 ms.
2. The plugin's import cost for a test run that never uses it: importing the plugin module after pytest,
   against importing pytest itself in the same interpreter. Reported, with the modules it brings.
Bytecode is written once before the rounds (as pip install leaves it). Rounds are interleaved (one of
each kind in turn); medians, and the load, are printed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import _harness

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 7
BENCH = "pytest plugin"

_FIXTURE = r"""
import json, time, pytest
started = time.perf_counter()
from onesignal_desktop.sandbox.running import start_sandbox
from onesignal_desktop.sandbox.testing import new_app
sandbox = start_sandbox(seed_demo=False)
app = new_app(sandbox)
assert app.rest_api_key and len(app.player_ids) == 3
ready = time.perf_counter() - started
sandbox.stop()
print(json.dumps({"seconds": ready}))
"""

_BARE_SERVER = r"""
import json, time, pytest, threading
started = time.perf_counter()
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()
ready = time.perf_counter() - started
server.shutdown()
print(json.dumps({"seconds": ready}))
"""

_IMPORT = r"""
import json, sys, time
started = time.perf_counter()
import pytest
pytest_seconds = time.perf_counter() - started
before = set(sys.modules)
started = time.perf_counter()
import onesignal_desktop.sandbox.pytest_plugin
seconds = time.perf_counter() - started
modules = sorted(set(sys.modules) - before)
print(json.dumps({"seconds": seconds, "pytest": pytest_seconds, "modules": modules}))
"""


def _run(code: str, pycache: Path) -> dict[str, object]:
    # Bytecode kept (in a temp folder) as an installed package has it: this machine's environment sets
    # PYTHONDONTWRITEBYTECODE, and compiling the sandbox's sources again each time costs ~150 ms.
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _seconds(result: dict[str, object]) -> float:
    value = result["seconds"]
    assert isinstance(value, float)
    return value


def test_plugin_fixture_ready_and_import_cost(tmp_path: Path) -> None:
    print(f"\n{BENCH}: {_harness.machine()}")
    pycache = tmp_path / "pycache"
    _run(_FIXTURE, pycache)  # writes the bytecode once
    fixture, bare, plugin_import, pytest_imports = [], [], [], []
    modules: object = None
    for _ in range(ROUNDS):
        fixture.append(_seconds(_run(_FIXTURE, pycache)))
        bare.append(_seconds(_run(_BARE_SERVER, pycache)))
        imported = _run(_IMPORT, pycache)
        plugin_import.append(_seconds(imported))
        modules = imported["modules"]
        pytest_import = imported["pytest"]
        assert isinstance(pytest_import, float)
        pytest_imports.append(pytest_import)
    assert modules == sorted(
        ["onesignal_desktop", "onesignal_desktop.sandbox", "onesignal_desktop.sandbox.pytest_plugin"]
    ), modules
    print(
        _harness.record(
            BENCH,
            "fixture ready: session sandbox listening + onesignal_app",
            statistics.median(fixture) * 1000,
            "ms",
            baseline=statistics.median(bare) * 1000,
            baseline_name="a bare stdlib ThreadingHTTPServer started on a free port",
            goal=300,
        )
    )
    print(f"  fixture ready per round (ms): {', '.join(f'{s * 1000:.0f}' for s in fixture)}")
    print(
        _harness.record(
            BENCH,
            "plugin import in a run that does not use it",
            statistics.median(plugin_import) * 1000,
            "ms",
            baseline=statistics.median(pytest_imports) * 1000,
            baseline_name="importing pytest itself, in the same interpreter",
        )
    )
    print(f"  modules the plugin brings: {modules}")
    print(f"{BENCH}: done, {_harness.machine()}")
