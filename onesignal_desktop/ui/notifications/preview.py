"""Live preview of a push notification as it will look on iOS, Android and in a desktop web browser.

Everything is drawn locally from the payload: images are never fetched, a placeholder box names the
host they would come from. Colours come from the widget palette at paint time, so the preview follows
the light/dark scheme without restyling. ``set_payload`` only touches what changed, so calling it on
every keystroke does not flicker.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any, Final
from urllib.parse import urlsplit

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.compose.languages import DEFAULT_LANGUAGE, RIGHT_TO_LEFT, language_name
from onesignal_desktop.compose.preflight import Channel, channel_of
from onesignal_desktop.compose.sms import sms_length

# PySide6 6.12 on Python 3.11 drops a reference to None on every void call; a preview updated per
# keystroke makes thousands of them (see pyside_refcounts).
from onesignal_desktop.ui.players.export_viewer import pyside_refcounts  # noqa: F401 - must load early

CARD_WIDTH: Final = 300
MAX_BUTTONS_SHOWN: Final = 3
MESSAGE_PLACEHOLDER: Final = "Your message appears here"
_ANDROID_BUTTON_SPACING: Final = 20


def _blend(base: QColor, over: QColor, amount: float) -> QColor:
    """``over`` laid on ``base`` at ``amount`` opacity."""
    return QColor.fromRgbF(
        base.redF() + (over.redF() - base.redF()) * amount,
        base.greenF() + (over.greenF() - base.greenF()) * amount,
        base.blueF() + (over.blueF() - base.blueF()) * amount,
    )


def _host(url: str) -> str:
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        host = None
    return host or url.strip()


class ElidedText(QWidget):
    """Text wrapped over at most ``max_lines`` lines, the last one elided with "…" when it doesn't fit.

    Its height is fixed to the lines it shows at its width (``wrap_width`` until it is laid out), so
    no layout can squeeze it and it never clips; ``fit`` makes its width that of the text (buttons).
    """

    def __init__(
        self,
        *,
        max_lines: int = 1,
        bold: bool = False,
        size_delta: float = 0.0,
        secondary: bool = False,
        fit: bool = False,
        wrap_width: int = CARD_WIDTH - 24,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fit = fit
        self._wrap_width = wrap_width
        self._text = ""
        self._max_lines = max_lines
        self._secondary = secondary
        self._placeholder = False
        self._color: QColor | None = None
        self._cache: tuple[int, str, int, list[str]] | None = None
        font = QFont(self.font())
        font.setBold(bold)
        if size_delta:
            font.setPointSizeF(max(6.0, font.pointSizeF() + size_delta))
        self.setFont(font)
        horizontal = QSizePolicy.Policy.Fixed if fit else QSizePolicy.Policy.Preferred
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Fixed)
        self._resize_to_text()

    def text(self) -> str:
        return self._text

    def set_text(self, text: str, *, placeholder: bool = False) -> None:
        if text == self._text and placeholder == self._placeholder:
            return
        self._text, self._placeholder = text, placeholder
        self._resize_to_text()
        self.update()

    def set_max_lines(self, max_lines: int) -> None:
        if max_lines != self._max_lines:
            self._max_lines = max_lines
            self._resize_to_text()
            self.update()

    def set_wrap_width(self, width: int) -> None:
        """The width to lay out at before being laid out (and the widest a ``fit`` text gets)."""
        if width != self._wrap_width:
            self._wrap_width = width
            self._resize_to_text()
            self.update()

    def set_color(self, color: QColor | None) -> None:
        """Draw in ``color`` instead of the palette's text colour (an accent)."""
        if color != self._color:
            self._color = color
            self.update()

    def is_placeholder(self) -> bool:
        return self._placeholder

    def _current_width(self) -> int:
        return self.width() if self.testAttribute(Qt.WidgetAttribute.WA_Resized) or self.isVisible() else 0

    def _resize_to_text(self) -> None:
        metrics = QFontMetricsF(self.font())
        if self._fit:
            fitted = min(int(metrics.horizontalAdvance(self._text)) + 2, self._wrap_width)
            if self.width() != fitted or not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
                self.setFixedWidth(fitted)
        width = self._current_width() or self._wrap_width
        count = max(1, len(self.lines(width)))
        height = round(count * metrics.lineSpacing())
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if event.size().width() != event.oldSize().width():
            self._resize_to_text()
        super().resizeEvent(event)

    def lines(self, width: int | None = None) -> list[str]:
        """The lines as drawn at ``width`` (default: the current width)."""
        width = (self._current_width() or self._wrap_width) if width is None else width
        key = (width, self._text, self._max_lines)
        if self._cache is not None and self._cache[:3] == key:
            return self._cache[3]
        lines = self._lay_out(max(width, 1))
        self._cache = (*key, lines)
        return lines

    def displayed_text(self) -> str:
        return "\n".join(self.lines())

    def _lay_out(self, width: int) -> list[str]:
        text = self._text.replace("\r\n", "\n").replace("\n", "\u2028")
        if not text:
            return []
        metrics = QFontMetricsF(self.font())
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        # Qt counts positions in UTF-16 code units; slicing the UTF-16 form keeps emoji and other
        # characters outside the BMP from shifting every later line by one.
        units = text.encode("utf-16-le")
        total = len(units) // 2

        def piece(start: int, end: int) -> str:
            return units[2 * start : 2 * end].decode("utf-16-le", errors="replace")

        lines: list[str] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            if len(lines) == self._max_lines - 1 and start + length < total:
                lines.append(self._last_line(piece(start, total), metrics, width))
                break
            lines.append(piece(start, start + length).replace("\u2028", "").rstrip())
        layout.endLayout()
        return lines

    @staticmethod
    def _last_line(rest: str, metrics: QFontMetricsF, width: int) -> str:
        """The last visible line when more text follows: what fits of its paragraph, then "…"."""
        paragraph = rest.split("\u2028", 1)[0].rstrip()
        elided = metrics.elidedText(paragraph, Qt.TextElideMode.ElideRight, width)
        if elided != paragraph:
            return elided
        return metrics.elidedText(paragraph + "…", Qt.TextElideMode.ElideRight, width) if paragraph else "…"

    def sizeHint(self) -> QSize:
        return QSize(self.width() if self._fit else self._wrap_width, self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.width() if self._fit else 20, self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.Text)
        if self._color is not None:
            color = self._color
        elif self._placeholder or self._secondary:
            color = _blend(palette.color(QPalette.ColorRole.Base), text_color, 0.6)
        else:
            color = text_color
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = QFont(self.font())
        font.setItalic(self._placeholder)
        painter.setFont(font)
        painter.setPen(color)
        metrics = QFontMetricsF(font)
        alignment = (
            Qt.AlignmentFlag.AlignRight if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else 0
        )
        for index, line in enumerate(self.lines()):
            rect = QRectF(0, index * metrics.lineSpacing(), self.width(), metrics.lineSpacing())
            painter.drawText(rect, alignment | Qt.AlignmentFlag.AlignVCenter, line)
        painter.end()


