"""The status bar: which connection (profile, base URL, sandbox or OneSignal), key storage, activity."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QWidget

from onesignal_desktop.keystore import KeyringState
from onesignal_desktop.ui.shell.connection import Connection
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon


class ConsoleStatusBar(QStatusBar):
    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.connection_icon = QLabel()
        self.connection_label = QLabel("Connecting…")
        self.offline_label = QLabel("Offline — the server does not answer; the next action tries again")
        self.offline_label.setToolTip("Refresh (F5) or any other action reconnects once the server is back.")
        self.offline_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.offline_label.hide()
        self.keys_label = QLabel()
        self.activity_bar = QProgressBar()
        self.activity_bar.setRange(0, 0)  # busy indicator
        self.activity_bar.setMaximumWidth(80)
        self.activity_bar.setMaximumHeight(12)
        self.activity_bar.setTextVisible(False)
        self.activity_label = QLabel()
        left = QWidget()
        row = QHBoxLayout(left)
        row.setContentsMargins(4, 0, 0, 0)
        row.addWidget(self.connection_icon)
        row.addWidget(self.connection_label)
        row.addWidget(self.offline_label)
        row.addStretch(1)
        self.addWidget(left, 1)
        self.addPermanentWidget(self.keys_label)
        self.addPermanentWidget(self.activity_bar)
        self.addPermanentWidget(self.activity_label)
        context.connection_changed.connect(self.show_connection)
        context.keyring_state_changed.connect(self.show_keyring)
        context.bridge.activity_changed.connect(self.show_activity)
        context.online_changed.connect(self.show_online)
        self.show_connection(context.connection)
        self.show_keyring(context.keyring_state)
        self.show_activity(context.bridge.active_count)

    def show_connection(self, connection: Connection | None) -> None:
        self.show_keyring(self._context.keyring_state)
        if connection is None:
            failed = self._context.connect_failed
            self.connection_label.setText("Not connected — F5 tries again" if failed else "Connecting…")
            self.connection_icon.clear()
            return
        profile = connection.profile
        if connection.is_sandbox:
            text = f"Sandbox (local) — {connection.base_url}"
        else:
            text = (
                f"OneSignal — profile “{profile.name}” — {connection.base_url} (auth: {profile.auth_scheme})"
            )
        self.connection_label.setText(text)
        self.connection_icon.setPixmap(icon("sandbox" if connection.is_sandbox else "cloud").pixmap(16, 16))

    def show_keyring(self, state: KeyringState) -> None:
        connection = self._context.connection
        if connection is not None and connection.is_sandbox:
            self.keys_label.setText("Keys: sandbox (this session)")
            self.keys_label.setToolTip(
                "The local sandbox's keys are kept in memory only, never in your keyring. " + state.message
            )
            return
        if state.persistent:
            self.keys_label.setText("Keys: system keyring")
        elif state.kind.value == "unknown":
            self.keys_label.setText("Keys: checking keyring…")
        else:
            self.keys_label.setText("Keys: this session only")
        self.keys_label.setToolTip(state.message)

    def show_online(self, online: bool) -> None:
        self.offline_label.setVisible(not online)
        self.connection_icon.setPixmap(
            icon("error" if not online else self._connection_icon_name()).pixmap(16, 16)
        )

    def _connection_icon_name(self) -> str:
        connection = self._context.connection
        return "sandbox" if connection is not None and connection.is_sandbox else "cloud"

    def show_activity(self, count: int) -> None:
        self.activity_bar.setVisible(count > 0)
        self.activity_label.setText(f"{count} request{'s' if count != 1 else ''}" if count else "Idle")
