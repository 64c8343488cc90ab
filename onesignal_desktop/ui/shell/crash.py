"""Unexpected exceptions: logged without keys or local variables, shown non-modally, the console goes on."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal

from onesignal_desktop.ui.shell.context import ConsoleContext

log = logging.getLogger("onesignal_desktop.crash")
UNEXPECTED = "Unexpected error"


class CrashReporter(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook`` for the console's lifetime.

    The traceback (file, line, function; never local variables) goes to the log, scrubbed of keys;
    the window shows one line saying what happened and where the details are. Reports from other
    threads reach the UI thread through a queued signal.
    """

    _report = Signal(str)

    def __init__(self, context: ConsoleContext, log_path: Path | None = None) -> None:
        super().__init__(context)
        self._context = context
        self._log_path = log_path
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._report.connect(lambda message: context.error_reported.emit(UNEXPECTED, message))

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, error, trace)
            return
        scrub = self._context.keystore.scrub
        details = scrub("".join(traceback.format_exception(kind, error, trace)))
        log.error("unexpected error\n%s", details)
        summary = scrub(f"{kind.__name__}: {error}".strip().rstrip(":"))
        where = f" Details are in {self._log_path}." if self._log_path else ""
        self._report.emit(f"Unexpected error ({summary}). OneSignal Desktop carries on.{where}")

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)
