"""The Keys dialog: set, replace, remove and test the organization key and each app's REST API key.

Fields are masked; keys are read, written and tested off the UI thread; results name what happened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.common.form_fields import show_secret_box
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.errors import describe_error
from onesignal_desktop.ui.shell.key_status import KeyStatus


class KeyRow(QGroupBox):
    """One key: its status, a masked field, Save / Remove / Test, and the last result."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.status = QLabel("checking…")
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("Paste a key to store or replace it")
        self.show_box = show_secret_box(self.edit)
        self.save_button = QPushButton("Save")
        self.remove_button = QPushButton("Remove")
        self.test_button = QPushButton("Test")
        self.result = QLabel()
        self.result.setWordWrap(True)
        field_row = QHBoxLayout()
        field_row.addWidget(self.edit, 1)
        field_row.addWidget(self.show_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        self.form = QFormLayout(self)
        self.form.addRow("Stored:", self.status)
        self.form.addRow("Key:", field_row)
        self.form.addRow("", buttons)
        self.form.addRow("", self.result)

    def typed(self) -> str:
        return self.edit.text().strip()


class KeysDialog(QDialog):
    def __init__(
        self, context: ConsoleContext, parent: QWidget | None = None, *, app_id: str | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Keys")
        self.setObjectName("keysDialog")
        self._scope = TaskScope(context.bridge, self)
        connection = context.connection
        profile = connection.profile.name if connection is not None else "—"

        self.keyring_label = QLabel(self._storage_text())
        self.keyring_label.setWordWrap(True)
        self.org_row = KeyRow(f"Organization key — profile “{profile}”")
        self.org_row.test_button.setToolTip("Lists your apps with this key")
        self.app_row = KeyRow("App REST API key")
        self.app_row.test_button.setToolTip("Lists one notification of the app with this key")
        self.app_combo = QComboBox()
        self.app_row.form.insertRow(0, "App:", self.app_combo)
        self._fill_apps(app_id or context.current_app_id)
        self.app_combo.currentIndexChanged.connect(lambda _index: self._refresh_app_status())
        # Bound methods, not lambdas: Qt drops them when this dialog is deleted, the context lives on.
        context.catalog.changed.connect(self._apps_changed)

        self.org_row.save_button.clicked.connect(lambda: self._save(None))
        self.org_row.remove_button.clicked.connect(lambda: self._remove(None))
        self.org_row.test_button.clicked.connect(self._test_organization)
        self.app_row.save_button.clicked.connect(lambda: self._save(self.current_app_id()))
        self.app_row.remove_button.clicked.connect(lambda: self._remove(self.current_app_id()))
        self.app_row.test_button.clicked.connect(self._test_app)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.org_row)
        layout.addWidget(self.app_row)
        layout.addStretch(1)
        layout.addWidget(close)
        self.resize(620, 460)
        context.keyring_state_changed.connect(self._keyring_state_changed)
        context.connection_changed.connect(self._connection_changed)
        self._refresh_org_status()
        self._refresh_app_status()

    def _apps_changed(self) -> None:
        self._fill_apps(self.current_app_id())

    def _keyring_state_changed(self, _state: object) -> None:
        self.keyring_label.setText(self._storage_text())

    def _connection_changed(self, _connection: object) -> None:
        self.keyring_label.setText(self._storage_text())
        self._refresh_org_status()
        self._refresh_app_status()

    def _storage_text(self) -> str:
        connection = self.context.connection
        if connection is not None and connection.is_sandbox:
            return (
                "These are the local sandbox's keys: they are kept in memory for this session only and "
                "never written to your keyring."
            )
        return self.context.keyring_state.message

    def _fill_apps(self, wanted: str | None) -> None:
        self.app_combo.blockSignals(True)
        self.app_combo.clear()
        for app in self.context.catalog.apps:
            self.app_combo.addItem(f"{app.name or '(unnamed)'}  ·  {app.id}", app.id)
        if wanted and self.app_combo.findData(wanted) >= 0:
            self.app_combo.setCurrentIndex(self.app_combo.findData(wanted))
        self.app_combo.blockSignals(False)
        has_apps = self.app_combo.count() > 0
        self.app_row.setEnabled(has_apps)
        if has_apps:
            self._refresh_app_status()
        else:
            catalog = self.context.catalog
            self.app_row.status.setText(
                "No apps yet"
                if catalog.loaded
                else ("Loading apps…" if catalog.busy else "The apps could not be loaded")
            )

    def current_app_id(self) -> str | None:
        value = self.app_combo.currentData()
        return str(value) if value else None

    def _row(self, app_id: str | None) -> KeyRow:
        return self.org_row if app_id is None else self.app_row

    # --- status -----------------------------------------------------------------------------------
    def _refresh_org_status(self) -> None:
        connection = self.context.connection
        if connection is None:
            self.org_row.status.setText("not connected yet")
            return
        self.org_row.setTitle(f"Organization key — profile “{connection.profile.name}”")
        ref = connection.key_ref(None)
        self._scope.run(
            "Read the organization key",
            lambda token: connection.keystore.has(ref),
            on_finished=lambda stored: self.org_row.status.setText("stored" if stored else "missing"),
        )

    def _refresh_app_status(self) -> None:
        connection, app_id = self.context.connection, self.current_app_id()
        if connection is None or app_id is None:
            return

        def show(stored: bool) -> None:
            if self.current_app_id() != app_id:
                return
            rejected = self.context.key_status.status(app_id) is KeyStatus.REJECTED
            self.app_row.status.setText(
                "rejected by the server" if stored and rejected else ("stored" if stored else "missing")
            )

        self._scope.run(
            "Read the app key", lambda token: connection.app_key(app_id) is not None, on_finished=show
        )

    # --- actions ----------------------------------------------------------------------------------
    def _save(self, app_id: str | None) -> None:
        connection, row = self.context.connection, self._row(app_id)
        key = row.typed()
        if connection is None:
            row.result.setText("Not connected yet: try again in a moment.")
            return
        if not key:
            row.result.setText("Paste the key into the field first.")
            return
        ref = connection.key_ref(app_id)

        def done(_result: Any) -> None:
            row.edit.clear()
            state = self.context.keyring_state
            where = (
                "in the system keyring"
                if state.persistent and not connection.is_sandbox
                else "for this session"
            )
            row.result.setText(f"Saved {where}.")
            row.status.setText("stored")
            if app_id is not None:
                self.context.key_status.set_status(app_id, KeyStatus.STORED)
            else:
                self.context.catalog.reload()  # the new organization key may open the apps list

        self._scope.run(
            "Save key",
            lambda token: connection.store_key(ref, key),
            on_finished=done,
            on_failed=lambda error: row.result.setText(
                describe_error("Save key", error, self.context.keystore.scrub)
            ),
        )

    def _remove(self, app_id: str | None) -> None:
        connection, row = self.context.connection, self._row(app_id)
        if connection is None:
            return
        ref = connection.key_ref(app_id)

        def done(_result: Any) -> None:
            row.result.setText("Removed.")
            row.status.setText("missing")
            if app_id is not None:
                self.context.key_status.set_status(app_id, KeyStatus.MISSING)

        self._scope.run("Remove key", lambda token: connection.remove_key(ref), on_finished=done)

    def _test_organization(self) -> None:
        connection, row = self.context.connection, self.org_row
        if connection is None:
            return
        typed = row.typed()
        base_url, scheme = connection.base_url, connection.profile.auth_scheme

        def work(token: CancelToken) -> int:
            from onesignal_desktop.api import OneSignalClient

            key = typed or connection.keystore.get(connection.key_ref(None))
            with OneSignalClient(base_url, organization_key=key, auth_scheme=scheme) as client:
                return len(client.get_apps())

        row.result.setText("Testing…")
        self._scope.run(
            "Test the organization key",
            work,
            on_finished=lambda count: row.result.setText(f"Works: listed {count} app(s)."),
            on_failed=lambda error: row.result.setText(
                describe_error("Test the organization key", error, self.context.keystore.scrub)
            ),
        )

    def _test_app(self) -> None:
        connection, row, app_id = self.context.connection, self.app_row, self.current_app_id()
        if connection is None or app_id is None:
            return
        typed = row.typed()
        base_url, scheme = connection.base_url, connection.profile.auth_scheme

        def work(token: CancelToken) -> bool:
            from onesignal_desktop.api import OneSignalClient

            key = typed or connection.app_key(app_id)
            keys = {app_id: key} if key else {}
            with OneSignalClient(base_url, app_keys=keys, auth_scheme=scheme) as client:
                client.get_notifications(app_id, limit=1)
            return not typed

        def works(tested_stored: bool) -> None:
            row.result.setText("Works: listed the app's notifications.")
            if tested_stored:
                self.context.key_status.set_status(app_id, KeyStatus.STORED)

        def failed(error: BaseException) -> None:
            row.result.setText(describe_error("Test the app key", error, self.context.keystore.scrub))
            if not typed and getattr(error, "status", None) in (401, 403):
                self.context.key_status.mark_rejected(app_id)
                row.status.setText("rejected by the server")

        row.result.setText("Testing…")
        self._scope.run("Test the app key", work, on_finished=works, on_failed=failed)
