"""SVG icons from ``resources/icons`` (found with importlib.resources, so a wheel has them too), drawn in
the palette's text colour so they suit light and dark.

Each icon is drawn from its SVG at the size and device pixel ratio it is shown at, so it stays crisp on
high-DPI screens; a size is drawn when it is first shown (and kept), not up front: drawing every icon at
every size before the window appeared was ~10% of the start.
"""

from __future__ import annotations

from functools import cache
from importlib.abc import Traversable

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QApplication, QStyleOption, QWidget

from onesignal_desktop.package_files import resource_dir

SIZES = (16, 20, 24, 32, 48)


class SvgIconEngine(QIconEngine):
    """Draws one SVG at whatever size and pixel ratio is asked, once per size and mode."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._renderer = QSvgRenderer(QByteArray(svg))
        self._drawn: dict[tuple[int, int, int, QIcon.Mode], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(size, size) for size in SIZES]

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())  # square icons, as the SVGs are
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        side = min(size.width(), size.height())
        key = (side, round(scale * 100), 0, mode)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._draw(side, scale, mode)
            self._drawn[key] = drawn
        return drawn

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def _draw(self, side: int, scale: float, mode: QIcon.Mode) -> QPixmap:
        if side <= 0:
            return QPixmap()
        pixels = max(1, round(side * scale))
        pixmap = QPixmap(pixels, pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, QRectF(0, 0, pixels, pixels))
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        if mode in (QIcon.Mode.Disabled, QIcon.Mode.Selected, QIcon.Mode.Active):
            style = QApplication.style() if isinstance(QApplication.instance(), QApplication) else None
            if style is not None:  # greyed out (or tinted) the way the style does it for pixmap icons
                generated = style.generatedIconPixmap(mode, pixmap, QStyleOption())
                if not generated.isNull():
                    generated.setDevicePixelRatio(scale)
                    return generated
        return pixmap


def icons_dir() -> Traversable | None:
    return resource_dir("icons")


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The icon ``name`` (file stem), or an empty icon when the resources are not installed."""
    if color is None:
        palette = QGuiApplication.palette()
        color = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    return _icon(name, color.name())


@cache
def _icon(name: str, color: str) -> QIcon:
    folder = icons_dir()
    file = None if folder is None else folder.joinpath(*f"{name}.svg".split("/"))
    if file is None or not file.is_file():
        return QIcon()
    svg = file.read_text(encoding="utf-8").replace("currentColor", color)
    engine = SvgIconEngine(svg.encode("utf-8"))
    if not engine._renderer.isValid():
        return QIcon()
    return QIcon(engine)


APP_ICON_NAME = "onesignal-desktop"  # the .desktop file's Icon= and the hicolor file names


def app_icon() -> QIcon:
    """The application's own icon (window, task bar), from the hicolor theme files that the menu entry
    installs too; an empty icon when the resources are missing."""
    folder = resource_dir("desktop", "icons", "hicolor")
    result = QIcon()
    if folder is None:
        return result
    for size in folder.iterdir():
        image = size.joinpath("apps", f"{APP_ICON_NAME}.png")
        if image.is_file():
            pixmap = QPixmap()
            pixmap.loadFromData(image.read_bytes())
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
