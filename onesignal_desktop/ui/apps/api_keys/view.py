"""The API keys page: list, create, change, rotate and delete the current app's REST API keys.

These calls use the organization key. A created or rotated key is stored for the app at once (keyring
for a OneSignal profile, memory for the sandbox) before it is shown, so the console's own calls keep
working after the old secret stops; which key id the console holds is remembered in the settings (an id,
never a secret) so the list can say so and deleting it warns.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.apps.api_keys.dialogs import ApiKeyDialog, NewKeyDialog
from onesignal_desktop.ui.apps.model import format_time
from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.record_table import (
    Index,
    RecordTableModel,
    record_table_view,
    selected_record,
)
from onesignal_desktop.ui.common.subview import AppSubView, tool_button
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon
from onesignal_desktop.ui.shell.key_status import KeyStatus

COLUMNS = ("Name", "Key ID", "IP allowlist", "Created", "Updated", "Used by this console")
USED_COLUMN = 5
USED_HEADER_TIP = (
    "Whether the console makes its own calls for this app with the key. It can tell only for a key "
    "created or rotated here: OneSignal never shows a key's secret again, so a key typed in with Keys… "
    "(or the app's original key, which is not listed) cannot be matched to a row."
)
IN_USE_TIP = "The console stored this key for the app and uses it for its own calls."
NOT_KNOWN_TIP = (
    "Not a key the console created or rotated here. It may still be the one stored with Keys… (Ctrl+K)."
)


class ApiKeysTableModel(RecordTableModel):
    columns = COLUMNS
    id_attribute = "token_id"

    def __init__(self) -> None:
        super().__init__()
        self.console_token_id: str | None = None

    def set_keys(self, keys: list[Any], console_token_id: str | None) -> None:
        self.console_token_id = console_token_id
        self.set_records(keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and section == USED_COLUMN and role == Qt.ItemDataRole.ToolTipRole:
            return USED_HEADER_TIP
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = 0) -> Any:
        key = self.record_at(index.row())
        if key is None:
            return None
        column = index.column()
        if column == USED_COLUMN:
            return self._used_data(key.token_id == self.console_token_id, role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return str(key.name or "(unnamed)")
        if column == 1:
            return str(key.token_id or "")
        if column == 2:
            if key.ip_allowlist_mode == "explicit":
                return ", ".join(key.ip_allowlist or []) or "(none: every call refused)"
            return "any address"
        if column == 3:
            return format_time(key.created_at)
        return format_time(key.updated_at)

    @staticmethod
    def _used_data(in_use: bool, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return "in use here" if in_use else "—"
        if role == Qt.ItemDataRole.DecorationRole and in_use:
            return icon("check")
        if role == Qt.ItemDataRole.ToolTipRole:
            return IN_USE_TIP if in_use else NOT_KNOWN_TIP
        if role == Qt.ItemDataRole.TextAlignmentRole and not in_use:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ApiKeysView(AppSubView):
    title = "API keys"
    busy_text = "Working…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.last_dialog: QDialog | None = None
        self.model = ApiKeysTableModel()
        self.table = record_table_view("apiKeysTable", self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._refresh_controls())
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.stack = EmptyStack(self.table)
        self.add_delete_shortcut(self.table)

        self.new_button = tool_button("New key…", "add", self.create_new, "Create a REST API key (Ctrl+N)")
        self.edit_button = tool_button(
            "Edit…", "edit", self.edit_selected, "Rename or change the IP allowlist"
        )
        self.rotate_button = tool_button(
            "Rotate…", "refresh", self.rotate_selected, "Give the key a new secret; the old one stops working"
        )
        self.delete_button = tool_button("Delete…", "close", self.delete_selected, "Delete the key (Delete)")
        toolbar = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.rotate_button, self.delete_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.busy_label)
        hint = QLabel(
            "The app's REST API keys, for servers and scripts that call OneSignal. Managing them uses the "
            "organization key. A new or rotated key is shown once and stored for this app, so the console "
            "keeps working with it."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)
        self._refresh_controls()

    # --- which key the console holds (an id, not a secret) ------------------------------------------
    def _settings_key(self, app_id: str) -> str:
        connection = self.context.connection
        profile = connection.profile.name if connection is not None else ""
        return f"api_keys/console_token/{profile}/{app_id}"

    def console_token_id(self, app_id: str) -> str | None:
        value = self.context.settings.value(self._settings_key(app_id))
        return str(value) if value else None

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        client = self.context.client
        if not self.model.rowCount():
            self.stack.show_empty("Loading API keys…")
        self.run(
            "Load API keys",
            lambda token: client.view_api_keys(app_id),
            lambda answer: self._show_keys(app_id, answer.tokens),
            lambda _error: self._load_failed(),
            app_key=False,
        )

    def clear(self) -> None:
        self.model.set_keys([], None)
        self._refresh_controls()

    def show_no_app(self) -> None:
        self.stack.show_empty(self.no_app_text + "\nAPI keys belong to an app.")
        self._refresh_controls()

    def create_new(self) -> None:
        app_id = self.app_id
        if app_id is None:
            return
        dialog = ApiKeyDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._create(app_id, dialog.body()))
        self._open(dialog)

    def edit_selected(self) -> None:
        key, app_id = self.selected_key(), self.app_id
        if key is None or app_id is None:
            return
        dialog = ApiKeyDialog(self, key=key)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._update(app_id, key, dialog.body()))
        self._open(dialog)

    def rotate_selected(self) -> None:
        key, app_id = self.selected_key(), self.app_id
        if key is None or app_id is None:
            return
        if not self.confirm(
            "Rotate API key",
            f"Rotate the key “{key.name}”?\nIt gets a new secret and the current one stops working at once: "
            "anything else using it must be given the new one. The console stores the new secret for this "
            "app and shows it once.",
        ):
            return
        client, token_id = self.context.client, str(key.token_id)
        self._with_stored_secret(
            "Rotate API key",
            app_id,
            lambda: client.rotate_api_key(app_id, token_id),
            str(key.name),
            rotated=True,
        )

    def delete_selected(self) -> None:
        key, app_id = self.selected_key(), self.app_id
        if key is None or app_id is None:
            return
        in_use = key.token_id == self.console_token_id(app_id)
        warning = (
            "\n\nThe console itself uses this key for the app and forgets it: store another key "
            "(Keys…, Ctrl+K) or create a new one, or the app's segments, templates and notifications "
            "stop loading."
            if in_use
            else ""
        )
        if not self.confirm(
            "Delete API key",
            f"Delete the key “{key.name}”?\nCalls made with it are refused from now on; "
            "this cannot be undone." + warning,
        ):
            return
        client, token_id, connection = self.context.client, str(key.token_id), self.context.connection

        def work(token: CancelToken) -> None:
            client.delete_api_key(app_id, token_id)
            if in_use and connection is not None:
                # A stored key the server now refuses helps nobody: forget it, so the console asks for
                # another one (or, on the sandbox, falls back to the app's original key).
                connection.remove_key(connection.key_ref(app_id))

        def deleted(_result: Any) -> None:
            self.show_status(f"Deleted the API key “{key.name}”.")
            if in_use:
                self.context.settings.remove(self._settings_key(app_id))
                self.context.key_status.refresh()
            self.refresh()

        self.run("Delete API key", work, deleted, app_key=False, change=True)

    # --- actions ----------------------------------------------------------------------------------
    def selected_key(self) -> Any | None:
        return selected_record(self.table)

    def _create(self, app_id: str, body: dict[str, Any]) -> None:
        if not self.confirm(
            "Create API key",
            f"Create the REST API key “{body['name']}” for this app?\nThe console stores it for the app and "
            "uses it from now on; it is shown to you once.",
        ):
            return
        client = self.context.client
        self._with_stored_secret(
            "Create API key", app_id, lambda: client.create_api_key(app_id, body), body["name"], rotated=False
        )

    def _update(self, app_id: str, key: Any, body: dict[str, Any]) -> None:
        if not self.confirm(
            "Change API key",
            f"Save the changes to the key “{key.name}”?"
            + (
                "\nCalls from addresses outside the allowlist will be refused."
                if body.get("ip_allowlist_mode") == "explicit"
                else ""
            ),
        ):
            return
        client, token_id = self.context.client, str(key.token_id)

        def updated(_result: Any) -> None:
            self.show_status(f"Saved the API key “{body['name']}”.")
            self.refresh()

        self.run(
            "Change API key",
            lambda token: client.update_api_key(app_id, token_id, body),
            updated,
            app_key=False,
            change=True,
        )

    def _with_stored_secret(
        self, operation: str, app_id: str, call: Any, name: str, *, rotated: bool
    ) -> None:
        """Create or rotate, then store the new secret for the app in the same background task, so it is
        kept even if the person closes the window before reading it."""
        connection = self.context.connection
        if connection is None:
            return

        def work(token: CancelToken) -> tuple[str | None, str]:
            answer = call()
            secret = answer.formatted_token or ""
            if secret:
                connection.store_key(connection.key_ref(app_id), secret)
            return answer.token_id, secret

        def done(result: tuple[str | None, str]) -> None:
            token_id, secret = result
            if token_id:
                self.context.settings.setValue(self._settings_key(app_id), token_id)
            self.context.key_status.set_status(app_id, KeyStatus.STORED)
            self.refresh()
            if secret:
                where = (
                    "in memory for this session (the sandbox's keys never go to the keyring)"
                    if connection.is_sandbox
                    else "in the system keyring"
                    if self.context.keyring_state.persistent
                    else "for this session only (the keyring is not available)"
                )
                dialog = NewKeyDialog(secret, key_name=name, rotated=rotated, stored_where=where, parent=self)
                dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self._open(dialog)

        # Never restarted on failure: a retried create would make a second key.
        self.run(operation, work, done, app_key=False, change=True, whatever_the_app=True)

    def _open(self, dialog: QDialog) -> None:
        self.last_dialog = dialog
        dialog.open()

    # --- showing ----------------------------------------------------------------------------------
    def _show_keys(self, app_id: str, keys: list[Any]) -> None:
        selected = self.selected_key()
        keep = selected.token_id if selected is not None else None
        self.model.set_keys(keys, self.console_token_id(app_id))
        if keys:
            self.stack.show_content()
        else:
            self.stack.show_empty(
                "This app has no REST API keys listed yet (the app's original key is not listed).\n"
                "Create one with New key… (Ctrl+N): the console stores it and uses it from then on."
            )
        row = self.model.row_of(keep)
        if row >= 0:
            self.table.selectRow(row)
        self._refresh_controls()

    def _load_failed(self) -> None:
        if not self.model.rowCount():
            self.stack.show_empty(
                "The API keys could not be loaded (see the message above). They need the organization key: "
                "set it with Keys… (Ctrl+K), then press F5."
            )

    def _refresh_controls(self) -> None:
        selected = self.selected_key() is not None
        self.new_button.setEnabled(self.app_id is not None)
        for button in (self.edit_button, self.rotate_button, self.delete_button):
            button.setEnabled(selected)
