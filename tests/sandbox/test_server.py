"""The HTTP layer: both URL prefixes, keep-alive, routing errors, concurrency, speed."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from onesignal_desktop.sandbox import Sandbox


def test_api_is_served_at_root_and_under_api_v1(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    at_root = http.get(f"/apps/{app['id']}", headers=org_headers)
    legacy = http.get(f"/api/v1/apps/{app['id']}", headers=org_headers)
    assert at_root.status_code == legacy.status_code == 200
    assert at_root.json()["id"] == legacy.json()["id"] == app["id"]


def test_unknown_path_is_404_with_errors_body(http: httpx.Client, org_headers: dict[str, str]) -> None:
    response = http.get("/no/such/thing", headers=org_headers)
    assert response.status_code == 404
    assert response.json() == {"errors": ["Not Found"]}


def test_known_path_with_wrong_method_is_405(http: httpx.Client, org_headers: dict[str, str]) -> None:
    response = http.delete("/apps", headers=org_headers)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_malformed_json_body_is_a_400(http: httpx.Client, org_headers: dict[str, str]) -> None:
    response = http.post(
        "/apps", content=b"{not json", headers={**org_headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"]


def test_keep_alive_reuses_one_connection(sandbox: Sandbox, org_headers: dict[str, str]) -> None:
    with httpx.Client(base_url=sandbox.base_url) as client:
        first = client.get("/apps", headers=org_headers)
        second = client.get("/apps", headers=org_headers)
    assert first.http_version == "HTTP/1.1"
    assert first.headers.get("connection", "").lower() != "close"
    assert second.status_code == 200


def test_concurrent_requests_all_succeed(sandbox: Sandbox, org_headers: dict[str, str]) -> None:
    def create(n: int) -> int:
        with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
            return client.post("/apps", json={"name": f"App {n}"}, headers=org_headers).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(create, range(64)))
    assert statuses == [200] * 64
    with httpx.Client(base_url=sandbox.base_url) as client:
        assert len(client.get("/apps", headers=org_headers).json()) == 64


def test_simple_get_answers_well_under_5_ms(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    for _ in range(20):  # warm up the connection and the caches
        http.get(f"/apps/{app['id']}", headers=org_headers)
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        response = http.get(f"/apps/{app['id']}", headers=org_headers)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    assert statistics.median(timings) < 0.005


def test_stop_frees_the_port_and_removes_the_temp_dir() -> None:
    from onesignal_desktop.sandbox import start_sandbox

    sb = start_sandbox(seed_demo=False)
    data_dir = sb.data_dir
    with httpx.Client(base_url=sb.base_url) as client:
        assert client.get("/apps", headers={"Authorization": f"Key {sb.org_key}"}).status_code == 200
        sb.stop()
        try:
            client.get("/apps", headers={"Authorization": f"Key {sb.org_key}"})
            reached = True
        except httpx.TransportError:
            reached = False
    assert not reached
    assert not data_dir.exists()


def test_restart_on_the_same_port_keeps_serving(tmp_path: Any) -> None:
    from onesignal_desktop.sandbox import start_sandbox

    first = start_sandbox(tmp_path, seed_demo=False)
    port = first.port
    first.stop()
    with start_sandbox(tmp_path, port=port, seed_demo=False) as second:
        assert second.port == port
        response = httpx.get(f"{second.base_url}/apps", headers={"Authorization": f"Key {second.org_key}"})
        assert response.status_code == 200


def test_a_failing_handler_answers_500_json_and_the_server_lives_on(sandbox: Sandbox) -> None:
    from onesignal_desktop.sandbox.routing import Request, Response, Router
    from onesignal_desktop.sandbox.server import SandboxHTTPServer

    router = Router()

    @router.get("/boom")
    def boom(req: Request) -> Response:
        raise RuntimeError("bug")

    @router.get("/fine/{name}")
    def fine(req: Request) -> Response:
        return Response.json({"name": req.params["name"], "prefix": req.prefix})

    server = SandboxHTTPServer(("127.0.0.1", 0), router, sandbox.context)
    import threading

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=server.url) as client:
            failed = client.get("/boom")
            assert failed.status_code == 500
            assert failed.json() == {"errors": ["Internal server error"]}
            assert client.get("/api/v1/fine/a%20b").json() == {"name": "a b", "prefix": "/api/v1"}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_literal_segments_win_over_parameters() -> None:
    from onesignal_desktop.sandbox.routing import Request, Response, Router

    router = Router()

    @router.post("/players/{player_id}")
    def by_id(req: Request) -> Response:
        return Response.json("by id")

    @router.post("/players/csv_export")
    def export(req: Request) -> Response:
        return Response.json("export")

    route, params = router.resolve("POST", "/players/csv_export")
    assert route.handler is export and params == {}
    route, params = router.resolve("POST", "/players/abc")
    assert route.handler is by_id and params == {"player_id": "abc"}


def test_oversized_body_is_413(sandbox: Sandbox, org_headers: dict[str, str]) -> None:
    import socket

    from onesignal_desktop.sandbox.server import MAX_BODY_BYTES

    with socket.create_connection((sandbox.host, sandbox.port), timeout=5) as raw:
        raw.sendall(
            f"POST /apps HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
        )
        answer = raw.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413")
