"""The sandbox's HTTP layer: a stdlib ``ThreadingHTTPServer`` speaking HTTP/1.1 with keep-alive.

The API is served both at ``/`` (as ``https://api.onesignal.com``) and under ``/api/v1`` (as
``https://onesignal.com/api/v1``); the prefix is stripped before routing, so routes are written once.

Adding routes
-------------
Put a module in ``onesignal_desktop/sandbox/routes/`` that defines a module-level ``router = Router()``;
every such module is found and mounted automatically (no registry to edit)::

    from onesignal_desktop.sandbox.auth import require_app_key
    from onesignal_desktop.sandbox.errors import not_found
    from onesignal_desktop.sandbox.server import Request, Response, Router

    router = Router()

    @router.get("/apps/{app_id}/segments/{segment_id}")
    def get_segment(req: Request) -> Response:
        app_id = req.params["app_id"]             # path parameters, already URL-decoded
        require_app_key(req, app_id)              # raises ApiError 400/403/404 like OneSignal
        limit = req.int_arg("limit", default=50, minimum=1, maximum=300)   # 400 when out of range
        body = req.json_object()                  # request JSON (400 on malformed JSON or non-object)
        segment = req.ctx.store.get_segment(app_id, req.params["segment_id"])
        if segment is None:
            raise not_found("Segment not found")  # any ApiError becomes {"errors": [...]} with its status
        return Response.json(segment.to_json())

``req.ctx`` (:class:`ServerContext`) carries the shared pieces: ``store`` (see store.py), ``clock``
(SandboxClock), ``keys`` (KeyRing: key checks and derivations), ``faults``, ``data_dir``, ``organization_id``,
and ``state``, a free dict where a routes module may keep process-wide objects (use a key named after the
module). ``req.server_url`` is ``http://HOST:PORT`` of this server (for URLs the sandbox itself serves).

When two patterns match one path, the one with a literal segment earliest wins (``/players/csv_export``
beats ``/players/{player_id}``). A path that matches no pattern answers 404; a known path with another
method answers 405.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from onesignal_desktop.sandbox.errors import ApiError, bad_request

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.auth import KeyRing
    from onesignal_desktop.sandbox.clock import SandboxClock
    from onesignal_desktop.sandbox.faults import Faults
    from onesignal_desktop.sandbox.ratelimits import RateLimiter
    from onesignal_desktop.sandbox.store import Store

LEGACY_PREFIX = "/api/v1"
JSON_TYPE = "application/json; charset=utf-8"
IDLE_CONNECTION_TIMEOUT = 30.0
MAX_BODY_BYTES = 64 * 1024 * 1024
MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_LINE_BYTES = 65536
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
#: Deeper JSON than this is refused with 400 (OneSignal's bodies nest a few levels; Python's parser and
#: encoder recurse, so ~1,000 levels would otherwise end in a RecursionError).
MAX_JSON_DEPTH = 64
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


@dataclass
class ServerContext:
    """Everything a handler may need besides the request itself."""

    store: Store
    clock: SandboxClock
    keys: KeyRing
    faults: Faults
    data_dir: Path
    organization_id: str
    rate_limits: RateLimiter | None = None
    state: dict[str, Any] = field(default_factory=dict)


class Request:
    """One parsed HTTP request, as a handler sees it."""

    def __init__(
        self,
        *,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
        ctx: ServerContext,
        server_url: str,
        prefix: str = "",
        client_ip: str = "127.0.0.1",
    ) -> None:
        self.method = method
        self.path = path
        self.prefix = prefix
        self.query = query
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.body = body
        self.ctx = ctx
        self.server_url = server_url
        self.client_ip = client_ip
        self.params: dict[str, str] = {}
        self.pattern = ""
        self._json: Any = None
        self._json_parsed = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else default

    def int_arg(
        self, name: str, *, default: int, minimum: int | None = None, maximum: int | None = None
    ) -> int:
        """An integer query parameter, checked like OneSignal does (400 with a message when wrong)."""
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise bad_request(f"{name} must be an integer") from None
        # Larger numbers do not fit the store's 64-bit integers (SQLite would raise OverflowError).
        maximum = INT64_MAX if maximum is None else min(maximum, INT64_MAX)
        minimum = INT64_MIN if minimum is None else max(minimum, INT64_MIN)
        if minimum is not None and value < minimum:
            raise bad_request(f"{name} must be greater than or equal to {minimum}")
        if maximum is not None and value > maximum:
            raise bad_request(f"{name} must be less than or equal to {maximum}")
        return value

    def json(self) -> Any:
        """The JSON body (None when the body is empty); 400 when it is not valid JSON."""
        if not self._json_parsed:
            self._json_parsed = True
            if self.body.strip():
                try:
                    self._json = json.loads(self.body, parse_constant=_refuse_json_constant)
                except RecursionError:
                    raise _too_deep() from None
                except (ValueError, UnicodeDecodeError):
                    raise bad_request("Invalid JSON in the request body") from None
                if _nests_deeper_than(self._json, MAX_JSON_DEPTH):
                    raise _too_deep()
        return self._json

    def json_object(self) -> dict[str, Any]:
        """The JSON body as an object ({} when empty); 400 when it is something else."""
        data = self.json()
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise bad_request("The request body must be a JSON object")
        return data


def _refuse_json_constant(name: str) -> Any:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON (Python's parser accepts them by default)."""
    raise ValueError(f"{name} is not valid JSON")


