"""Duplicating a sent notification (what the Notifications tab hands over) opens a filled composer whose
send is a new notification, never a replay of the original."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .composer_steps import confirm, wait_for_outcome
from .conftest import ComposerEnv


def test_a_duplicated_notification_opens_filled_and_sends_as_a_new_one(qtbot, env: ComposerEnv) -> None:
    original = env.client.create_notification(
        {
            "app_id": env.app_id,
            "headings": {"en": "Original", "es": "Original (es)"},
            "contents": {"en": "First time", "es": "Primera vez"},
            "included_segments": ["Subscribed Users"],
            "buttons": [{"id": "open", "text": "Open"}],
            "data": {"campaign": "7"},
            "ttl": 600,
            "android_accent_color": "FF336699",
        }
    )
    assert original.sent and original.id
    sent = env.client.get_notification(env.app_id, original.id)
    handed_over = sent.to_draft().model_dump(mode="json", exclude_none=True)

    composer = env.open(qtbot, handed_over)
    assert composer.content.languages.languages() == ["en", "es"]
    assert composer.content.languages.pages["es"].message.toPlainText() == "Primera vez"
    assert composer.audience.include.checked() == ["Subscribed Users"]
    assert composer.content.buttons.pairs() == [("open", "Open")]
    assert composer.content.data.pairs() == [("campaign", "7")]
    assert composer.options.ttl.text() == "600"
    assert composer.body["android_accent_color"] == "FF336699"  # not edited here, still carried

    confirm(qtbot, composer)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("Sent: notification"), result
    ids = {notification.id for notification in env.notifications()}
    assert len(ids) == 2 and original.id in ids

    qtbot.mouseClick(composer.new_from_this_button, Qt.MouseButton.LeftButton)
    again = composer.last_dialog
    assert again is not None and again is not composer
    assert again.draft.id != composer.draft.id  # type: ignore[attr-defined]
    assert again.content.languages.pages["en"].title.text() == "Original"  # type: ignore[attr-defined]
