"""SVG icons from ``resources/icons``, drawn in the palette's text colour so they suit light and dark.

Each icon is rendered at several sizes and device pixel ratios, so it stays crisp on high-DPI screens.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QWidget

SIZES = (16, 20, 24, 32, 48)


def icons_dir() -> Path | None:
    here = Path(__file__).resolve()
    for candidate in (here.parents[3] / "resources" / "icons", here.parents[2] / "resources" / "icons"):
        if candidate.is_dir():
            return candidate
    return None


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The icon ``name`` (file stem), or an empty icon when the resources are not installed."""
    if color is None:
        palette = QGuiApplication.palette()
        color = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    return _icon(name, color.name())


@cache
def _icon(name: str, color: str) -> QIcon:
    folder = icons_dir()
    if folder is None or not (folder / f"{name}.svg").is_file():
        return QIcon()
    svg = (folder / f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", color)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in SIZES:
        for ratio in (1, 2):
            pixmap = QPixmap(size * ratio, size * ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap)
    return result


THEMED = "themedIcon"


def themed(button: QAbstractButton, name: str) -> QAbstractButton:
    """Give ``button`` the icon ``name`` and have :func:`refresh` redraw it when the colours change."""
    button.setProperty(THEMED, name)
    button.setIcon(icon(name))
    return button


def refresh(root: QWidget) -> None:
    """Redraw every themed icon under ``root`` in the current palette's colours."""
    for button in root.findChildren(QAbstractButton):
        name = button.property(THEMED)
        if name:
            button.setIcon(icon(str(name)))


def clear_cache() -> None:
    """Forget rendered icons (after the colour scheme changed)."""
    _icon.cache_clear()
