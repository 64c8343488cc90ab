"""Labels that carry sentences: wrapped, named for tests and accessibility, selectable or dimmed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def text_label(name: str, *, selectable: bool = False, dimmed: bool = False) -> QLabel:
    """A word-wrapped label named ``name``; ``selectable`` figures can be copied, ``dimmed`` notes read as
    explanations rather than figures."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if dimmed:
        label.setEnabled(False)
    return label
