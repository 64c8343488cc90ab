"""Keys the session never stored (one typed and refused, one a server just sent) still stay out of the log
file, the crash report and the messages: anything shaped like a OneSignal key is hidden."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from secrets_support import LeakScanner, new_canary

from onesignal_desktop.keystore import KeyStore, MemoryKeyring
from onesignal_desktop.ui.shell.crash import CrashReporter
from onesignal_desktop.ui.shell.errors import describe_error
from onesignal_desktop.ui.shell.logs import configure_logging


@pytest.fixture
def log_path(tmp_path: Path, console: Any) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield configure_logging(tmp_path / "logs", console.context.keystore.scrub)
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_key_shaped_text_is_hidden_even_when_the_session_never_stored_it(
    qtbot: Any, console: Any, log_path: Path
) -> None:
    unknown_org = "os_v2_org_" + new_canary()
    unknown_app = "os_v2_app_" + new_canary()
    context = console.context
    reporter = CrashReporter(context, log_path)
    reporter.install()
    reported: list[str] = []
    context.error_reported.connect(lambda _operation, message: reported.append(message))
    try:
        try:
            raise ValueError(f"a refused key {unknown_org} and a sent one {unknown_app}")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        logging.getLogger("onesignal_desktop.test").warning("the server echoed %s", unknown_app)
        qtbot.waitUntil(lambda: bool(reported), timeout=5000)
    finally:
        reporter.uninstall()
    shown = describe_error(
        "Test the organization key", ValueError(f"bad key {unknown_org}"), context.keystore.scrub
    )

    scanner = LeakScanner({"unknown organization key": unknown_org, "unknown app key": unknown_app})
    scanner.scan_text("log file", log_path.read_text(encoding="utf-8"))
    scanner.scan_texts("messages", [*reported, shown])
    assert scanner.hits == []
    assert "[redacted]" in reported[0] and "[redacted]" in shown


def test_scrub_keeps_ordinary_text() -> None:
    store = KeyStore(MemoryKeyring())
    text = "os_v2_org_ is a prefix; Key os_v2_app_ABC is not a key; ids 8a4f5b2c-1d3e-4f60-9a7b-0c1d2e3f4a5b"
    assert store.scrub(text) == text
