"""The sandbox's HTTP layer: a stdlib ``ThreadingHTTPServer`` speaking HTTP/1.1 with keep-alive.

The API is served both at ``/`` (as ``https://api.onesignal.com``) and under ``/api/v1`` (as
``https://onesignal.com/api/v1``); the prefix is stripped before routing, so routes are written once.
Routes are written with the types of :mod:`onesignal_desktop.sandbox.routing` (see there how to add one).
"""

from __future__ import annotations

import contextlib
import email.parser
import email.utils
import functools
import http.client
import re
import socket
import struct
import threading
import time
import traceback
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from onesignal_desktop.sandbox.errors import ApiError
from onesignal_desktop.sandbox.routing import (
    Request,
    Response,
    Router,
    ServerContext,
    is_sandbox_path,
    split_prefix,
)
from onesignal_desktop.sandbox.store.request_log import Captured

if TYPE_CHECKING:
    pass

IDLE_CONNECTION_TIMEOUT = 30.0
MAX_BODY_BYTES = 64 * 1024 * 1024
MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_LINE_BYTES = 65536
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
# http.client's limits for a header block (its _MAXLINE and _MAXHEADERS), kept by the lean reader below.
MAX_HEADER_LINE_BYTES = 65536
MAX_HEADERS = 100
# A header line the email parser would read as plainly "name: value" (a name of visible characters but
# ':', no folding, no stray CR or LF); anything else is left to the email parser itself.
_PLAIN_HEADER_LINE = re.compile(r"[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n?")
_PLAIN_REQUEST_VERSIONS = frozenset({"HTTP/1.0", "HTTP/1.1"})


