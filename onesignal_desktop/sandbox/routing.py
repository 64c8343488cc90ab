"""What routes are written with: the request, the response, the router, and the shared server context.


The server (server.py) serves the API both at ``/`` (as ``https://api.onesignal.com``) and under
``/api/v1`` (as ``https://onesignal.com/api/v1``); the prefix is stripped before routing, so routes are
written once.

Adding routes
-------------
Put a module in ``onesignal_desktop/sandbox/routes/`` that defines a module-level ``router = Router()``;
every such module is found and mounted automatically (no registry to edit)::

    from onesignal_desktop.sandbox.auth import require_app_key
    from onesignal_desktop.sandbox.errors import not_found
    from onesignal_desktop.sandbox.routing import Request, Response, Router

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

``req.ctx`` (:class:`ServerContext`) carries the shared pieces: ``store`` (the store package), ``clock``
(SandboxClock), ``keys`` (KeyRing: key checks and derivations), ``faults``, ``data_dir``, ``organization_id``,
and ``state``, a free dict where a routes module may keep process-wide objects (use a key named after the
module). ``req.server_url`` is ``http://HOST:PORT`` of this server (for URLs the sandbox itself serves).

When two patterns match one path, the one with a literal segment earliest wins (``/players/csv_export``
beats ``/players/{player_id}``). A path that matches no pattern answers 404; a known path with another
method answers 405.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from onesignal_desktop.sandbox.errors import ApiError, bad_request

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.auth import KeyRing
    from onesignal_desktop.sandbox.clock import SandboxClock
    from onesignal_desktop.sandbox.faults import Faults
    from onesignal_desktop.sandbox.ratelimits import RateLimiter
    from onesignal_desktop.sandbox.store import Store
    from onesignal_desktop.sandbox.store.request_log import RequestLog

LEGACY_PREFIX = "/api/v1"
#: The sandbox's own endpoints (health, request log, faults): a prefix OneSignal does not use. Requests
#: there are never logged, faulted or rate limited.
SANDBOX_PREFIX = "/_sandbox"
JSON_TYPE = "application/json; charset=utf-8"
# One encoder for every answer (json.dumps with options builds a new one per call).
_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
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
    request_log: RequestLog | None = None
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
        # "replace": a lone surrogate from a JSON escape (\\ud800) echoed in a message must not become a 500
        body = _JSON.encode(data).encode("utf-8", "replace")
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


def is_sandbox_path(path: str) -> bool:
    """Whether ``path`` (without the ``/api/v1`` prefix) is one of the sandbox's own endpoints."""
    return path == SANDBOX_PREFIX or path.startswith(SANDBOX_PREFIX + "/")


def split_prefix(path: str) -> tuple[str, str]:
    """``(prefix, path)``: ``/api/v1/players`` -> ``("/api/v1", "/players")``; trailing slash dropped."""
    prefix = ""
    if path == LEGACY_PREFIX or path.startswith(LEGACY_PREFIX + "/"):
        prefix, path = LEGACY_PREFIX, path[len(LEGACY_PREFIX) :] or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return prefix, path
