"""Non-modal messages above the tabs: each names the operation and what went wrong, and can be closed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from onesignal_desktop.ui.shell.icons import icon, themed

MAX_MESSAGES = 4


class MessageRow(QFrame):
    closed = Signal()

    def __init__(self, text: str, level: str, operation: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operation = operation
        self.setObjectName(f"message-{level}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        tint = QColor(255, 221, 221) if level == "error" else QColor(255, 240, 200)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.Window).lightness() < 128:
            tint = QColor(96, 40, 40) if level == "error" else QColor(92, 74, 30)
        palette.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(palette)
        symbol = QLabel()
        symbol.setPixmap(icon("error" if level == "error" else "warning").pixmap(18, 18))
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        themed(close, "close")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.closed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)


class MessageBar(QWidget):
    """Newest message on top; at most ``MAX_MESSAGES`` are kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._rows: list[MessageRow] = []
        self.hide()

    @property
    def messages(self) -> list[str]:
        return [row.label.text() for row in self._rows]

    def show_error(self, text: str, operation: str = "", *, replaces: bool = True) -> None:
        """``replaces``: this message takes the place of an older one of the same operation (its
        cause is the current one); False for messages that each say something of their own."""
        self._add(text, "error", operation, replaces=replaces)

    def show_warning(self, text: str, operation: str = "") -> None:
        self._add(text, "warning", operation)

    def resolve(self, operation: str) -> None:
        """Drop the messages of ``operation``: it has worked since."""
        for row in list(self._rows):
            if operation and row.operation == operation:
                self._remove(row)

    def clear(self) -> None:
        for row in list(self._rows):
            self._remove(row)

    def _add(self, text: str, level: str, operation: str = "", *, replaces: bool = True) -> None:
        for row in list(self._rows):
            # Shown again: move it to the top instead of repeating it. A newer failure of the same
            # operation replaces the older one: its cause is the current one, the older is stale.
            if row.label.text() == text or (replaces and operation and row.operation == operation):
                self._remove(row)
        row = MessageRow(text, level, operation, self)
        row.closed.connect(lambda: self._remove(row))
        self._rows.insert(0, row)
        self._layout.insertWidget(0, row)
        while len(self._rows) > MAX_MESSAGES:
            self._remove(self._rows[-1])
        self.show()

    def _remove(self, row: MessageRow) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._layout.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self._rows))
