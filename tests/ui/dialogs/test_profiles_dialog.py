"""Switching connections through the Profiles dialog: a OneSignal profile, then back to the sandbox."""

from __future__ import annotations

from PySide6.QtCore import Qt

from onesignal_desktop.keystore import KeyRef


def test_create_a_profile_connect_and_come_back_to_the_sandbox(qtbot, console, sandbox, keystore) -> None:
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

    status = window.statusBar().connection_label
    qtbot.waitUntil(lambda: "profile “staging”" in status.text(), timeout=10_000)
    assert console.context.profiles.names() == ["staging"]
    # The new profile has no organization key yet: the console says which key and where to set it.
    qtbot.waitUntil(lambda: bool(window.messages.messages), timeout=10_000)
    assert "needs the organization API key" in window.messages.messages[0]
    assert "Keys… (Ctrl+K)" in window.messages.messages[0]
    assert keystore.get(KeyRef.organization("staging")) is None

    window.open_profiles_dialog()
    qtbot.mouseClick(window.profiles_dialog.sandbox_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.text().startswith("Sandbox (local)"), timeout=10_000)
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    assert sandbox.base_url in status.text()
    assert console.context.profiles.choose() is None  # next start opens the sandbox again
