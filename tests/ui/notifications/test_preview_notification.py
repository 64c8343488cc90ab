from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from onesignal_desktop.ui.notifications.preview import MESSAGE_PLACEHOLDER, NotificationPreview
from onesignal_desktop.ui.shell.theme import dark_palette

PAYLOAD: dict[str, Any] = {
    "headings": {"en": "Flash sale", "de": "Blitzangebot"},
    "subtitle": {"en": "Today only"},
    "contents": {"en": "Everything is half price until midnight.", "de": "Alles zum halben Preis."},
    "big_picture": "https://cdn.example.com/banner.png",
    "ios_attachments": {"banner": "https://media.example.org/ios.png"},
    "chrome_web_image": "https://web.example.net/wide.png",
    "url": "https://shop.example.com/sale",
    "buttons": [{"id": "later", "text": "Later"}, {"id": "shop", "text": "Shop now"}],
    "web_buttons": [{"id": "shop", "text": "Shop now", "url": "https://shop.example.com"}],
}


@pytest.fixture
def preview(qtbot) -> NotificationPreview:
    widget = NotificationPreview(app_name="Acme Shop")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_each_platform_shows_what_was_typed(preview: NotificationPreview) -> None:
    preview.set_payload(PAYLOAD)
    assert preview.ios.visible_texts() == {
        "app": "ACME SHOP",
        "title": "Flash sale",
        "subtitle": "Today only",
        "message": "Everything is half price until midnight.",
        "image": "media.example.org",
        "buttons": ["Shop now", "Later"],  # OneSignal: the last button in the array shows first
    }
    assert preview.android.visible_texts() == {
        "app": "Acme Shop",
        "title": "Flash sale",
        "subtitle": "",
        "message": "Everything is half price until midnight.",
        "image": "cdn.example.com",
        "buttons": ["Shop now", "Later"],
    }
    assert preview.web.visible_texts() == {
        "app": "Chrome · shop.example.com",
        "title": "Flash sale",
        "subtitle": "",
        "message": "Everything is half price until midnight.",
        "image": "web.example.net",
        "buttons": ["Shop now"],
    }
    assert not preview.fallback_note.isVisible()


def test_global_image_is_used_where_no_platform_image_is_set(preview: NotificationPreview) -> None:
    preview.set_payload({"contents": {"en": "Hi"}, "global_image": "https://img.example.com/a.png"})
    assert {p.visible_texts()["image"] for p in preview.platforms()} == {"img.example.com"}
    preview.set_payload({"contents": {"en": "Hi"}, "big_picture": "ic_banner"})
    assert preview.android.visible_texts()["image"] == "ic_banner"
    assert preview.ios.visible_texts()["image"] == "" and not preview.ios.image_box.isVisible()


def test_empty_payload_shows_placeholders_and_the_web_falls_back_to_the_app_name(
    preview: NotificationPreview,
) -> None:
    preview.set_payload({})
    for platform in preview.platforms():
        assert platform.message_text.text() == MESSAGE_PLACEHOLDER
        assert platform.message_text.is_placeholder()
        assert platform.visible_texts()["buttons"] == []
    assert preview.ios.visible_texts()["title"] == ""
    assert not preview.ios.title_text.isVisible()
    assert preview.web.visible_texts()["title"] == "Acme Shop"


def test_other_language_and_english_fallback(preview: NotificationPreview) -> None:
    preview.set_payload(PAYLOAD, "de")
    assert preview.android.visible_texts()["title"] == "Blitzangebot"
    assert preview.android.visible_texts()["message"] == "Alles zum halben Preis."
    assert not preview.fallback_note.isVisible()
    preview.set_payload(PAYLOAD, "fr")
    assert preview.android.visible_texts()["message"] == "Everything is half price until midnight."
    assert preview.fallback_note.isVisible()
    assert "French" in preview.fallback_note.text()


def test_right_to_left_languages_are_laid_out_right_to_left(preview: NotificationPreview) -> None:
    preview.set_payload({"contents": {"en": "Hello", "ar": "مرحبا بكم"}}, "ar")
    assert preview.ios.message_text.layoutDirection() == Qt.LayoutDirection.RightToLeft
    preview.set_payload({"contents": {"en": "Hello"}}, "en")
    assert preview.ios.message_text.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_long_messages_are_truncated_per_platform_with_an_ellipsis(preview: NotificationPreview) -> None:
    long_text = " ".join(f"word{n}" for n in range(200))
    preview.set_payload({"contents": {"en": long_text}, "headings": {"en": "T" * 300}})
    for platform, max_lines in ((preview.ios, 4), (preview.android, 6), (preview.web, 3)):
        lines = platform.message_text.lines()
        assert len(lines) == max_lines
        assert lines[-1].endswith("…")
        assert (
            platform.message_text.height()
            >= max_lines * platform.message_text.fontMetrics().lineSpacing() - 1
        )
        assert platform.visible_texts()["message"] == long_text  # the full text stays available
        (title_line,) = platform.title_text.lines()
        assert title_line.endswith("…")
    preview.set_payload({"contents": {"en": long_text}, "big_picture": "https://x.example.com/p.png"})
    assert len(preview.android.message_text.lines()) == 2


