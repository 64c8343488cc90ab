"""The sandbox's notion of "now", which tests can freeze and move forward.

Every time-dependent behaviour of the sandbox (delivery progress, scheduled sends, export readiness,
activity windows) reads :meth:`SandboxClock.now` so a test can drive it deterministically without sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class SandboxClock:
    """Epoch-seconds clock: follows real time until frozen; can be advanced or set either way.

    While running, ``now()`` is real time plus an offset, so ``advance`` and ``set`` shift the clock without
    stopping it. While frozen, ``now()`` returns the same value until ``advance``/``set``/``unfreeze``.
    """

    def __init__(
        self, start: float | None = None, *, frozen: bool = False, source: Callable[[], float] = time.time
    ) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._offset = 0.0 if start is None else start - source()
        self._frozen_at: float | None = None
        if frozen:
            self.freeze()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return self._source() + self._offset

    def freeze(self, at: float | None = None) -> float:
        """Stop the clock (at ``at`` if given, else at the current time) and return the frozen time."""
        with self._lock:
            if at is None:
                at = self._frozen_at if self._frozen_at is not None else self._source() + self._offset
            self._frozen_at = float(at)
            return self._frozen_at

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - self._source()
                self._frozen_at = None

    def advance(self, seconds: float) -> float:
        """Move the clock forward (or back, if negative) and return the new time."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
                return self._frozen_at
            self._offset += seconds
            return self._source() + self._offset

    def set(self, epoch_seconds: float) -> None:
        """Jump to ``epoch_seconds``; a frozen clock stays frozen there, a running one runs on from there."""
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(epoch_seconds)
            else:
                self._offset = epoch_seconds - self._source()

    def __repr__(self) -> str:
        state = "frozen" if self.frozen else "running"
        return f"SandboxClock({state}, now={self.now():.3f})"
