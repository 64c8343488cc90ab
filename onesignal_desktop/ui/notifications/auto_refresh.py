"""When the notifications list refreshes by itself: while something is in flight, with backoff.

The first refresh comes ``first`` seconds after a load; each refresh that changes nothing doubles the wait
up to ``longest``; a refresh that changes something starts again at ``first``; nothing in flight stops it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal


@dataclass(frozen=True)
class BackoffPolicy:
    first: float = 2.0
    longest: float = 30.0
    factor: float = 2.0

    def next_wait(self, previous: float | None, changed: bool) -> float:
        if previous is None or changed:
            return self.first
        return min(self.longest, previous * self.factor)


class AutoRefresh(QObject):
    """A single-shot timer that says when to refresh (``due``). ``settle`` after every load or refresh."""

    due = Signal()

    def __init__(self, policy: BackoffPolicy | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy or BackoffPolicy()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.due)
        self._wait: float | None = None

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @property
    def wait_seconds(self) -> float | None:
        """The wait before the pending refresh (None when stopped)."""
        return self._wait if self.active else None

    def settle(self, *, in_flight: bool, changed: bool) -> None:
        """After a load or refresh: plan the next one, or stop if nothing is moving."""
        if not in_flight:
            self.stop()
            return
        self._wait = self.policy.next_wait(self._wait, changed)
        self._timer.start(max(1, round(self._wait * 1000)))

    def stop(self) -> None:
        self._timer.stop()
        self._wait = None