class ImagePlaceholder(QWidget):
    """Where a picture goes: a framed box naming the host it would be loaded from (never fetched)."""

    def __init__(self, *, aspect: float = 2.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self.setFixedHeight(int((CARD_WIDTH - 24) / aspect))

    def source(self) -> str:
        return self._source

    def text(self) -> str:
        """The label shown in the box: the image's host, or its resource name."""
        return _host(self._source) if "://" in self._source else self._source

    def set_source(self, source: str) -> None:
        if source != self._source:
            self._source = source
            self.setToolTip(source)
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(CARD_WIDTH - 24, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setBrush(_blend(base, text, 0.07))
        pen = QPen(_blend(base, text, 0.3), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(box, 8, 8)

        # A small landscape glyph (sun and hills) so the box reads as "picture" at a glance.
        glyph_color = _blend(base, text, 0.35)
        centre = box.center() - QPointF(0, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glyph_color)
        painter.drawEllipse(centre + QPointF(9, -8), 4, 4)
        hills = QPainterPath(centre + QPointF(-18, 10))
        hills.lineTo(centre + QPointF(-6, -4))
        hills.lineTo(centre + QPointF(2, 4))
        hills.lineTo(centre + QPointF(8, -1))
        hills.lineTo(centre + QPointF(18, 10))
        hills.closeSubpath()
        painter.drawPath(hills)

        painter.setPen(_blend(base, text, 0.65))
        metrics = QFontMetricsF(self.font())
        label = metrics.elidedText(f"Image · {self.text()}", Qt.TextElideMode.ElideMiddle, box.width() - 16)
        painter.drawText(
            QRectF(box.left() + 8, centre.y() + 16, box.width() - 16, metrics.lineSpacing()),
            Qt.AlignmentFlag.AlignCenter,
            label,
        )
        painter.end()


class AppIcon(QWidget):
    """A rounded square (or circle) with the app's initial, standing in for its icon."""

    def __init__(self, *, size: int = 20, round_icon: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._letter = "A"
        self._color: QColor | None = None
        self._round = round_icon
        self.setFixedSize(size, size)

    def set_appearance(self, name: str, color: QColor | None) -> None:
        letter = next((char.upper() for char in name if char.isalnum()), "•")
        if (letter, color) != (self._letter, self._color):
            self._letter, self._color = letter, color
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self._color or self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        rect = QRectF(self.rect())
        radius = rect.width() / 2 if self._round else rect.width() * 0.24
        painter.drawRoundedRect(rect, radius, radius)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, int(rect.height() * 0.55)))
        painter.setFont(font)
        painter.setPen(QColor("white") if color.lightnessF() < 0.7 else QColor("black"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._letter)
        painter.end()


class Card(QWidget):
    """A rounded panel painted from the palette (a notification banner, or the iOS actions menu)."""

    def __init__(self, *, radius: float, tint: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._radius, self._tint = radius, tint

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_blend(base, text, 0.16), 1))
        painter.setBrush(_blend(base, text, self._tint))
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), self._radius, self._radius
        )
        painter.end()


