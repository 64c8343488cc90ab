"""Benchmark: what the request log adds to a ``GET /apps/{id}`` round trip (issue 20: <= 5%).

Run: ``python3 -m pytest tests/benchmarks/bench_request_log.py -s``.

Two sandboxes, each in its own process (the client does not share their GIL), one with the request log on
(the default, 100,000 entries) and one with it off (``--request-log 0``), same demo data. A keep-alive
client per server times sequential ``GET /apps/{id}`` round trips, alternating between the two servers
request by request (the order flipped every round); the figure is the median over rounds of each round's
median, with the log's entry count checked at the end.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import _harness
import httpx

ROUNDS = 9
REQUESTS_PER_ROUND = 600
BENCH = "request log"


@contextmanager
def _sandbox(*args: str) -> Iterator[dict[str, str]]:
    with tempfile.TemporaryDirectory() as data:
        command = [sys.executable, "-m", "onesignal_desktop", "sandbox", "--data", data, "--print-env", *args]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert process.stdout is not None
            env = dict(process.stdout.readline().rstrip("\n").split("=", 1) for _ in range(4))
            yield env
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()


def _round(clients: dict[str, httpx.Client], urls: dict[str, str], flip: bool) -> dict[str, float]:
    """One round: requests alternate between the servers one by one (the load of this shared machine moves
    within a second), so both see the same moments; returns each server's median."""
    names = list(clients)[::-1] if flip else list(clients)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(REQUESTS_PER_ROUND):
        for name in names:
            started = time.perf_counter()
            clients[name].get(urls[name]).raise_for_status()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def test_request_log_overhead_on_get_app() -> None:
    print(f"\n{BENCH}: {_harness.machine()}")
    with _sandbox() as logged, _sandbox("--request-log", "0") as bare:
        servers = {"log on": logged, "log off": bare}
        clients = {
            name: httpx.Client(headers={"Authorization": f"Key {env['ONESIGNAL_ORG_API_KEY']}"})
            for name, env in servers.items()
        }
        urls = {
            name: f"{env['ONESIGNAL_API_URL']}/apps/{env['ONESIGNAL_APP_ID']}"
            for name, env in servers.items()
        }
        medians: dict[str, list[float]] = {name: [] for name in servers}
        _round(clients, urls, flip=False)  # warm up: connections open, caches filled
        for index in range(ROUNDS):
            for name, median in _round(clients, urls, flip=index % 2 == 1).items():
                medians[name].append(median)
        count = clients["log on"].get(f"{logged['ONESIGNAL_API_URL']}/_sandbox/requests", params={"limit": 1})
        for client in clients.values():
            client.close()
    total = (ROUNDS + 1) * REQUESTS_PER_ROUND
    assert count.json()["log"]["count"] == total, count.json()["log"]
    on = statistics.median(medians["log on"]) * 1000
    off = statistics.median(medians["log off"]) * 1000
    print(
        _harness.record(
            BENCH,
            "GET /apps/{id} round trip, request log on",
            on,
            "ms",
            baseline=off,
            baseline_name="the same request to a sandbox started with --request-log 0",
            goal=1.05,
            goal_on="ratio",
        )
    )
    print(f"  per-round medians on (ms): {', '.join(f'{m * 1000:.3f}' for m in medians['log on'])}")
    print(f"  per-round medians off (ms): {', '.join(f'{m * 1000:.3f}' for m in medians['log off'])}")
    print(f"  entries logged: {total:,}")
    print(f"{BENCH}: done, {_harness.machine()}")
