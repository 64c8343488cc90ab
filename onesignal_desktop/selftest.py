"""``onesignal-desktop --self-test``: prove an installed (or frozen) console works, in one line.

Starts a fresh sandbox in a temporary directory, talks to it through the API client, probes the keyring,
opens the main window (offscreen unless ``QT_QPA_PLATFORM`` says otherwise) and waits until the Apps tab
lists the demo apps. Prints ``self-test ok: ...`` and returns 0, or ``self-test FAILED: <what>`` and
returns 1. Nothing is written outside the temporary directory, and no key is ever printed: the sandbox
keys are masked out of every message before it is shown.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

WINDOW_TIMEOUT_S = 30.0
KEYRING_TIMEOUT_S = 5.0
_KEY_PATTERN = re.compile(r"os_v2_[a-z]+_[a-z2-7]{20,}", re.IGNORECASE)
_QUIET_QT_MESSAGES = ("does not support propagateSizeHints",)


class SelfTestFailed(Exception):
    """One step failed; the message says which and why, with no key in it."""


class _Secrets:
    """The keys seen during the run, so no message shows one."""

    def __init__(self) -> None:
        self._known: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret:
            self._known.add(secret)

    def mask(self, text: str) -> str:
        for secret in sorted(self._known, key=len, reverse=True):
            text = text.replace(secret, "***")
        return _KEY_PATTERN.sub("***", text)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="onesignal-desktop --self-test",
        description="Check this installation: start a sandbox, call the API, probe the keyring, open the "
        "window offscreen until it lists the demo apps. Prints one line; exits 0 when all is well, 1 if not.",
    )
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="make the temporary sandbox directory inside this directory (default: the system's)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=WINDOW_TIMEOUT_S,
        help="seconds to wait for the window to list the apps (default: %(default)s)",
    )
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] = ()) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as done:  # --help or a usage error, already printed
        return int(done.code or 0)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a check, not a session: no window pops up
    started = time.monotonic()
    secrets = _Secrets()
    try:
        findings = _run(args, secrets)
    except SelfTestFailed as failure:
        return _report(f"self-test FAILED: {secrets.mask(str(failure))}", 1)
    except Exception as error:  # a bug, not a finding: still one line and exit 1
        what = secrets.mask(f"{type(error).__name__}: {error}")
        return _report(f"self-test FAILED: unexpected error: {what}", 1)
    elapsed = time.monotonic() - started
    return _report(f"self-test ok: {', '.join(findings)} in {elapsed:.1f} s", 0)


def _report(line: str, code: int) -> int:
    print(line, flush=True)
    return code


def _run(args: argparse.Namespace, secrets: _Secrets) -> list[str]:
    scratch = _make_scratch(args.data_dir)
    try:
        sandbox = _start_sandbox(scratch / "sandbox", secrets)
        try:
            app_count = _check_api(sandbox, secrets)
            keyring_line, keystore = _check_keyring()
            listed = _check_window(scratch, sandbox, keystore, app_count, args.timeout)
        finally:
            sandbox.stop()
        return [
            f"api ok ({app_count} apps)",
            f"sandbox ok ({sandbox.base_url})",
            keyring_line,
            f"window ok ({listed} apps listed)",
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _make_scratch(parent: Path | None) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix="onesignal-selftest-", dir=parent))
    except OSError as error:
        raise SelfTestFailed(f"sandbox: no temporary directory ({error})") from error


def _start_sandbox(data_dir: Path, secrets: _Secrets) -> Any:
    try:
        # As the console runs it: in a child process (in a bundle, this very executable run again).
        from onesignal_desktop.sandbox.process import SandboxProcess

        sandbox = SandboxProcess.start(data_dir)
    except Exception as error:
        raise SelfTestFailed(f"sandbox did not start ({type(error).__name__}: {error})") from error
    secrets.add(sandbox.org_key)
    return sandbox


def _check_api(sandbox: Any, secrets: _Secrets) -> int:
    """List the demo apps with the organization key and one notification with an app key."""
    from onesignal_desktop.api import OneSignalClient

    def app_key(app_id: str) -> str | None:
        secret = str(sandbox.app_key(app_id))
        secrets.add(secret)
        return secret

    step = "list apps"
    try:
        with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=app_key) as client:
            apps = client.get_apps()
            if not apps:
                raise SelfTestFailed("api: the sandbox listed no apps (expected its demo apps)")
            step = "list notifications"
            client.get_notifications(str(apps[0].id), limit=1)
    except SelfTestFailed:
        raise
    except Exception as error:
        raise SelfTestFailed(f"api: {step} failed ({type(error).__name__}: {error})") from error
    return len(apps)


def _check_keyring() -> tuple[str, Any]:
    """The keystore's own probe (with its timeout). A session-only keyring is reported, not a failure:
    the console works without one."""
    from onesignal_desktop.keystore import KeyringKind, KeyStore
    from onesignal_desktop.keystore.state import SESSION_ONLY_CONSEQUENCE

    keystore = KeyStore(timeout=KEYRING_TIMEOUT_S)
    state = keystore.probe()
    backend = state.backend_name or "none"
    if state.kind is KeyringKind.SYSTEM:
        return f"keyring: {_chained_names() or backend} (usable)", keystore
    reason = state.message.replace(SESSION_ONLY_CONSEQUENCE, "").strip().rstrip(".")
    return f"keyring: {backend} (session-only: {reason})", keystore


def _chained_names() -> str:
    """keyring's chainer backend names itself only; the backends it chains are what a reader wants. Only
    called after a successful probe, so keyring has already resolved (and cached) its backend."""
    import keyring

    from onesignal_desktop.keystore.diagnosis import backend_name

    members = getattr(keyring.get_keyring(), "backends", None)
    if not members or isinstance(members, str):
        return ""
    return " + ".join(backend_name(member) for member in members)


def _check_window(scratch: Path, sandbox: Any, keystore: Any, expected: int, timeout: float) -> int:
    """Open the console on ``sandbox`` and wait (in the event loop, with a deadline) for the Apps tab to
    list ``expected`` apps. Returns how many it lists."""
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from onesignal_desktop import __version__
    from onesignal_desktop.ui.shell.settings import open_settings
    from onesignal_desktop.ui.shell.startup import build_console

    if QApplication.instance() is None:
        from onesignal_desktop.platform_check import startup_problem

        problem = startup_problem()
        if problem is not None:  # Qt would abort the whole process; say why instead
            raise SelfTestFailed(f"window: {problem}")
    previous_handler = qInstallMessageHandler(_quiet_offscreen_noise)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "onesignal-desktop"])
    app.setApplicationName("onesignal-desktop-self-test")
    app.setApplicationVersion(__version__)
    try:
        console = build_console(
            settings=open_settings(scratch / "settings.ini"),
            keystore=keystore,
            sandbox=sandbox,
            data_dir=scratch / "data",
        )
    except Exception as error:
        qInstallMessageHandler(previous_handler)
        raise SelfTestFailed(f"window: could not be built ({type(error).__name__}: {error})") from error
    try:
        window = console.window
        window.show()
        _check_icons()
        apps_tab = _apps_tab(window)
        context = console.context
        loop = QEventLoop()
        outcome: dict[str, str] = {}

        def listed() -> int:
            return int(apps_tab.proxy.rowCount())

        def check() -> None:
            if context.catalog.loaded and listed() >= expected:
                loop.quit()

        def failed(what: str) -> Callable[..., None]:
            def record(*parts: str) -> None:
                outcome.setdefault("error", f"{what}: {': '.join(p for p in parts if p)}")
                loop.quit()

            return record

        def timed_out() -> None:
            outcome.setdefault(
                "error", f"the Apps tab listed {listed()} of {expected} apps after {timeout:g} s"
            )
            loop.quit()

        context.catalog.changed.connect(check)
        context.catalog.load_failed.connect(failed("loading the apps failed"))
        context.error_reported.connect(failed("the console reported an error"))
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(timed_out)
        deadline.start(int(timeout * 1000))
        QTimer.singleShot(0, check)
        loop.exec()
        deadline.stop()
        if "error" in outcome:
            raise SelfTestFailed(f"window: {outcome['error']}")
        return listed()
    finally:
        window.close()
        console.shutdown()
        qInstallMessageHandler(previous_handler)


def _check_icons() -> None:
    """The window draws its icons from resources/: a bundle that lost them would still start, iconless."""
    from onesignal_desktop.ui.shell.icons import app_icon, icon, icons_dir

    if icons_dir() is None:
        raise SelfTestFailed("window: the icons folder (resources/icons) was not found")
    if icon("apps").isNull():
        raise SelfTestFailed("window: the icons in resources/icons could not be drawn")
    if app_icon().isNull():
        raise SelfTestFailed("window: the application icon (resources/desktop/icons) was not found")


def _apps_tab(window: Any) -> Any:
    for index in range(window.tab_widget.count()):
        if window.tab_widget.tabText(index).replace("&", "") == "Apps":
            tab = window.tab_at(index)
            if not hasattr(tab, "proxy"):
                raise SelfTestFailed("window: the Apps tab could not be built")
            return tab
    raise SelfTestFailed("window: it has no Apps tab")


def _quiet_offscreen_noise(_kind: Any, _context: Any, message: str) -> None:
    """The offscreen platform warns about size hints for every top-level window; the rest still shows."""
    if not any(noise in message for noise in _QUIET_QT_MESSAGES):
        print(message, file=sys.stderr)
