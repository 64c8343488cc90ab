"""Work that the start can put off until the window is on screen: run it right after the first paint.

Building a dialog, probing the keyring or anything else the first frame does not show, done before it,
only delays the moment the user sees the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Watches one widget's events (not the application's) until it has been painted once."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._callback is not None and event.type() == QEvent.Type.Paint:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            # The next event-loop turn: this paint completes (and reaches the screen) first.
            QTimer.singleShot(0, self, callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` on the UI thread once ``widget`` has painted for the first time (at once, in
    the next event-loop turn, if it is already visible and painted)."""
    if widget.isVisible() and not widget.visibleRegion().isEmpty():
        QTimer.singleShot(0, widget, callback)
        return
    _FirstPaint(widget, callback)
