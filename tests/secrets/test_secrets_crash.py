"""An exception escaping a Qt slot: the crash reporter shows it (non-modal), logs the traceback without keys
or local variables, and the console carries on: the next action works."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from secrets_support import LeakScanner, new_canary

from onesignal_desktop.keystore import KeyRef
from onesignal_desktop.ui.shell.crash import UNEXPECTED, CrashReporter
from onesignal_desktop.ui.shell.logs import configure_logging


@pytest.fixture
def log_path(tmp_path: Path, console: Any) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    path = configure_logging(tmp_path / "logs", console.context.keystore.scrub)
    yield path
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


@pytest.mark.qt_no_exception_capture  # the console's own reporter must get the exception, not pytest-qt
def test_an_exception_in_a_slot_is_shown_logged_without_secrets_or_locals_and_the_console_goes_on(
    qtbot: Any, console: Any, log_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    context, window = console.context, console.window
    org_key = context.keystore.get(KeyRef.organization("Sandbox (local)"))
    assert org_key
    local_only = "LOCAL-VALUE-" + new_canary()
    reporter = CrashReporter(context, log_path)
    reporter.install()
    tab = window.current_tab()
    working_refresh = tab.refresh

    def refresh_that_breaks() -> None:
        held_in_a_local = local_only  # a local variable: never in the report
        key_in_a_local = org_key
        raise LookupError(f"planned failure while holding {key_in_a_local} ({len(held_in_a_local)})")

    tab.refresh = refresh_that_breaks
    reported: list[tuple[str, str]] = []
    context.error_reported.connect(lambda operation, message: reported.append((operation, message)))
    try:
        qtbot.keyClick(window, Qt.Key.Key_F5)  # F5's slot raises
        qtbot.waitUntil(lambda: any(op == UNEXPECTED for op, _ in reported), timeout=5000)
    finally:
        reporter.uninstall()
        tab.refresh = working_refresh

    ((_, message),) = [item for item in reported if item[0] == UNEXPECTED]
    assert message.startswith("Unexpected error (LookupError: planned failure while holding [redacted]")
    assert "carries on" in message and str(log_path) in message
    assert message in window.messages.messages  # shown above the tabs, not as a modal dialog
    assert QApplication.activeModalWidget() is None and window.isEnabled()

    logged = log_path.read_text(encoding="utf-8")
    assert "Traceback" in logged and "refresh_that_breaks" in logged and "LookupError" in logged
    scanner = LeakScanner({"organization key": org_key, "a local variable's value": local_only})
    scanner.scan_text("log file", logged)
    scanner.scan_text("message", message)
    scanner.scan_text("captured log output", caplog.text)
    assert scanner.hits == []

    # The console carries on: the same key does its normal job now.
    succeeded: list[str] = []
    context.bridge.succeeded.connect(succeeded.append)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Load apps" in succeeded, timeout=10_000)


def test_an_unexpected_exception_in_background_work_is_shown_and_logged_without_secrets_or_locals(
    qtbot: Any, console: Any, log_path: Path
) -> None:
    context = console.context
    org_key = context.keystore.get(KeyRef.organization("Sandbox (local)"))
    assert org_key
    local_only = "LOCAL-VALUE-" + new_canary()

    def work_with_a_bug(token: Any) -> None:
        held_in_a_local = local_only
        return {"present": 1}[f"missing near {org_key} ({len(held_in_a_local)})"]

    reported: list[tuple[str, str]] = []
    context.error_reported.connect(lambda operation, message: reported.append((operation, message)))
    context.bridge.run("Tidy the cache", work_with_a_bug, owner=context)
    qtbot.waitUntil(lambda: bool(reported), timeout=5000)

    ((operation, message),) = reported
    assert operation == "Tidy the cache"
    assert message.startswith("Tidy the cache failed: ") and "KeyError" in message
    logged = log_path.read_text(encoding="utf-8")
    assert "Tidy the cache" in logged and "Traceback" in logged and "work_with_a_bug" in logged
    scanner = LeakScanner({"organization key": org_key, "a local variable's value": local_only})
    scanner.scan_text("log file", logged)
    scanner.scan_text("message", message)
    assert scanner.hits == []
    assert QApplication.activeModalWidget() is None and console.window.isEnabled()
