"""Benchmark (issue 16 item 6b): a report's click curve ("Over time") from a 1,000,000-event export.

Run: ``python3 -m pytest tests/benchmarks/bench_report_timeline.py -s`` or ``python3
tests/benchmarks/bench_report_timeline.py`` (``TIMELINE_BENCH_EVENTS`` and ``TIMELINE_BENCH_ROUNDS`` change
the size).

Setup: a gzipped event export of EVENTS rows (sent, received, clicked; clicks decaying after the send as
OneSignal's do) served by a stdlib HTTP server in a child process, answering ``POST
/notifications/{id}/export_events`` with its URL and the file at that URL, as OneSignal and its storage
host do. (The sandbox would need some 450,000 players for an export this big; its own exports are covered
by the tests.) The report's ``TimelineBox`` is shown; "Draw sends and clicks over time" is pressed and the
benchmark waits until the chart shows the curve.

Figures:
- pressed to curve drawn (goal <= 2 s), against the same steps without the console: the API client asking
  for and downloading the file, and ``count_events`` counting it in this process (same run, ratio);
- the UI thread's longest gap and p99 meanwhile (1 ms PreciseTimer, ``gap_sampler.py``; goal <= 16.7 ms),
  against the same timer on an idle loop. The first round also imports pyqtgraph on the UI thread (the
  first chart of a session); it is reported apart ("cold") from the later rounds ("warm").
"""

from __future__ import annotations

import gzip
import http.server
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import _harness
from gap_sampler import GapSampler, idle_baseline, run_until

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.bridge import Bridge
from onesignal_desktop.ui.notifications.timeline.events import count_events
from onesignal_desktop.ui.notifications.timeline.view import TimelineBox

EVENTS = int(os.environ.get("TIMELINE_BENCH_EVENTS", "1000000"))
ROUNDS = int(os.environ.get("TIMELINE_BENCH_ROUNDS", "3"))
APP_ID = "11111111-2222-4333-8444-555555555555"
NOTIFICATION_ID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
APP_KEY = "os_v2_app_" + "b" * 52  # a made-up key, accepted by the bench's server only
NAME = "report timeline"
CLICK_MEAN_SECONDS = 20 * 60.0


def make_export(path: Path, events: int, sent_at: float) -> dict[str, int]:
    """An export of ``events`` rows: per device a sent row, most a received row, some a clicked row."""
    rng = random.Random(16)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(sent_at))
    counts = {"sent": 0, "received": 0, "clicked": 0}
    written = 0
    device = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write("notification_id,player_id,external_user_id,event,device_type,timestamp\n")
        while written < events:
            device += 1
            who = f"{NOTIFICATION_ID},{device:012d}-0000-4000-8000-000000000000,user-{device}"
            kind = rng.choice((0, 1, 1, 5))
            rows = [("sent", stamp)]
            if rng.random() < 0.85:
                rows.append(
                    (
                        "received",
                        time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(sent_at + rng.randint(1, 30))),
                    )
                )
            if rng.random() < 0.35:
                delay = min(3 * 86400, rng.expovariate(1 / CLICK_MEAN_SECONDS))
                rows.append(("clicked", time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(sent_at + delay))))
            for event, moment in rows[: events - written]:
                out.write(f"{who},{event},{kind},{moment}\n")
                counts[event] += 1
                written += 1
    return counts


def _serve(conn: Any, file_path: str) -> None:
    data = Path(file_path).read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            if f"/notifications/{NOTIFICATION_ID}/export_events" not in self.path:
                self._answer(404, b'{"errors": ["Not Found"]}', "application/json")
                return
            url = f"http://127.0.0.1:{self.server.server_address[1]}/exports/events.csv.gz"
            self._answer(200, json.dumps({"csv_file_url": url}).encode(), "application/json")

        def do_GET(self) -> None:
            self._answer(200, data, "application/gzip")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    conn.send(f"http://127.0.0.1:{server.server_address[1]}")
    conn.recv()
    server.shutdown()


