"""The sandbox's input edges (issue 18, items 1-3): chunked bodies obey the body-size limit, out-of-range
numbers and deeply nested JSON get a 400 in OneSignal's shape naming what was wrong, never a 500."""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import pytest

from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox import server as sandbox_server


def _raw_exchange(sandbox: Sandbox, head: str, body: bytes = b"") -> str:
    """Send one raw request and return the answer's status line and headers ('' if the server hung up)."""
    with socket.create_connection((sandbox.host, sandbox.port), timeout=10) as raw:
        raw.sendall(head.encode() + body)
        received = b""
        while b"\r\n\r\n" not in received:
            data = raw.recv(65536)
            if not data:
                break
            received += data
    return received.decode("latin-1")


def _chunked_head(path: str = "/apps") -> str:
    return f"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"


def test_a_chunked_body_above_the_limit_is_413_like_a_content_length_one(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox_server, "MAX_BODY_BYTES", 256 * 1024)
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(5)) + b"0\r\n\r\n"
    answer = _raw_exchange(sandbox, _chunked_head(), body)
    assert answer.startswith("HTTP/1.1 413"), answer[:200]


def test_a_chunk_size_line_of_2_to_the_63_is_answered_not_dropped(sandbox: Sandbox) -> None:
    answer = _raw_exchange(sandbox, _chunked_head(), b"7fffffffffffffff\r\nabc")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]


@pytest.mark.parametrize("size_line", [b"zz\r\n", b"1" * 70000 + b"\r\n", b"-5\r\n"])
def test_a_malformed_chunk_size_is_400(sandbox: Sandbox, size_line: bytes) -> None:
    answer = _raw_exchange(sandbox, _chunked_head(), size_line + b"abc\r\n0\r\n\r\n")
    assert answer.startswith("HTTP/1.1 400"), answer[:200]


def test_a_chunked_body_within_the_limit_still_works(http: httpx.Client, org_headers: dict[str, str]) -> None:
    def pieces() -> Any:
        yield b'{"name": '
        yield b'"Chunked app"}'

    response = http.post(
        "/apps", content=pieces(), headers={**org_headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Chunked app"


PLAYER_INTEGERS = [
    "session_count",
    "playtime",
    "badge_count",
    "last_active",
    "created_at",
    "notification_types",
    "test_type",
    "timezone",
    "device_type",
]
PLAYER_NUMBERS = ["amount_spent", "lat", "long"]


def _post_raw_json(http: httpx.Client, path: str, text: str, headers: dict[str, str]) -> httpx.Response:
    return http.post(path, content=text.encode(), headers={**headers, "Content-Type": "application/json"})


def _assert_refusal_names(response: httpx.Response, field: str) -> None:
    assert response.status_code == 400, response.text
    errors = response.json()["errors"]
    assert any(field in str(error) for error in errors), errors


@pytest.mark.parametrize("field", PLAYER_INTEGERS)
@pytest.mark.parametrize("number", ["9223372036854775808", "1e308", "-9223372036854775809"])
def test_an_out_of_range_player_integer_is_a_400_naming_it(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], field: str, number: str
) -> None:
    created = http.post("/players", json={"app_id": app["id"], "device_type": 1}, headers=app_headers)
    assert created.status_code == 200
    extra = "" if field == "device_type" else '"device_type": 1, '
    body = f'{{"app_id": "{app["id"]}", {extra}"{field}": {number}}}'
    _assert_refusal_names(_post_raw_json(http, "/players", body, app_headers), field)
    player_path = f"/players/{created.json()['id']}"
    update = http.put(
        player_path, content=body.encode(), headers={**app_headers, "Content-Type": "application/json"}
    )
    _assert_refusal_names(update, field)


@pytest.mark.parametrize("field", PLAYER_NUMBERS)
def test_a_player_number_beyond_a_double_is_a_400_naming_it(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], field: str
) -> None:
    body = f'{{"app_id": "{app["id"]}", "device_type": 1, "{field}": 1e400}}'
    _assert_refusal_names(_post_raw_json(http, "/players", body, app_headers), field)


def test_a_send_after_beyond_a_double_is_a_400_naming_it(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    body = json.dumps({"app_id": app["id"], "contents": {"en": "Hi"}, "included_segments": ["All"]})
    body = body[:-1] + ', "send_after": 1e400}'
    _assert_refusal_names(_post_raw_json(http, "/notifications", body, app_headers), "send_after")


def test_nan_and_infinity_are_not_json(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    for literal in ("NaN", "Infinity", "-Infinity"):
        body = f'{{"app_id": "{app["id"]}", "device_type": 1, "amount_spent": {literal}}}'
        response = _post_raw_json(http, "/players", body, app_headers)
        assert response.status_code == 400, response.text
        assert response.json()["errors"]


@pytest.mark.parametrize("path", ["/players", "/notifications", "/apps/{app_id}/segments", "/templates"])
def test_an_offset_of_2_to_the_63_is_a_400_naming_offset(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], path: str
) -> None:
    url = path.format(app_id=app["id"])
    response = http.get(url, params={"app_id": app["id"], "offset": str(2**63)}, headers=app_headers)
    _assert_refusal_names(response, "offset")


@pytest.mark.parametrize("depth", [100, 1000, 100_000])
def test_deeply_nested_json_is_a_400_on_every_kind_of_route(
    http: httpx.Client,
    app: dict[str, Any],
    app_headers: dict[str, str],
    org_headers: dict[str, str],
    depth: int,
) -> None:
    nested = "[" * depth + "]" * depth
    for path in ("/notifications", "/players", "/apps", f"/apps/{app['id']}/users"):
        body = f'{{"app_id": "{app["id"]}", "data": {nested}}}'
        headers = org_headers if path == "/apps" else app_headers
        response = _post_raw_json(http, path, body, headers)
        assert response.status_code == 400, (path, response.text[:200])
        assert "nests JSON deeper" in response.json()["errors"][0]
