"""Benchmark: the sandbox's throughput and latency, and how fast it generates a big app.

Run: ``python3 -m pytest tests/benchmarks/bench_sandbox.py -s``
  or ``python3 tests/benchmarks/bench_sandbox.py``.

1. Requests per second and p50/p99 latency of ``GET /apps/{id}`` with 4 concurrent keep-alive connections,
   against a bare stdlib ``ThreadingHTTPServer`` answering a fixed JSON body (the baseline), both served
   from their own process, rounds interleaved. The load client is ``wrk`` (C; Debian's ``wrk`` package)
   when installed, else 4 Python threads (which on 2 cores can be the bottleneck: the report says which).
   The client's own ceiling is shown: the same client against a canned-answer socket server that parses
   nothing, so a figure far below it is the server's, not the client's. On Linux, each server's CPU time
   per request is shown too (from /proc): it does not depend on what else the machine runs.
2. Generating a 100,000-player app (``--players 100000``), against inserting the same number of rows of
   similar width into a bare SQLite table in the same run.
"""

from __future__ import annotations

import os
import re
import shutil
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
ROUNDS = int(os.environ.get("SANDBOX_BENCH_ROUNDS", "5"))
WRK_SECONDS = 3
CLIENT = "wrk" if shutil.which("wrk") else "python"
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
class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk resets its connections when it stops: nothing to report
server = Server(("127.0.0.1", 0), Handler)
print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
"""


# The client's ceiling: answers every request with the same bytes, parsing nothing (one thread, selectors).
_CANNED_SERVER = r"""
import selectors, socket
BODY = b'{"id": "x", "name": "Demo Shop", "players": 600, "messageable_players": 540}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
ANSWER = HEAD % len(BODY) + BODY
END = b"\r\n\r\n"
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(64)
listener.setblocking(False)
print(f"listening on http://127.0.0.1:{listener.getsockname()[1]}", flush=True)
select = selectors.DefaultSelector()
select.register(listener, selectors.EVENT_READ)
while True:
    for key, _ in select.select():
        if key.fileobj is listener:
            connection, _ = listener.accept()
            connection.setblocking(False)
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            select.register(connection, selectors.EVENT_READ, b"")
            continue
        connection = key.fileobj
        try:
            chunk = connection.recv(65536)
        except OSError:
            chunk = b""
        if not chunk:
            select.unregister(connection)
            connection.close()
            continue
        data = key.data + chunk
        answers = data.count(END)
        if answers:
            connection.sendall(ANSWER * answers)
            data = data[data.rfind(END) + 4 :]
        select.modify(connection, selectors.EVENT_READ, data)
"""


@contextmanager
def _serve(command: list[str], env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str], int]]:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        second = process.stdout.readline().strip() if "sandbox" in first else ""
        url = first.rsplit(" ", 1)[-1]
        yield url, [second], process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def _load_python(url: str, headers: dict[str, str]) -> tuple[float, float, float]:
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
    return CLIENTS * REQUESTS_PER_CLIENT / elapsed, _percentile(every, 0.5), _percentile(every, 0.99)


def _wrk_ms(text: str) -> float:
    number = float(text.rstrip("umns"))
    unit = text[len(text.rstrip("umns")) :]
    return number * {"us": 0.001, "ms": 1.0, "s": 1000.0}.get(unit, 1.0)


def _load_wrk(url: str, headers: dict[str, str]) -> tuple[float, float, float]:
    command = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{WRK_SECONDS}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _wrk_ms(re.search(r"50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _wrk_ms(re.search(r"99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    if "Non-2xx" in output:
        raise RuntimeError(f"wrk saw error answers from {url}:\n{output}")
    return rps, p50 / 1000, p99 / 1000


def _load(url: str, headers: dict[str, str]) -> tuple[float, float, float]:
    """(requests per second, p50 s, p99 s) of one round against ``url``."""
    return _load_wrk(url, headers) if CLIENT == "wrk" else _load_python(url, headers)


def _cpu_seconds(pid: int) -> float | None:
    """The process's user + system CPU time (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def _requests_in(rps: float) -> float:
    return rps * WRK_SECONDS if CLIENT == "wrk" else CLIENTS * REQUESTS_PER_CLIENT


