"""A view and, in its place, the sentence saying why there is nothing to show (yet)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget


def centered_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setMargin(24)
    return label


class EmptyStack(QStackedWidget):
    """A view and the sentence shown instead of it when there is nothing to show (and why)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.empty_label = centered_label()
        self.empty_label.setObjectName("emptyState")
        self.addWidget(content)
        self.addWidget(self.empty_label)

    def show_content(self) -> None:
        self.setCurrentWidget(self.content)

    def show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.setCurrentWidget(self.empty_label)

    @property
    def empty(self) -> bool:
        return self.currentWidget() is self.empty_label
