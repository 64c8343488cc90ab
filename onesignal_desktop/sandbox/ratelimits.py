"""OneSignal's per-app rate limits, enforced only when asked (``--rate-limits onesignal``).

Token buckets per (app, endpoint family): viewing notifications/players about 1 request/s, creating or
canceling notifications 150/s, users/subscriptions 1,000/s. An exceeded limit answers 429 with
``Retry-After`` and ``{"errors": ["API rate limit exceeded."]}``. Time comes from the SandboxClock.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onesignal_desktop.sandbox.errors import rate_limited

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.clock import SandboxClock
    from onesignal_desktop.sandbox.routing import Request

PROFILES = ("onesignal",)


@dataclass(frozen=True)
class Limit:
    name: str
    per_second: float
    burst: float


VIEW = Limit("view", 1.0, 1.0)
NOTIFY = Limit("notifications", 150.0, 150.0)
USERS = Limit("users", 1000.0, 1000.0)


def family(method: str, pattern: str) -> Limit | None:
    """Which documented limit a route falls under (None: not limited)."""
    if pattern.startswith("/apps/{app_id}/users") or pattern.startswith("/apps/{app_id}/subscriptions"):
        return USERS
    if pattern.startswith("/notifications"):
        if method == "POST" and pattern == "/notifications":
            return NOTIFY
        if method == "DELETE":
            return NOTIFY
        if method == "GET":
            return VIEW
        return None
    if method == "GET" and pattern.startswith("/players"):
        return VIEW
    return None


class RateLimiter:
    def __init__(self, clock: SandboxClock, profile: str = "onesignal") -> None:
        if profile not in PROFILES:
            raise ValueError(f"Unknown rate limit profile {profile!r} (known: {', '.join(PROFILES)})")
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def check(self, req: Request) -> None:
        limit = family(req.method, req.pattern)
        if limit is None:
            return
        app_id = req.params.get("app_id") or req.arg("app_id")
        if app_id is None:
            body = req.json() if req.method in ("POST", "PUT", "PATCH") else None
            app_id = str(body.get("app_id")) if isinstance(body, dict) and body.get("app_id") else "-"
        now = self._clock.now()
        key = (app_id, limit.name)
        with self._lock:
            tokens, stamp = self._buckets.get(key, (limit.burst, now))
            tokens = min(limit.burst, tokens + max(0.0, now - stamp) * limit.per_second)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / limit.per_second
                raise rate_limited(max(1, math.ceil(wait)))
            self._buckets[key] = (tokens - 1.0, now)
