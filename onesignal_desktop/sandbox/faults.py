"""Fault injection: make the sandbox misbehave on purpose, at random (seeded) or exactly when told.

Spec string (``--faults`` and ``start_sandbox(faults=...)``): comma-separated ``NAME=VALUE`` items::

    429=0.05,503=0.02,latency=0.1,latency.ms=300,reset=0.01,truncate=0.01,html=0.01,seed=42

- ``KIND=RATE``: probability per request (0..1, or a percentage like ``5%``). Kinds: an HTTP status
  (``429``, ``500``, ``502``, ``503``, any 4xx/5xx), ``latency`` (adds a delay, then answers normally),
  ``reset`` (TCP reset, no answer), ``truncate`` (promises the full body, sends half, hangs up),
  ``html`` (a 502 HTML error page instead of JSON, as a proxy would send).
- ``KIND.OPTION=VALUE``: ``latency.ms`` (default 200), ``429.retry_after`` (seconds, default 1),
  ``html.status`` (default 502).
- ``seed=N``: seeds the random draws so a run can be repeated.
- ``paths=/notifications|/players``: only requests whose path starts with one of these are touched.

At most one failing fault fires per request (latency may add to it); ``latency`` is drawn independently.

In-process, ``sb.faults`` (a :class:`Faults`)::

    sb.faults.inject("503", times=1, method="POST", path="/notifications")   # next matching request only
    sb.faults.inject("latency", ms=150)                                      # next request is slow
    sb.faults.inject("429", retry_after=3, times=2)
    sb.faults.configure("500=0.1,seed=7")                                    # random faults from now on
    sb.faults.clear()                                                        # back to normal
    sb.faults.fired                                     # what fired so far: [(kind, method, path)]

Scripted faults (``inject``) take precedence over random ones and fire in the order they were added.
``path`` matches the API path without the ``/api/v1`` prefix, exactly or as an fnmatch glob (``/apps/*``).
"""

from __future__ import annotations

import fnmatch
import random
import re
import threading
from dataclasses import dataclass, field

from onesignal_desktop.sandbox.errors import ApiError, rate_limited
from onesignal_desktop.sandbox.routing import Response

CONNECTION_KINDS = ("reset", "truncate", "html", "latency")
FIRED_KEPT = 10_000
HTML_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
    b"</center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
)


class FaultSpecError(ValueError):
    """The fault spec string cannot be understood."""


@dataclass
class PlannedFault:
    """What the server must do with one request."""

    kind: str
    delay_seconds: float = 0.0
    response: Response | None = None


@dataclass
class ScriptedFault:
    kind: str
    times: int | None = 1
    method: str | None = None
    path: str | None = None
    options: dict[str, float] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path is None or path == self.path.rstrip("/") or fnmatch.fnmatchcase(path, self.path)


def _check_kind(kind: str) -> str:
    if kind in CONNECTION_KINDS:
        return kind
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if re.fullmatch(r"[0-9]{3}", kind) and 400 <= int(kind) <= 599:
        return kind
    raise FaultSpecError(
        f"Unknown fault kind {kind!r} (use an HTTP status 4xx/5xx, {', '.join(CONNECTION_KINDS)})"
    )


def _parse_rate(text: str) -> float:
    try:
        rate = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise FaultSpecError(f"Not a rate: {text!r}") from None
    if not 0.0 <= rate <= 1.0:
        raise FaultSpecError(f"A rate must be between 0 and 1 (or 0% and 100%): {text!r}")
    return rate


@dataclass
class FaultConfig:
    rates: dict[str, float] = field(default_factory=dict)
    options: dict[str, dict[str, float]] = field(default_factory=dict)
    seed: int | None = None
    paths: tuple[str, ...] = ()

    @classmethod
    def parse(cls, spec: str) -> FaultConfig:
        config = cls()
        for item in (part.strip() for part in spec.split(",")):
            if not item:
                continue
            name, sep, value = item.partition("=")
            name, value = name.strip().lower(), value.strip()
            if not sep or not value:
                raise FaultSpecError(f"Expected NAME=VALUE, got {item!r}")
            if name == "seed":
                try:
                    config.seed = int(value)
                except ValueError:
                    raise FaultSpecError(f"seed must be an integer: {value!r}") from None
            elif name == "paths":
                config.paths = tuple(p.strip() for p in value.split("|") if p.strip())
            elif "." in name:
                kind, _, option = name.partition(".")
                try:
                    config.options.setdefault(_check_kind(kind), {})[option] = float(value)
                except ValueError:
                    raise FaultSpecError(f"{name} must be a number: {value!r}") from None
            else:
                config.rates[_check_kind(name)] = _parse_rate(value)
        return config


