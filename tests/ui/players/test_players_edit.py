"""Editing players through the tab and seeing the sandbox hold the change; create, delete, bad input."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from onesignal_desktop.api.errors import NotFoundError
from onesignal_desktop.ui.players.dialogs import CreatePlayerDialog, TagsByExternalIdDialog


def closed(dialog: Any) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def shown_player(qtbot: Any, players_tab: Any) -> Any:
    details = players_tab.players.details
    qtbot.waitUntil(lambda: details.player is not None and not details.scope.busy, timeout=10_000)
    return details


def test_edit_tags_change_add_and_delete_reach_the_server(
    qtbot: Any, players_tab: Any, app_client: Any, app_id: str
) -> None:
    details = shown_player(qtbot, players_tab)
    player_id = details.player_id
    before = app_client.get_player(app_id, player_id).tags or {}
    assert {"level", "signup_at"} <= set(before)
    editor = details.tags
    editor.set_row(editor.row_of("level"), "level", "42")
    editor.add_row("vip", "yes")
    editor.table.selectRow(editor.row_of("signup_at"))
    editor.remove_button.click()
    assert details.changes()["tags"] == {"level": "42", "vip": "yes", "signup_at": ""}
    assert details.save_button.isEnabled()
    details.save_button.click()
    qtbot.waitUntil(lambda: details.status_label.text() == "Saved.", timeout=10_000)

    after = app_client.get_player(app_id, player_id).tags or {}
    assert after.get("level") == "42" and after.get("vip") == "yes"
    assert "signup_at" not in after
    assert details.tags.tags() == {key: str(value) for key, value in after.items()}
    row = players_tab.players.model.row_at(players_tab.players.model.view_row_of(player_id))
    assert "vip=yes" in row[-1] and "signup_at" not in row[-1]  # the table shows the new tags
    assert not details.save_button.isEnabled()


def test_edit_fields_are_saved(qtbot: Any, players_tab: Any, app_client: Any, app_id: str) -> None:
    details = shown_player(qtbot, players_tab)
    qtbot.keyClicks(details._editor("language"), "")
    details._editor("language").setText("fr")
    details._editor("timezone").setText("3600")
    details.test_type.setCurrentIndex(details.test_type.findData(1))
    details.save()
    qtbot.waitUntil(lambda: details.status_label.text() == "Saved.", timeout=10_000)
    server = app_client.get_player(app_id, details.player_id)
    assert (server.language, server.timezone, server.test_type) == ("fr", 3600, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [('{"nested": 1}', "not a list or an object"), ("[1, 2]", "not a list or an object"), ("x" * 300, "255")],
)
def test_bad_tag_values_are_refused_next_to_the_table_and_kept(
    qtbot: Any, players_tab: Any, app_client: Any, app_id: str, value: str, expected: str
) -> None:
    details = shown_player(qtbot, players_tab)
    before = app_client.get_player(app_id, details.player_id).tags
    details.tags.add_row("shape", value)
    details.save_button.click()
    assert expected in details.tags.error
    assert details.tags.error.startswith(f"Tag {details.tags.row_of('shape') + 1}:")
    assert details.tags.rows()[details.tags.row_of("shape")] == ("shape", value)  # what was typed stays
    assert not details.scope.busy  # nothing was sent
    assert app_client.get_player(app_id, details.player_id).tags == before
    details.tags.set_row(details.tags.row_of("shape"), "shape", "round")
    assert details.tags.error == ""  # fixing it clears the message at once


def test_bad_field_values_are_refused_next_to_the_field(qtbot: Any, players_tab: Any) -> None:
    details = shown_player(qtbot, players_tab)
    details._editor("timezone").setText("half past")
    details._editor("language").setText("English")
    details.save_button.click()
    assert "seconds" in details.fields["timezone"].error
    assert "language code" in details.fields["language"].error
    assert details._editor("timezone").text() == "half past"
    assert details.fields["identifier"].error == ""
    assert not details.scope.busy


def test_create_a_player_then_delete_it(
    qtbot: Any, console: Any, players_tab: Any, app_client: Any, app_id: str
) -> None:
    qtbot.keyClick(console.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = players_tab.last_dialog
    assert isinstance(dialog, CreatePlayerDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.device_type.setCurrentIndex(dialog.device_type.findData(14))
    qtbot.keyClicks(dialog.identifier_edit, "12345")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "E.164" in dialog.identifier.error
    assert dialog.identifier_edit.text() == "12345" and dialog.isVisible()

    dialog.identifier_edit.setText("+15557654321")
    dialog.timezone_edit.setText("-18000")
    dialog.test_type.setCurrentIndex(dialog.test_type.findData(2))
    dialog.tags.add_row("source", "desktop")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    view = players_tab.players
    player_id = view.details.player_id
    assert player_id and view.selected_player_id() == player_id
    server = app_client.get_player(app_id, player_id)
    assert (server.device_type, server.identifier, server.timezone) == (14, "+15557654321", -18000)
    assert server.test_type == 2 and (server.tags or {}).get("source") == "desktop"
    assert view.model.total_count == 701

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    box = view.last_dialog
    assert isinstance(box, QMessageBox) and player_id in box.text()
    qtbot.waitUntil(box.isVisible)
    delete = next(b for b in box.buttons() if b.text() == "Delete player")
    delete.click()
    qtbot.waitUntil(lambda: view.model.view_row_of(player_id) < 0, timeout=10_000)
    with pytest.raises(NotFoundError):
        app_client.get_player(app_id, player_id)
    assert view.model.total_count == 700


def test_cancelling_the_delete_confirmation_keeps_the_player(
    qtbot: Any, players_tab: Any, app_client: Any, app_id: str
) -> None:
    details = shown_player(qtbot, players_tab)
    player_id = details.player_id
    details.delete_button.click()
    box = players_tab.players.last_dialog
    qtbot.waitUntil(box.isVisible)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert app_client.get_player(app_id, player_id).id == player_id
    assert players_tab.players.model.view_row_of(player_id) >= 0


def test_tags_by_external_user_id(qtbot: Any, players_tab: Any, app_client: Any, app_id: str) -> None:
    view = players_tab.players
    row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r)[2])
    view.select_row(row)
    details = shown_player(qtbot, players_tab)
    qtbot.waitUntil(lambda: details.player_id == view.model.player_id_at(row), timeout=10_000)
    external_id = details.player.external_user_id
    details.external_tags_button.click()
    dialog = players_tab.last_dialog
    assert isinstance(dialog, TagsByExternalIdDialog)
    assert dialog.external_edit.text() == external_id
    dialog.tags.add_row("campaign", "spring")
    dialog.tags.add_row("level", "")  # empty value: delete
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    tags = app_client.get_player(app_id, details.player_id).tags or {}
    assert tags.get("campaign") == "spring" and "level" not in tags
    qtbot.waitUntil(lambda: details.tags.tags().get("campaign") == "spring", timeout=10_000)


def test_tags_by_external_id_refuses_a_bad_id_and_names_an_unknown_one(qtbot: Any, players_tab: Any) -> None:
    players_tab.edit_tags_by_external_id("")
    dialog = players_tab.last_dialog
    dialog.external_edit.setText("a/b")
    dialog.tags.add_row("k", "v")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "slash" in dialog.external_id.error and dialog.external_edit.text() == "a/b"
    dialog.external_edit.setText("nobody-has-this-id")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.server_error.isVisibleTo(dialog), timeout=10_000)
    assert dialog.server_error.text().startswith("Update tags by external user ID failed")
    assert dialog.isVisible()


def test_save_under_a_fault_names_the_operation_and_keeps_the_edit(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any, app_client: Any, app_id: str
) -> None:
    details = shown_player(qtbot, players_tab)
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, message: reported.append(message))
    sandbox.faults.inject("400", method="PUT", path="/players/*")
    details.tags.add_row("color", "blue")
    details.save_button.click()
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert reported[0].startswith("Save player failed")
    assert details.tags.tags().get("color") == "blue"  # the edit is still there to retry
    details.save_button.click()
    qtbot.waitUntil(lambda: details.status_label.text() == "Saved.", timeout=10_000)
    assert (app_client.get_player(app_id, details.player_id).tags or {}).get("color") == "blue"
