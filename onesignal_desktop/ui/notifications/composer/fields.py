"""Messages next to the field at fault: each editor registers the body keys it edits.

A :class:`~onesignal_desktop.compose.problems.Problem` names a dotted body key (``"contents.en"``,
``"buttons.1.text"``, ``"include_aliases.external_id.3"``); the registry finds the editor registered for
the longest prefix of it and shows the message in the small label under that editor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from onesignal_desktop.compose.problems import Problem

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#9a6700"


class FieldMessage(QLabel):
    """The message under one field: red for an error, amber for a warning; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldMessage")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        if not problems:
            self.clear()
            self.hide()
            return
        blocking = any(problem.blocking for problem in problems)
        self.setStyleSheet(f"color: {ERROR_COLOR if blocking else WARNING_COLOR};")
        unique = list(dict.fromkeys(problem.message for problem in problems))
        self.setText("\n".join(unique))
        self.show()


def with_message(editor: QWidget, parent: QWidget | None = None) -> tuple[QWidget, FieldMessage]:
    """``editor`` with its message label below it, as one widget for a form row."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(editor)
    message = FieldMessage(box)
    layout.addWidget(message)
    return box, message


@dataclass
class _Slot:
    editor: QWidget
    message: FieldMessage | None
    section: str
    problems: list[Problem] = field(default_factory=list)
    handler: Callable[[list[Problem]], None] | None = None


class FieldRegistry:
    """Body keys -> (editor, message label, section name)."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    def register(
        self,
        key: str,
        editor: QWidget,
        message: FieldMessage | None,
        section: str,
        *,
        handler: Callable[[list[Problem]], None] | None = None,
    ) -> None:
        """``handler`` (optional) also receives the problems, e.g. to mark one row of a list."""
        self._slots[key] = _Slot(editor, message, section, handler=handler)

    def unregister_prefix(self, prefix: str) -> None:
        for key in [key for key in self._slots if key == prefix or key.startswith(prefix + ".")]:
            del self._slots[key]

    def resolve(self, field_key: str) -> str | None:
        """The registered key for a problem's field: the longest registered prefix, if any."""
        parts = field_key.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self._slots:
                return candidate
        return None

    def show(self, problems: Iterable[Problem], fallback: str) -> dict[str, list[Problem]]:
        """Put each problem next to its field (unknown fields go to ``fallback``); returns what went where."""
        placed: dict[str, list[Problem]] = {}
        for problem in problems:
            key = self.resolve(problem.field) or fallback
            placed.setdefault(key, []).append(problem)
        # Several keys may share one label (url, app_url, web_url): show each label once, with all of them.
        per_label: dict[int, tuple[FieldMessage, list[Problem]]] = {}
        for key, slot in self._slots.items():
            slot.problems = placed.get(key, [])
            if slot.message is not None:
                per_label.setdefault(id(slot.message), (slot.message, []))[1].extend(slot.problems)
            if slot.handler is not None:
                slot.handler(slot.problems)
        for message, found in per_label.values():
            message.show_problems(found)
        return placed

    def clear(self) -> None:
        self.show([], fallback="")

    def message_for(self, key: str) -> str:
        slot = self._slots.get(key)
        if slot is None:
            return ""
        if slot.message is None:
            return "\n".join(dict.fromkeys(problem.message for problem in slot.problems))
        return "" if slot.message.isHidden() else slot.message.text()

    def editor(self, key: str) -> QWidget | None:
        slot = self._slots.get(key)
        return slot.editor if slot else None

    def section(self, key: str) -> str | None:
        slot = self._slots.get(key)
        return slot.section if slot else None

    def keys(self) -> list[str]:
        return list(self._slots)
