"""Create or edit an app: the form, Save in the background, the problem shown in the dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.apps.form import AppForm
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.errors import describe_error

CREATE_APP = "Create app"
UPDATE_APP = "Save app"


class AppDialog(QDialog):
    """``saved(app)`` after the server accepted it; the catalog is already updated then."""

    saved = Signal(object)

    def __init__(self, context: ConsoleContext, app: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.app = app
        self.setWindowTitle("New app" if app is None else f"Edit {app.name or app.id}")
        self.form = AppForm(app)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Create" if app is None else "Save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 440)
        self.form.fields["name"].setFocus()  # typing goes into the name at once
        self._scope = TaskScope(context.bridge, self)
        self._scope.busy_changed.connect(self._busy)

    def save(self) -> None:
        payload = self.form.payload()
        if payload is None:
            return
        if not payload and self.app is not None:
            self.accept()  # nothing changed
            return
        connection = self.context.connection
        if connection is None:
            self._show_problem("Not connected yet.")
            return
        client = connection.client
        creating = self.app is None
        app_id = "" if self.app is None else str(self.app.id)

        def work(token: CancelToken) -> Any:
            if creating:
                created = client.create_app(payload)
                if created.id and created.basic_auth_key:
                    # The new app's REST key is stored at once: it is only shown in this answer.
                    connection.store_key(connection.key_ref(created.id), created.basic_auth_key)
                return created
            return client.update_app(app_id, payload)

        self.problem.hide()
        self._scope.run(
            CREATE_APP if creating else UPDATE_APP, work, on_finished=self._saved, on_failed=self._failed
        )

    def _saved(self, app: Any) -> None:
        self.context.catalog.upsert(app)
        self.context.key_status.refresh()
        if self.app is None and app.id:
            self.context.set_current_app(app.id)
        self.saved.emit(app)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        operation = CREATE_APP if self.app is None else UPDATE_APP
        self._show_problem(describe_error(operation, error, self.context.keystore.scrub))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("Saving…" if busy else ("Create" if self.app is None else "Save"))
