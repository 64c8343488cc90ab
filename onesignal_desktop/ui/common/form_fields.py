"""Pieces of the console's forms: a field's error line under it, and the Show box of a masked key."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

ERROR_STYLE = "color: #c62828;"


def error_label() -> QLabel:
    """A red message line, hidden until there is something to say (wrapped: server messages run long)."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def with_error(widget: QWidget, error: QLabel) -> QWidget:
    """``widget`` with its ``error`` line right under it, as one form cell (focusing the cell, e.g. by
    the row's mnemonic, focuses the widget)."""
    box = QWidget()
    box.setFocusProxy(widget)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(error)
    return box


def show_secret_box(edit: QLineEdit) -> QCheckBox:
    """A "Show" box that unmasks ``edit`` while ticked; keys stay masked unless the person asks."""
    box = QCheckBox("Show")
    box.toggled.connect(
        lambda shown: edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
    )
    return box
