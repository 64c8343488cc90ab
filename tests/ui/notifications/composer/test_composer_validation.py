"""Checks before sending: each message shows next to the field at fault, what was typed stays, and
nothing goes out until the problems are fixed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.ui.notifications.composer.window import ComposerWindow, ConfirmSendDialog

from .composer_steps import choose_delivery, pick_segment, type_push, type_text
from .conftest import ComposerEnv


def press_send(qtbot, composer: ComposerWindow) -> None:
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)


def test_an_empty_notification_says_what_is_missing_next_to_the_fields(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    press_send(qtbot, composer)
    assert not isinstance(composer.last_dialog, ConfirmSendDialog)
    assert composer.field_message("contents.en") == "Write the message (English)"
    assert composer.field_message("audience").startswith("Choose who gets it")
    assert composer.sections.tabText(0) == "Content (1)"
    assert composer.sections.tabText(1) == "Audience (1)"
    assert composer.content.languages.pages["en"].message.hasFocus()
    assert "2 problems to fix before sending" in composer.summary.text()

    type_push(qtbot, composer, "", "Now there is a message")
    assert composer.field_message("contents.en") == ""  # fixed problems go away as you type
    assert composer.sections.tabText(0) == "Content"
    assert env.notifications() == []


def test_bad_values_are_refused_next_to_their_field_and_stay_as_typed(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hi", "Message")
    pick_segment(composer, "Subscribed Users")
    composer.sections.setCurrentIndex(0)
    type_text(qtbot, composer.content.url, "shop.example.com/sale")
    for number in range(4):
        row = composer.content.buttons.add_pair()
        type_text(qtbot, row.first, f"b{number}")
        type_text(qtbot, row.second, f"Button {number}")
    composer.sections.setCurrentIndex(3)
    type_text(qtbot, composer.options.ttl, "three days")
    press_send(qtbot, composer)

    assert not isinstance(composer.last_dialog, ConfirmSendDialog)
    assert composer.field_message("url") == "Start the link with https://"
    assert composer.content.url.text() == "shop.example.com/sale"
    assert composer.field_message("buttons") == "At most 3 buttons (there are 4)"
    assert composer.field_message("ttl") == "Expected a whole number"
    assert composer.options.ttl.text() == "three days"
    assert composer.sections.currentIndex() == 0  # the first problem's section is shown
    assert composer.content.url.hasFocus()
    assert env.notifications() == []


def test_schedules_in_the_past_too_far_ahead_or_without_time_of_day(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hi", "Message")
    pick_segment(composer, "Subscribed Users")
    choose_delivery(qtbot, composer, "at")
    composer.delivery.zone.setCurrentText("UTC")
    now = datetime.fromtimestamp(env.sandbox.clock.now(), UTC).replace(tzinfo=None, second=0, microsecond=0)
    composer.delivery._set_wall(now - timedelta(hours=1))
    press_send(qtbot, composer)
    assert composer.field_message("send_after") == "The scheduled time is in the past"

    composer.delivery._set_wall(now + timedelta(days=31))
    assert (
        composer.field_message("send_after")
        == "OneSignal schedules at most 30 days ahead; pick an earlier date"
    )

    choose_delivery(qtbot, composer, "timezone")
    assert composer.field_message("send_after") == ""
    assert (
        composer.field_message("delivery_time_of_day")
        == "Delivery in each user's time zone needs a time of day"
    )
    type_text(qtbot, composer.delivery.time_of_day, "9:00AM")
    assert composer.field_message("delivery_time_of_day") == ""
    assert "delivery_time_of_day: 9:00AM" in composer.delivery.send_after_text.text()
    assert env.notifications() == []


def test_segments_mixed_with_specific_people_are_refused_on_the_ids(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hi", "Message")
    pick_segment(composer, "Subscribed Users")
    type_text(qtbot, composer.audience.subscription_ids, "not-a-uuid")
    press_send(qtbot, composer)
    message = composer.field_message("include_subscription_ids")
    assert "OneSignal refuses segments together with subscription ids" in message
    assert "'not-a-uuid' is not an id (a UUID)" in message
    assert composer.audience.subscription_ids.toPlainText() == "not-a-uuid"
    assert composer.sections.currentIndex() == 1
    assert env.notifications() == []


def test_a_key_pasted_into_the_message_is_refused_and_never_written_to_disk(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    key = env.sandbox.app_key(env.app_id)
    type_push(qtbot, composer, "Oops", f"my key is {key}")
    pick_segment(composer, "Subscribed Users")
    composer.save_draft()
    press_send(qtbot, composer)
    assert not isinstance(composer.last_dialog, ConfirmSendDialog)
    assert composer.field_message("contents.en").startswith("This looks like an API key")
    composer.close()
    written = [path.read_text(errors="replace") for path in env.data_dir.rglob("*") if path.is_file()]
    assert written and not any(key in text for text in written)
    assert env.notifications() == []


THROTTLE_MESSAGE = "A throttle is a number of messages per minute"
FIELD_CASES = [
    ("content", "url", "https://exa mple.com", "url", "A link can't contain spaces"),
    (
        "content",
        "big_picture",
        "ftp://cdn.example.com/a.png",
        "big_picture",
        "Use an http:// or https:// link",
    ),
    ("content", "ios_image", "picture.png", "ios_attachments", "Start the link with https://"),
    ("content", "web_image", "https://", "chrome_web_image", "The link has no valid host"),
    ("options", "ttl", "-5", "ttl", "Must be between 0 and 2,419,200"),
    ("options", "priority", "11", "priority", "Must be between 0 and 10"),
    ("options", "badge_count", "lots", "ios_badgeCount", "Expected a whole number"),
    ("options", "collapse_id", "x" * 65, "collapse_id", "At most 64 characters"),
    (
        "delivery",
        "throttle",
        "fast",
        "throttle_rate_per_minute",
        "A throttle is a number of messages per minute",
    ),
]


@pytest.mark.parametrize(("section", "editor", "typed", "key", "expected"), FIELD_CASES)
def test_each_field_refuses_a_bad_value_next_to_itself(
    qtbot, env: ComposerEnv, section: str, editor: str, typed: str, key: str, expected: str
) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hi", "Message")
    pick_segment(composer, "Subscribed Users")
    widget = getattr(getattr(composer, section), editor)
    type_text(qtbot, widget, typed)
    press_send(qtbot, composer)
    assert not isinstance(composer.last_dialog, ConfirmSendDialog)
    assert composer.field_message(key) == expected
    assert widget.text() == typed
    assert widget.hasFocus()
