"""Put a console together: context, window, and the background connect (keyring probe, client, sandbox).

Shared by ``main``, the screenshot script and the GUI tests, so all three open the console the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from onesignal_desktop.bridge import Bridge, CancelToken
from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.ui.connection import Connection, open_profile, open_sandbox
from onesignal_desktop.ui.context import ConsoleContext
from onesignal_desktop.ui.main_window import MainWindow
from onesignal_desktop.ui.profiles import Profile
from onesignal_desktop.ui.tabs import TABS, TabSpec

CONNECT = "Connect"
CHECK_KEYRING = "Check the system keyring"


@dataclass
class Console:
    context: ConsoleContext
    window: MainWindow

    def shutdown(self, msecs: int = 3000) -> None:
        """Stop background work, close the connection and the sandbox it runs on."""
        self.window.save_state()
        bridge = self.context.bridge
        bridge.shutdown(msecs)
        connection = self.context.connection
        if connection is not None:
            connection.close()


def build_console(
    *,
    settings: QSettings,
    keystore: KeyStore,
    profile: Profile | None = None,
    sandbox_dir: Path | None = None,
    sandbox: Any = None,
    tabs: tuple[TabSpec, ...] = TABS,
    max_parallel: int = 4,
) -> Console:
    """Create the window and start connecting in the background.

    With ``profile`` the console connects to OneSignal (or whatever URL the profile names); without it,
    to ``sandbox`` if given, else to a sandbox started in ``sandbox_dir`` (a fresh temporary one when
    None).
    """
    bridge = Bridge(max_parallel)
    context = ConsoleContext(settings=settings, keystore=keystore, bridge=bridge)
    bridge.setParent(context)
    window = MainWindow(context, tabs)
    context.setParent(window)

    context.bridge.run(CHECK_KEYRING, lambda token: keystore.probe(), owner=context)

    def connect(token: CancelToken) -> Connection:
        if profile is not None:
            return open_profile(profile, keystore)
        return open_sandbox(sandbox_dir, keystore, sandbox=sandbox)

    def connected(connection: Connection) -> None:
        if not connection.is_sandbox:
            context.profiles.set_last_used(connection.profile.name)
        context.set_connection(connection)

    context.bridge.run(CONNECT, connect, owner=context, on_finished=connected)
    return Console(context, window)