def _too_deep() -> ApiError:
    return bad_request(f"The request body nests JSON deeper than {MAX_JSON_DEPTH} levels")


def _nests_deeper_than(data: Any, limit: int) -> bool:
    """Whether ``data`` nests arrays/objects more than ``limit`` levels (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class Response:
    """What a handler returns: status, headers and body bytes."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        *,
        content_type: str | None = JSON_TYPE,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        return cls(status, body, headers=headers)

    @classmethod
    def from_error(cls, error: ApiError) -> Response:
        return cls.json(error.body(), error.status, error.headers)


Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    segments: tuple[str, ...]
    handler: Handler

    def match(self, parts: list[str]) -> dict[str, str] | None:
        if len(parts) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for template, part in zip(self.segments, parts, strict=True):
            if template.startswith("{") and template.endswith("}"):
                if part == "":
                    return None
                params[template[1:-1]] = unquote(part)
            elif template != part:
                return None
        return params

    @property
    def specificity(self) -> tuple[int, ...]:
        """Lower sorts first: literal segments (0) beat parameters (1), position by position."""
        return tuple(1 if s.startswith("{") else 0 for s in self.segments)


class Router:
    """A set of routes; decorators register handlers for ``METHOD /pattern/{param}``."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        segments = tuple(_split(pattern))

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method.upper(), pattern, segments, handler))
            return handler

        return register

    def get(self, pattern: str) -> Callable[[Handler], Handler]:
        return self.route("GET", pattern)

    def post(self, pattern: str) -> Callable[[Handler], Handler]:
        return self.route("POST", pattern)

    def put(self, pattern: str) -> Callable[[Handler], Handler]:
        return self.route("PUT", pattern)

    def patch(self, pattern: str) -> Callable[[Handler], Handler]:
        return self.route("PATCH", pattern)

    def delete(self, pattern: str) -> Callable[[Handler], Handler]:
        return self.route("DELETE", pattern)

    def include(self, other: Router) -> None:
        self.routes.extend(other.routes)
        self._index = None

    _index: dict[int, list[Route]] | None = None

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """The best route for ``method path`` and its parameters; ApiError 404/405 when none."""
        if self._index is None:
            index: dict[int, list[Route]] = {}
            for route in sorted(self.routes, key=lambda r: r.specificity):
                index.setdefault(len(route.segments), []).append(route)
            self._index = index
        parts = _split(path)
        allowed: list[str] = []
        for route in self._index.get(len(parts), []):
            params = route.match(parts)
            if params is None:
                continue
            if route.method == method:
                return route, params
            allowed.append(route.method)
        if allowed:
            raise ApiError(
                405, [f"Method {method} not allowed"], headers={"Allow": ", ".join(sorted(set(allowed)))}
            )
        raise ApiError(404, ["Not Found"])


def _split(path: str) -> list[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


def split_prefix(path: str) -> tuple[str, str]:
    """``(prefix, path)``: ``/api/v1/players`` -> ``("/api/v1", "/players")``; trailing slash dropped."""
    prefix = ""
    if path == LEGACY_PREFIX or path.startswith(LEGACY_PREFIX + "/"):
        prefix, path = LEGACY_PREFIX, path[len(LEGACY_PREFIX) :] or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return prefix, path


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
        try:
            fault = ctx.faults.plan(method, path)
        except Exception:  # a broken fault setup must show as an error answer, not a dropped connection
            traceback.print_exc()
            self._send(Response.json({"errors": ["Internal server error"]}, 500), include_body=True)
            return
        if fault is not None and fault.delay_seconds > 0:
            time.sleep(fault.delay_seconds)
        if fault is not None and fault.kind == "reset":
            self._reset_connection()
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
        if fault is not None and fault.kind == "truncate":
            self._send_truncated(response)
            return
        self._send(response, include_body=method != "HEAD")
        if server.stopping:
            self.close_connection = True

    def _handle(self, request: Request) -> Response:
        ctx = request.ctx
        try:
            route, params = self.server.router.resolve(
                "GET" if request.method == "HEAD" else request.method, request.path
            )
            request.params = params
            request.pattern = route.pattern
            if ctx.rate_limits is not None:
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
        lines.append(f"Date: {self.date_time_string()}")
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


__all__ = [
    "ApiError",
    "Handler",
    "Request",
    "Response",
    "Route",
    "Router",
    "SandboxHTTPServer",
    "ServerContext",
    "build_router",
    "split_prefix",
]
