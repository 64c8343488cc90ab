"""The users view's New user…, find by subscription id, Add alias through it…, Reload aliases and Update
by token…, against a sandbox: each reaches OneSignal's operation, bad input is named under its field."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt

from onesignal_desktop.ui.players.users.new_user import (
    AliasThroughSubscriptionDialog,
    NewUserDialog,
    UpdateByTokenDialog,
)
from onesignal_desktop.ui.players.users.view import BY_SUBSCRIPTION


def find(qtbot: Any, view: Any, label: str, alias_id: str) -> None:
    view.label_combo.setCurrentText(label)
    view.id_edit.clear()
    qtbot.keyClicks(view.id_edit, alias_id)
    qtbot.keyClick(view.id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.scope.busy, timeout=10_000)


def settle(qtbot: Any, view: Any, status: str) -> None:
    qtbot.waitUntil(lambda: view.status_label.text() == status and not view.scope.busy, timeout=10_000)


def open_new_user(qtbot: Any, view: Any) -> NewUserDialog:
    qtbot.mouseClick(view.new_user_button, Qt.MouseButton.LeftButton)
    dialog = view.last_dialog
    assert isinstance(dialog, NewUserDialog) and dialog.isVisible()
    return dialog


def test_a_new_user_is_created_with_aliases_tags_and_an_email(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    dialog = open_new_user(qtbot, users_view)
    qtbot.keyClicks(dialog.line(dialog.external_id), "new-user-1")
    qtbot.keyClicks(dialog.lines(dialog.aliases), "crm_id=C-1001")
    qtbot.keyClicks(dialog.lines(dialog.tags), "plan=pro")
    dialog.kind.setCurrentIndex(dialog.kind.findData("Email"))
    qtbot.keyClicks(dialog.line(dialog.token), "new-user-1@example.com")
    qtbot.keyClick(dialog.line(dialog.token), Qt.Key.Key_Return)
    settle(qtbot, users_view, "Created user new-user-1.")
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    server = app_client.get_user(app_id, "crm_id", "C-1001")
    assert server.identity["external_id"] == "new-user-1"
    assert server.properties.tags == {"plan": "pro"}
    assert [(s.type, s.token) for s in server.subscriptions or []] == [("Email", "new-user-1@example.com")]
    assert users_view.alias_labels()["crm_id"] == "C-1001"  # the new user is shown


def test_new_user_input_is_refused_under_each_field_and_kept(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    dialog = open_new_user(qtbot, users_view)
    dialog.submit()
    assert "external id" in dialog.external_id.error
    qtbot.keyClicks(dialog.lines(dialog.aliases), "crm_id C-1")
    qtbot.keyClicks(dialog.lines(dialog.tags), "plan=pro")
    qtbot.keyClick(dialog.lines(dialog.tags), Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.lines(dialog.tags), "plan=free")
    dialog.kind.setCurrentIndex(dialog.kind.findData("SMS"))
    qtbot.keyClicks(dialog.line(dialog.token), "12345")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "name=value" in dialog.aliases.error
    assert "twice" in dialog.tags.error
    assert "E.164" in dialog.token.error
    assert dialog.isVisible() and dialog.lines(dialog.aliases).toPlainText() == "crm_id C-1"
    assert not users_view.scope.busy


def test_find_the_owner_of_a_subscription_and_add_an_alias_through_it(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    created = app_client.create_user(
        app_id,
        {
            "identity": {"external_id": "owner-1"},
            "subscriptions": [{"type": "Email", "token": "o1@example.com"}],
        },
    )
    subscription_id = created.subscriptions[0].id
    find(qtbot, users_view, BY_SUBSCRIPTION, subscription_id)
    assert users_view.status_label.text() == f"The owner of subscription {subscription_id}."
    assert users_view.alias_labels()["external_id"] == "owner-1"
    assert users_view.selected_subscription().id == subscription_id
    qtbot.mouseClick(users_view.alias_by_subscription_button, Qt.MouseButton.LeftButton)
    dialog = users_view.last_dialog
    assert isinstance(dialog, AliasThroughSubscriptionDialog)
    qtbot.keyClicks(dialog.label_edit, "onesignal_id")
    qtbot.keyClicks(dialog.alias_edit, "x")
    dialog.submit()
    assert "given by OneSignal" in dialog.label.error and dialog.isVisible()
    dialog.label_edit.clear()
    qtbot.keyClicks(dialog.label_edit, "loyalty")
    dialog.submit()
    settle(qtbot, users_view, f"Added alias loyalty through subscription {subscription_id}.")
    assert app_client.get_aliases_by_subscription(app_id, subscription_id).identity["loyalty"] == "x"
    assert users_view.alias_labels()["loyalty"] == "x"

    # An alias added elsewhere appears on Reload aliases.
    app_client.create_alias(app_id, "external_id", "owner-1", {"identity": {"crm_id": "C-9"}})
    qtbot.mouseClick(users_view.reload_aliases_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users_view.alias_labels().get("crm_id") == "C-9", timeout=10_000)
    assert "read just now" in users_view.status_label.text()


def test_a_bad_or_unknown_subscription_id_is_said_under_the_field(qtbot: Any, users_view: Any) -> None:
    find(qtbot, users_view, BY_SUBSCRIPTION, "not-a-uuid")
    assert "UUID" in users_view.id_field.error
    find(qtbot, users_view, BY_SUBSCRIPTION, "00000000-0000-4000-8000-000000000000")
    qtbot.waitUntil(lambda: "No subscription" in users_view.id_field.error, timeout=10_000)
    assert users_view.stack.currentWidget() is users_view.empty_label


def test_update_a_subscription_by_its_token(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    app_client.create_user(
        app_id,
        {
            "identity": {"external_id": "token-1"},
            "subscriptions": [{"type": "Email", "token": "t1@example.com"}],
        },
    )
    find(qtbot, users_view, "external_id", "token-1")
    qtbot.mouseClick(users_view.by_token_button, Qt.MouseButton.LeftButton)
    dialog = users_view.last_dialog
    assert isinstance(dialog, UpdateByTokenDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("Email"))
    qtbot.keyClicks(dialog.token_edit, "t1@example.com")
    dialog.submit()
    assert "Choose what to change" in dialog.changes.error  # nothing chosen yet
    dialog.state.setCurrentIndex(dialog.state.findData("unsubscribe"))
    qtbot.keyClicks(dialog.types_edit, "many")
    dialog.submit()
    assert "whole number" in dialog.notification_types.error
    dialog.types_edit.clear()
    dialog.submit()
    settle(qtbot, users_view, "Updated the Email subscription t1@example.com.")
    server = app_client.get_user(app_id, "external_id", "token-1")
    assert [s.enabled for s in server.subscriptions or []] == [False]
    row = users_view.subscriptions.findItems("t1@example.com", Qt.MatchFlag.MatchExactly)[0].row()
    assert users_view.subscriptions.item(row, 2).text() == "No"  # the shown user was read again


def test_an_unknown_token_is_said_under_the_token(qtbot: Any, users_view: Any) -> None:
    qtbot.mouseClick(users_view.by_token_button, Qt.MouseButton.LeftButton)
    dialog = users_view.last_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("Email"))
    qtbot.keyClicks(dialog.token_edit, "nobody@example.com")
    dialog.state.setCurrentIndex(dialog.state.findData("subscribe"))
    dialog.submit()
    qtbot.waitUntil(lambda: "No Email subscription" in dialog.token_field.error, timeout=10_000)
    assert dialog.isVisible() and dialog.token_edit.text() == "nobody@example.com"
