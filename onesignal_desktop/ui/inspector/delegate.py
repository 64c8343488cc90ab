"""A lean cell painter for the inspector's table: one Python call a cell.

Qt's default delegate asks the model for seven or eight roles a cell (font, colours, check state,
decoration, alignment, text...), each a call into Python; a screen of the table was ~14 ms of the UI
thread's time, most of a 60 Hz frame. This one reads the cell's text from the model directly and draws it
elided, with the selection and alternating-row backgrounds the view would have drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from onesignal_desktop.ui.inspector.model import RequestLogModel, is_numeric

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_PADDING = 4
# Looked up once: each enum member access is a Python call, and a screen paints ~200 cells.
_SELECTED = QStyle.StateFlag.State_Selected
_HIGHLIGHT = QPalette.ColorRole.Highlight
_ALTERNATE = QPalette.ColorRole.AlternateBase
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_ELIDE = Qt.TextElideMode.ElideRight


class RequestCellDelegate(QStyledItemDelegate):
    def __init__(self, model: RequestLogModel) -> None:
        super().__init__()
        self._model = model

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        palette = option.palette  # type: ignore[attr-defined]
        rect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & _SELECTED)
        if selected:
            painter.fillRect(rect, palette.brush(_HIGHLIGHT))
        elif index.row() % 2:
            painter.fillRect(rect, palette.brush(_ALTERNATE))
        column = index.column()
        text = self._model.text(index.row(), column)
        inner = rect.adjusted(_PADDING, 0, -_PADDING, 0)
        text = option.fontMetrics.elidedText(text, _ELIDE, inner.width())  # type: ignore[attr-defined]
        painter.setPen(palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT))
        painter.drawText(inner, _RIGHT if is_numeric(column) else _LEFT, text)
