"""Put a console together: context, window, and the background connect (keyring probe, client, sandbox).

Shared by ``main``, the screenshot script and the GUI tests, so all three open the console the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer

from onesignal_desktop.bridge import Bridge, CancelToken, Task
from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.ui.common import save_paths
from onesignal_desktop.ui.common.focus import install_focus_handling
from onesignal_desktop.ui.shell.connection import Connection, launch_sandbox, open_profile, open_sandbox
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.first_paint import after_first_paint
from onesignal_desktop.ui.shell.main_window import MainWindow
from onesignal_desktop.ui.shell.profiles import Profile
from onesignal_desktop.ui.shell.tabs import TABS, TabSpec

CONNECT = "Connect"
CHECK_KEYRING = "Check the system keyring"
LOAD_API = "Load the API client"
# The keyring is probed once the first apps are listed (or the connect failed), at the latest this long
# after the start.
KEYRING_PROBE_LATEST_MS = 3000


@dataclass
class Console:
    context: ConsoleContext
    window: MainWindow

    def shutdown(self, msecs: int = 3000) -> None:
        """Stop background work, close the connection and the sandbox it runs on."""
        from onesignal_desktop.ui.common.charts.view import finish_chart_preload

        finish_chart_preload()  # before the window's teardown, not alongside it
        self.window.save_state()
        for tab in self.window.built_tabs:
            tab.shut_down()
        bridge = self.context.bridge
        bridge.shutdown(msecs)
        connection = self.context.connection
        if connection is not None:
            connection.close()
        self.context.wait_for_closed_connections()


def build_console(
    *,
    settings: QSettings,
    keystore: KeyStore,
    profile: Profile | None = None,
    sandbox_dir: Path | None = None,
    sandbox: Any = None,
    tabs: tuple[TabSpec, ...] = TABS,
    max_parallel: int = 4,
    data_dir: Path | None = None,
) -> Console:
    """Create the window and start connecting in the background.

    With ``profile`` the console connects to OneSignal (or whatever URL the profile names); without it,
    to ``sandbox`` if given, else to a sandbox started in ``sandbox_dir`` (a fresh temporary one when
    None). ``data_dir`` holds drafts and the send journal (None: the user's app data directory).
    """
    bridge = Bridge(max_parallel)
    save_paths.use_settings(settings)
    install_focus_handling()  # Tab leaves lists and tables; the focused one shows a ring
    context = ConsoleContext(settings=settings, keystore=keystore, bridge=bridge, data_dir=data_dir)
    bridge.setParent(context)
    probe = KeyringProbe(context, keystore)
    connector = Connector(context, keystore, sandbox_dir, sandbox, on_failed=probe.start)
    context.connect_to = connector.connect
    # Before the window: the connection (a sandbox process to start) gets going while it is built; it
    # is handed over by a queued signal, so only once the window exists and the event loop runs.
    connector.connect(profile)
    window = MainWindow(context, tabs)
    context.setParent(window)
    # The API layer (httpx, pydantic, the models: ~270 ms of imports) is needed once the sandbox answers;
    # loading it on a worker as soon as the window is on screen overlaps it with the sandbox child's start
    # instead of queueing it after (before the first paint it would hold the GIL against the window).
    after_first_paint(
        window,
        lambda: bridge.run(
            LOAD_API, lambda token: importlib.import_module("onesignal_desktop.api"), owner=context
        ),
    )
    return Console(context, window)


class KeyringProbe:
    """Checks once whether the system keyring answers (its state shows in the status bar), and starts
    importing the charts' pyqtgraph, after the start rather than during it: importing keyring and
    asking its backend is ~100 ms of Python on a worker, which would compete for the GIL with the
    window being built and then with the first apps list. A OneSignal profile's connect reads its key
    from the keyring anyway; the sandbox's keys stay in memory."""

    def __init__(self, context: ConsoleContext, keystore: KeyStore) -> None:
        self._context = context
        self._keystore = keystore
        self._started = False
        context.catalog.changed.connect(self._apps_listed)
        context.catalog.load_failed.connect(lambda _message: self.start())
        QTimer.singleShot(KEYRING_PROBE_LATEST_MS, context, self.start)

    def _apps_listed(self) -> None:
        if self._context.catalog.loaded:
            self.start()

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        keystore = self._keystore
        self._context.bridge.run(CHECK_KEYRING, lambda token: keystore.probe(), owner=self._context)
        # The charts' library too (~0.8 s of imports with numpy): the first report opened would otherwise
        # import it on the UI thread.
        from onesignal_desktop.ui.common.charts.view import preload_chart_library

        preload_chart_library()


class Connector:
    """Opens connections in the background: a profile, or the sandbox (``None``)."""

    def __init__(
        self,
        context: ConsoleContext,
        keystore: KeyStore,
        sandbox_dir: Path | None,
        sandbox: Any,
        on_failed: Callable[[], None] = lambda: None,
    ) -> None:
        self._context = context
        self._on_failed = on_failed
        self._keystore = keystore
        self._sandbox_dir = sandbox_dir
        self._given_sandbox = sandbox
        self._pending: Task | None = None
        context.online_changed.connect(self._restart_a_stopped_sandbox)

    def connect(self, profile: Profile | None) -> None:
        if self._pending is not None:
            self._pending.cancel()
        keystore, sandbox_dir, sandbox = self._keystore, self._sandbox_dir, self._given_sandbox
        current = self._context.connection
        if profile is None and current is not None and current.is_sandbox and _alive(current.sandbox):
            sandbox = current.sandbox  # already running: reconnecting must not start a second one
        launched = None
        if profile is None and sandbox is None:
            # Started here, on the UI thread, so the child boots while the window is being built.
            launched = launch_sandbox(sandbox_dir)

        def connect(token: CancelToken) -> Connection:
            if profile is not None:
                return open_profile(profile, keystore)
            if launched is None:
                return open_sandbox(sandbox_dir, keystore, sandbox=sandbox)
            try:
                launched.wait_ready()
                token.check()
            except BaseException:
                launched.stop()
                raise
            return open_sandbox(sandbox_dir, keystore, sandbox=launched, owns_sandbox=True)

        self._pending = self._context.bridge.run(
            CONNECT,
            connect,
            owner=self._context,
            on_finished=self._connected,
            on_failed=lambda error: self._failed(profile, error),
        )

    def _failed(self, profile: Profile | None, error: BaseException) -> None:
        self._pending = None
        self._context.report_error(CONNECT, error)
        self._context.note_connect_failed(profile)
        self._on_failed()

    def _restart_a_stopped_sandbox(self, online: bool) -> None:
        """The console's own sandbox process ended (killed, crashed): the server stopped answering and
        never will again, so start it anew on the same data; the tabs reload on the new connection."""
        current = self._context.connection
        if online or current is None or not current.owns_sandbox or _alive(current.sandbox):
            return
        if self._pending is None:
            self.connect(None)

    def _connected(self, connection: Connection) -> None:
        self._pending = None
        current = self._context.connection
        if current is not None and current.sandbox is connection.sandbox and connection.sandbox is not None:
            connection.owns_sandbox, current.owns_sandbox = current.owns_sandbox, False
        self._context.profiles.set_last_used(connection.profile.name)
        self._context.resolve_error(CONNECT)  # a connect that failed before works now
        self._context.set_connection(connection)


def _alive(sandbox: Any) -> bool:
    """False for a sandbox process that has ended; a sandbox handed in (tests) counts as alive."""
    return sandbox is not None and bool(getattr(sandbox, "running", True))
