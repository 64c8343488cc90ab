"""The one retry policy: which failures are retried, and how long to wait before the next attempt.

Only safe requests are retried: GET and DELETE, and POSTs that carry an idempotency key (the same key on
every attempt, so OneSignal replays instead of sending twice). 400/401/403/404 are never retried. A DELETE
that gets 404 on a retry after an attempt whose answer was lost counts as done by that attempt
(``ClientCore._deleted_before``).
Randomness and sleeping are injectable so tests run with a fake clock.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from onesignal_desktop.api.errors import (
    OneSignalError,
    RateLimitedError,
    ServerError,
    TransportError,
)

__all__ = ["RetryPolicy", "full_jitter", "parse_retry_after"]

RETRYABLE_SERVER_STATUSES = frozenset({502, 503})


def full_jitter(delay: float) -> float:
    """A random delay in [delay/2, delay]: spreads retries of many clients, kept apart for tests."""
    return delay / 2 + random.random() * delay / 2


def parse_retry_after(headers: Mapping[str, str], *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds from a ``Retry-After`` header (name matched case-insensitively; seconds or an HTTP date)."""
    value: str | None = None
    for name, header_value in headers.items():
        if name.lower() == "retry-after":
            value = header_value
            break
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:  # "Infinity" and "NaN" read as floats too, but are no hint
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now())


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts, within what total time, with what waits.

    ``max_attempts`` counts the first try. ``deadline`` bounds the total time spent (attempts plus waits);
    a wait that would cross it is not taken and the last error is raised instead.
    """

    max_attempts: int = 4
    deadline: float = 60.0
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    retry_after_cap: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    jitter: Callable[[float], float] = field(default=full_jitter, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    @classmethod
    def never(cls) -> RetryPolicy:
        return cls(max_attempts=1)

    def is_retryable(self, error: OneSignalError, *, retry_safe: bool) -> bool:
        if not retry_safe:
            return False
        if isinstance(error, RateLimitedError | TransportError):
            return True
        return isinstance(error, ServerError) and error.status in RETRYABLE_SERVER_STATUSES

    def delay_before(self, attempt: int, error: OneSignalError) -> float:
        """The wait before attempt number ``attempt + 1`` (``attempt`` starts at 1)."""
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            return min(error.retry_after, self.retry_after_cap)
        backoff = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return max(0.0, self.jitter(backoff))
