"""The token a background callable receives: it says whether to stop, and carries progress back."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised by :meth:`CancelToken.check` so a callable can stop between steps."""


class CancelToken:
    """Handed to every background callable as its only argument.

    The callable checks it between steps (pages, chunks, retries) and calls ``report`` to send progress
    to the UI thread. Cancelling never interrupts a call already on the wire; it only ensures nobody
    hears about its result.
    """

    __slots__ = ("_event", "_reporter")

    def __init__(self, reporter: Callable[[object], None] | None = None) -> None:
        self._event = threading.Event()
        self._reporter = reporter

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def report(self, progress: object) -> None:
        """Send ``progress`` (a count, a page of rows, ...) to the task's progress handler."""
        if self._reporter is not None and not self._event.is_set():
            self._reporter(progress)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking early when cancelled; returns True if cancelled."""
        return self._event.wait(seconds)