def test_hard_line_breaks_beyond_the_limit_end_in_an_ellipsis(preview: NotificationPreview) -> None:
    preview.set_payload({"contents": {"en": "one\ntwo\n\n\nfive"}})
    assert preview.web.message_text.lines() == ["one", "two", "…"]
    assert preview.android.message_text.lines() == ["one", "two", "", "", "five"]


def test_at_most_three_buttons_and_unlabelled_ones_still_show(preview: NotificationPreview) -> None:
    buttons = [{"id": "a", "text": "A"}, {"id": "b"}, {"id": "c", "text": "C"}, {"id": "d", "text": "D"}]
    preview.set_payload({"contents": {"en": "Hi"}, "buttons": buttons})
    assert preview.android.visible_texts()["buttons"] == ["C", "Button", "A"]


def test_long_button_labels_fit_the_card(preview: NotificationPreview) -> None:
    buttons = [{"id": str(n), "text": "A rather long button label " * 2} for n in range(3)]
    preview.set_payload({"contents": {"en": "Hi"}, "buttons": buttons})
    card = preview.android.card
    for text in preview.android.button_texts:
        assert text.mapTo(card, text.rect().bottomRight()).x() <= card.width()
        assert text.lines()[0].endswith("…")


def test_android_accent_colour_tints_icon_and_buttons(preview: NotificationPreview) -> None:
    preview.set_payload(
        {"contents": {"en": "Hi"}, "buttons": [{"id": "a", "text": "Go"}], "android_accent_color": "FF00AA00"}
    )
    image = preview.android.button_texts[0].grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert "#00aa00" in colours


def test_images_are_never_fetched(preview: NotificationPreview, qtbot) -> None:
    from PySide6.QtNetwork import QNetworkAccessManager

    preview.set_payload(PAYLOAD)
    preview.grab()
    assert preview.findChildren(QNetworkAccessManager) == []
    assert preview.android.image_box.toolTip() == "https://cdn.example.com/banner.png"


class _Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[QEvent.Type] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.LayoutRequest,
        ):
            self.events.append(event.type())
        return False


def test_setting_the_same_payload_again_changes_nothing_on_screen(
    preview: NotificationPreview, qtbot
) -> None:
    preview.set_payload(PAYLOAD)
    qtbot.wait(1)
    counter = _Counter()
    watched = [w for p in preview.platforms() for w in (p.card, p.title_text, p.message_text, p.image_box)]
    for widget in watched:
        widget.installEventFilter(counter)
    preview.set_payload(dict(PAYLOAD))
    qtbot.wait(1)
    assert counter.events == []


def test_each_keystroke_shows_in_the_preview_at_once(preview: NotificationPreview) -> None:
    # how fast is measured in tests/benchmarks/bench_preview.py; here: no keystroke waits for a later one
    message = "The quick brown fox jumps over the lazy dog. " * 6
    for length in range(1, len(message) + 1, 7):
        preview.set_payload({"headings": {"en": "Typing"}, "contents": {"en": message[:length]}})
        QApplication.processEvents()
        assert preview.web.visible_texts()["message"] == message[:length]


