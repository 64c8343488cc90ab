"""Work too big for one frame, done a few milliseconds per turn of the event loop.

The UI thread must never hold a frame (16.7 ms at 60 Hz): drawing a 200-node journey or writing the
cells of a few hundred refreshed rows is split into slices of about :data:`SLICE_MS`, and between two
slices the loop paints, answers clicks and keys, and runs timers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

#: How long one slice may hold the UI thread (the rest waits for the next turn of the loop).
SLICE_MS = 4.0


def deadline_after(budget_ms: float) -> float:
    """The ``time.perf_counter()`` value at which a slice of ``budget_ms`` should stop."""
    return time.perf_counter() + budget_ms / 1000


class SlicedWork(QObject):
    """Calls ``step(budget_ms)`` once per turn of the event loop until it returns True (done).

    ``step`` does about ``budget_ms`` of work and says whether anything is left; ``finished`` is
    emitted once it is done (not when stopped).
    """

    finished = Signal()

    def __init__(
        self, step: Callable[[float], bool], budget_ms: float = SLICE_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._step = step
        self.budget_ms = budget_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_slice)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Run the first slice at the next turn of the loop."""
        self._timer.start()

    def run_now(self) -> None:
        """Run one slice at once (the caller's turn has room for it), the rest on later turns."""
        self._timer.stop()
        self._run_slice()

    def stop(self) -> None:
        self._timer.stop()

    def _run_slice(self) -> None:
        if self._step(self.budget_ms):
            self.finished.emit()
        else:
            self._timer.start()
