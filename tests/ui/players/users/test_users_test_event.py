"""Send test event… from the users view, against a sandbox: the event is recorded for the user, the
journeys it starts are named; bad names and properties are said next to their field, typed text kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.players.users.test_event import TestEventDialog, check_event


def find(qtbot: Any, view: Any, label: str, alias_id: str) -> None:
    view.label_combo.setCurrentText(label)
    view.id_edit.clear()
    qtbot.keyClicks(view.id_edit, alias_id)
    qtbot.keyClick(view.id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.user is not None and not view.scope.busy, timeout=10_000)


def some_external_id(app_client: Any, app_id: str) -> str:
    return next(p.external_user_id for p in app_client.iter_players(app_id) if p.external_user_id)


def open_dialog(qtbot: Any, users_view: Any, app_client: Any, app_id: str) -> tuple[TestEventDialog, str]:
    external_id = some_external_id(app_client, app_id)
    find(qtbot, users_view, "external_id", external_id)
    assert users_view.test_event_button.isEnabled()
    users_view.test_event_button.click()
    dialog = users_view.last_dialog
    assert isinstance(dialog, TestEventDialog) and dialog.isVisible()
    return dialog, external_id


def test_an_event_starts_the_journey_it_triggers(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str, sandbox: Any
) -> None:
    journey = app_client.create_journey(
        app_id,
        {
            "name": "After purchase",
            "audience": {"kind": "event_trigger", "name": "purchase"},
            "nodes": [{"kind": "wait", "duration_seconds": 600}],
        },
    )
    assert journey.id
    app_client.update_journey(app_id, journey.id, {"state": "active"})
    dialog, external_id = open_dialog(qtbot, users_view, app_client, app_id)
    qtbot.keyClicks(dialog.name_edit, "purchase")
    qtbot.keyClicks(dialog.payload_edit, '{"amount": 12.5}')
    dialog.send_button.click()
    qtbot.waitUntil(lambda: "It started" in dialog.result_label.text(), timeout=10_000)
    assert "“After purchase”" in dialog.result_label.text()
    assert app_client.view_journey_stats(app_id, journey.id).started == 1
    user_id = sandbox.store.find_user_id(app_id, "external_id", external_id)
    (stored,) = sandbox.store.user_custom_events(user_id)
    assert stored.name == "purchase" and stored.payload == {"amount": 12.5}

    dialog.send_button.click()  # the same user again: already in the journey
    qtbot.waitUntil(lambda: "did not start" in dialog.result_label.text(), timeout=10_000)
    dialog.name_edit.setText("browse")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: "No active journey" in dialog.result_label.text(), timeout=10_000)


def test_bad_input_is_said_next_to_the_field_and_kept(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str, sandbox: Any
) -> None:
    dialog, external_id = open_dialog(qtbot, users_view, app_client, app_id)
    dialog.send_button.click()
    assert "name" in dialog.name_field.error
    qtbot.keyClicks(dialog.name_edit, "purchase")
    qtbot.keyClicks(dialog.payload_edit, '{"amount": 12.5,')
    dialog.send_button.click()
    assert "not valid JSON" in dialog.payload_field.error
    assert dialog.payload_edit.toPlainText() == '{"amount": 12.5,'
    dialog.payload_edit.setPlainText('{"blob": "' + "x" * 3000 + '"}')
    dialog.send_button.click()
    assert "at most 2,048" in dialog.payload_field.error
    dialog.payload_edit.setPlainText("[1, 2]")
    dialog.send_button.click()
    assert "JSON object" in dialog.payload_field.error
    user_id = sandbox.store.find_user_id(app_id, "external_id", external_id)
    assert sandbox.store.user_custom_events(user_id) == []


def test_the_checks_match_the_servers_limits() -> None:
    assert check_event("x" * 128, "{}")[0] == {}
    assert "name" in check_event("x" * 129, "")[0]
    assert check_event("e", "")[1] == {}