class ExportServer:
    def __init__(self, file_path: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_end, str(file_path)), daemon=True)
        self._process.start()
        self.base_url: str = self._conn.recv()

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(10)


def without_console(client: OneSignalClient, scratch: Path) -> float:
    """The same steps with no UI: ask, download, count (in this process)."""
    started = time.perf_counter()
    answer = client.export_events(NOTIFICATION_ID, APP_ID)
    path = client.download_export(str(answer.csv_file_url), scratch / "alone.csv.gz")
    count_events(path)
    seconds = time.perf_counter() - started
    path.unlink()
    return seconds


def draw_once(app: Any, box: TimelineBox, counts: dict[str, int]) -> dict[str, float]:
    box.app_id = box.notification_id = None  # forget the last drawing: show_notification starts over
    box.show_notification(APP_ID, NOTIFICATION_ID, None, True)
    sampler = GapSampler()
    with sampler:
        started = time.perf_counter()
        box.draw_button.click()
        run_until(app, lambda: box.timeline is not None and not box.busy, timeout_s=300)
        seconds = time.perf_counter() - started
    timeline = box.timeline
    assert timeline is not None
    drawn = box.chart.series_values()
    assert drawn["Clicked"][-1] == counts["clicked"] == timeline.total("clicked"), drawn["Clicked"][-1]
    assert timeline.total("sent") == counts["sent"] and timeline.total("received") == counts["received"]
    return {"drawn_s": seconds, **sampler.gaps()}


def measure() -> None:
    app = _harness.application()
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as scratch_name:
        scratch = Path(scratch_name)
        export = scratch / "events.csv.gz"
        sent_at = time.time() - 3 * 86400
        made = time.perf_counter()
        counts = make_export(export, EVENTS, sent_at)
        made = time.perf_counter() - made
        size = export.stat().st_size
        server = ExportServer(export)
        client = OneSignalClient(server.base_url, app_keys={APP_ID: APP_KEY})
        bridge = Bridge()
        context = SimpleNamespace(
            bridge=bridge,
            connection=SimpleNamespace(client=client),
            resolve_error=lambda operation: None,
            report_error=lambda operation, error, app_id=None: print(f"{operation} failed: {error}"),
        )
        try:
            box = TimelineBox(context)  # type: ignore[arg-type]
            box.export_polling = ExportPolling(initial_delay=0.05, factor=1.0, max_delay=0.05)
            box.resize(900, 420)
            box.show()
            idle = idle_baseline(app, 1.0)
            alone = [without_console(client, scratch)]
            cold = draw_once(app, box, counts)
            warm_rounds = []
            for _ in range(ROUNDS):
                alone.append(without_console(client, scratch))
                warm_rounds.append(draw_once(app, box, counts))
            warm = _harness.median_of(warm_rounds)
            box.close()
        finally:
            client.close()
            server.stop()
    baseline = statistics.median(alone)
    print()
    print(
        f"Report Over time, an export of {EVENTS:,} events ({counts}; made in {made:.1f} s, "
        f"{size:,} bytes gzipped), "
        f"{ROUNDS} warm rounds; {_harness.machine()}"
    )
    for setup, figures in (("first draw, pyqtgraph imported", cold), ("warm, median", warm)):
        print(f"  {setup}:")
        print(
            _harness.record(
                NAME,
                f"click curve drawn after pressing Draw ({setup})",
                figures["drawn_s"],
                "s",
                baseline=baseline,
                baseline_name="the API client asking, downloading and count_events counting, no UI",
                goal=2.0,
            )
        )
        for text in _harness.record_gaps(NAME, f"meanwhile ({setup})", figures, idle):
            print(text)


def test_report_timeline() -> None:
    measure()


if __name__ == "__main__":
    measure()
    sys.exit(0)
