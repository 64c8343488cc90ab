"""A form field with its error message right under it (shared by the player and user forms)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from onesignal_desktop.ui.common.form_fields import error_label


class FieldWithError(QWidget):
    """``editor`` above a red message that shows only while there is a problem; what the user typed
    stays in the editor."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error_label = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)

    @property
    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, message: str | None) -> None:
        if message:
            self.error_label.setText(message)
            self.error_label.show()
        else:
            self.clear_error()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()


class DeleteKey(QObject):
    """Calls ``slot`` when Delete is pressed in ``widget`` (an event filter: it works whether or not the
    window is active, unlike a widget-context shortcut)."""

    def __init__(self, widget: QWidget, slot: Callable[[], None]) -> None:
        super().__init__(widget)
        self._slot = slot
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self._slot()
            return True
        return super().eventFilter(watched, event)
