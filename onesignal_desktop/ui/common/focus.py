"""Keyboard focus that a user can follow and leave: Tab moves *out of* a list or table (never cell by
cell, which changed the selection and trapped the keyboard), and the list or table holding the focus
gets a visible ring (the Fusion style shows none once a row is selected).

:func:`install_focus_handling` works for every view, also those other areas add later: it listens to
the application's focus changes (cheap: no event filter on the whole application).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

RING_WIDTH = 2
_INSTALLED = "_onesignal_focus_handling"


class FocusRing(QWidget):
    """A highlight-coloured frame drawn just around the item view that has the keyboard focus."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QAbstractItemView | None = None

    def follow(self, view: QAbstractItemView | None) -> None:
        if self.target is not None and self.target is not view:
            with contextlib.suppress(RuntimeError):  # the old view is gone already
                self.target.removeEventFilter(self)
        self.target = view
        parent = view.parentWidget() if view is not None else None
        if view is None or parent is None:
            self.hide()
            return
        if self.parentWidget() is not parent:
            self.setParent(parent)
        view.installEventFilter(self)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        if self.target is not None:
            margin = RING_WIDTH
            self.setGeometry(self.target.geometry().adjusted(-margin, -margin, margin, margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target:
            if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
                self._place()
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.Destroy):
                self.hide()
            elif event.type() == QEvent.Type.Show:
                self._place()
                self.show()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.palette().color(self.palette().ColorRole.Highlight), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH // 2
        inset = -half - 1 + RING_WIDTH % 2
        painter.drawRect(self.rect().adjusted(half, half, inset, inset))


def item_view_of(widget: QWidget | None) -> QAbstractItemView | None:
    """The list or table ``widget`` is (or is the viewport of)."""
    if isinstance(widget, QAbstractItemView):
        return widget
    parent = widget.parentWidget() if widget is not None else None
    if isinstance(parent, QAbstractItemView) and widget is parent.viewport():
        return parent
    return None


class FocusHandling(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring = FocusRing()
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        view = item_view_of(new)
        if view is not None and view.tabKeyNavigation():
            # Arrows move between cells; Tab goes on to the next control.
            view.setTabKeyNavigation(False)
        try:
            self.ring.follow(view)
        except RuntimeError:  # the ring's parent was deleted with its view: start a new ring
            self.ring = FocusRing()
            self.ring.follow(view)


def install_focus_handling(app: QApplication | None = None) -> FocusHandling | None:
    """Once per application; returns the handling (or None without an application)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return None
    existing = getattr(app, _INSTALLED, None)
    if isinstance(existing, FocusHandling):
        return existing
    handling = FocusHandling(app)
    setattr(app, _INSTALLED, handling)
    return handling
