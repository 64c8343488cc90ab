"""A client-side rate budget, so the console itself never provokes a 429.

OneSignal limits requests per app and endpoint class (view endpoints for messages, templates and users
about 1/s per app with short bursts; create/cancel notification 150/s on free plans; users and
subscriptions 1,000/s per app and 1/s per user or subscription). The budget keeps one token bucket per
(app, class), and one per (app, record) for the per-user limit. The view buckets default to no burst at
all: the safe reading of "short bursts", and what the sandbox enforces with ``--rate-limits onesignal``
(where notification and player views share one bucket, as they do here). A call that must wait
reports the wait to ``on_wait`` first, so the UI can show "waiting for rate budget" instead of looking
frozen.

Thread-safe: a caller reserves its token under the lock (the balance may go negative) and sleeps outside
it, so waiting callers queue up fairly without holding anyone else.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

__all__ = ["DEFAULT_LIMITS", "BudgetWait", "EndpointClass", "Limit", "RateBudget"]


class EndpointClass(Enum):
    VIEW = "view"  # notifications and players (devices)
    VIEW_TEMPLATES = "view_templates"
    VIEW_USERS = "view_users"
    SEND_NOTIFICATION = "send_notification"
    USERS = "users"
    PER_RECORD = "per_record"


@dataclass(frozen=True)
class Limit:
    rate: float  # tokens per second
    burst: float  # bucket size


DEFAULT_LIMITS: Mapping[EndpointClass, Limit] = {
    EndpointClass.VIEW: Limit(rate=1.0, burst=1),
    EndpointClass.VIEW_TEMPLATES: Limit(rate=1.0, burst=1),
    EndpointClass.VIEW_USERS: Limit(rate=1.0, burst=1),
    EndpointClass.SEND_NOTIFICATION: Limit(rate=150.0, burst=150),
    EndpointClass.USERS: Limit(rate=1000.0, burst=1000),
    EndpointClass.PER_RECORD: Limit(rate=1.0, burst=1),
}


@dataclass(frozen=True)
class BudgetWait:
    """A wait about to happen: which app and class ran out, and for how long the caller will sleep."""

    app_id: str
    endpoint_class: EndpointClass
    seconds: float


class _Bucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp


class RateBudget:
    """Token buckets per (app, endpoint class); ``enabled=False`` makes every acquire free.

    ``on_wait`` runs on the thread that makes the call (so a worker can route it to its own task).
    """

    _MAX_BUCKETS = 10_000

    def __init__(
        self,
        limits: Mapping[EndpointClass, Limit] | None = None,
        *,
        enabled: bool = True,
        on_wait: Callable[[BudgetWait], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits: dict[EndpointClass, Limit] = dict(DEFAULT_LIMITS if limits is None else limits)
        self.enabled = enabled
        self.on_wait = on_wait
        self._clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, EndpointClass, str], _Bucket] = {}

    @classmethod
    def disabled(cls) -> RateBudget:
        return cls(enabled=False)

    def __repr__(self) -> str:
        return f"RateBudget(enabled={self.enabled}, buckets={len(self._buckets)})"

    def acquire(
        self,
        app_id: str | None,
        endpoint_class: EndpointClass | None,
        record: str | None = None,
        *,
        pause: Callable[[float], None] | None = None,
    ) -> float:
        """Take one token for this call, sleeping (or ``pause``) if the budget is spent; returns the wait."""
        if not self.enabled or endpoint_class is None or app_id is None:
            return 0.0
        wait = self._reserve(app_id, endpoint_class, "")
        if record is not None and EndpointClass.PER_RECORD in self.limits:
            wait = max(wait, self._reserve(app_id, EndpointClass.PER_RECORD, record))
        if wait > 0:
            waited_class = endpoint_class
            if self.on_wait is not None:
                self.on_wait(BudgetWait(app_id, waited_class, wait))
            (pause or self.sleep)(wait)
        return wait

    def penalise(self, app_id: str | None, endpoint_class: EndpointClass | None, seconds: float) -> None:
        """The server said 429: empty this bucket for ``seconds`` so other callers wait too."""
        if not self.enabled or endpoint_class is None or app_id is None or seconds <= 0:
            return
        limit = self.limits.get(endpoint_class)
        if limit is None or limit.rate <= 0:
            return
        with self._lock:
            now = self._clock()
            bucket = self._buckets.setdefault((app_id, endpoint_class, ""), _Bucket(limit.burst, now))
            bucket.tokens = min(bucket.tokens, -seconds * limit.rate)
            bucket.stamp = now

    def _reserve(self, app_id: str, endpoint_class: EndpointClass, record: str) -> float:
        limit = self.limits.get(endpoint_class)
        if limit is None or limit.rate <= 0:
            return 0.0
        key = (app_id, endpoint_class, record)
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self._MAX_BUCKETS:
                    self._drop_full_buckets(now)
                bucket = self._buckets[key] = _Bucket(limit.burst, now)
            else:
                bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.stamp) * limit.rate)
                bucket.stamp = now
            bucket.tokens -= 1.0
            if bucket.tokens >= 0:
                return 0.0
            return -bucket.tokens / limit.rate

    def _drop_full_buckets(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            limit = self.limits.get(key[1])
            if limit is None or bucket.tokens + (now - bucket.stamp) * limit.rate >= limit.burst:
                del self._buckets[key]
