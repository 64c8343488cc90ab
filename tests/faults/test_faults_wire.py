"""Answers no well-behaved server gives, as a broken proxy might, over real loopback TCP.

Whatever comes back, the call returns its result or raises a typed OneSignalError naming the operation:
never an httpx, h11, zlib or Unicode exception.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

import pytest
from faults_support import FakeSleep, fake_retry
from raw_server import RawServer

from onesignal_desktop.api import (
    InvalidResponseError,
    OneSignalClient,
    OneSignalError,
    ServerError,
    TransportError,
)

APP_ID = "5eb5a37e-b458-11e3-ac11-000c2940e62c"
APP = json.dumps({"id": APP_ID, "name": "Raw"}).encode()


def reply(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", "\r\n").encode("latin-1") + b"\r\n" + body


WIRE_ANSWERS = {
    "gzip-garbage": (
        reply(
            "HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Length: 11\nConnection: close\n",
            b"not gzipped",
        ),
        InvalidResponseError,
    ),
    "gzip-cut-short": (
        reply(
            "HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Length: 20\nConnection: close\n",
            gzip.compress(APP)[:20],
        ),
        InvalidResponseError,
    ),
    "deflate-garbage": (
        reply("HTTP/1.1 200 OK\nContent-Encoding: deflate\nContent-Length: 4\nConnection: close\n", b"nope"),
        InvalidResponseError,
    ),
    "bad-chunk-size": (
        reply("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", b"zz\r\n{}\r\n0\r\n\r\n"),
        TransportError,
    ),
    "chunked-cut-short": (
        reply("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", b"40\r\n" + APP[:10]),
        TransportError,
    ),
    "garbage-status-line": (b"HTTP/1.1 abc Whatever\r\n\r\n", TransportError),
    "not-http": (b"SSH-2.0-OpenSSH_9.6\r\n", TransportError),
    "hang-up-at-once": (b"", TransportError),
    "headers-only-then-close": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", TransportError),
    "bad-header-line": (
        reply("HTTP/1.1 200 OK\nthis is not a header\nContent-Length: 2\n", b"{}"),
        TransportError,
    ),
    "huge-header": (
        reply("HTTP/1.1 200 OK\nX-Big: " + "a" * 200_000 + "\nContent-Length: 2\n", b"{}"),
        TransportError,
    ),
    "status-999": (reply("HTTP/1.1 999 Odd\nContent-Length: 2\n", b"{}"), ServerError),
    "http-1.0-until-close": (reply("HTTP/1.0 200 OK\nContent-Type: application/json\n", APP), None),
    "body-not-utf8": (
        reply("HTTP/1.1 200 OK\nContent-Length: 4\n", b"\xff\xfe\xfd\xfc"),
        InvalidResponseError,
    ),
    "latin1-json": (
        reply(
            "HTTP/1.1 200 OK\nContent-Type: application/json; charset=latin-1\nContent-Length: 30\n",
            b'{"id": "x", "name": "caf\xe9 123"}'[:30],
        ),
        InvalidResponseError,
    ),
}


@pytest.fixture(scope="module")
def raw() -> Iterator[RawServer]:
    with RawServer() as server:
        yield server


@pytest.fixture(scope="module")
def client(raw: RawServer) -> Iterator[OneSignalClient]:
    with OneSignalClient(
        raw.base_url, organization_key="os_v2_org_" + "w" * 52, retry=fake_retry(FakeSleep(), max_attempts=2)
    ) as api:
        yield api


@pytest.mark.parametrize("case", sorted(WIRE_ANSWERS))
@pytest.mark.parametrize("operation", ["get_app", "update_app"])
def test_odd_wire_answers_end_typed(
    raw: RawServer, client: OneSignalClient, case: str, operation: str
) -> None:
    raw.reply, expected = WIRE_ANSWERS[case]
    call = {
        "get_app": lambda: client.get_app(APP_ID),
        "update_app": lambda: client.update_app(APP_ID, {"name": "n"}),
    }
    if expected is None:
        assert call[operation]().id == APP_ID
        return
    with pytest.raises(OneSignalError) as raised:
        call[operation]()
    assert isinstance(raised.value, expected), repr(raised.value)
    assert raised.value.operation == operation
