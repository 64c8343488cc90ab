"""The users view against a sandbox: find by alias, aliases, subscriptions, properties, delete; bad input."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from onesignal_desktop.api.errors import NotFoundError
from onesignal_desktop.ui.players.users.dialogs import AddSubscriptionDialog, TransferSubscriptionDialog

EXTERNAL_ID = "load-000000"


def find(qtbot: Any, view: Any, label: str, alias_id: str) -> None:
    view.label_combo.setCurrentText(label)
    view.id_edit.clear()
    qtbot.keyClicks(view.id_edit, alias_id)
    qtbot.keyClick(view.id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.scope.busy, timeout=10_000)


def settle(qtbot: Any, view: Any, status: str) -> None:
    qtbot.waitUntil(lambda: view.status_label.text() == status and not view.scope.busy, timeout=10_000)


def some_external_id(app_client: Any, app_id: str, skip: str = "") -> str:
    return next(
        player.external_user_id
        for player in app_client.iter_players(app_id)
        if player.external_user_id and player.external_user_id != skip
    )


def test_empty_state_explains_how_to_find_a_user(users_view: Any) -> None:
    assert users_view.stack.currentWidget() is users_view.empty_label
    assert "external_id" in users_view.empty_label.text()


def test_find_by_external_id_add_alias_and_subscription(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    external_id = some_external_id(app_client, app_id)
    find(qtbot, users_view, "external_id", external_id)
    assert users_view.stack.currentWidget() is users_view.user_page
    identity = users_view.alias_labels()
    assert identity["external_id"] == external_id and identity["onesignal_id"]
    server = app_client.get_user(app_id, "external_id", external_id)
    assert users_view.subscription_ids() == [sub.id for sub in server.subscriptions or []]
    assert users_view.property_fields["language"].editor.text() == (server.properties.language or "")

    qtbot.keyClicks(users_view.new_alias_label_edit, "crm_id")
    qtbot.keyClicks(users_view.new_alias_id_edit, "CRM-7")
    users_view.add_alias_button.click()
    settle(qtbot, users_view, "Added alias crm_id.")
    assert app_client.get_aliases(app_id, "external_id", external_id).identity["crm_id"] == "CRM-7"
    assert users_view.alias_labels()["crm_id"] == "CRM-7"

    users_view.add_subscription_button.click()
    dialog = users_view.last_dialog
    assert isinstance(dialog, AddSubscriptionDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("Email"))
    qtbot.keyClicks(dialog.token_edit, "new-address@example.com")
    dialog.submit()
    settle(qtbot, users_view, "Added the Email subscription.")
    emails = [
        sub
        for sub in app_client.get_user(app_id, "external_id", external_id).subscriptions or []
        if sub.type == "Email"
    ]
    (added,) = [sub for sub in emails if sub.token == "new-address@example.com"]
    assert added.id in users_view.subscription_ids()

    # the user can be found by the new alias too
    find(qtbot, users_view, "crm_id", "CRM-7")
    assert users_view.alias_labels()["external_id"] == external_id


def test_disable_transfer_and_delete_subscriptions(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    external_id = some_external_id(app_client, app_id)
    other = some_external_id(app_client, app_id, skip=external_id)
    find(qtbot, users_view, "external_id", external_id)
    (subscription_id,) = users_view.subscription_ids()[:1]
    users_view.select_subscription(subscription_id)
    enabled = users_view.selected_subscription().enabled
    users_view.toggle_button.click()
    settle(qtbot, users_view, f"{'Disabled' if enabled else 'Enabled'} subscription {subscription_id}.")
    server = app_client.get_user(app_id, "external_id", external_id)
    assert next(sub for sub in server.subscriptions if sub.id == subscription_id).enabled is (not enabled)

    users_view.select_subscription(subscription_id)
    users_view.transfer_button.click()
    dialog = users_view.last_dialog
    assert isinstance(dialog, TransferSubscriptionDialog)
    dialog.label_combo.setCurrentText("onesignal_id")
    qtbot.keyClicks(dialog.alias_edit, "not-a-uuid")
    dialog.submit()
    assert "UUID" in dialog.alias_id.error and dialog.alias_edit.text() == "not-a-uuid" and dialog.isVisible()
    dialog.label_combo.setCurrentText("external_id")
    dialog.alias_edit.setText(other)
    dialog.submit()
    settle(qtbot, users_view, f"Moved subscription {subscription_id} to external_id “{other}”.")
    receiver = app_client.get_user(app_id, "external_id", other)
    assert subscription_id in [sub.id for sub in receiver.subscriptions or []]
    assert subscription_id not in users_view.subscription_ids()

    find(qtbot, users_view, "external_id", other)
    users_view.select_subscription(subscription_id)
    users_view.subscriptions.setFocus()
    qtbot.keyClick(users_view.subscriptions, Qt.Key.Key_Delete)
    box = users_view.last_dialog
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == "Delete subscription").click()
    settle(qtbot, users_view, f"Deleted subscription {subscription_id}.")
    receiver = app_client.get_user(app_id, "external_id", other)
    assert subscription_id not in [sub.id for sub in receiver.subscriptions or []]


def test_edit_properties_and_tags_then_delete_the_user(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    external_id = some_external_id(app_client, app_id)
    find(qtbot, users_view, "external_id", external_id)
    users_view.property_fields["timezone_id"].editor.setText("Europe/Paris")
    users_view.property_fields["country"].editor.setText("FR")
    tags = users_view.tags
    tags.add_row("tier", "gold")
    assert tags.remove_key("level")
    users_view.save_button.click()
    settle(qtbot, users_view, "Saved.")
    properties = app_client.get_user(app_id, "external_id", external_id).properties
    assert (properties.timezone_id, properties.country) == ("Europe/Paris", "FR")
    assert properties.tags.get("tier") == "gold" and "level" not in properties.tags

    users_view.delete_user_button.click()
    box = users_view.last_dialog
    assert external_id in box.text()
    next(b for b in box.buttons() if b.text() == "Delete user").click()
    qtbot.waitUntil(lambda: users_view.user is None and not users_view.scope.busy, timeout=10_000)
    with pytest.raises(NotFoundError):
        app_client.get_user(app_id, "external_id", external_id)


@pytest.mark.parametrize(
    ("label", "alias_id", "field", "expected"),
    [
        ("onesignal_id", "12345", "id", "UUID"),
        ("external_id", "", "id", "Enter the alias id"),
        ("bad label!", "x", "label", "Alias labels"),
        ("external_id", "a/b", "id", "slash"),
    ],
)
def test_bad_lookups_are_refused_next_to_the_field(
    qtbot: Any, users_view: Any, label: str, alias_id: str, field: str, expected: str
) -> None:
    users_view.label_combo.setCurrentText(label)
    users_view.id_edit.setText(alias_id)
    users_view.find_button.click()
    shown = users_view.id_field if field == "id" else users_view.label_field
    assert expected in shown.error
    assert users_view.id_edit.text() == alias_id and users_view.label_combo.currentText() == label
    assert not users_view.scope.busy


def test_unknown_user_is_explained_and_a_fault_names_the_operation(
    qtbot: Any, console: Any, users_view: Any, sandbox: Any, app_client: Any, app_id: str
) -> None:
    find(qtbot, users_view, "external_id", "nobody-like-this")
    assert "No user has the alias external_id" in users_view.empty_label.text()
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, message: reported.append(message))
    sandbox.faults.inject("403", method="GET", path="/apps/*/users/by/*")
    find(qtbot, users_view, "external_id", some_external_id(app_client, app_id))
    assert reported and reported[0].startswith("Find user failed")
    find(qtbot, users_view, "external_id", some_external_id(app_client, app_id))
    assert users_view.user is not None  # usable again
    assert shiboken6.isValid(users_view)


def test_bad_alias_and_token_input_is_refused_and_kept(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    find(qtbot, users_view, "external_id", some_external_id(app_client, app_id))
    qtbot.keyClicks(users_view.new_alias_label_edit, "onesignal_id")
    qtbot.keyClicks(users_view.new_alias_id_edit, "x")
    users_view.add_alias_button.click()
    assert "given by OneSignal" in users_view.new_alias_label.error
    assert users_view.new_alias_label_edit.text() == "onesignal_id"
    users_view.add_subscription_button.click()
    dialog = users_view.last_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("SMS"))
    qtbot.keyClicks(dialog.token_edit, "555-1234")
    dialog.submit()
    assert "E.164" in dialog.token.error and dialog.token_edit.text() == "555-1234" and dialog.isVisible()
    dialog.reject()


@pytest.mark.parametrize(
    ("method", "path", "action", "operation"),
    [
        ("PATCH", "/apps/*/users/by/*/identity", "alias", "Add alias"),
        ("POST", "/apps/*/users/by/*/subscriptions", "subscription", "Add subscription"),
        ("PATCH", "/apps/*/users/by/*", "save", "Save user"),
    ],
)
def test_changes_under_a_fault_name_the_operation_and_keep_the_user_shown(
    qtbot: Any,
    console: Any,
    users_view: Any,
    sandbox: Any,
    app_client: Any,
    app_id: str,
    method: str,
    path: str,
    action: str,
    operation: str,
) -> None:
    external_id = some_external_id(app_client, app_id)
    find(qtbot, users_view, "external_id", external_id)
    reported: list[str] = []
    console.context.error_reported.connect(lambda op, message: reported.append(message))
    sandbox.faults.inject("400", method=method, path=path)
    if action == "alias":
        users_view.new_alias_label_edit.setText("crm_id")
        users_view.new_alias_id_edit.setText("CRM-9")
        users_view.add_alias()
    elif action == "subscription":
        users_view._add_subscription({"type": "Email", "token": "fault@example.com", "enabled": True})
    else:
        users_view.tags.add_row("tier", "gold")
        users_view.save()
    settle(qtbot, users_view, f"{operation} failed — see the message above.")
    assert reported[0].startswith(f"{operation} failed")
    assert users_view.user is not None and users_view.alias_labels()["external_id"] == external_id
    if action == "alias":
        assert users_view.new_alias_id_edit.text() == "CRM-9"  # kept to try again
    find(qtbot, users_view, "external_id", external_id)  # still usable
    assert users_view.user is not None


def test_delete_an_alias_but_never_the_onesignal_id(
    qtbot: Any, users_view: Any, app_client: Any, app_id: str
) -> None:
    external_id = some_external_id(app_client, app_id)
    app_client.create_alias(app_id, "external_id", external_id, {"identity": {"crm_id": "CRM-1"}})
    find(qtbot, users_view, "external_id", external_id)
    labels = [users_view.aliases.item(row, 0).text() for row in range(users_view.aliases.rowCount())]
    users_view.aliases.selectRow(labels.index("onesignal_id"))
    users_view.delete_alias_button.click()
    assert "cannot be deleted" in users_view.status_label.text()
    assert not users_view.scope.busy
    users_view.aliases.selectRow(labels.index("crm_id"))
    users_view.aliases.setFocus()
    qtbot.keyClick(users_view.aliases, Qt.Key.Key_Delete)
    settle(qtbot, users_view, "Deleted alias crm_id.")
    assert "crm_id" not in app_client.get_aliases(app_id, "external_id", external_id).identity
    assert "crm_id" not in users_view.alias_labels()