class SandboxHTTPServer(ThreadingHTTPServer):
    """Threaded server holding the router and the shared context; tracks connections to close on stop."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], router: Router, ctx: ServerContext) -> None:
        self.router = router
        self.ctx = ctx
        self.stopping = False
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._connections_gone = threading.Condition(self._connections_lock)
        self._busy = 0  # handlers between reading a request and sending its answer
        self._idle = threading.Condition()
        super().__init__(address, SandboxRequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        if ":" in host_text:
            host_text = f"[{host_text}]"
        return f"http://{host_text}:{port}"

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)
                if not self._connections:
                    self._connections_gone.notify_all()

    def wait_for_connections(self, timeout: float) -> bool:
        """Wait until every connection's handler has finished (after close_connections); False on timeout."""
        with self._connections_gone:
            return self._connections_gone.wait_for(lambda: not self._connections, timeout)

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Marks one request being answered, so a stop can let it finish (:meth:`wait_until_idle`)."""
        with self._idle:
            self._busy += 1
        try:
            yield
        finally:
            with self._idle:
                self._busy -= 1
                if not self._busy:
                    self._idle.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until no request is being answered (keep-alive connections waiting for one do not count)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._busy, timeout)

    def close_connections(self) -> None:
        """Wake threads idling on keep-alive connections so stop() leaves nothing behind."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "OneSignalSandbox"
    sys_version = ""
    timeout = IDLE_CONNECTION_TIMEOUT
    server: SandboxHTTPServer
    raw_requestline: bytes  # set by handle_one_request before parse_request

    def setup(self) -> None:
        super().setup()
        # Each answer goes out in one write; without NODELAY a keep-alive client can wait ~40 ms on ACKs.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        with contextlib.suppress(OSError):
            super().finish()

    def parse_request(self) -> bool:
        """The standard library's parse_request, with a lean reader for the usual request: parsing the
        header block with the email package cost ~45 us for two headers and ~85 us for an httpx client's
        eight, more than answering GET /apps/{id} (issue 19 item 5). A request line of three words
        ending in HTTP/1.0 or 1.1 is read here, and its header lines too when each is a plain
        "name: value"; the headers come out as the same ``http.client.HTTPMessage`` with the same values.
        Any other request line, and any other header block, goes the standard way unchanged."""
        requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = requestline.split()
        if len(words) != 3 or words[2] not in _PLAIN_REQUEST_VERSIONS:
            return super().parse_request()
        self.requestline = requestline
        self.command, self.path, self.request_version = words
        self.close_connection = not (words[2] == "HTTP/1.1" and self.protocol_version >= "HTTP/1.1")
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")  # as the standard library reduces it
        try:
            self.headers = self._read_header_block()
        except http.client.LineTooLong as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(err))
            return False
        except http.client.HTTPException as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers", str(err))
            return False
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        expect = self.headers.get("Expect", "")
        if (
            expect.lower() == "100-continue"
            and self.protocol_version >= "HTTP/1.1"
            and self.request_version >= "HTTP/1.1"
        ):
            return self.handle_expect_100()
        return True

    def _read_header_block(self) -> http.client.HTTPMessage:
        """What ``http.client.parse_headers`` gives (same limits, same errors, same message)."""
        lines: list[bytes] = []
        while True:
            line = self.rfile.readline(MAX_HEADER_LINE_BYTES + 1)
            if len(line) > MAX_HEADER_LINE_BYTES:
                raise http.client.LineTooLong("header line")
            lines.append(line)
            if len(lines) > MAX_HEADERS:
                raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")
            if line in (b"\r\n", b"\n", b""):
                break
        texts = [line.decode("iso-8859-1") for line in lines[:-1]]
        if not all(_PLAIN_HEADER_LINE.fullmatch(text) for text in texts):
            block = "".join(texts) + lines[-1].decode("iso-8859-1")
            parsed = email.parser.Parser(_class=self.MessageClass).parsestr(block)
            assert isinstance(parsed, http.client.HTTPMessage)
            return parsed
        message: http.client.HTTPMessage = self.MessageClass()
        for text in texts:
            name, _, value = text.partition(":")
            message.set_raw(name, value.lstrip(" \t").rstrip("\r\n"))
        return message

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet by design: request lines can carry ids, and nothing here should echo headers or keys.
        return

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked_body()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise ApiError(413, ["Request body too large"])
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked_body(self) -> bytes:
        """A ``Transfer-Encoding: chunked`` body, held to the same size limit as a Content-Length one.

        The limit is checked against each chunk's declared size before reading it, so a huge body (or a
        size line like ``7fffffffffffffff``) is refused with 413 without being held in memory.
        """
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(MAX_LINE_BYTES + 1)
            if len(size_line) > MAX_LINE_BYTES or not size_line.endswith(b"\n"):
                raise ApiError(400, ["Malformed chunked request body: a chunk size line is missing"])
            size_text = size_line.split(b";", 1)[0].strip()
            if not size_text or len(size_text) > 16 or any(c not in HEX_DIGITS for c in size_text):
                raise ApiError(400, ["Malformed chunked request body: a chunk size is not a hex number"])
            size = int(size_text, 16)
            if size == 0:
                while self.rfile.readline(MAX_LINE_BYTES + 1) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise ApiError(413, ["Request body too large"])
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise ApiError(400, ["Malformed chunked request body: it ended inside a chunk"])
            chunks.append(chunk)
            if self.rfile.readline(MAX_LINE_BYTES + 1) not in (b"\r\n", b"\n"):
                raise ApiError(400, ["Malformed chunked request body: a chunk is longer than its size"])

    def _dispatch(self) -> None:
        with self.server.answering():
            self._answer()

    def _answer(self) -> None:
        server = self.server
        ctx = server.ctx
        started = time.perf_counter()
        try:
            body = self._read_body()
        except ApiError as error:
            self.close_connection = True
            self._send(Response.from_error(error), include_body=True)
            return
        except ValueError:
            self.close_connection = True
            self._send(Response.json({"errors": ["Malformed request body"]}, 400), include_body=True)
            return
        split = urlsplit(self.path)
        prefix, path = split_prefix(split.path or "/")
        method = self.command.upper()
        sandbox_only = is_sandbox_path(path)  # the sandbox's own endpoints: never faulted nor logged
        try:
            fault = None if sandbox_only else ctx.faults.plan(method, path)
        except Exception:  # a broken fault setup must show as an error answer, not a dropped connection
            traceback.print_exc()
            self._send(Response.json({"errors": ["Internal server error"]}, 500), include_body=True)
            return
        if fault is not None and fault.delay_seconds > 0:
            time.sleep(fault.delay_seconds)
        if fault is not None and fault.kind == "reset":
            self._reset_connection()
            if ctx.request_log is not None:
                headers = {name.lower(): value for name, value in self.headers.items()}
                reset = Response(0, b"", content_type=None)
                self._log(split.path, split.query, method, headers, {}, body, reset, started, "reset")
            return
        request = Request(
            method=method,
            path=path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers=dict(self.headers.items()),
            body=body,
            ctx=ctx,
            server_url=server.url,
            prefix=prefix,
            client_ip=str(self.client_address[0]),
        )
        if fault is not None and fault.response is not None:
            response = fault.response
        else:
            response = self._handle(request)
        response.headers.setdefault("X-Sandbox-Elapsed-Ms", f"{(time.perf_counter() - started) * 1000:.2f}")
        if ctx.request_log is not None and not sandbox_only:
            kind = "" if fault is None else fault.kind
            headers, params = request.headers, request.params
            self._log(split.path, split.query, method, headers, params, body, response, started, kind)
        if fault is not None and fault.kind == "truncate":
            self._send_truncated(response)
            return
        self._send(response, include_body=method != "HEAD")
        if server.stopping:
            self.close_connection = True

    def _log(
        self,
        raw_path: str,
        query: str,
        method: str,
        headers: dict[str, str],
        params: dict[str, str],
        body: bytes,
        response: Response,
        started: float,
        fault: str,
    ) -> None:
        """Hand the request to the request log (a queue append; the log's writer thread does the rest)."""
        log = self.server.ctx.request_log
        assert log is not None
        app_id = params.get("app_id", "")
        if not app_id and "app_id=" in query:
            app_id = (parse_qs(query).get("app_id") or [""])[0]
        log.record(
            Captured(
                time.time(),
                method,
                raw_path,
                query,
                response.status,
                (time.perf_counter() - started) * 1000,
                app_id,
                fault,
                headers,
                body,
                response.body,
                response.content_type or "",
            )
        )

    def _handle(self, request: Request) -> Response:
        ctx = request.ctx
        try:
            route, params = self.server.router.resolve(
                "GET" if request.method == "HEAD" else request.method, request.path
            )
            request.params = params
            request.pattern = route.pattern
            if ctx.rate_limits is not None and not is_sandbox_path(request.path):
                ctx.rate_limits.check(request)
            response = route.handler(request)
            if request.method in MUTATING_METHODS and response.status < 300:
                _audit(request, response)
            return response
        except ApiError as error:
            return Response.from_error(error)
        except Exception:  # a bug in a handler must not kill the connection thread
            traceback.print_exc()
            return Response.json({"errors": ["Internal server error"]}, 500)

    def _head_bytes(self, response: Response, length: int) -> bytes:
        reason = _reason(response.status)
        lines = [f"HTTP/1.1 {response.status} {reason}"]
        if response.content_type:
            lines.append(f"Content-Type: {response.content_type}")
        lines.append(f"Content-Length: {length}")
        lines.append(f"Date: {_http_date()}")
        lines.append(f"Server: {self.server_version}")
        for name, value in response.headers.items():
            lines.append(f"{name}: {value}")
        if self.close_connection or self.server.stopping:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _send(self, response: Response, *, include_body: bool) -> None:
        payload = self._head_bytes(response, len(response.body))
        if include_body:
            payload += response.body
        self._write(payload)

    def _send_truncated(self, response: Response) -> None:
        """Promise the whole body, send half of it, then hang up."""
        head = self._head_bytes(response, len(response.body))
        self._write(head + response.body[: len(response.body) // 2])
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _reset_connection(self) -> None:
        """Drop the connection with a TCP RST, the way a crashing proxy would."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

    def _write(self, payload: bytes) -> None:
        try:
            self.wfile.write(payload)
        except OSError:
            self.close_connection = True


def _audit(request: Request, response: Response) -> None:
    """Log a change in the audit log: one hook for every route. The change is made: a failure to log it
    is printed, never turned into an error answer."""
    from onesignal_desktop.sandbox.sim.audit_log import record_change

    try:
        record_change(request, response)
    except Exception:
        traceback.print_exc()


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    """The Date header's text, made once a second (formatting it was ~10% of a small answer's cost)."""
    global _date_cache
    second = int(time.time())
    cached_second, text = _date_cache
    if cached_second != second:
        text = email.utils.formatdate(second, usegmt=True)
        _date_cache = (second, text)
    return text


@functools.lru_cache(maxsize=128)
def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def build_router() -> Router:
    """One router with every routes module under ``sandbox/routes`` mounted."""
    from onesignal_desktop.sandbox.routes import discover_routers

    router = Router()
    for module_router in discover_routers():
        router.include(module_router)
    return router


__all__ = ["SandboxHTTPServer", "build_router"]