def captioned_card(
    owner: QWidget, caption: str, *, radius: float, tint: float, width: int
) -> tuple[QVBoxLayout, QLabel, Card]:
    """What every preview starts with: ``owner``'s column, a bold caption (the platform) in it, and the
    card of ``width`` that the caller fills and adds."""
    column = QVBoxLayout(owner)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(6)
    label = QLabel(caption)
    bold = QFont(label.font())
    bold.setBold(True)
    label.setFont(bold)
    column.addWidget(label)
    card = Card(radius=radius, tint=tint)
    card.setFixedWidth(width)
    return column, label, card


@dataclass(frozen=True)
class PreviewContent:
    """What one platform shows, already resolved from the payload."""

    app_name: str
    title: str = ""
    subtitle: str = ""
    message: str = ""
    image: str = ""
    buttons: tuple[str, ...] = ()
    site: str = ""
    accent: QColor | None = None
    right_to_left: bool = False


class PlatformPreview(QWidget):
    """One platform's column: a caption, the notification card and its buttons."""

    platform = ""
    caption_text = ""
    message_lines = 4
    card_radius = 14.0
    card_tint = 0.05

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.platform}Preview")
        column, self.caption, self.card = captioned_card(
            self, self.caption_text, radius=self.card_radius, tint=self.card_tint, width=CARD_WIDTH
        )
        body = QVBoxLayout(self.card)
        body.setContentsMargins(12, 10, 12, 12)
        body.setSpacing(3)

        header = QHBoxLayout()
        header.setSpacing(6)
        self.icon = AppIcon(size=18, round_icon=self.platform != "ios")
        self.app_name_text = ElidedText(size_delta=-1, secondary=True)
        self.time_text = ElidedText(size_delta=-1, secondary=True, fit=True)
        self.time_text.set_text("now")
        header.addWidget(self.icon)
        header.addWidget(self.app_name_text, 1)
        header.addWidget(self.time_text)
        body.addLayout(header)
        body.addSpacing(3)

        self.title_text = ElidedText(bold=True)
        self.subtitle_text = ElidedText(bold=True, size_delta=-0.5)
        self.message_text = ElidedText(max_lines=self.message_lines)
        self.image_box = ImagePlaceholder(aspect=self._image_aspect())
        for widget in (self.title_text, self.subtitle_text, self.message_text):
            body.addWidget(widget)
        body.addSpacing(4)
        body.addWidget(self.image_box)
        self.subtitle_text.hide()
        self.image_box.hide()

        self.button_texts: list[ElidedText] = []
        self.buttons_row = self._build_buttons(body, column)
        column.addWidget(self.card, 0, Qt.AlignmentFlag.AlignTop)
        self._place_buttons(column)
        column.addStretch(1)

    def _image_aspect(self) -> float:
        return 2.0

    def _build_buttons(self, body: QVBoxLayout, column: QVBoxLayout) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(_ANDROID_BUTTON_SPACING)
        for _ in range(MAX_BUTTONS_SHOWN):
            text = ElidedText(bold=True, size_delta=-0.5, fit=True)
            self.button_texts.append(text)
            layout.addWidget(text)
        layout.addStretch(1)
        body.addWidget(row)
        row.hide()
        return row

    def _place_buttons(self, column: QVBoxLayout) -> None:
        """Hook for platforms that show buttons outside the card."""

    def show_content(self, content: PreviewContent) -> None:
        direction = (
            Qt.LayoutDirection.RightToLeft if content.right_to_left else Qt.LayoutDirection.LeftToRight
        )
        for text in (self.title_text, self.subtitle_text, self.message_text):
            if text.layoutDirection() != direction:
                text.setLayoutDirection(direction)
        self.app_name_text.set_text(self._header_text(content))
        self.icon.set_appearance(content.app_name, content.accent)
        self._set_visible_text(self.title_text, self._title(content))
        self._set_visible_text(self.subtitle_text, content.subtitle if self.platform == "ios" else "")
        if content.message.strip():
            self.message_text.set_text(content.message)
        else:
            self.message_text.set_text(MESSAGE_PLACEHOLDER, placeholder=True)
        self.message_text.set_max_lines(self._message_lines(content))
        self.image_box.set_source(content.image)
        self._set_visible(self.image_box, bool(content.image))
        labels = list(content.buttons[:MAX_BUTTONS_SHOWN])
        for index, text in enumerate(self.button_texts):
            label = labels[index] if index < len(labels) else ""
            text.set_text(self._button_label(label))
            text.set_color(self._button_color(content))
            self._set_visible(text, bool(label))
        self._set_visible(self.buttons_row, bool(labels))

    def _header_text(self, content: PreviewContent) -> str:
        return content.app_name

    def _title(self, content: PreviewContent) -> str:
        return content.title

    def _message_lines(self, content: PreviewContent) -> int:
        return self.message_lines

    def _button_label(self, label: str) -> str:
        return label

    def _button_color(self, content: PreviewContent) -> QColor | None:
        return content.accent or self.palette().color(QPalette.ColorRole.Highlight)

    @staticmethod
    def _set_visible(widget: QWidget, visible: bool) -> None:
        parent = widget.parentWidget()
        shown = widget.isVisibleTo(parent) if parent is not None else not widget.isHidden()
        if shown != visible:
            widget.setVisible(visible)

    def _set_visible_text(self, text: ElidedText, value: str) -> None:
        text.set_text(value)
        self._set_visible(text, bool(value.strip()))

    def visible_texts(self) -> dict[str, Any]:
        """What a person sees on this card (for tests and accessibility)."""
        return {
            "app": self.app_name_text.text(),
            "title": self.title_text.text() if self.title_text.isVisibleTo(self) else "",
            "subtitle": self.subtitle_text.text() if self.subtitle_text.isVisibleTo(self) else "",
            "message": "" if self.message_text.is_placeholder() else self.message_text.text(),
            "image": self.image_box.text() if self.image_box.isVisibleTo(self) else "",
            "buttons": [text.text() for text in self.button_texts if text.isVisibleTo(self)],
        }