def _card_background(preview: NotificationPreview) -> QColor:
    image = preview.android.card.grab().toImage()
    return image.pixelColor(image.width() // 2, 6)


def test_follows_light_and_dark_palettes(preview: NotificationPreview, qtbot) -> None:
    preview.set_payload(PAYLOAD)
    light = _card_background(preview)
    text_light = preview.android.title_text.palette().color(QPalette.ColorRole.Text)
    assert light.lightnessF() > 0.7 and text_light.lightnessF() < 0.3
    preview.setPalette(dark_palette())
    dark = _card_background(preview)
    assert dark.lightnessF() < 0.3
    assert preview.android.title_text.palette().color(QPalette.ColorRole.Text).lightnessF() > 0.7


def test_grab_renders_in_both_orientations(qtbot) -> None:
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        widget = NotificationPreview(app_name="Acme", orientation=orientation)
        qtbot.addWidget(widget)
        widget.set_payload(PAYLOAD)
        widget.show()
        pixmap = widget.grab()
        assert not pixmap.isNull()
        cards = [p.card.geometry() for p in widget.platforms()]
        if orientation == Qt.Orientation.Horizontal:
            assert pixmap.width() > pixmap.height()
        else:
            assert pixmap.height() > pixmap.width()
        assert all(card.height() > 80 for card in cards)


def test_nothing_inside_a_card_overlaps_or_spills_out(preview: NotificationPreview) -> None:
    preview.set_payload({**PAYLOAD, "contents": {"en": "word " * 100}})
    for platform in preview.platforms():
        card = platform.card
        parts = [
            w
            for w in (platform.title_text, platform.subtitle_text, platform.message_text, platform.image_box)
            if w.isVisibleTo(card)
        ]
        rects = [w.geometry() for w in parts]
        for rect in rects:
            assert card.rect().contains(rect)
        for upper, lower in itertools.pairwise(rects):
            assert upper.bottom() < lower.top()


def test_emoji_never_shift_text_between_lines(preview: NotificationPreview) -> None:
    message = " ".join(f"w{n}😀x" for n in range(20))
    preview.set_payload({"contents": {"en": message}})
    lines = preview.android.message_text.lines()
    assert len(lines) > 1
    # Lines may break after an emoji (Unicode allows it), but no character is lost or repeated.
    assert "".join("".join(lines).split()) == "".join(message.split())
    assert all(line.startswith(("w", "x", "😀")) for line in lines)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
preview_fields = st.sampled_from(
    ["headings", "subtitle", "contents", "buttons", "web_buttons", "big_picture", "global_image",
     "ios_attachments", "chrome_web_image", "url", "web_url", "android_accent_color"]
)  # fmt: skip


def test_any_json_payload_is_shown_without_errors(qtbot) -> None:
    widget = NotificationPreview()
    qtbot.addWidget(widget)
    widget.show()

    @settings(max_examples=60, deadline=None)
    @given(st.dictionaries(preview_fields, json_values, max_size=6), st.sampled_from(["en", "de", "ar"]))
    def show(payload: dict[str, Any], language: str) -> None:
        widget.set_payload(payload, language)
        for platform in widget.platforms():
            texts = platform.visible_texts()
            assert all(isinstance(value, str | list) for value in texts.values())
        assert not widget.grab().isNull()

    show()


def test_email_channel_shows_the_opened_email(preview: NotificationPreview) -> None:
    preview.set_payload(
        {
            "target_channel": "email",
            "email_subject": "Your invoice",
            "email_from_name": "Acme Billing",
            "email_from_address": "billing@acme.test",
            "email_preheader": "Amount due: $42",
            "email_body": "<style>p{color:red}</style><h1>Hello</h1><p>Total: <b>$42</b> &amp; tax</p>",
        }
    )
    assert preview.channel() == "email"
    assert preview.email.isVisible() and not preview.ios.isVisible() and not preview.sms.isVisible()
    assert preview.email.visible_texts() == {
        "from": "From: Acme Billing <billing@acme.test>",
        "subject": "Your invoice",
        "preheader": "Amount due: $42",
        "body": "Hello\n\nTotal: $42 & tax",
    }
    preview.set_payload({"email_subject": ""}, channel="email")
    assert preview.email.visible_texts()["subject"] == ""
    assert preview.email.subject_text.is_placeholder()


def test_sms_channel_shows_the_message_media_and_length(preview: NotificationPreview) -> None:
    media = [f"https://m{n}.example.com/a.png" for n in range(5)]
    preview.set_payload(
        {
            "sms_from": "+15555550199",
            "contents": {"en": "Code 1234", "es": "Código 1234"},
            "sms_media_urls": media,
        },
        "es",
    )
    assert preview.channel() == "sms"
    assert preview.sms.isVisible() and not preview.android.isVisible()
    assert preview.sms.visible_texts() == {
        "from": "+15555550199",
        "message": "Código 1234",
        "media": ["m0.example.com", "m1.example.com", "m2.example.com"],
        "length": "11 characters · 1 SMS segment (UCS-2)",
    }
    assert preview.sms.more_media_text.text() == "+ 2 more media files"
    preview.set_payload({"contents": {"en": "Hi"}}, channel="push")
    assert preview.channel() == "push" and preview.ios.isVisible() and not preview.sms.isVisible()


def test_html_to_text_survives_broken_markup() -> None:
    from onesignal_desktop.ui.notifications.preview import html_to_text

    assert html_to_text("<p>Hi <b>there</p><div>next") == "Hi there\n\nnext"
    assert html_to_text("<<<>>>&&&") != ""
