"""Composing and sending against the sandbox over real HTTP: scheduled, sent now, nobody matched, a
double click and a retry through 503s that each create exactly one notification."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from onesignal_desktop.ui.notifications.status import Status, derive_status

from .composer_steps import (
    add_language,
    choose_delivery,
    confirm,
    pick_segment,
    type_push,
    type_text,
    wait_for_outcome,
)
from .conftest import PLAYERS, ComposerEnv


def test_two_language_push_scheduled_for_later_is_held_scheduled(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Weekly digest", "Your week in five stories")
    add_language(composer, "de")
    type_push(qtbot, composer, "Wochenrückblick", "Deine Woche in fünf Geschichten", "de")
    pick_segment(composer, "Subscribed Users")

    choose_delivery(qtbot, composer, "at")
    composer.delivery.zone.setCurrentText("Asia/Tokyo")
    tomorrow = datetime.fromtimestamp(env.sandbox.clock.now(), ZoneInfo("Asia/Tokyo")) + timedelta(days=1)
    composer.delivery._set_wall(tomorrow.replace(tzinfo=None, second=0, microsecond=0))
    expected = tomorrow.strftime("%Y-%m-%d %H:%M:00 GMT+0900")
    assert composer.body["send_after"] == expected
    assert expected in composer.delivery.send_after_text.text()

    dialog = confirm(qtbot, composer)
    assert expected in dialog.findChild(QLabel, "confirmSummary").text()
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("Scheduled: notification"), result

    (notification,) = env.notifications()
    assert notification.headings is not None
    assert dict(notification.headings) == {"en": "Weekly digest", "de": "Wochenrückblick"}
    assert notification.included_segments == ["Subscribed Users"]
    assert derive_status(notification) is Status.SCHEDULED


def test_send_now_shows_the_id_and_recipients(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hello", "Sent right now")
    pick_segment(composer, "Subscribed Users")
    with qtbot.waitSignal(composer.sent, timeout=15_000) as sent:
        confirm(qtbot, composer)
    (notification,) = env.notifications()
    assert sent.args == [notification.id]
    assert composer.result_text().startswith(f"Sent: notification {notification.id} to {PLAYERS} recipients")
    assert not composer.send_button.isEnabled()
    assert env.console.context.data_dir and not list((env.data_dir / "drafts").glob("*.json"))


def test_nobody_matched_is_not_shown_as_success(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hello", "Anyone there?")
    composer.sections.setCurrentIndex(1)
    qtbot.keyClicks(composer.audience.subscription_ids, "00000000-0000-4000-8000-000000000000")
    confirm(qtbot, composer)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("Not sent: nobody matched"), result
    assert "Sent:" not in result
    assert composer.result_label.property("level") == "warning"
    assert composer.send_button.isEnabled()  # change the audience and send again
    assert env.notifications() == []


def test_invalid_recipients_are_listed_with_the_sent_result(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Hello", "Some of you")
    composer.sections.setCurrentIndex(1)
    unknown = "00000000-0000-4000-8000-00000000abcd"
    type_text(qtbot, composer.audience.subscription_ids, f"{env.player_ids[0]}, {unknown}")
    confirm(qtbot, composer)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("Sent: notification"), result
    assert "Some recipients were left out" in result
    assert unknown in result
    assert composer.result_label.property("level") == "warning"


def test_a_double_click_sends_exactly_once(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Once", "Only one of me")
    pick_segment(composer, "Subscribed Users")
    env.sandbox.faults.inject("latency", ms=300, method="POST", path="/notifications")
    confirm(qtbot, composer, double_click=True)
    assert composer.controller.busy
    assert not composer.send_button.isEnabled()
    composer.send_confirmed(composer.body)  # a second confirmation while the first is on the wire
    wait_for_outcome(qtbot, composer)
    composer.send_confirmed(composer.body)  # and once more after it was sent
    assert composer.result_text().startswith("This draft was already sent")
    assert len(env.notifications()) == 1


def test_a_send_retried_through_503_faults_creates_one_notification(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Retry", "Through the storm")
    pick_segment(composer, "Subscribed Users")
    env.sandbox.faults.inject("503", times=2, method="POST", path="/notifications")
    confirm(qtbot, composer)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("No answer from OneSignal"), result
    assert composer.retry_button.isVisible()
    first = composer.services.journal.get(composer.draft.id)
    assert first is not None and first.possibly_sent

    composer.last_outcome = None
    qtbot.mouseClick(composer.retry_button, Qt.MouseButton.LeftButton)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("Sent: notification"), result
    entry = composer.services.journal.get(composer.draft.id)
    assert entry is not None
    assert entry.idempotency_key == first.idempotency_key
    assert entry.attempts == 2
    assert len(env.notifications()) == 1
    assert [kind for kind, _method, _path in env.sandbox.faults.fired] == ["503", "503"]


def test_filters_built_in_the_filter_builder_pick_the_recipients(qtbot, env: ComposerEnv) -> None:
    env.client.update_player(env.player_ids[1], {"app_id": env.app_id, "tags": {"level": "10"}})
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Level up", "Only for level 10")
    composer.sections.setCurrentIndex(1)
    builder = composer.audience.filters
    qtbot.mouseClick(builder.add_first_button, Qt.MouseButton.LeftButton)
    (row,) = builder.rows()
    type_text(qtbot, row.key_edit, "level")
    type_text(qtbot, row.editor.focusables()[0], "10")
    assert composer.body["filters"] == [{"field": "tag", "key": "level", "relation": "=", "value": "10"}]
    confirm(qtbot, composer)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("Sent: notification") and "to 1 recipient." in result, result


def test_an_edit_after_a_lost_answer_asks_before_sending_a_different_version(qtbot, env: ComposerEnv) -> None:
    composer = env.open(qtbot)
    type_push(qtbot, composer, "Version", "One")
    pick_segment(composer, "Subscribed Users")
    env.sandbox.faults.inject("503", times=2, method="POST", path="/notifications")
    confirm(qtbot, composer)
    assert wait_for_outcome(qtbot, composer).startswith("No answer from OneSignal")
    first_key = composer.services.journal.get(composer.draft.id).idempotency_key  # type: ignore[union-attr]

    composer.sections.setCurrentIndex(0)
    type_text(qtbot, composer.content.languages.pages["en"].message, " and two")
    composer.last_outcome = None
    confirm(qtbot, composer)
    result = wait_for_outcome(qtbot, composer)
    assert result.startswith("An earlier attempt of this draft got no answer"), result
    assert composer.send_new_version_button.isVisible() and composer.retry_button.isVisible()
    assert env.notifications() == []

    composer.last_outcome = None
    qtbot.mouseClick(composer.send_new_version_button, Qt.MouseButton.LeftButton)
    dialog = composer.last_dialog
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    assert wait_for_outcome(qtbot, composer).startswith("Sent: notification")
    (notification,) = env.notifications()
    assert dict(notification.contents or {}) == {"en": "One and two"}
    entry = composer.services.journal.get(composer.draft.id)
    assert entry is not None and entry.idempotency_key != first_key
