"""Transport: one kept-alive connection serves many calls; timeouts apply over real sockets."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from api_support import APP_ID, APP_KEY

from onesignal_desktop.api import OneSignalClient, RequestTimeout

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


class LocalServer:
    def __init__(self, delay: float = 0.0) -> None:
        self.client_ports: list[int] = []
        body = json.dumps({"id": NID}).encode()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                owner.client_ports.append(self.client_address[1])
                time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # the client hung up on a slow answer on purpose

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local() -> Iterator[LocalServer]:
    server = LocalServer()
    yield server
    server.close()


def test_many_calls_reuse_one_connection(local: LocalServer) -> None:
    with OneSignalClient(local.url, app_keys={APP_ID: APP_KEY}) as client:
        for _ in range(20):
            assert client.get_notification(APP_ID, NID).id == NID
    assert len(local.client_ports) == 20
    assert len(set(local.client_ports)) == 1


def test_a_slow_answer_times_out_as_configured() -> None:
    slow = LocalServer(delay=1.0)
    try:
        with OneSignalClient(
            slow.url, app_keys={APP_ID: APP_KEY}, timeout=httpx.Timeout(0.2, connect=1.0), retry=1
        ) as client:
            started = time.monotonic()
            with pytest.raises(RequestTimeout, match="waiting for the answer"):
                client.get_notification(APP_ID, NID)
            assert time.monotonic() - started < 0.9
    finally:
        slow.close()
