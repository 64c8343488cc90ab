"""Secrets audit: the main flows of one console session with canary keys, then every trace the run left.

The session connects to a sandbox through a OneSignal profile, as a real user would (keys in the keyring;
in the second variant the keyring is unusable and keys live in session memory). It lists and creates apps,
tests keys, composes and sends a notification (drafts and the send journal write files), copies the
request as curl and Python, exports players, provokes errors (a rejected key, server faults), trips the
crash reporter and closes. Every file under the run's directories (settings, logs, drafts, journal,
sandbox database with WAL/SHM, exports, temporary files, even $HOME), the captured log output, Qt's
messages, every exception and every text shown to the user are then searched for each key in every form.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from secrets_support import LeakScanner, new_canary

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.api.retry import RetryPolicy
from onesignal_desktop.keystore import SERVICE, KeyRef, KeyringKind, KeyStore
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.players.export import ExportOptionsDialog
from onesignal_desktop.ui.shell.crash import UNEXPECTED, CrashReporter
from onesignal_desktop.ui.shell.logs import configure_logging
from onesignal_desktop.ui.shell.profiles import Profile, ProfileStore
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import build_console
from onesignal_desktop.ui.shell.tabs import TABS

PROFILE = "work"
TAB_INDEX = {spec.title: index for index, spec in enumerate(TABS)}
FAST_EXPORT = ExportPolling(initial_delay=0.05, factor=1.5, max_delay=0.2, deadline=60)
WAIT = 15_000


@pytest.fixture
def run_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every directory the run could write to points under ``tmp_path``: home, XDG dirs, temp files."""
    for name in ("home", "tmp", "xdg-data", "xdg-config", "xdg-cache", "xdg-state", "runtime"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    return tmp_path


class Witness:
    """Collects what the user was shown and what went wrong, for the scan at the end."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.errors: list[str] = []

    def record_error(self, _operation: str, error: object) -> None:
        self.errors.append(f"{type(error).__name__}: {error}")
        self.errors.append(repr(error))
        self.errors.extend(str(message) for message in getattr(error, "messages", []) or [])
        if isinstance(error, BaseException):
            self.errors.extend(str(arg) for arg in error.args)

    def snapshot(self, window: QWidget) -> None:
        """The text of every widget of the console's window and its dialogs (masked fields excepted:
        showing dots is their job)."""
        for widget in [window, *window.findChildren(QWidget)]:
            self.shown.extend(texts_of(widget))
        self.shown.append(QGuiApplication.clipboard().text())


def texts_of(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle(), widget.toolTip(), widget.statusTip()]
    if isinstance(widget, QLabel | QAbstractButton) or (
        isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal
    ):
        texts.append(widget.text())
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        texts.append(widget.toPlainText())
    return [text for text in texts if text]


def prepare_sandbox(sandbox: Any, org_key: str) -> tuple[str, str]:
    """An app with three subscribed players; returns the app id and its REST key."""
    with OneSignalClient(sandbox.base_url, organization_key=org_key) as setup:
        app = setup.create_app({"name": "Existing"})
    assert app.id
    app_key = sandbox.app_key(app.id)
    with OneSignalClient(sandbox.base_url, app_keys={app.id: app_key}) as setup:
        for index in range(3):
            setup.create_player({"app_id": app.id, "device_type": 1, "identifier": f"token-{index}"})
    return app.id, app_key


@pytest.fixture
def leave_logging_as_it_was() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.qt_no_exception_capture  # the console's own crash reporter must see the slot's exception
@pytest.mark.parametrize(
    ("keyring_kind", "auth_scheme"),
    [("system keyring", "Key"), ("no usable keyring", "Key"), ("system keyring", "Basic")],
)
def test_a_session_with_canary_keys_leaves_no_key_in_any_file_log_or_message(
    qtbot: Any,
    qtlog: Any,
    caplog: pytest.LogCaptureFixture,
    run_root: Path,
    memory_keyring: Any,
    leave_logging_as_it_was: None,
    keyring_kind: str,
    auth_scheme: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    org_key = "os_v2_org_" + new_canary()
    sandbox_dir = run_root / "sandbox"
    witness = Witness()
    sandbox = start_sandbox(sandbox_dir, org_key=org_key, seed_demo=False)
    secrets = {"organization key": org_key}
    try:
        sandbox.clock.freeze()
        app_id, app_key = prepare_sandbox(sandbox, org_key)
        secrets["app REST key"] = app_key

        # Keys where a real profile keeps them: the keyring, or this session's memory when it is unusable.
        refs = {KeyRef.organization(PROFILE): org_key, KeyRef.app(PROFILE, app_id): app_key}
        if keyring_kind == "system keyring":
            for ref, key in refs.items():  # stored by an earlier session
                memory_keyring.set_password(SERVICE, ref.entry_name, key)
            keystore = KeyStore(memory_keyring)
        else:
            keystore = KeyStore(fail.Keyring())
            for ref, key in refs.items():  # typed into the Keys dialog in this session
                keystore.set(ref, key)
            assert keystore.state.kind is KeyringKind.SESSION_ONLY
        settings = open_settings(run_root / "settings.ini")
        profile = Profile(PROFILE, sandbox.base_url, auth_scheme)
        ProfileStore(settings).save(profile)
        log_path = configure_logging(run_root / "logs", keystore.scrub)

        console = build_console(
            settings=settings, keystore=keystore, profile=profile, data_dir=run_root / "console-data"
        )
        context, window = console.context, console.window
        reporter = CrashReporter(context, log_path)
        reporter.install()
        context.error_reported.connect(lambda _operation, message: witness.shown.append(message))
        context.bridge.any_failed.connect(witness.record_error)
        qtbot.addWidget(window)
        window.show()
        try:
            run_main_flows(qtbot, console, sandbox, app_id, run_root, witness, secrets)
            witness.snapshot(window)
            # Scanned while running too: WAL/SHM files and temporary copies are gone after closing.
            assert f"(auth: {auth_scheme})" in window.statusBar().connection_label.text()
            live = LeakScanner(secrets)
            live_files = {str(path.relative_to(run_root)) for path in live.scan_tree(run_root)}
            # What quitting the app does for the viewer embedded in the Players tab: stop its children.
            window.tab_at(TAB_INDEX["Players"]).export_viewer.close_file()
            window.close()
        finally:
            reporter.uninstall()
            console.shutdown()
    finally:
        sandbox.stop()

    # The sandbox was given its org key: it keeps no copy of it (only its own server secret).
    assert not (sandbox_dir / "org_key").exists()
    assert not list(sandbox_dir.rglob("org_key*"))

    scanner = LeakScanner(secrets)
    scanned = scanner.scan_tree(run_root)
    names = {path.name for path in scanned}
    # The run really wrote what the audit is about (else the scan proves nothing).
    assert {"settings.ini", log_path.name, "sandbox.sqlite3", "send-journal.sqlite3"} <= names, names
    assert {"sandbox/sandbox.sqlite3-wal", "console-data/send-journal.sqlite3-wal"} <= live_files, live_files
    assert any(path.suffix == ".json" and "drafts" in path.parts for path in scanned), names
    assert "players.csv.gz" in names and any(name.startswith("tmp/") for name in live_files), live_files
    logged = log_path.read_text(encoding="utf-8")
    assert "unexpected error" in logged and "Traceback" in logged
    assert "failed" in " ".join(witness.shown)

    scanner.scan_text("captured log output", caplog.text)
    for record in caplog.records:
        scanner.scan_text(f"log record args of {record.name}", repr(record.args))
    scanner.scan_texts("Qt messages", [record.message for record in qtlog.records])
    scanner.scan_texts("exceptions", witness.errors)
    scanner.scan_texts("shown to the user", witness.shown)
    assert len(secrets) == 4 and all(secrets.values())
    assert live.hits + scanner.hits == []


def run_main_flows(
    qtbot: Any,
    console: Any,
    sandbox: Any,
    app_id: str,
    run_root: Path,
    witness: Witness,
    secrets: dict[str, str],
) -> None:
    context, window = console.context, console.window
    keystore = context.keystore

    # List the apps.
    qtbot.waitUntil(lambda: len(context.catalog.apps) == 1, timeout=WAIT)
    # Quick retries: the faults below must not wait for real back-off.
    context.connection.client.retry_policy = RetryPolicy(max_attempts=2, sleep=lambda _s: None)

    # Create an app: its basic_auth_key is stored as the app's key.
    apps_tab = window.tab_at(TAB_INDEX["Apps"])
    apps_tab.create_new()
    dialog = apps_tab.last_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.form.fields["name"], "Fresh")
    dialog.save()
    qtbot.waitUntil(lambda: len(context.catalog.apps) == 2, timeout=WAIT)
    fresh = next(app for app in context.catalog.apps if app.name == "Fresh")
    fresh_key = keystore.get(KeyRef.app(PROFILE, fresh.id))
    assert fresh_key
    secrets["created app's key"] = fresh_key
    context.set_current_app(app_id)

    # The Keys dialog: test the stored app key, then a wrong organization key (401).
    window.open_keys_dialog()
    keys = window.keys_dialog
    keys.app_combo.setCurrentIndex(keys.app_combo.findData(app_id))
    qtbot.waitUntil(lambda: keys.app_row.status.text() == "stored", timeout=WAIT)
    qtbot.mouseClick(keys.app_row.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: keys.app_row.result.text().startswith("Works"), timeout=WAIT)
    # A key the server refuses may still be someone's real key: it must not be written anywhere either.
    secrets["refused key"] = "os_v2_org_" + new_canary()
    qtbot.keyClicks(keys.org_row.edit, secrets["refused key"])
    qtbot.mouseClick(keys.org_row.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "failed" in keys.org_row.result.text(), timeout=WAIT)
    assert "401" in keys.org_row.result.text() or "403" in keys.org_row.result.text()
    witness.snapshot(window)
    keys.close()

    # Compose: copy as curl and Python (masked), send; a second one stays as a draft on disk.
    composer = open_composer(context, window)
    qtbot.waitUntil(lambda: composer.audience.segments_state == "loaded", timeout=WAIT)
    page = composer.content.languages.pages["en"]
    qtbot.keyClicks(page.title, "Audit")
    qtbot.keyClicks(page.message, "Nothing secret in here")
    composer.sections.setCurrentWidget(composer.sections.widget(1))
    (item,) = composer.audience.include.list.findItems("Subscribed Users", Qt.MatchFlag.MatchExactly)
    item.setCheckState(Qt.CheckState.Checked)
    composer.copy_curl_action.trigger()
    assert "YOUR_REST_API_KEY" in QGuiApplication.clipboard().text()
    witness.shown.append(QGuiApplication.clipboard().text())
    composer.copy_python_action.trigger()
    witness.shown.append(QGuiApplication.clipboard().text())
    with qtbot.waitSignal(composer.sent, timeout=WAIT):
        composer.request_send()
        composer.last_dialog.accept()
    witness.snapshot(window)
    composer.close()
    draft = open_composer(context, window)
    qtbot.waitUntil(lambda: draft.audience.segments_state == "loaded", timeout=WAIT)
    qtbot.keyClicks(draft.content.languages.pages["en"].title, "Kept for later")
    draft.save_draft()
    draft.close()

    # The notifications list shows the one sent.
    window.tab_widget.setCurrentIndex(TAB_INDEX["Notifications"])
    notifications = window.current_tab()
    qtbot.waitUntil(lambda: notifications.model.rowCount() == 1, timeout=WAIT)

    # Export the players to a file and open it.
    window.tab_widget.setCurrentIndex(TAB_INDEX["Players"])
    players = window.current_tab()
    qtbot.waitUntil(lambda: players.players.model.loaded_count == 3, timeout=WAIT)
    target = run_root / "exports" / "players.csv.gz"
    target.parent.mkdir()
    players.choose_save_path = lambda parent, suggested: str(target)
    players.export_strip.polling = FAST_EXPORT
    players.players.export_button.click()
    options = players.last_dialog
    assert isinstance(options, ExportOptionsDialog)
    qtbot.waitUntil(lambda: not options.segment_hint.text().startswith("Loading"), timeout=WAIT)
    options.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: players.export_strip.phase == "waiting", timeout=WAIT)
    sandbox.clock.advance(120)
    qtbot.waitUntil(lambda: players.export_viewer is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: players.export_viewer.model.rowCount() == 3, timeout=WAIT)
    assert target.is_file()

    # Errors: a key the server refuses, a server error, a dropped connection.
    window.tab_widget.setCurrentIndex(TAB_INDEX["Apps"])
    for kind in ("401", "500", "reset", "html"):
        before = len(witness.shown)
        sandbox.faults.inject(kind, times=None, method="GET", path="/apps")
        window.refresh_current()
        qtbot.waitUntil(
            lambda before=before: any(m.startswith("Load apps failed") for m in witness.shown[before:]),
            timeout=WAIT,
        )
        sandbox.faults.clear()
    window.refresh_current()
    qtbot.waitUntil(lambda: not context.bridge.active_count, timeout=WAIT)
    witness.snapshot(window)

    # An unexpected exception in a slot, holding a key in a local variable and in its message.
    def slot_that_breaks() -> None:
        key_in_a_local = keystore.get(KeyRef.organization(PROFILE))
        raise RuntimeError(f"the audit's planned failure near {key_in_a_local}")

    reported: list[str] = []
    context.error_reported.connect(lambda operation, message: reported.append(operation))
    QTimer.singleShot(0, slot_that_breaks)
    qtbot.waitUntil(lambda: UNEXPECTED in reported, timeout=WAIT)
    assert any("[redacted]" in message for message in window.messages.messages)
    # The objects holding keys say nothing about them when printed (a debugger, a log line, a traceback).
    connection = context.connection
    for holder in (connection, connection.client, connection.client.credentials, keystore, context, sandbox):
        witness.errors.append(repr(holder))
        witness.errors.append(str(holder))

    # The console carries on.
    window.refresh_current()
    qtbot.waitUntil(lambda: not context.bridge.active_count and len(context.catalog.apps) == 2, timeout=WAIT)
