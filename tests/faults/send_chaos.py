"""A transport that fails create_notification attempts on a script, before or after the sandbox saw them.

Some failures are the sandbox's own (``sb.faults``: 5xx, 429, an HTML page and a reset arrive before the
request is handled; a truncated answer comes after it was handled); the others are played by this
transport around a real loopback request, like a proxy would: the answer lost after the server processed
the send (reset, timeout, a 502 from the gateway), or the request never reaching the server (refused,
timeout). Each attempt is recorded with the idempotency key it carried and whether the server handled it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Final

import httpx

from onesignal_desktop.api import (
    ConnectionRefused,
    ConnectionReset,
    OneSignalError,
    RateLimitedError,
    RequestTimeout,
    ServerError,
)
from onesignal_desktop.sandbox import Sandbox


@dataclass(frozen=True)
class StepKind:
    name: str
    processed: bool  # the server handled (created or replayed) the send
    error: type[OneSignalError] | None  # None: the attempt succeeds
    retried: bool = True
    sandbox_fault: str | None = None  # a fault the sandbox plays; else this transport plays it


STEP_KINDS: Final[tuple[StepKind, ...]] = (
    StepKind("ok", processed=True, error=None),
    StepKind("503-before", False, ServerError, sandbox_fault="503"),
    StepKind("502-before", False, ServerError, sandbox_fault="502"),
    StepKind("500-before", False, ServerError, retried=False, sandbox_fault="500"),
    StepKind("429-before", False, RateLimitedError, sandbox_fault="429"),
    StepKind("html-before", False, ServerError, sandbox_fault="html"),
    StepKind("reset-before", False, ConnectionReset, sandbox_fault="reset"),
    StepKind("truncated-after", True, ConnectionReset, sandbox_fault="truncate"),
    StepKind("reset-after", True, ConnectionReset),
    StepKind("timeout-after", True, RequestTimeout),
    StepKind("gateway-502-after", True, ServerError),
    StepKind("timeout-before", False, RequestTimeout),
    StepKind("refused", False, ConnectionRefused),
)
KINDS_BY_NAME: Final = {kind.name: kind for kind in STEP_KINDS}
_PROXY_502 = b"<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>"


@dataclass(frozen=True)
class Attempt:
    idempotency_key: str | None
    kind: StepKind


class ChaosTransport(httpx.BaseTransport):
    """Plays ``script`` (one StepKind per create_notification attempt; then "ok") over real loopback."""

    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox
        self._inner = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.script: list[StepKind] = []
        self.attempts: list[Attempt] = []

    def play(self, script: list[StepKind]) -> None:
        self.script = list(script)
        self.attempts = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or request.url.path != "/notifications":
            return self._inner.handle_request(request)
        with self._lock:
            kind = self.script.pop(0) if self.script else KINDS_BY_NAME["ok"]
            body = json.loads(request.read())
            self.attempts.append(Attempt(body.get("idempotency_key"), kind))
        if kind.name == "timeout-before":
            raise httpx.ReadTimeout("timed out", request=request)
        if kind.name == "refused":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if kind.sandbox_fault is not None:
            self._sandbox.faults.inject(kind.sandbox_fault, times=1, method="POST", path="/notifications")
        response = self._inner.handle_request(request)
        if kind.sandbox_fault is not None or kind.name == "ok":
            return response
        response.read()  # the server has answered: the send was handled
        response.close()
        if kind.name == "reset-after":
            raise httpx.ReadError("connection reset by peer", request=request)
        if kind.name == "timeout-after":
            raise httpx.ReadTimeout("timed out", request=request)
        assert kind.name == "gateway-502-after", kind
        return httpx.Response(502, content=_PROXY_502, headers={"Content-Type": "text/html"}, request=request)

    def close(self) -> None:
        self._inner.close()
