"""Small editors the composer sections share: a form of labelled rows, key/value rows, a list of lines."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.notifications.composer.fields import FieldMessage, FieldRegistry, with_message
from onesignal_desktop.ui.notifications.composer.payload import split_entries


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    layout = QFormLayout(parent)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    layout.setLabelAlignment(layout.labelAlignment())
    layout.setHorizontalSpacing(12)
    layout.setVerticalSpacing(8)
    return layout


def group(title: str, parent: QWidget | None = None) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title, parent)
    return box, form_layout(box)


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def line(placeholder: str = "", object_name: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    if object_name:
        edit.setObjectName(object_name)
    return edit


def add_row(
    layout: QFormLayout,
    label: str,
    editor: QWidget,
    registry: FieldRegistry,
    key: str | tuple[str, ...],
    section: str,
) -> FieldMessage:
    """A labelled row whose message shows problems of ``key`` (or each of several keys)."""
    box, message = with_message(editor)
    layout.addRow(label, box)
    for name in (key,) if isinstance(key, str) else key:
        registry.register(name, editor, message, section)
    return message


class LinesEdit(QPlainTextEdit):
    """Entries typed one per line (or separated by commas)."""

    def __init__(self, placeholder: str = "", rows: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        height = self.fontMetrics().lineSpacing() * rows + 14
        self.setFixedHeight(height)

    def entries(self) -> list[str]:
        return split_entries(self.toPlainText())

    def set_entries(self, entries: list[str]) -> None:
        text = "\n".join(entries)
        if text != self.toPlainText():
            self.setPlainText(text)


class PairRow(QWidget):
    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, first: str, second: str, placeholders: tuple[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.first = line(placeholders[0])
        self.second = line(placeholders[1])
        self.first.setText(first)
        self.second.setText(second)
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip("Remove this row")
        self.remove_button.setAccessibleName("Remove row")
        self.remove_button.setAutoRaise(True)
        layout.addWidget(self.first, 1)
        layout.addWidget(self.second, 2)
        layout.addWidget(self.remove_button)
        self.first.textChanged.connect(self.changed)
        self.second.textChanged.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))


class PairList(QWidget):
    """Rows of two text fields (button id/label, data key/value) with add and remove."""

    changed = Signal()

    def __init__(self, add_text: str, placeholders: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholders = placeholders
        self.rows: list[PairRow] = []
        self.messages: list[FieldMessage] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(4)
        outer.addLayout(self._rows_layout)
        self.add_button = QPushButton(add_text)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self._add_and_focus())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

    def pairs(self) -> list[tuple[str, str]]:
        return [(row.first.text(), row.second.text()) for row in self.rows]

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        if pairs == self.pairs():
            return
        for row in list(self.rows):
            self._remove(row, emit=False)
        for first, second in pairs:
            self.add_pair(first, second, emit=False)
        self.changed.emit()

    def add_pair(self, first: str = "", second: str = "", *, emit: bool = True) -> PairRow:
        row = PairRow(first, second, self._placeholders)
        row.changed.connect(self.changed)
        row.remove_requested.connect(lambda target: self._remove(target))
        box, message = with_message(row)
        self.rows.append(row)
        self.messages.append(message)
        self._rows_layout.addWidget(box)
        if emit:
            self.changed.emit()
        return row

    def _add_and_focus(self) -> None:
        self.add_pair().first.setFocus()

    def _remove(self, row: PairRow, *, emit: bool = True) -> None:
        index = self.rows.index(row)
        self.rows.pop(index)
        self.messages.pop(index)
        box = row.parentWidget()
        assert box is not None
        self._rows_layout.removeWidget(box)
        box.deleteLater()
        if emit:
            self.changed.emit()

    def show_row_problems(self, problems_by_index: dict[int, list[str]]) -> None:
        for index, message in enumerate(self.messages):
            texts = problems_by_index.get(index, [])
            message.setStyleSheet("color: #c62828;")
            message.setText("\n".join(dict.fromkeys(texts)))
            message.setVisible(bool(texts))