def error_response(kind: str, options: dict[str, float]) -> Response:
    """The answer a failing fault gives instead of the real one."""
    if kind == "html":
        status = int(options.get("status", 502))
        return Response(status, HTML_PAGE, content_type="text/html")
    status = int(kind)
    if status == 429:
        return Response.from_error(rate_limited(int(options.get("retry_after", 1))))
    messages = {
        500: "Internal server error",
        502: "Bad gateway",
        503: "Service unavailable. Please try again later.",
    }
    error = ApiError(status, [messages.get(status, f"Injected fault {status}")])
    if status == 503 and "retry_after" in options:
        error.headers["Retry-After"] = str(int(options["retry_after"]))
    return Response.from_error(error)


class Faults:
    """Runtime fault control, shared by the server threads."""

    def __init__(self, spec: str | FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self._scripted: list[ScriptedFault] = []
        self._config = FaultConfig()
        self._random = random.Random()
        self.fired: list[tuple[str, str, str]] = []
        if spec is not None:
            self.configure(spec)

    def configure(self, spec: str | FaultConfig) -> None:
        """Replace the random faults (scripted ones stay)."""
        config = FaultConfig.parse(spec) if isinstance(spec, str) else spec
        with self._lock:
            self._config = config
            self._random = random.Random(config.seed)

    def inject(
        self,
        kind: str,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        ms: float | None = None,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        """Fire ``kind`` on the next ``times`` matching requests (``times=None``: until cleared)."""
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise FaultSpecError(f"times must be a whole number, 1 or more (or None: always), not {times!r}")
        options: dict[str, float] = {}
        if ms is not None:
            options["ms"] = ms
        if retry_after is not None:
            options["retry_after"] = retry_after
        if status is not None:
            options["status"] = status
        with self._lock:
            self._scripted.append(ScriptedFault(_check_kind(str(kind).lower()), times, method, path, options))

    def clear(self) -> None:
        with self._lock:
            self._scripted.clear()
            self._config = FaultConfig()
            self.fired.clear()

    def describe(self) -> dict[str, object]:
        """What is set, as JSON: the scripted faults still to fire and the random ones."""
        with self._lock:
            scripted = [
                {
                    "kind": f.kind,
                    "times": f.times,
                    "method": f.method,
                    "path": f.path,
                    **{name: value for name, value in f.options.items()},
                }
                for f in self._scripted
            ]
            config = self._config
            return {
                "next": scripted,
                "share": dict(config.rates),
                "options": {kind: dict(values) for kind, values in config.options.items()},
                "paths": list(config.paths),
                "seed": config.seed,
                "fired": len(self.fired),
            }

    @property
    def active(self) -> bool:
        return bool(self._scripted or self._config.rates)

    def plan(self, method: str, path: str) -> PlannedFault | None:
        """Decide what (if anything) goes wrong with this request."""
        if not self._scripted and not self._config.rates:
            return None
        with self._lock:
            for scripted in self._scripted:
                if scripted.matches(method, path):
                    if scripted.times is not None:
                        scripted.times -= 1
                        if scripted.times <= 0:
                            self._scripted.remove(scripted)
                    self._record(scripted.kind, method, path)
                    return self._build(scripted.kind, scripted.options)
            return self._draw(method, path)

    def _record(self, kind: str, method: str, path: str) -> None:
        if len(self.fired) >= FIRED_KEPT:  # a long random run keeps only the recent history
            del self.fired[: FIRED_KEPT // 2]
        self.fired.append((kind, method, path))

    def _draw(self, method: str, path: str) -> PlannedFault | None:
        config = self._config
        if not config.rates or (config.paths and not path.startswith(config.paths)):
            return None
        planned: PlannedFault | None = None
        latency_rate = config.rates.get("latency", 0.0)
        if latency_rate and self._random.random() < latency_rate:
            planned = self._build("latency", config.options.get("latency", {}))
            self._record("latency", method, path)
        for kind, rate in config.rates.items():
            if kind == "latency" or self._random.random() >= rate:
                continue
            failing = self._build(kind, config.options.get(kind, {}))
            if planned is not None:
                failing.delay_seconds = planned.delay_seconds
            self._record(kind, method, path)
            return failing
        return planned

    @staticmethod
    def _build(kind: str, options: dict[str, float]) -> PlannedFault:
        if kind == "latency":
            return PlannedFault("latency", delay_seconds=options.get("ms", 200.0) / 1000.0)
        if kind in ("reset", "truncate"):
            return PlannedFault(kind)
        return PlannedFault(kind, response=error_response(kind, options))
