"""Switching connections through the Profiles dialog: a OneSignal profile, then back to the sandbox."""

from __future__ import annotations

from PySide6.QtCore import Qt

from onesignal_desktop.keystore import KeyRef


def test_create_a_checked_profile_connect_and_come_back_to_the_sandbox(
    qtbot, console, sandbox, keystore
) -> None:
    window = console.window
    window.open_profiles_dialog()
    dialog = window.profiles_dialog
    assert dialog.profile_list.count() == 0

    dialog.url_edit.setText("api.example.com")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["name"].text() == "Give the profile a name."
    assert "https://" in dialog.errors["base_url"].text()
    assert console.context.profiles.names() == []

    qtbot.keyClicks(dialog.name_edit, "staging")
    dialog.url_edit.setText(sandbox.base_url)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    # A new profile goes through the same checked dialog as the welcome panel's Connect.
    checked = dialog.connect_dialog
    assert checked is not None and checked.isVisible()
    assert checked.name_edit.text() == "staging" and checked.url_edit.text() == sandbox.base_url
    assert console.context.profiles.names() == []
    qtbot.keyClicks(checked.key_edit, sandbox.org_key)
    qtbot.mouseClick(checked.connect_button, Qt.MouseButton.LeftButton)

    status = window.statusBar().connection_label
    qtbot.waitUntil(lambda: "profile “staging”" in status.text(), timeout=10_000)
    assert console.context.profiles.names() == ["staging"]
    assert keystore.get(KeyRef.organization("staging")) == sandbox.org_key
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    assert not window.messages.messages

    window.open_profiles_dialog()
    qtbot.mouseClick(window.profiles_dialog.sandbox_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.text().startswith("Sandbox (local)"), timeout=10_000)
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    assert sandbox.base_url in status.text()
    assert console.context.profiles.choose() is None  # next start opens the sandbox again


def test_new_in_profiles_refuses_a_wrong_key_like_the_welcome_panel(
    qtbot, console, sandbox, keystore
) -> None:
    """Issue 17, item 3: no keyless, unchecked profile from Profiles… → New."""
    window = console.window
    window.open_profiles_dialog()
    dialog = window.profiles_dialog
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    checked = dialog.connect_dialog
    assert checked is not None
    checked.name_edit.setText("typo")
    checked.url_edit.setText(sandbox.base_url)
    qtbot.mouseClick(checked.connect_button, Qt.MouseButton.LeftButton)
    assert "Paste the organization key" in checked.errors["organization_key"].text()

    qtbot.keyClicks(checked.key_edit, "os_v2_org_not-the-right-one")
    qtbot.mouseClick(checked.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was saved" in checked.outcome.text(), timeout=10_000)
    assert "((" not in checked.outcome.text() and "))" not in checked.outcome.text()
    assert console.context.profiles.names() == []
    assert keystore.get(KeyRef.organization("typo")) is None
