"""The one object every widget gets: settings, keystore, bridge, connection, current app, apps.

Widgets never reach for globals; they take a :class:`ConsoleContext` and listen to its signals.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from onesignal_desktop.bridge import Bridge
from onesignal_desktop.keystore import KeyringState, KeyStore
from onesignal_desktop.ui.shell.app_catalog import AppCatalog
from onesignal_desktop.ui.shell.connection import Connection
from onesignal_desktop.ui.shell.errors import describe_error
from onesignal_desktop.ui.shell.key_status import KeyStatusBook
from onesignal_desktop.ui.shell.profiles import Profile, ProfileStore

if TYPE_CHECKING:
    from onesignal_desktop.api import OneSignalClient


log = logging.getLogger(__name__)


class NotConnected(RuntimeError):
    pass


def _unexpected(error: object, expected: type[BaseException] | tuple[type[BaseException], ...]) -> bool:
    """An exception no API refusal or cancellation explains (also when it merely wraps one)."""
    if not isinstance(error, Exception) or type(error).__name__.endswith("Cancelled"):
        return False
    return not isinstance(error, expected) and not isinstance(error.__cause__, expected)


class ConsoleContext(QObject):
    """Shared state of one console window.

    Signals (all on the UI thread):
    - ``connection_changed(connection_or_None)``: a new client; views reload.
    - ``current_app_changed(app_id_or_None)``: the app selector moved; views cancel and reload.
    - ``error_reported(operation, message)``: shown by the window, non-modal.
    - ``error_resolved(operation)``: the operation worked since; its message can go.
    - ``keyring_state_changed(KeyringState)``: the keyring turned out usable or not.
    - ``online_changed(bool)``: the server stopped answering (False) or answers again (True).
    """

    connection_changed = Signal(object)
    current_app_changed = Signal(object)
    error_reported = Signal(str, str)
    error_resolved = Signal(str)
    keyring_state_changed = Signal(object)
    online_changed = Signal(bool)
    _keyring_state_from_worker = Signal(object)
    _server_answered = Signal()

    def __init__(
        self,
        *,
        settings: QSettings,
        keystore: KeyStore,
        bridge: Bridge,
        data_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        # Where drafts, the send journal and logs live; None means the user's app data directory.
        self.data_dir = data_dir
        self.keystore = keystore
        self.bridge = bridge
        self.profiles = ProfileStore(settings)
        self.connection: Connection | None = None
        # The last connect failed with nothing connected: views say so instead of "Connecting…", and a
        # refresh (F5) tries that profile (None: the sandbox) again.
        self.connect_failed = False
        self.failed_profile: Profile | None = None
        self._closing: list[threading.Thread] = []
        self.current_app_id: str | None = None
        # Operations whose failure came from the connection's server (or its missing keys): a new
        # connection makes their messages stale, so they go when it arrives.
        self._connection_failures: set[str] = set()
        # Set by the console's builder: opens a profile, or the sandbox for None, in the background.
        self.connect_to: Callable[[Profile | None], None] = lambda _profile: None
        self.catalog = AppCatalog(self)
        self.key_status = KeyStatusBook(self)
        # The keystore may change state on a worker thread; a queued signal brings it here.
        self._keyring_state_from_worker.connect(self.keyring_state_changed.emit)
        keystore.add_listener(self._keyring_state_from_worker.emit)
        bridge.failed.connect(self.report_error)
        self.online = True
        # Online again only when the server answers: work that never reaches it (reading a key, sorting
        # a list) succeeding says nothing about the server.
        self._server_answered.connect(self._now_online)  # a method of self: queued to the UI thread
        bridge.any_failed.connect(self._note_failure)

    @property
    def client(self) -> OneSignalClient:
        if self.connection is None:
            raise NotConnected("not connected yet")
        return self.connection.client

    @property
    def keyring_state(self) -> KeyringState:
        return self.keystore.state

    @property
    def not_connected_text(self) -> str:
        """What a view shows while there is no connection."""
        if self.connect_failed:
            return "Not connected (see the message above). Press F5 to try again, or choose Profiles…"
        return "Connecting…"

    def note_connect_failed(self, profile: Profile | None) -> None:
        """A connect failed; with nothing connected, views learn it through ``connection_changed``."""
        if self.connection is None:
            self.connect_failed, self.failed_profile = True, profile
            self.connection_changed.emit(None)

    def retry_failed_connect(self) -> bool:
        """Try the failed connect again (F5 with nothing connected); False if none failed."""
        if self.connection is not None or not self.connect_failed:
            return False
        self.connect_to(self.failed_profile)
        return True

    def set_connection(self, connection: Connection | None) -> None:
        self.connect_failed = False
        previous = self.connection
        self._set_online(True)
        self.connection = connection
        if connection is not None:
            connection.client.http.event_hooks["response"].append(self._answered)
        self.current_app_id = None
        if connection is not None:
            for operation in sorted(self._connection_failures):
                self.error_resolved.emit(operation)
            self._connection_failures.clear()
        self.connection_changed.emit(connection)
        if previous is not None and previous is not connection:
            # Not through the bridge: closing must happen even if pending work is cancelled at exit.
            closer = threading.Thread(target=previous.close, name="close-connection", daemon=True)
            closer.start()
            self._closing.append(closer)

    def wait_for_closed_connections(self, seconds: float = 3.0) -> None:
        """Block until connections replaced earlier are closed (their sandbox stopped); for exit."""
        for closer in self._closing:
            closer.join(seconds)
        self._closing.clear()

    def set_current_app(self, app_id: str | None) -> None:
        app_id = app_id or None
        if app_id != self.current_app_id:
            self.current_app_id = app_id
            self.current_app_changed.emit(app_id)

    def _answered(self, _response: object) -> None:
        """An httpx response hook (on a worker thread): any answer, even an error, means online."""
        with contextlib.suppress(RuntimeError):  # the console is already gone
            self._server_answered.emit()

    def _now_online(self) -> None:
        self._set_online(True)

    def _note_failure(self, operation: str, error: object) -> None:
        from onesignal_desktop.api.errors import OneSignalError, TransportError
        from onesignal_desktop.sandbox.process import SandboxProcessError

        if isinstance(error, TransportError):
            self._set_online(False)
        elif isinstance(error, OneSignalError) and getattr(error, "status", None) is not None:
            self._set_online(True)  # the server answered, even if with an error
        elif _unexpected(error, (OneSignalError, SandboxProcessError)):
            # A bug, not a refusal: its message is shown like any failure, its traceback (scrubbed by the
            # log file's filter; never local variables) goes to the log so it can be found.
            assert isinstance(error, BaseException)
            log.error("%s failed unexpectedly", operation, exc_info=(type(error), error, error.__traceback__))

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    def resolve_error(self, operation: str) -> None:
        self.error_resolved.emit(operation)

    def report_error(self, operation: str, error: Any, *, app_id: str | None = None) -> None:
        """Show ``error`` as "<operation> failed: ...". With ``app_id``, a 401/403 marks that app's key
        as rejected, so the Apps tab and the Keys dialog say so."""
        from onesignal_desktop.api.errors import OneSignalError

        message = describe_error(operation, error, self.keystore.scrub)
        if isinstance(error, OneSignalError) or isinstance(getattr(error, "__cause__", None), OneSignalError):
            self._connection_failures.add(operation)
        self.error_reported.emit(operation, message)
        if app_id and getattr(error, "status", None) in (401, 403):
            self.key_status.mark_rejected(app_id)
