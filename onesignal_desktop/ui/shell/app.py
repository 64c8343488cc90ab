"""``main(argv)``: parse the command line, open the console window, run the event loop."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from onesignal_desktop import __version__
from onesignal_desktop.desktop_entry import APP_ID

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.startup import Console


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="onesignal-desktop",
        description="OneSignal Desktop: an admin console for OneSignal. "
        "With no profile configured it opens on a local sandbox. "
        "`onesignal-desktop sandbox --help` runs the sandbox server on its own.",
    )
    parser.add_argument("--version", action="version", version=f"onesignal-desktop {__version__}")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--profile", metavar="NAME", help="open this connection profile")
    choice.add_argument(
        "--sandbox", action="store_true", help="open on the local sandbox even if profiles exist"
    )
    parser.add_argument("--settings-file", type=Path, help="read and write settings in this INI file instead")
    parser.add_argument("--data-dir", type=Path, help="keep the local sandbox's data here instead")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add the menu entry, AppStream metainfo and icons for this user (Linux), then exit",
    )
    return parser.parse_args(list(argv))


def quit_on_interrupt(app: QCoreApplication) -> None:
    """Ctrl+C in the terminal closes the console cleanly (Qt's loop would otherwise never let Python
    see the signal)."""
    signal.signal(signal.SIGINT, lambda _signum, _frame: app.quit())
    heartbeat = QTimer(app)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)


def _offer_first_run(console: Console) -> None:
    from onesignal_desktop.ui.dialogs.first_run import offer_first_run

    offer_first_run(console.window, console.context)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as done:  # --version, --help, or a usage error already printed
        return int(done.code or 0)

    from PySide6.QtWidgets import QApplication

    from onesignal_desktop.keystore import KeyStore
    from onesignal_desktop.ui.shell import settings as settings_module
    from onesignal_desktop.ui.shell.crash import CrashReporter
    from onesignal_desktop.ui.shell.first_paint import after_first_paint
    from onesignal_desktop.ui.shell.gc_tuning import freeze_after_first_load, freeze_after_tab_builds
    from onesignal_desktop.ui.shell.icons import app_icon
    from onesignal_desktop.ui.shell.logs import configure_logging
    from onesignal_desktop.ui.shell.startup import build_console
    from onesignal_desktop.ui.shell.theme import apply_system_scheme

    settings = settings_module.open_settings(args.settings_file)
    profiles = settings_module.ProfileStore(settings)
    try:
        profile = None if args.sandbox else profiles.choose(args.profile)
    except KeyError:
        known = ", ".join(profiles.names()) or "none yet"
        print(f"onesignal-desktop: no profile named {args.profile!r} (profiles: {known})", file=sys.stderr)
        return 2
    if QApplication.instance() is None:
        from onesignal_desktop.platform_check import startup_problem

        # Qt would abort with a message naming no library; say which are missing and how to install them.
        problem = startup_problem()
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "onesignal-desktop"])
    assert isinstance(app, QApplication)
    app.setOrganizationName(settings_module.ORGANIZATION)
    app.setApplicationName(settings_module.APPLICATION)
    app.setApplicationDisplayName("OneSignal Desktop")
    app.setApplicationVersion(__version__)
    # Wayland and the task bars match the window to the installed menu entry (APP_ID.desktop) by this name.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_system_scheme(app)

    data_dir = args.data_dir or settings_module.app_data_dir()
    keystore = KeyStore()
    log_path = configure_logging(data_dir / "logs", keystore.scrub)
    console = build_console(
        settings=settings,
        keystore=keystore,
        profile=profile,
        sandbox_dir=data_dir / "sandbox",
        data_dir=data_dir,
    )
    freeze_after_first_load(console.context)
    freeze_after_tab_builds(console.window)
    crashes = CrashReporter(console.context, log_path)
    crashes.install()
    console.window.show()
    # New users only; never in tests or self-test. After the window's first paint: built before it, the
    # panel would only delay the moment the window is on screen.
    after_first_paint(console.window, lambda: _offer_first_run(console))
    quit_on_interrupt(app)
    try:
        return app.exec()
    finally:
        crashes.uninstall()
        console.shutdown()
