"""Draws the "Delivered" column as a progress bar of successful sends against the total audience."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from onesignal_desktop.ui.notifications.list_model import PROGRESS_ROLE

BAR_MARGIN = 3
BAR_WIDTH_HINT = 130


class ProgressBarDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(PROGRESS_ROLE)
        if not isinstance(value, tuple):
            super().paint(painter, option, index)
            return
        successful, total, text = value
        # The cell background (selection, alternating rows) first, then the bar on top.
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = background.widget.style() if background.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, background.widget)

        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect).adjusted(BAR_MARGIN, BAR_MARGIN, -BAR_MARGIN, -BAR_MARGIN)
        bar.minimum = 0
        bar.maximum = max(1, total)
        bar.progress = min(successful, bar.maximum)
        bar.text = text
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, background.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> Any:
        hint = super().sizeHint(option, index)
        hint.setWidth(max(hint.width(), BAR_WIDTH_HINT))
        return hint