class IosPreview(PlatformPreview):
    platform = "ios"
    caption_text = "iOS"
    message_lines = 4
    card_radius = 18.0
    card_tint = 0.07

    def _image_aspect(self) -> float:
        return 16 / 9

    def _build_buttons(self, body: QVBoxLayout, column: QVBoxLayout) -> QWidget:
        # iOS shows actions in a separate menu under the banner when it is pressed and held.
        menu = Card(radius=14.0, tint=0.07)
        menu.setFixedWidth(int(CARD_WIDTH * 0.72))
        layout = QVBoxLayout(menu)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(10)
        for _ in range(MAX_BUTTONS_SHOWN):
            text = ElidedText(size_delta=0)
            self.button_texts.append(text)
            layout.addWidget(text)
        menu.hide()
        return menu

    def _place_buttons(self, column: QVBoxLayout) -> None:
        column.addWidget(self.buttons_row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def _header_text(self, content: PreviewContent) -> str:
        return content.app_name.upper()

    def _button_color(self, content: PreviewContent) -> QColor | None:
        return None


class AndroidPreview(PlatformPreview):
    platform = "android"
    caption_text = "Android"
    message_lines = 6
    card_radius = 16.0
    card_tint = 0.04

    def _message_lines(self, content: PreviewContent) -> int:
        # Expanded with a big picture, Android keeps the text to a couple of lines.
        return 2 if content.image else self.message_lines

    def show_content(self, content: PreviewContent) -> None:
        # Buttons share the row; long labels are cut short like the system does.
        count = max(1, min(len(content.buttons), MAX_BUTTONS_SHOWN))
        share = (CARD_WIDTH - 24 - _ANDROID_BUTTON_SPACING * (count - 1)) // count
        for text in self.button_texts:
            text.set_wrap_width(share)
        super().show_content(content)


class WebPreview(PlatformPreview):
    platform = "web"
    caption_text = "Web (Chrome, desktop)"
    message_lines = 3
    card_radius = 8.0
    card_tint = 0.03

    def _header_text(self, content: PreviewContent) -> str:
        return f"Chrome · {content.site}" if content.site else "Chrome"

    def _title(self, content: PreviewContent) -> str:
        # Browsers always show a title; OneSignal uses the site name when none is given.
        return content.title or content.app_name

    def _button_color(self, content: PreviewContent) -> QColor | None:
        return None

    def _build_buttons(self, body: QVBoxLayout, column: QVBoxLayout) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        self._button_holders: list[QWidget] = []
        for _ in range(MAX_BUTTONS_SHOWN):
            button = Card(radius=4.0, tint=0.1)
            inner = QHBoxLayout(button)
            inner.setContentsMargins(10, 5, 10, 5)
            text = ElidedText(size_delta=-0.5)
            text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            inner.addWidget(text)
            self.button_texts.append(text)
            layout.addWidget(button, 1)
            self._button_holders.append(button)
        body.addWidget(row)
        row.hide()
        return row

    def show_content(self, content: PreviewContent) -> None:
        super().show_content(content)
        for text, holder in zip(self.button_texts, self._button_holders, strict=True):
            self._set_visible(holder, text.isVisibleTo(holder) and bool(text.text()))


def _localized(value: Any, language: str) -> tuple[str, bool]:
    """The text for ``language`` from a language map, falling back to English; and whether it fell back."""
    if not isinstance(value, Mapping):
        return "", False
    text = value.get(language)
    if isinstance(text, str) and text.strip():
        return text, False
    fallback = value.get(DEFAULT_LANGUAGE)
    if isinstance(fallback, str) and fallback.strip():
        return fallback, language != DEFAULT_LANGUAGE
    return "", False


def _text_field(payload: Mapping[str, Any], *names: str) -> str:
    for name in names:
        value = payload.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _first_attachment(payload: Mapping[str, Any]) -> str:
    attachments = payload.get("ios_attachments")
    if isinstance(attachments, Mapping):
        for value in attachments.values():
            if isinstance(value, str) and value.strip():
                return value.strip()
    return ""


def _button_labels(value: Any) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    labels = []
    for button in value:
        if isinstance(button, Mapping):
            text = button.get("text")
            labels.append(text.strip() if isinstance(text, str) and text.strip() else "Button")
    return tuple(labels)


def _accent(value: Any) -> QColor | None:
    """``android_accent_color`` (ARGB hex like ``FFFF0000``) as a colour, if it is one."""
    if not isinstance(value, str):
        return None
    digits = value.strip().lstrip("#")
    if len(digits) == 8:
        digits = digits[2:]
    if len(digits) != 6 or any(char not in "0123456789abcdefABCDEF" for char in digits):
        return None
    return QColor(f"#{digits}")


class _TextOnly(HTMLParser):
    """Collects the readable text of an HTML email body (no scripts, styles or markup)."""

    _BLOCKS: Final = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text a reader sees in an HTML email body, one paragraph per line."""
    parser = _TextOnly()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: show it as typed
        return html.unescape(markup)
    text = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class EmailPreview(QWidget):
    """An email as an inbox shows it opened: sender, subject, preheader and the body's text."""

    width_px = int(CARD_WIDTH * 1.6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column, self.caption, self.card = captioned_card(
            self, "Email", radius=8.0, tint=0.03, width=self.width_px
        )
        body = QVBoxLayout(self.card)
        body.setContentsMargins(16, 12, 16, 14)
        body.setSpacing(4)
        wrap = self.width_px - 32
        self.subject_text = ElidedText(bold=True, size_delta=2, wrap_width=wrap)
        self.from_text = ElidedText(secondary=True, wrap_width=wrap)
        self.preheader_text = ElidedText(secondary=True, wrap_width=wrap, max_lines=2)
        self.body_text = ElidedText(max_lines=14, wrap_width=wrap)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        for widget in (self.subject_text, self.from_text, self.preheader_text, rule, self.body_text):
            body.addWidget(widget)
        column.addWidget(self.card, 0, Qt.AlignmentFlag.AlignTop)
        column.addStretch(1)

    def show_payload(self, payload: Mapping[str, Any]) -> None:
        name = _text_field(payload, "email_from_name")
        address = _text_field(payload, "email_from_address")
        sender = f"{name} <{address}>" if name and address else name or address
        self.from_text.set_text(
            f"From: {sender}" if sender else "From: the sender set in the app's email settings"
        )
        subject = _text_field(payload, "email_subject")
        self.subject_text.set_text(subject or "Subject", placeholder=not subject)
        preheader = _text_field(payload, "email_preheader")
        self.preheader_text.set_text(preheader)
        PlatformPreview._set_visible(self.preheader_text, bool(preheader))
        body = html_to_text(_text_field(payload, "email_body"))
        self.body_text.set_text(body or "The email body appears here", placeholder=not body)

    def visible_texts(self) -> dict[str, str]:
        return {
            "from": self.from_text.text(),
            "subject": "" if self.subject_text.is_placeholder() else self.subject_text.text(),
            "preheader": self.preheader_text.text() if self.preheader_text.isVisibleTo(self) else "",
            "body": "" if self.body_text.is_placeholder() else self.body_text.text(),
        }


class SmsPreview(QWidget):
    """An SMS as a phone's messages app shows it: the sender, a bubble, attached media, its length."""

    MAX_MEDIA_SHOWN: Final = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column, self.caption, self.card = captioned_card(
            self, "SMS", radius=18.0, tint=0.03, width=CARD_WIDTH
        )
        body = QVBoxLayout(self.card)
        body.setContentsMargins(14, 12, 14, 14)
        body.setSpacing(8)
        self.sender_text = ElidedText(bold=True, size_delta=-0.5)
        body.addWidget(self.sender_text)
        bubble_width, media_width = int(CARD_WIDTH * 0.8), int(CARD_WIDTH * 0.6)
        self.media_boxes: list[ImagePlaceholder] = []
        for _ in range(self.MAX_MEDIA_SHOWN):
            box = ImagePlaceholder(aspect=1.6)
            box.setFixedSize(media_width, int(media_width / 1.6))
            self.media_boxes.append(box)
            body.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
            box.hide()
        self.more_media_text = ElidedText(secondary=True, size_delta=-1)
        body.addWidget(self.more_media_text)
        self.more_media_text.hide()
        self.bubble = Card(radius=16.0, tint=0.12)
        self.bubble.setFixedWidth(bubble_width)
        inside = QVBoxLayout(self.bubble)
        inside.setContentsMargins(12, 8, 12, 8)
        self.message_text = ElidedText(max_lines=30, wrap_width=bubble_width - 24)
        inside.addWidget(self.message_text)
        body.addWidget(self.bubble, 0, Qt.AlignmentFlag.AlignLeft)
        self.length_text = ElidedText(secondary=True, size_delta=-1)
        body.addWidget(self.length_text)
        column.addWidget(self.card, 0, Qt.AlignmentFlag.AlignTop)
        column.addStretch(1)

    def show_payload(self, payload: Mapping[str, Any], language: str) -> None:
        sender = _text_field(payload, "sms_from")
        self.sender_text.set_text(sender or "Your SMS sender number")
        message, _ = _localized(payload.get("contents"), language)
        self.message_text.set_text(message or MESSAGE_PLACEHOLDER, placeholder=not message)
        media = payload.get("sms_media_urls")
        urls = (
            [url.strip() for url in media if isinstance(url, str) and url.strip()]
            if isinstance(media, list)
            else []
        )
        for index, box in enumerate(self.media_boxes):
            if index < len(urls):
                box.set_source(urls[index])
            PlatformPreview._set_visible(box, index < len(urls))
        extra = len(urls) - self.MAX_MEDIA_SHOWN
        self.more_media_text.set_text(
            f"+ {extra} more media file{'s' if extra > 1 else ''}" if extra > 0 else ""
        )
        PlatformPreview._set_visible(self.more_media_text, extra > 0)
        self.length_text.set_text(sms_length(message).describe() if message else "")
        PlatformPreview._set_visible(self.length_text, bool(message))

    def visible_texts(self) -> dict[str, Any]:
        return {
            "from": self.sender_text.text(),
            "message": "" if self.message_text.is_placeholder() else self.message_text.text(),
            "media": [box.text() for box in self.media_boxes if box.isVisibleTo(self)],
            "length": self.length_text.text() if self.length_text.isVisibleTo(self) else "",
        }


class NotificationPreview(QWidget):
    """A create-notification payload as people will see it: for push, three cards (iOS, Android,
    web); for email, the opened email; for SMS, the message on a phone."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        app_name: str = "Your app",
        orientation: Qt.Orientation = Qt.Orientation.Horizontal,
    ) -> None:
        super().__init__(parent)
        self._app_name = app_name
        self._payload: dict[str, Any] = {}
        self._language = DEFAULT_LANGUAGE
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(8)
        self.fallback_note = QLabel()
        self.fallback_note.setWordWrap(True)
        self.fallback_note.hide()
        outer.addWidget(self.fallback_note)
        direction = (
            QBoxLayout.Direction.LeftToRight
            if orientation == Qt.Orientation.Horizontal
            else QBoxLayout.Direction.TopToBottom
        )
        self._cards = QBoxLayout(direction)
        self._cards.setSpacing(20)
        self.ios = IosPreview()
        self.android = AndroidPreview()
        self.web = WebPreview()
        self.email = EmailPreview()
        self.sms = SmsPreview()
        for platform in self.platforms():
            self._cards.addWidget(platform, 0, Qt.AlignmentFlag.AlignTop)
        for channel_widget in (self.email, self.sms):
            self._cards.addWidget(channel_widget, 0, Qt.AlignmentFlag.AlignTop)
            channel_widget.hide()
        self._cards.addStretch(1)
        outer.addLayout(self._cards)
        outer.addStretch(1)
        self._channel: Channel = "push"
        self._forced_channel: Channel | None = None
        self._refresh()

    def channel(self) -> Channel:
        """The channel shown: the one passed to :meth:`set_payload`, else the payload's own."""
        return self._channel

    def platforms(self) -> tuple[PlatformPreview, PlatformPreview, PlatformPreview]:
        return (self.ios, self.android, self.web)

    def app_name(self) -> str:
        return self._app_name

    def set_app_name(self, name: str) -> None:
        if name != self._app_name:
            self._app_name = name
            self._refresh()

    def set_payload(
        self, payload: Mapping[str, Any], language: str = DEFAULT_LANGUAGE, *, channel: Channel | None = None
    ) -> None:
        """Show ``payload`` (a create-notification body) in ``language``, falling back to English.

        ``channel`` (push, email, sms) is taken from the payload when not given.
        """
        self._payload = dict(payload)
        self._language = language
        self._forced_channel = channel
        self._refresh()

    def _settle_layouts(self) -> None:
        """Apply new heights now, innermost layouts first, rather than over several event rounds
        (which would show a frame with squeezed, overlapping text)."""
        for widget in reversed([self, *self.findChildren(QWidget)]):
            layout = widget.layout()
            if layout is not None:
                layout.activate()

    def _refresh(self) -> None:
        payload, language = self._payload, self._language
        title, title_fell_back = _localized(payload.get("headings"), language)
        subtitle, _ = _localized(payload.get("subtitle"), language)
        message, message_fell_back = _localized(payload.get("contents"), language)
        global_image = _text_field(payload, "global_image")
        site = _host(_text_field(payload, "web_url", "url")) if _text_field(payload, "web_url", "url") else ""
        common = PreviewContent(
            app_name=self._app_name or "Your app",
            title=title,
            subtitle=subtitle,
            message=message,
            right_to_left=language in RIGHT_TO_LEFT and not message_fell_back,
        )
        # "Buttons show in reverse order of array position" on devices (OneSignal's create docs).
        mobile_buttons = tuple(reversed(_button_labels(payload.get("buttons"))[:MAX_BUTTONS_SHOWN]))
        contents = {
            self.ios: replace(
                common, image=_first_attachment(payload) or global_image, buttons=mobile_buttons
            ),
            self.android: replace(
                common,
                image=_text_field(payload, "big_picture") or global_image,
                buttons=mobile_buttons,
                accent=_accent(payload.get("android_accent_color")),
            ),
            self.web: replace(
                common,
                image=_text_field(payload, "chrome_web_image") or global_image,
                buttons=_button_labels(payload.get("web_buttons")),
                site=site,
            ),
        }
        self._channel = self._forced_channel or channel_of(payload)
        self.setUpdatesEnabled(False)
        try:
            for platform, content in contents.items():
                platform.show_content(content)
                PlatformPreview._set_visible(platform, self._channel == "push")
            self.email.show_payload(payload)
            PlatformPreview._set_visible(self.email, self._channel == "email")
            self.sms.show_payload(payload, language)
            PlatformPreview._set_visible(self.sms, self._channel == "sms")
            fell_back = message_fell_back or (title_fell_back and self._channel == "push")
            if fell_back and language != DEFAULT_LANGUAGE and self._channel != "email":
                self.fallback_note.setText(
                    f"No {language_name(language)} text yet: people with that language get the English one."
                )
                self.fallback_note.show()
            elif self.fallback_note.isVisibleTo(self):
                self.fallback_note.hide()
            self._settle_layouts()
        finally:
            self.setUpdatesEnabled(True)
