"""An unexpected exception: shown without a modal dialog, logged without keys, and the console goes on."""

from __future__ import annotations

import logging
import sys
import threading

from onesignal_desktop.keystore import KeyRef
from onesignal_desktop.ui.shell.crash import CrashReporter
from onesignal_desktop.ui.shell.logs import configure_logging

SECRET = "os_v2_app_" + "s" * 52


def test_unexpected_errors_are_reported_scrubbed_and_the_console_goes_on(qtbot, console, tmp_path) -> None:
    console.context.keystore.remember(KeyRef.app("Sandbox (local)", "some-app"), SECRET)
    log_path = configure_logging(tmp_path / "logs", console.context.keystore.scrub)
    reporter = CrashReporter(console.context, log_path)
    reporter.install()
    try:
        try:
            raise ValueError(f"bad things happened near {SECRET}")
        except ValueError:
            sys.excepthook(*sys.exc_info())

        def worker() -> None:
            raise RuntimeError(f"worker broke with {SECRET}")

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        bar = console.window.messages
        qtbot.waitUntil(lambda: len(bar.messages) == 2, timeout=5000)
    finally:
        reporter.uninstall()
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "baseFilename", "") == str(log_path):
                logging.getLogger().removeHandler(handler)
                handler.close()

    assert bar.messages[0].startswith("Unexpected error (RuntimeError: worker broke with [redacted])")
    assert bar.messages[1].startswith("Unexpected error (ValueError: bad things happened near [redacted])")
    assert str(log_path) in bar.messages[0]
    logged = log_path.read_text(encoding="utf-8")
    assert "ValueError" in logged and "RuntimeError" in logged and "Traceback" in logged
    assert SECRET not in logged
    assert console.window.isEnabled()
    console.window.refresh_current()  # still works
    qtbot.waitUntil(lambda: console.context.bridge.active_count == 0, timeout=5000)
