"""Writes done on one worker thread, the latest per key, so the caller (the UI thread) never waits on disk.

``submit(key, write)`` queues ``write`` for ``key``, replacing a queued one for the same key that has not
started (typing fast writes only the newest version). ``cancel(key)`` drops a queued write and waits for
one under way, so a write the caller then does itself (close, discard) cannot be overtaken by an older
one. ``flush()`` waits until everything queued is written.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class BackgroundWrites:
    def __init__(self, name: str = "draft-writer") -> None:
        self._name = name
        self._queued: dict[str, Callable[[], None]] = {}
        self._running: str | None = None
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def submit(self, key: str, write: Callable[[], None]) -> None:
        with self._changed:
            self._queued.pop(key, None)  # re-inserted last: the order of keys follows the latest edits
            self._queued[key] = write
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def cancel(self, key: str, timeout: float = 10.0) -> None:
        with self._changed:
            self._queued.pop(key, None)
            self._changed.wait_for(lambda: self._running != key, timeout)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued write is done; False if that took longer than ``timeout``."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._queued and self._running is None, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._queued))
                key = next(iter(self._queued))
                write = self._queued.pop(key)
                self._running = key
            try:
                write()
            except Exception:  # a failed autosave must not end the worker; the next edit tries again
                log.exception("a background write failed")
            finally:
                with self._changed:
                    self._running = None
                    self._changed.notify_all()
