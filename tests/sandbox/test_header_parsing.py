"""The sandbox reads plain header blocks itself instead of through the email package (issue 19 item 5):
whatever a client sends, the server must see exactly the headers the standard library would have read,
and refuse oversized blocks the same way."""

from __future__ import annotations

import http.client
import io
import socket
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox.server import SandboxRequestHandler

_NAME = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=0, max_size=12)
_VALUE = st.text(st.characters(min_codepoint=0, max_codepoint=0xFF), max_size=20)
_LINE = st.one_of(
    st.builds(
        lambda name, sep, value, end: f"{name}{sep}{value}{end}",
        _NAME,
        st.sampled_from([":", ": ", ":\t", " :"]),
        _VALUE,
        st.sampled_from(["\r\n", "\n"]),
    ),
    st.sampled_from([" folded\r\n", "\tfolded\r\n", "no colon\r\n", "From someone\r\n", ":empty name\r\n"]),
)


def read_headers(block: bytes) -> tuple[list[tuple[str, Any]], bytes]:
    handler = SandboxRequestHandler.__new__(SandboxRequestHandler)
    handler.rfile = io.BytesIO(block)
    parsed = handler._read_header_block()
    return parsed.items(), handler.rfile.read()


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=8), st.sampled_from(["\r\n", "\n", ""]), st.binary(max_size=8))
def test_any_header_block_is_read_as_the_standard_library_reads_it(
    lines: list[str], end: str, rest: bytes
) -> None:
    block = ("".join(lines) + end).encode("iso-8859-1") + (rest if end else b"")
    expected_fp = io.BytesIO(block)
    expected = http.client.parse_headers(expected_fp)
    assert read_headers(block) == (expected.items(), expected_fp.read())


def test_too_many_or_too_long_headers_are_refused_as_before(sandbox: Sandbox) -> None:
    host, port = sandbox.base_url.removeprefix("http://").split(":")
    for headers, reason in (
        ("".join(f"X-{index}: 1\r\n" for index in range(101)), "Too many headers"),
        ("X-Long: " + "a" * 70000 + "\r\n", "Line too long"),
    ):
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(f"GET /apps HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
            answer = b""
            while b"\r\n\r\n" not in answer:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
        assert reason.encode() in answer.split(b"\r\n", 1)[0]


def test_a_folded_or_oddly_spaced_authorization_header_still_authenticates(sandbox: Sandbox) -> None:
    host, port = sandbox.base_url.removeprefix("http://").split(":")
    for header in (f"Authorization:Key {sandbox.org_key}", f"Authorization:\r\n  Key {sandbox.org_key}"):
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                f"GET /apps HTTP/1.1\r\nHost: x\r\n{header}\r\nConnection: close\r\n\r\n".encode()
            )
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
