"""CSV exports: poll the file URL while it is not ready, stream the gzip to disk, read rows lazily."""

from __future__ import annotations

import csv
import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import APP_ID, APP_KEY, FakeServer, FakeSleep, MakeClient

from onesignal_desktop.api import (
    DownloadProgress,
    ExportPolling,
    ExportTimeoutError,
    OneSignalClient,
    OperationCancelled,
    iter_csv_rows,
)

ROWS = [{"id": f"p{i}", "language": "en", "tags": f'{{"level": "{i}"}}'} for i in range(2000)]


def _gzip_csv(rows: list[dict[str, str]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return gzip.compress(text.getvalue().encode())


class FileHost:
    """A storage host on loopback: answers the queued statuses first, then the file."""

    def __init__(self, payload: bytes, not_ready: list[int]) -> None:
        self.payload = payload
        self.not_ready = list(not_ready)
        self.seen_headers: list[dict[str, str]] = []
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host.seen_headers.append({name.lower(): value for name, value in self.headers.items()})
                if host.not_ready:
                    status = host.not_ready.pop(0)
                    body = b"<Error><Code>AccessDenied</Code></Error>"
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Content-Length", str(len(host.payload)))
                self.end_headers()
                self.wfile.write(host.payload)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/exports/abc.csv.gz"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def real_client() -> Iterator[OneSignalClient]:
    with OneSignalClient("http://127.0.0.1:9", app_keys={APP_ID: APP_KEY}) as client:
        yield client


def test_export_is_polled_while_not_ready_then_downloaded_and_read_lazily(
    real_client: OneSignalClient, tmp_path: Path, fake_sleep: FakeSleep
) -> None:
    host = FileHost(_gzip_csv(ROWS), not_ready=[404, 403, 403])
    progress: list[DownloadProgress] = []
    try:
        path = real_client.download_export(
            host.url, tmp_path / "players.csv.gz", progress=progress.append, sleep=fake_sleep,
            polling=ExportPolling(initial_delay=1.0, factor=2.0, max_delay=3.0, deadline=60.0),
        )  # fmt: skip
    finally:
        host.close()
    assert fake_sleep.calls == [1.0, 2.0, 3.0]
    assert [p.phase for p in progress][:3] == ["waiting"] * 3
    assert progress[-1].phase == "done" and progress[-1].bytes_done == progress[-1].total_bytes > 0
    assert all("authorization" not in headers for headers in host.seen_headers)  # keys stay with the API
    rows = iter_csv_rows(path)
    assert next(rows) == ROWS[0]
    assert sum(1 for _ in rows) == len(ROWS) - 1
    assert not Path(str(path) + ".part").exists()


def test_plain_csv_files_are_read_too(tmp_path: Path) -> None:
    plain = tmp_path / "events.csv"
    plain.write_text("notification_id,event\nn1,clicked\n")
    assert list(iter_csv_rows(plain)) == [{"notification_id": "n1", "event": "clicked"}]


def test_deadline_ends_the_wait_with_a_clear_error(
    real_client: OneSignalClient, tmp_path: Path, fake_sleep: FakeSleep
) -> None:
    host = FileHost(b"", not_ready=[403] * 50)
    try:
        with pytest.raises(ExportTimeoutError, match="not ready after"):
            from onesignal_desktop.api.exports import download_export

            download_export(
                real_client.http, host.url, tmp_path / "x.gz", sleep=fake_sleep, clock=fake_sleep.clock,
                polling=ExportPolling(initial_delay=5.0, factor=2.0, max_delay=20.0, deadline=60.0),
            )  # fmt: skip
    finally:
        host.close()
    assert fake_sleep.calls == [5.0, 10.0, 20.0, 20.0]
    assert not (tmp_path / "x.gz").exists()


def test_cancel_while_waiting(real_client: OneSignalClient, tmp_path: Path) -> None:
    host = FileHost(b"", not_ready=[404] * 50)
    cancel = threading.Event()
    calls = []

    def progress(update: DownloadProgress) -> None:
        calls.append(update)
        cancel.set()

    try:
        with pytest.raises(OperationCancelled):
            real_client.download_export(
                host.url, tmp_path / "x.gz", cancel=cancel, progress=progress,
                polling=ExportPolling(initial_delay=30.0),
            )  # fmt: skip
    finally:
        host.close()
    assert len(calls) == 1  # woke up at once instead of sleeping 30 s


def test_cancel_while_downloading_leaves_no_partial_file(
    real_client: OneSignalClient, tmp_path: Path
) -> None:
    host = FileHost(_gzip_csv(ROWS * 20), not_ready=[])
    cancel = threading.Event()

    def progress(update: DownloadProgress) -> None:
        if update.phase == "downloading":
            cancel.set()

    try:
        with pytest.raises(OperationCancelled):
            real_client.download_export(host.url, tmp_path / "x.gz", cancel=cancel, progress=progress)
    finally:
        host.close()
    assert list(tmp_path.iterdir()) == []


def test_a_gone_file_is_an_error_not_a_wait(real_client: OneSignalClient, tmp_path: Path) -> None:
    host = FileHost(b"", not_ready=[410])
    try:
        with pytest.raises(Exception, match="410"):
            real_client.download_export(host.url, tmp_path / "x.gz")
    finally:
        host.close()


def test_export_players_then_download_relative_url(
    make_client: MakeClient, server: FakeServer, tmp_path: Path, fake_sleep: FakeSleep
) -> None:
    client = make_client()
    server.reply(200, {"csv_file_url": "/exports/abc.csv.gz"})
    export = client.export_players(APP_ID, extra_fields=["country"])
    server.reply(404, b"")
    server.reply(200, _gzip_csv(ROWS[:3]))
    path = client.download_export(export.csv_file_url or "", tmp_path / "p.csv.gz", sleep=fake_sleep)
    assert str(server.last.url) == "https://api.onesignal.com/exports/abc.csv.gz"
    assert "authorization" not in server.last.headers
    assert [row["id"] for row in iter_csv_rows(path)] == ["p0", "p1", "p2"]
