"""Connecting an account (first run): refused keys and accepted keys alike stay out of every file, log and
message; the accepted ones go to the keyring only, and only once the server took them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from secrets_support import LeakScanner, new_canary

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import SERVICE, KeyStore
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.dialogs.first_run import ConnectAccountDialog
from onesignal_desktop.ui.shell.logs import configure_logging
from onesignal_desktop.ui.shell.profiles import ProfileStore
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import build_console

WAIT = 15_000


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield tmp_path / "logs"
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_keys_checked_when_connecting_an_account_are_never_written_outside_the_keyring(
    qtbot: Any, tmp_path: Path, memory_keyring: Any, log_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    org_key = "os_v2_org_" + new_canary()
    wrong_org_key = "os_v2_org_" + new_canary()
    wrong_app_key = "os_v2_app_" + new_canary()
    sandbox = start_sandbox(tmp_path / "sandbox", org_key=org_key, seed_demo=False)
    shown: list[str] = []
    try:
        with OneSignalClient(sandbox.base_url, organization_key=org_key) as client:
            app = client.create_app({"name": "Mine"})
        assert app.id
        app_key = sandbox.app_key(app.id)
        settings = open_settings(tmp_path / "settings.ini")
        keystore = KeyStore(memory_keyring)
        configure_logging(log_dir, keystore.scrub)
        console = build_console(
            settings=settings, keystore=keystore, sandbox_dir=tmp_path / "local", data_dir=tmp_path / "data"
        )
        qtbot.addWidget(console.window)
        console.window.show()
        console.context.error_reported.connect(lambda _operation, message: shown.append(message))
        try:
            dialog = ConnectAccountDialog(console.context, console.window)
            qtbot.addWidget(dialog)
            dialog.show()
            dialog.name_edit.setText("Work")
            dialog.url_edit.setText(sandbox.base_url)

            def attempt(organization: str, app_secret: str, outcome: str) -> None:
                dialog.key_edit.setText(organization)
                dialog.app_id_edit.setText(str(app.id))
                dialog.app_key_edit.setText(app_secret)
                dialog.check_and_connect()
                qtbot.waitUntil(lambda: dialog.outcome.text().startswith(outcome), timeout=WAIT)
                shown.append(dialog.outcome.text())

            attempt(wrong_org_key, app_key, "Check the organization key failed")
            assert "Nothing was saved" in dialog.outcome.text()
            attempt(org_key, wrong_app_key, "Check the app's REST API key failed")
            assert ProfileStore(settings).names() == [] and memory_keyring.entry_names == []

            with qtbot.waitSignal(dialog.connected, timeout=WAIT):
                attempt(org_key, app_key, "Checking the keys")
            assert {name for _service, name in memory_keyring.entry_names} == {
                "Work/organization",
                f"Work/app/{app.id}",
            }
            assert all(service == SERVICE for service, _name in memory_keyring.entry_names)
            qtbot.waitUntil(
                lambda: (
                    console.context.connection is not None
                    and console.context.connection.profile.name == "Work"
                    and console.context.catalog.app(app.id) is not None
                ),
                timeout=WAIT,
            )
            shown.extend(console.window.messages.messages)
        finally:
            console.window.close()
            console.shutdown()
    finally:
        sandbox.stop()

    assert ProfileStore(open_settings(tmp_path / "settings.ini")).names() == ["Work"]
    scanner = LeakScanner(
        {
            "organization key": org_key,
            "app key": app_key,
            "refused organization key": wrong_org_key,
            "refused app key": wrong_app_key,
        }
    )
    scanned = scanner.scan_tree(tmp_path)
    assert {"settings.ini", "onesignal-desktop.log"} <= {path.name for path in scanned}
    scanner.scan_text("captured log output", caplog.text)
    scanner.scan_texts("shown to the user", shown)
    assert scanner.hits == []