def measure_http() -> dict[str, float]:
    results: dict[str, list[tuple[float, float, float]]] = {"baseline": [], "sandbox": [], "ceiling": []}
    cpu: dict[str, list[float]] = {"baseline": [], "sandbox": []}
    loads: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        sandbox_cmd = [sys.executable, "-m", "onesignal_desktop", "sandbox", "--port", "0", "--data", data]
        with (
            _serve([sys.executable, "-c", _BASELINE_SERVER]) as (base_url, _, base_pid),
            _serve([sys.executable, "-c", _CANNED_SERVER]) as (canned_url, _, _canned_pid),
            _serve(sandbox_cmd) as (sandbox_url, key_line, sandbox_pid),
        ):
            org_key = key_line[0].rsplit(" ", 1)[-1]
            apps = httpx.get(f"{sandbox_url}/apps", headers={"Authorization": f"Key {org_key}"}).json()
            app_url = f"{sandbox_url}/apps/{apps[0]['id']}"
            for _ in range(ROUNDS):
                for name, url, headers, pid in (
                    ("baseline", f"{base_url}/apps/x", {}, base_pid),
                    ("sandbox", app_url, {"Authorization": f"Key {org_key}"}, sandbox_pid),
                    ("ceiling", f"{canned_url}/apps/x", {}, None),
                ):
                    before = _cpu_seconds(pid) if pid else None
                    outcome = _load(url, headers)
                    results[name].append(outcome)
                    after = _cpu_seconds(pid) if pid else None
                    if before is not None and after is not None and name in cpu:
                        cpu[name].append(1e6 * (after - before) / _requests_in(outcome[0]))
                loads.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0)
    figures: dict[str, float] = {}
    for name, runs in results.items():
        rps = [r[0] for r in runs]
        figures[f"{name}_rps"] = statistics.median(rps)
        figures[f"{name}_rps_min"] = min(rps)
        figures[f"{name}_rps_max"] = max(rps)
        figures[f"{name}_p50_ms"] = statistics.median(r[1] for r in runs) * 1000
        figures[f"{name}_p99_ms"] = statistics.median(r[2] for r in runs) * 1000
    for name, values in cpu.items():
        if values:
            figures[f"{name}_cpu_us"] = statistics.median(values)
    figures["ratios"] = [s[0] / b[0] for s, b in zip(results["sandbox"], results["baseline"], strict=True)]  # type: ignore[assignment]
    figures["load_min"], figures["load_max"] = min(loads), max(loads)
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


def _spread(http: dict[str, float], name: str) -> str:
    return (
        f"min {http[name + '_rps_min']:,.0f} / median {http[name + '_rps']:,.0f} / "
        f"max {http[name + '_rps_max']:,.0f} r/s"
    )


def report() -> dict[str, float]:
    http = measure_http()
    generation = measure_generation()
    name, record = "sandbox", _harness.record
    baseline_name = "a bare stdlib ThreadingHTTPServer answering a fixed JSON body, same client, same run"
    client = (
        f"wrk, 1 thread, {CLIENTS} connections, {WRK_SECONDS} s"
        if CLIENT == "wrk"
        else (
            f"{CLIENTS} Python threads x {REQUESTS_PER_CLIENT} "
            "(install wrk: this client may be the bottleneck)"
        )
    )
    print()
    print(
        f"Sandbox GET /apps/{{id}}, {client}; {ROUNDS} interleaved rounds; 1-min load per round "
        f"{http['load_min']:.2f}-{http['load_max']:.2f}; {_harness.machine()}"
    )
    print(f"  client ceiling (canned answers, no parsing): {_spread(http, 'ceiling')}")
    print(f"  bare stdlib server:                          {_spread(http, 'baseline')}")
    print(f"  sandbox:                                     {_spread(http, 'sandbox')}")
    print("  sandbox / bare per round: " + ", ".join(f"{r:.2f}x" for r in http["ratios"]))  # type: ignore[attr-defined]
    if "sandbox_cpu_us" in http and "baseline_cpu_us" in http:
        print(
            f"  server CPU per request (median): sandbox {http['sandbox_cpu_us']:.0f} us, "
            f"bare {http['baseline_cpu_us']:.0f} us"
        )
    ratio = http["sandbox_rps"] / http["baseline_rps"]
    print(f"  throughput ratio (medians) {ratio:.2f}x: goal >= 0.9x {'met' if ratio >= 0.9 else 'NOT met'}")
    for text in (
        record(
            name,
            "GET /apps/{id} requests per second (higher is better; goal: >= 0.9x the bare server)",
            http["sandbox_rps"],
            "r/s",
            baseline=http["baseline_rps"],
            baseline_name=baseline_name,
        ),
        record(
            name,
            "load client's ceiling (canned-answer server), r/s",
            http["ceiling_rps"],
            "r/s",
            baseline=http["baseline_rps"],
            baseline_name="the bare server, same client (ceiling / bare >> 1: the client is not the limit)",
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
            goal=5,
        ),
    ):
        print(text)
    return {**http, **generation}


def test_sandbox_benchmark() -> None:
    figures = report()
    assert figures["sandbox_rps"] > 0 and figures["generate_s"] > 0  # timings are reported, not asserted


if __name__ == "__main__":
    report()
