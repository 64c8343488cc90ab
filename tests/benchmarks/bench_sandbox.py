"""Benchmark: the sandbox's throughput and latency, and how fast it generates a big app.

Run: ``python3 -m pytest tests/benchmarks/bench_sandbox.py -s``
  or ``python3 tests/benchmarks/bench_sandbox.py``.

1. Requests per second and p50/p99 latency of ``GET /apps/{id}`` with 4 concurrent keep-alive clients,
   against a bare stdlib ``ThreadingHTTPServer`` answering a fixed JSON body (the baseline), both served
   from their own process so the clients do not share a GIL with the server.
2. Generating a 100,000-player app (``--players 100000``), against inserting the same number of rows of
   similar width into a bare SQLite table in the same run.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import _harness
import httpx

CLIENTS = 4
REQUESTS_PER_CLIENT = 1500
ROUNDS = 3
PLAYERS = 100_000

_BASELINE_SERVER = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
BODY = json.dumps({"id": "x", "name": "Demo Shop", "players": 600, "messageable_players": 540}).encode()
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs (~40 ms a request)
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
"""


@contextmanager
def _serve(command: list[str], env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        second = process.stdout.readline().strip() if "sandbox" in first else ""
        url = first.rsplit(" ", 1)[-1]
        yield url, [second]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _load(url: str, headers: dict[str, str]) -> tuple[float, list[float]]:
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS + 1)

    def client(index: int) -> None:
        with httpx.Client(headers=headers) as http:
            http.get(url).raise_for_status()  # open the connection before the clock starts
            barrier.wait()
            own = latencies[index]
            for _ in range(REQUESTS_PER_CLIENT):
                started = time.perf_counter()
                http.get(url)
                own.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = sorted(x for own in latencies for x in own)
    return CLIENTS * REQUESTS_PER_CLIENT / elapsed, every


def _percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def measure_http() -> dict[str, float]:
    results: dict[str, list[tuple[float, float, float]]] = {"baseline": [], "sandbox": []}
    with tempfile.TemporaryDirectory() as data:
        sandbox_cmd = [sys.executable, "-m", "onesignal_desktop", "sandbox", "--port", "0", "--data", data]
        with (
            _serve([sys.executable, "-c", _BASELINE_SERVER]) as (base_url, _),
            _serve(sandbox_cmd) as (
                sandbox_url,
                key_line,
            ),
        ):
            org_key = key_line[0].rsplit(" ", 1)[-1]
            apps = httpx.get(f"{sandbox_url}/apps", headers={"Authorization": f"Key {org_key}"}).json()
            app_url = f"{sandbox_url}/apps/{apps[0]['id']}"
            for _ in range(ROUNDS):
                for name, url, headers in (
                    ("baseline", f"{base_url}/apps/x", {}),
                    ("sandbox", app_url, {"Authorization": f"Key {org_key}"}),
                ):
                    rps, latencies = _load(url, headers)
                    results[name].append((rps, _percentile(latencies, 0.5), _percentile(latencies, 0.99)))
    figures: dict[str, float] = {}
    for name, runs in results.items():
        figures[f"{name}_rps"] = statistics.median(r[0] for r in runs)
        figures[f"{name}_p50_ms"] = statistics.median(r[1] for r in runs) * 1000
        figures[f"{name}_p99_ms"] = statistics.median(r[2] for r in runs) * 1000
    return figures


def _sqlite_baseline(count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "baseline.sqlite3")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE rows (id TEXT PRIMARY KEY, a TEXT, b INTEGER, c TEXT, d REAL, tags TEXT)")
        started = time.perf_counter()
        with db:
            db.executemany(
                "INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)",
                ((os.urandom(16).hex(), "en", i, "US", i * 0.5, '{"level": "3"}') for i in range(count)),
            )
        elapsed = time.perf_counter() - started
        db.close()
        return elapsed


def measure_generation() -> dict[str, float]:
    from onesignal_desktop.sandbox import start_sandbox

    started = time.perf_counter()
    with start_sandbox(seed_demo=False, players=PLAYERS) as sandbox:
        generated = time.perf_counter() - started
        assert sandbox.store.list_apps()[0].players == PLAYERS
    return {"generate_s": generated, "sqlite_baseline_s": _sqlite_baseline(PLAYERS)}


def report() -> dict[str, float]:
    http = measure_http()
    generation = measure_generation()
    name, record = "sandbox", _harness.record
    baseline_name = "a bare stdlib ThreadingHTTPServer answering a fixed JSON body"
    print()
    print(
        f"Sandbox GET /apps/{{id}}, {CLIENTS} keep-alive clients x {REQUESTS_PER_CLIENT}, median of {ROUNDS}:"
    )
    for text in (
        record(
            name,
            f"requests per second, {CLIENTS} clients (higher is better)",
            http["sandbox_rps"],
            "r/s",
            baseline=http["baseline_rps"],
        ),
        record(name, "p50 latency", http["sandbox_p50_ms"], "ms", baseline=http["baseline_p50_ms"], goal=5),
        record(
            name,
            "p99 latency",
            http["sandbox_p99_ms"],
            "ms",
            baseline=http["baseline_p99_ms"],
            baseline_name=baseline_name,
        ),
        record(
            name,
            f"generating {PLAYERS:,} players",
            generation["generate_s"],
            "s",
            baseline=generation["sqlite_baseline_s"],
            baseline_name="a bare SQLite insert of as many rows of similar width",
            goal=20,
        ),
    ):
        print(text)
    return {**http, **generation}


def test_sandbox_benchmark() -> None:
    figures = report()
    assert figures["sandbox_rps"] > 0 and figures["generate_s"] > 0  # timings are reported, not asserted


if __name__ == "__main__":
    report()
