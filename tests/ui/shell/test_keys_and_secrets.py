"""Keys stay secret: no usable keyring means session-only, said plainly; no key lands in any file."""

from __future__ import annotations

import logging
from pathlib import Path

from keyring.backends import fail
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import SERVICE, KeyRef, KeyStore
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.shell.profiles import Profile, ProfileStore
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import build_console

CANARY_ORG_KEY = "os_v2_org_" + "canaryorgkey" * 4 + "abcd"


def test_without_a_usable_keyring_the_console_says_so_and_keeps_keys_in_memory(
    qtbot, settings, sandbox
) -> None:
    keystore = KeyStore(fail.Keyring())
    console = build_console(settings=settings, keystore=keystore, profile=Profile("work", sandbox.base_url))
    qtbot.addWidget(console.window)
    console.window.show()
    bar = console.window.messages
    qtbot.waitUntil(lambda: any("No system keyring is available" in m for m in bar.messages), timeout=10_000)
    assert any("kept for this session only" in m for m in bar.messages)
    assert console.window.statusBar().keys_label.text() == "Keys: this session only"
    qtbot.waitUntil(lambda: any("needs the organization API key" in m for m in bar.messages), timeout=10_000)
    assert console.window.app_selector.currentText() == "Apps not loaded — see the message above"

    console.window.open_keys_dialog()
    dialog = console.window.keys_dialog
    qtbot.waitUntil(lambda: dialog.org_row.status.text() == "missing", timeout=10_000)
    qtbot.keyClicks(dialog.org_row.edit, sandbox.org_key)
    qtbot.mouseClick(dialog.org_row.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.org_row.result.text() == "Saved for this session.", timeout=10_000)
    assert keystore.get(KeyRef.organization("work")) == sandbox.org_key
    # The key works at once: the apps load with it, and the dialog offers them.
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    console.shutdown()


def test_no_key_is_written_to_any_file_or_log(qtbot, tmp_path: Path, memory_keyring, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    settings_file = tmp_path / "settings.ini"
    data_dir = tmp_path / "sandbox"
    with start_sandbox(data_dir, org_key=CANARY_ORG_KEY, seed_demo=False) as sandbox:
        with OneSignalClient(sandbox.base_url, organization_key=CANARY_ORG_KEY) as client:
            existing = client.create_app({"name": "Existing"})
        app_key = sandbox.app_key(existing.id)
        settings = open_settings(settings_file)
        ProfileStore(settings).save(Profile("work", sandbox.base_url))
        keystore = KeyStore(memory_keyring)
        console = build_console(
            settings=settings, keystore=keystore, profile=Profile("work", sandbox.base_url)
        )
        qtbot.addWidget(console.window)
        console.window.show()

        # Enter both keys through the Keys dialog, as a person would.
        console.window.open_keys_dialog()
        dialog = console.window.keys_dialog
        qtbot.waitUntil(lambda: dialog.org_row.status.text() == "missing", timeout=10_000)
        qtbot.keyClicks(dialog.org_row.edit, CANARY_ORG_KEY)
        qtbot.mouseClick(dialog.org_row.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.org_row.status.text() == "stored", timeout=10_000)
        console.window.refresh_current()
        qtbot.waitUntil(lambda: len(console.context.catalog.apps) == 1, timeout=10_000)
        # The earlier "needs the organization key" message went away once the apps loaded.
        assert not any("Load apps" in message for message in console.window.messages.messages)
        dialog.close()
        console.window.open_keys_dialog()
        dialog = console.window.keys_dialog
        qtbot.keyClicks(dialog.app_row.edit, app_key)
        qtbot.mouseClick(dialog.app_row.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.app_row.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.app_row.result.text().startswith("Works"), timeout=10_000)

        # Create an app: its basic_auth_key is stored at once.
        tab = console.window.tab_at(0)
        tab.create_new()
        create = tab.last_dialog
        qtbot.keyClicks(create.form.fields["name"], "Fresh")
        create.save()
        qtbot.waitUntil(lambda: len(console.context.catalog.apps) == 2, timeout=10_000)
        fresh = next(app for app in console.context.catalog.apps if app.name == "Fresh")
        fresh_key = keystore.get(KeyRef.app("work", fresh.id))
        assert fresh_key and (SERVICE, f"work/app/{fresh.id}") in memory_keyring.entry_names

        # A failing call's message is shown; it must not carry a key either.
        sandbox.faults.inject("401", times=None, method="GET", path="/apps")
        console.window.refresh_current()
        qtbot.waitUntil(lambda: bool(console.window.messages.messages), timeout=10_000)
        shown = " ".join(console.window.messages.messages)
        console.window.close()
        console.shutdown()

    secrets = [CANARY_ORG_KEY, app_key, fresh_key]
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert settings_file in written and any(path.suffix in (".db", ".sqlite", ".sqlite3") for path in written)
    for path in written:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, f"a key was written to {path.name}"
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in shown


def test_a_closed_keys_dialog_ignores_later_changes(qtbot, console) -> None:
    console.window.open_keys_dialog()
    dialog = console.window.keys_dialog
    qtbot.waitUntil(lambda: dialog.org_row.status.text() == "stored", timeout=10_000)
    gone: list[bool] = []
    dialog.destroyed.connect(lambda: gone.append(True))
    dialog.close()  # deleted on close
    qtbot.waitUntil(lambda: bool(gone), timeout=5000)
    console.window.refresh_current()  # the catalog reloads and announces the change
    qtbot.waitUntil(lambda: console.context.bridge.active_count == 0, timeout=10_000)
    console.context.connection_changed.emit(console.context.connection)
    console.context.keyring_state_changed.emit(console.context.keyring_state)


def test_the_keyring_is_checked_once_the_first_apps_are_listed(qtbot, settings, keystore, sandbox) -> None:
    """Checked after the start, not during it (importing keyring and asking its backend would compete
    with the window being built); the keys' tooltip then tells what the keyring is."""
    console = build_console(settings=settings, keystore=keystore, sandbox=sandbox)
    qtbot.addWidget(console.window)
    console.window.show()
    assert console.context.keyring_state.kind.value == "unknown"
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    qtbot.waitUntil(lambda: console.context.keyring_state.kind.value == "system", timeout=10_000)
    label = console.window.statusBar().keys_label
    qtbot.waitUntil(lambda: "not been checked" not in label.toolTip(), timeout=10_000)  # queued to the UI
    assert console.context.keyring_state.message in label.toolTip()
    console.shutdown()
