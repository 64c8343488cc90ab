"""Users and subscriptions (current API): find a user by alias, see and change identity, properties,
tags and subscriptions, delete the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import TaskScope
from onesignal_desktop.ui.players.fields import DeleteKey, FieldWithError
from onesignal_desktop.ui.players.rows import format_time
from onesignal_desktop.ui.players.tags_editor import TagsEditor
from onesignal_desktop.ui.players.users.dialogs import AddSubscriptionDialog, TransferSubscriptionDialog
from onesignal_desktop.ui.players.users.new_user import (
    AliasThroughSubscriptionDialog,
    NewUserDialog,
    UpdateByTokenDialog,
)
from onesignal_desktop.ui.players.users.test_event import TestEventDialog, send_test_event
from onesignal_desktop.ui.players.validation import check_alias, check_language, check_uuid
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon

FIND_USER = "Find user"
SAVE_USER = "Save user"
ADD_ALIAS = "Add alias"
DELETE_ALIAS = "Delete alias"
ADD_SUBSCRIPTION = "Add subscription"
UPDATE_SUBSCRIPTION = "Update subscription"
DELETE_SUBSCRIPTION = "Delete subscription"
TRANSFER_SUBSCRIPTION = "Transfer subscription"
DELETE_USER = "Delete user"
SEND_TEST_EVENT = "Send test event"
CREATE_USER = "Create user"
RELOAD_ALIASES = "Reload aliases"
ADD_ALIAS_BY_SUBSCRIPTION = "Add alias through subscription"
UPDATE_BY_TOKEN = "Update subscription by token"
#: The lookup's choice that finds a user by one of its subscriptions (not an alias label: it has spaces,
#: which alias labels never have).
BY_SUBSCRIPTION = "by subscription id"
ALIAS_LABELS = ("external_id", "onesignal_id", BY_SUBSCRIPTION)
SUBSCRIPTION_COLUMNS = ("Type", "Token", "Subscribed", "Notification types", "Subscription ID")
PROPERTY_FIELDS = (("language", "Language", "e.g. en"), ("timezone_id", "Timezone", "e.g. Europe/Paris"),
                   ("country", "Country", "e.g. FR"))  # fmt: skip


class UsersView(QWidget):
    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.app_id: str | None = None
        self.user: Any = None
        self.last_dialog: Any = None
        self._request = 0

        # --- lookup ---
        self.label_field = FieldWithError(QComboBox())
        self.label_combo.setEditable(True)
        self.label_combo.addItems(ALIAS_LABELS)
        self.label_combo.setToolTip(
            "external_id, onesignal_id, one of your own alias labels, or “by subscription id” to find the "
            "user who owns a subscription"
        )
        self.label_combo.setAccessibleName("Alias label")
        self.label_combo.currentTextChanged.connect(lambda _t: self.label_field.clear_error())
        self.id_field = FieldWithError(QLineEdit())
        self.id_edit.setPlaceholderText("the alias id, e.g. the user's external id (Ctrl+F)")
        self.id_edit.textEdited.connect(lambda _t: self.id_field.clear_error())
        self.id_edit.returnPressed.connect(self.find_user)
        self.find_button = QPushButton(icon("find"), "Find user")
        self.find_button.clicked.connect(self.find_user)
        self.id_edit.setAccessibleName("Alias id")
        self.new_user_button = QPushButton(icon("add"), "New user…")
        self.new_user_button.setToolTip("Create a user with an external id, aliases, tags and a subscription")
        self.new_user_button.clicked.connect(self.new_user)
        self.by_token_button = QPushButton("Update by token…")
        self.by_token_button.setToolTip(
            "Change a subscription known only by its push token, email address or phone number"
        )
        self.by_token_button.clicked.connect(self.update_by_token)
        lookup = QHBoxLayout()
        alias_label = QLabel("Alias:")
        # Top-aligned like the fields (their error line grows below them), as tall as the box it names so
        # the text sits level with the box's.
        alias_label.setMinimumHeight(self.label_combo.sizeHint().height())
        lookup.addWidget(alias_label, 0, Qt.AlignmentFlag.AlignTop)
        self.label_field.setFixedWidth(180)
        lookup.addWidget(self.label_field, 0, Qt.AlignmentFlag.AlignTop)
        lookup.addWidget(self.id_field, 3, Qt.AlignmentFlag.AlignTop)
        lookup.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignTop)
        lookup.addWidget(self.new_user_button, 0, Qt.AlignmentFlag.AlignTop)
        lookup.addWidget(self.by_token_button, 0, Qt.AlignmentFlag.AlignTop)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        # --- identity ---
        self.aliases = QTableWidget(0, 2)
        self.aliases.setHorizontalHeaderLabels(["Label", "ID"])
        self._plain_table(self.aliases)
        self.new_alias_label = FieldWithError(QLineEdit())
        self.new_alias_label_edit.setPlaceholderText("label")
        self.new_alias_label_edit.textEdited.connect(lambda _t: self.new_alias_label.clear_error())
        self.new_alias_id = FieldWithError(QLineEdit())
        self.new_alias_id_edit.setPlaceholderText("id")
        self.new_alias_id_edit.textEdited.connect(lambda _t: self.new_alias_id.clear_error())
        self.new_alias_id_edit.returnPressed.connect(self.add_alias)
        self.add_alias_button = QPushButton(icon("add"), "Add alias")
        self.add_alias_button.clicked.connect(self.add_alias)
        self.delete_alias_button = QPushButton(icon("close"), "Delete alias")
        self.delete_alias_button.clicked.connect(self.delete_alias)
        self.reload_aliases_button = QPushButton(icon("refresh"), "Reload aliases")
        self.reload_aliases_button.setToolTip("Read the user's aliases again from OneSignal")
        self.reload_aliases_button.clicked.connect(self.reload_aliases)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_alias_label, 1, Qt.AlignmentFlag.AlignTop)
        add_row.addWidget(self.new_alias_id, 2, Qt.AlignmentFlag.AlignTop)
        add_row.addWidget(self.add_alias_button, 0, Qt.AlignmentFlag.AlignTop)
        identity_box = QGroupBox("Identity (aliases)")
        identity_layout = QVBoxLayout(identity_box)
        identity_layout.addWidget(self.aliases)
        identity_layout.addLayout(add_row)
        alias_buttons = QHBoxLayout()
        alias_buttons.addWidget(self.delete_alias_button)
        alias_buttons.addWidget(self.reload_aliases_button)
        alias_buttons.addStretch(1)
        identity_layout.addLayout(alias_buttons)

        # --- properties ---
        self.property_fields: dict[str, FieldWithError] = {}
        properties_box = QGroupBox("Properties")
        properties_form = QFormLayout(properties_box)
        for name, caption, placeholder in PROPERTY_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            field = FieldWithError(edit)
            edit.textEdited.connect(field.clear_error)
            edit.textEdited.connect(lambda _t: self._update_buttons())
            self.property_fields[name] = field
            properties_form.addRow(caption + ":", field)
        self.first_active = QLabel("—")
        self.last_active = QLabel("—")
        self.onesignal_id_label = QLabel("—")
        self.onesignal_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        properties_form.addRow("First active:", self.first_active)
        properties_form.addRow("Last active:", self.last_active)
        self.tags = TagsEditor()
        self.tags.changed.connect(self._update_buttons)
        tags_box = QGroupBox("Tags")
        QVBoxLayout(tags_box).addWidget(self.tags)
        self.save_button = QPushButton(icon("check"), "Save properties and tags")
        self.save_button.clicked.connect(self.save)

        # --- subscriptions ---
        self.subscriptions = QTableWidget(0, len(SUBSCRIPTION_COLUMNS))
        self.subscriptions.setHorizontalHeaderLabels(list(SUBSCRIPTION_COLUMNS))
        self._plain_table(self.subscriptions)
        self.subscriptions.itemSelectionChanged.connect(self._update_buttons)
        self.add_subscription_button = QPushButton(icon("add"), "Add…")
        self.add_subscription_button.setToolTip(
            "Add an email, SMS or push subscription to this user (Ctrl+N)"
        )
        self.add_subscription_button.clicked.connect(self.add_subscription)
        self.toggle_button = QPushButton("Disable")
        self.toggle_button.clicked.connect(self.toggle_subscription)
        self.transfer_button = QPushButton("Transfer…")
        self.transfer_button.setToolTip("Move the selected subscription to another user")
        self.transfer_button.clicked.connect(self.transfer_subscription)
        self.delete_subscription_button = QPushButton(icon("close"), "Delete…")
        self.delete_subscription_button.clicked.connect(self.delete_subscription)
        self.alias_by_subscription_button = QPushButton("Add alias through it…")
        self.alias_by_subscription_button.setToolTip(
            "Add an alias to the user who owns the selected subscription"
        )
        self.alias_by_subscription_button.clicked.connect(self.add_alias_by_subscription)
        subscription_buttons = QHBoxLayout()
        for button in (
            self.add_subscription_button,
            self.toggle_button,
            self.transfer_button,
            self.alias_by_subscription_button,
            self.delete_subscription_button,
        ):
            subscription_buttons.addWidget(button)
        subscription_buttons.addStretch(1)
        subscriptions_box = QGroupBox("Subscriptions")
        subscriptions_layout = QVBoxLayout(subscriptions_box)
        subscriptions_layout.addWidget(self.subscriptions)
        subscriptions_layout.addLayout(subscription_buttons)

        self.test_event_button = QPushButton("Send test event…")
        self.test_event_button.setToolTip(
            "Record a custom event for this user and see which journeys it starts"
        )
        self.test_event_button.clicked.connect(self.send_test_event)
        self.delete_user_button = QPushButton(icon("close"), "Delete user…")
        self.delete_user_button.setToolTip("Delete this user and all of its subscriptions (asks first)")
        self.delete_user_button.clicked.connect(self.delete_user)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.test_event_button)
        title_row.addWidget(self.delete_user_button)

        grid = QGridLayout()
        grid.addWidget(identity_box, 0, 0)
        grid.addWidget(properties_box, 0, 1)
        grid.addWidget(subscriptions_box, 1, 0)
        tags_column = QVBoxLayout()
        tags_column.addWidget(tags_box, 1)
        tags_column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        grid.addLayout(tags_column, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        user_page = QWidget()
        user_layout = QVBoxLayout(user_page)
        user_layout.setContentsMargins(0, 0, 0, 0)
        user_layout.addLayout(title_row)
        user_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(user_page)
        self.user_page = scroll

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.user_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(lookup)
        layout.addWidget(self.status_label)
        layout.addWidget(self.stack, 1)

        self._delete_keys = (
            DeleteKey(self.aliases, self.delete_alias),
            DeleteKey(self.subscriptions, self.delete_subscription),
        )
        self.scope.busy_changed.connect(lambda _busy: self._update_buttons())
        self.show_user(None)

    @staticmethod
    def _plain_table(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(120)

    # --- editors ----------------------------------------------------------------------------------
    @property
    def label_combo(self) -> QComboBox:
        editor = self.label_field.editor
        assert isinstance(editor, QComboBox)
        return editor

    @property
    def id_edit(self) -> QLineEdit:
        return self._line(self.id_field)

    @property
    def new_alias_label_edit(self) -> QLineEdit:
        return self._line(self.new_alias_label)

    @property
    def new_alias_id_edit(self) -> QLineEdit:
        return self._line(self.new_alias_id)

    @staticmethod
    def _line(field: FieldWithError) -> QLineEdit:
        editor = field.editor
        assert isinstance(editor, QLineEdit)
        return editor

    # --- console ----------------------------------------------------------------------------------
    def set_app(self, app_id: str | None) -> None:
        if app_id != self.app_id:
            self.app_id = app_id
            self._request += 1
            self.scope.cancel_all()
            self.show_user(None)

    def focus_lookup(self) -> None:
        self.id_edit.setFocus()
        self.id_edit.selectAll()

    def refresh(self) -> None:
        if self.user is not None:
            self._reload()

    # --- find -------------------------------------------------------------------------------------
    def find_user(self) -> None:
        label, alias_id = self.label_combo.currentText().strip(), self.id_edit.text().strip()
        if label == BY_SUBSCRIPTION:
            self.find_by_subscription(alias_id)
            return
        problems = check_alias(label, alias_id)
        self.label_field.show_error(problems.get("label"))
        self.id_field.show_error(problems.get("id"))
        if problems or self.app_id is None or self.context.connection is None:
            return
        self.status_label.setText(f"Looking up {label} “{alias_id}”…")
        self._fetch(label, alias_id, FIND_USER)

    def _fetch(self, label: str, alias_id: str, operation: str, then: str = "") -> None:
        client, app_id = self.context.client, self.app_id
        assert app_id is not None
        self._request += 1
        request = self._request
        self.scope.run(
            operation,
            lambda token: client.get_user(app_id, label, alias_id),
            on_finished=lambda user: self._found(request, user, then),
            on_failed=lambda error: self._find_failed(request, operation, label, alias_id, error),
        )

    def find_by_subscription(self, subscription_id: str) -> None:
        """The user who owns a subscription: its aliases by subscription, then the user by onesignal_id."""
        self.label_field.clear_error()
        problem = check_uuid(subscription_id, "A subscription id")
        self.id_field.show_error(problem)
        if problem or self.app_id is None or self.context.connection is None:
            return
        client, app_id = self.context.client, self.app_id
        self._request += 1
        request = self._request
        self.status_label.setText(f"Looking up the owner of subscription {subscription_id}…")

        def work(token: Any) -> Any:
            owner = client.get_aliases_by_subscription(app_id, subscription_id)
            token.check()
            onesignal_id = (owner.identity or {}).get("onesignal_id")
            if not onesignal_id:
                return None
            return client.get_user(app_id, "onesignal_id", onesignal_id)

        def found(user: Any) -> None:
            if request != self._request:
                return
            self._found(request, user, f"The owner of subscription {subscription_id}.")
            if user is not None:
                self.select_subscription(subscription_id)

        def failed(error: BaseException) -> None:
            from onesignal_desktop.api.errors import NotFoundError

            if request != self._request:
                return
            if isinstance(error, NotFoundError):
                self.show_user(None)
                self.status_label.setText("")
                self.id_field.show_error("No subscription has this id in this app.")
                return
            self.status_label.setText(f"{FIND_USER} failed — see the message above.")
            self.context.report_error(FIND_USER, error)

        self.scope.run(FIND_USER, work, on_finished=found, on_failed=failed)

    def _found(self, request: int, user: Any, then: str) -> None:
        if request != self._request:
            return
        self.context.resolve_error(FIND_USER)
        self.show_user(user)
        self.status_label.setText(then)

    def _find_failed(
        self, request: int, operation: str, label: str, alias_id: str, error: BaseException
    ) -> None:
        if request != self._request:
            return
        from onesignal_desktop.api.errors import NotFoundError

        if isinstance(error, NotFoundError) and operation == FIND_USER:
            self.show_user(None)
            self.status_label.setText("")
            self.empty_label.setText(
                f"No user has the alias {label} = “{alias_id}” in this app.\n"
                "Check the label and id; external ids are case-sensitive."
            )
            return
        self.status_label.setText(f"{operation} failed — see the message above.")
        self.context.report_error(operation, error)

    def _reload(self, then: str = "") -> None:
        onesignal_id = getattr(self.user, "onesignal_id", None)
        if onesignal_id:
            self._fetch("onesignal_id", onesignal_id, FIND_USER, then)

    # --- showing ----------------------------------------------------------------------------------
    def show_user(self, user: Any) -> None:
        self.user = user
        if user is None:
            if self.context.connection is None:
                text = self.context.not_connected_text
            elif self.app_id is None:
                text = "Choose an app above to look up its users."
            else:
                text = (
                    "Find a user by alias: their external_id (your own user id), their onesignal_id, or a "
                    "custom alias label you gave them.\n\nYou will see the user's identity, properties, "
                    "tags and subscriptions, and can change them."
                )
            self.empty_label.setText(text)
            self.stack.setCurrentWidget(self.empty_label)
            self._update_buttons()
            return
        identity = dict(user.identity or {})
        self.title.setText(
            f"User {identity.get('external_id') or identity.get('onesignal_id') or ''}".strip()
        )
        self.show_aliases(identity)
        properties = user.properties
        for name, field in self.property_fields.items():
            self._line(field).setText(str(getattr(properties, name, None) or ""))
            field.clear_error()
        self.first_active.setText(format_time(getattr(properties, "first_active", None)))
        self.last_active.setText(format_time(getattr(properties, "last_active", None)))
        self.tags.set_tags(getattr(properties, "tags", None))
        self.subscriptions.setRowCount(0)
        for subscription in user.subscriptions or []:
            row = self.subscriptions.rowCount()
            self.subscriptions.insertRow(row)
            values = (
                subscription.type or "",
                subscription.token or "",
                "Yes" if subscription.enabled else "No",
                "" if subscription.notification_types is None else str(subscription.notification_types),
                subscription.id or "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, subscription.id)
                self.subscriptions.setItem(row, column, item)
        self.stack.setCurrentWidget(self.user_page)
        self._update_buttons()

    def show_aliases(self, identity: dict[str, str]) -> None:
        self.aliases.setRowCount(0)
        for label, alias_id in sorted(
            identity.items(), key=lambda item: (item[0] != "onesignal_id", item[0])
        ):
            row = self.aliases.rowCount()
            self.aliases.insertRow(row)
            self.aliases.setItem(row, 0, QTableWidgetItem(label))
            self.aliases.setItem(row, 1, QTableWidgetItem(alias_id))

    def alias_labels(self) -> dict[str, str]:
        return dict(self.user.identity or {}) if self.user is not None else {}

    def subscription_ids(self) -> list[str]:
        return [sub.id for sub in (self.user.subscriptions or []) if sub.id] if self.user is not None else []

    def selected_subscription(self) -> Any:
        rows = self.subscriptions.selectionModel().selectedRows()
        if not rows or self.user is None:
            return None
        item = self.subscriptions.item(rows[0].row(), 0)
        wanted = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((sub for sub in self.user.subscriptions or [] if sub.id == wanted), None)

    def select_subscription(self, subscription_id: str) -> None:
        for row in range(self.subscriptions.rowCount()):
            item = self.subscriptions.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == subscription_id:
                self.subscriptions.selectRow(row)

    def _update_buttons(self) -> None:
        has_user = self.user is not None
        busy = self.scope.busy
        selected = self.selected_subscription() if has_user else None
        for button in (self.add_alias_button, self.delete_alias_button, self.add_subscription_button,
                       self.delete_user_button, self.test_event_button,
                       self.reload_aliases_button):  # fmt: skip
            button.setEnabled(has_user and not busy)
        for button in (self.toggle_button, self.transfer_button, self.delete_subscription_button,
                       self.alias_by_subscription_button):  # fmt: skip
            button.setEnabled(selected is not None and not busy)
        can_call = self.app_id is not None and self.context.connection is not None and not busy
        self.new_user_button.setEnabled(can_call)
        self.by_token_button.setEnabled(can_call)
        self.toggle_button.setText("Enable" if selected is not None and not selected.enabled else "Disable")
        self.save_button.setEnabled(has_user and not busy and bool(self.property_changes()))
        self.find_button.setEnabled(not busy)

    # --- changes ----------------------------------------------------------------------------------
    def _alias_path(self) -> tuple[str, str, str]:
        """(app_id, label, id) addressing the shown user: its onesignal_id never changes."""
        assert self.app_id is not None and self.user is not None
        return self.app_id, "onesignal_id", str(self.user.onesignal_id)

    def _run(
        self,
        operation: str,
        work: Callable[[Any], Any],
        done: str,
        after: Callable[[], None] | None = None,
    ) -> None:
        """Run one change of the shown user; on success show ``done``, call ``after`` and reload the user."""
        if self.user is None or self.scope.busy:
            return
        self.status_label.setText(f"{operation}…")

        def finished(_result: Any) -> None:
            self.context.resolve_error(operation)
            if after is not None:
                after()
            self._reload(done)

        def failed(error: BaseException) -> None:
            self.status_label.setText(f"{operation} failed — see the message above.")
            self.context.report_error(operation, error)

        self.scope.run(operation, work, on_finished=finished, on_failed=failed)

    def property_changes(self) -> dict[str, Any]:
        if self.user is None:
            return {}
        properties = self.user.properties
        changes: dict[str, Any] = {}
        for name, field in self.property_fields.items():
            text = self._line(field).text().strip()
            if text != str(getattr(properties, name, None) or ""):
                changes[name] = text
        delta = self.tags.delta()
        if delta:
            changes["tags"] = delta
        return changes

    def save(self) -> None:
        language_problem = check_language(self._line(self.property_fields["language"]).text())
        self.property_fields["language"].show_error(language_problem)
        country = self._line(self.property_fields["country"]).text().strip()
        country_problem = (
            "Use the two-letter country code (ISO 3166), e.g. FR."
            if country and not (len(country) == 2 and country.isalpha())
            else None
        )
        self.property_fields["country"].show_error(country_problem)
        if not self.tags.validate() or language_problem or country_problem:
            return
        changes = self.property_changes()
        if not changes:
            return
        app_id, label, alias_id = self._alias_path()
        client = self.context.client
        self._run(
            SAVE_USER,
            lambda token: client.update_user(app_id, label, alias_id, {"properties": changes}),
            "Saved.",
        )

    def add_alias(self) -> None:
        label, alias_id = self.new_alias_label_edit.text().strip(), self.new_alias_id_edit.text().strip()
        problems = check_alias(label, alias_id)
        if label == "onesignal_id":
            problems["label"] = "onesignal_id is given by OneSignal; choose another label."
        self.new_alias_label.show_error(problems.get("label"))
        self.new_alias_id.show_error(problems.get("id"))
        if problems or self.user is None:
            return
        app_id, by_label, by_id = self._alias_path()
        client = self.context.client

        def work(token: Any) -> Any:
            return client.create_alias(app_id, by_label, by_id, {"identity": {label: alias_id}})

        def clear_inputs() -> None:  # only once added: after a failure the typed alias stays to retry
            self.new_alias_label_edit.clear()
            self.new_alias_id_edit.clear()

        self._run(ADD_ALIAS, work, f"Added alias {label}.", clear_inputs)

    def delete_alias(self) -> None:
        rows = self.aliases.selectionModel().selectedRows()
        if not rows or self.user is None:
            return
        item = self.aliases.item(rows[0].row(), 0)
        label = item.text() if item is not None else ""
        if label == "onesignal_id":
            self.status_label.setText("The onesignal_id alias cannot be deleted; delete the user instead.")
            return
        app_id, by_label, by_id = self._alias_path()
        client = self.context.client
        self._run(
            DELETE_ALIAS,
            lambda token: client.delete_alias(app_id, by_label, by_id, label),
            f"Deleted alias {label}.",
        )

    def add_subscription(self) -> None:
        if self.user is None:
            return
        dialog = AddSubscriptionDialog(self)
        dialog.accepted.connect(lambda: self._add_subscription(dialog.subscription()))
        self._open(dialog)

    def _add_subscription(self, subscription: dict[str, Any]) -> None:
        app_id, label, alias_id = self._alias_path()
        client = self.context.client
        self._run(
            ADD_SUBSCRIPTION,
            lambda token: client.create_subscription(app_id, label, alias_id, {"subscription": subscription}),
            f"Added the {subscription['type']} subscription.",
        )

    def toggle_subscription(self) -> None:
        subscription = self.selected_subscription()
        if subscription is None:
            return
        enable = not subscription.enabled
        app_id, client = self.app_id, self.context.client
        assert app_id is not None
        self._run(
            UPDATE_SUBSCRIPTION,
            lambda token: client.update_subscription(
                app_id, subscription.id, {"subscription": {"enabled": enable}}
            ),
            f"{'Enabled' if enable else 'Disabled'} subscription {subscription.id}.",
        )

    def transfer_subscription(self) -> None:
        subscription = self.selected_subscription()
        if subscription is None:
            return
        dialog = TransferSubscriptionDialog(subscription.id, self)
        dialog.accepted.connect(lambda: self._transfer(subscription.id, dialog.identity()))
        self._open(dialog)

    def _transfer(self, subscription_id: str, identity: dict[str, str]) -> None:
        app_id, client = self.app_id, self.context.client
        assert app_id is not None
        label, alias_id = next(iter(identity.items()))
        self._run(
            TRANSFER_SUBSCRIPTION,
            lambda token: client.transfer_subscription(app_id, subscription_id, {"identity": identity}),
            f"Moved subscription {subscription_id} to {label} “{alias_id}”.",
        )

    def delete_subscription(self) -> None:
        subscription = self.selected_subscription()
        if subscription is None:
            return
        app_id, client = self.app_id, self.context.client
        assert app_id is not None
        self._confirm(
            "Delete subscription",
            f"Delete the {subscription.type} subscription {subscription.id}?\n\nIt stops receiving messages.",
            "Delete subscription",
            lambda: self._run(
                DELETE_SUBSCRIPTION,
                lambda token: client.delete_subscription(app_id, subscription.id),
                f"Deleted subscription {subscription.id}.",
            ),
        )

    def delete_user(self) -> None:
        if self.user is None:
            return
        app_id, label, alias_id = self._alias_path()
        client = self.context.client
        name = self.title.text()

        def delete() -> None:
            if self.scope.busy:
                return
            self.status_label.setText("Deleting the user…")

            def finished(_result: Any) -> None:
                self.context.resolve_error(DELETE_USER)
                self.show_user(None)
                self.status_label.setText(f"Deleted {name}.")

            def failed(error: BaseException) -> None:
                self.status_label.setText(f"{DELETE_USER} failed — see the message above.")
                self.context.report_error(DELETE_USER, error)

            self.scope.run(
                DELETE_USER,
                lambda token: client.delete_user(app_id, label, alias_id),
                on_finished=finished,
                on_failed=failed,
            )

        count = len(self.subscription_ids())
        self._confirm(
            "Delete user",
            f"Delete {name} and its {count} subscription{'s' if count != 1 else ''}?\n\n"
            "This cannot be undone.",
            "Delete user",
            delete,
        )

    def send_test_event(self) -> None:
        if self.user is None or self.app_id is None:
            return
        app_id, _label, onesignal_id = self._alias_path()
        external = (getattr(self.user, "identity", None) or {}).get("external_id")
        dialog = TestEventDialog(f"user {external or onesignal_id}", self)
        client = self.context.client

        def send(name: str, payload: dict[str, Any]) -> None:
            def failed(error: BaseException) -> None:
                messages = [str(m) for m in getattr(error, "messages", []) if m]
                if getattr(error, "status", None) == 400 and messages:
                    dialog.show_refusal(messages)
                    return
                dialog.show_refusal([])
                self.context.report_error(SEND_TEST_EVENT, error)

            self.scope.run(
                SEND_TEST_EVENT,
                lambda token: send_test_event(client, app_id, onesignal_id, name, payload, token.check),
                on_finished=dialog.show_outcome,
                on_failed=failed,
            )

        dialog.on_send = send
        self._open(dialog)

    def reload_aliases(self) -> None:
        """Only the identity, read again (GET .../identity): cheaper than the whole user."""
        if self.user is None or self.scope.busy:
            return
        app_id, label, alias_id = self._alias_path()
        client = self.context.client
        request = self._request

        def finished(identity: Any) -> None:
            if request != self._request or self.user is None:
                return
            self.context.resolve_error(RELOAD_ALIASES)
            aliases = dict(identity.identity or {})
            self.user.identity = aliases
            self.show_aliases(aliases)
            self.status_label.setText(
                f"{len(aliases)} alias{'es' if len(aliases) != 1 else ''}, read just now."
            )

        def failed(error: BaseException) -> None:
            self.status_label.setText(f"{RELOAD_ALIASES} failed — see the message above.")
            self.context.report_error(RELOAD_ALIASES, error)

        self.status_label.setText("Reloading aliases…")
        self.scope.run(
            RELOAD_ALIASES,
            lambda token: client.get_aliases(app_id, label, alias_id),
            on_finished=finished,
            on_failed=failed,
        )

    def add_alias_by_subscription(self) -> None:
        subscription = self.selected_subscription()
        if subscription is None:
            return
        dialog = AliasThroughSubscriptionDialog(subscription.id, self)
        dialog.accepted.connect(lambda: self._alias_by_subscription(subscription.id, dialog.identity()))
        self._open(dialog)

    def _alias_by_subscription(self, subscription_id: str, identity: dict[str, str]) -> None:
        app_id, client = self.app_id, self.context.client
        assert app_id is not None
        label = next(iter(identity))
        self._run(
            ADD_ALIAS_BY_SUBSCRIPTION,
            lambda token: client.create_alias_by_subscription(
                app_id, subscription_id, {"identity": identity}
            ),
            f"Added alias {label} through subscription {subscription_id}.",
        )

    def new_user(self) -> None:
        if self.app_id is None or self.context.connection is None:
            return
        app_id, client = self.app_id, self.context.client
        dialog = NewUserDialog(self)

        def create() -> None:
            if self.scope.busy:
                return
            body = dialog.body()
            dialog.buttons.setEnabled(False)

            def finished(user: Any) -> None:
                self.context.resolve_error(CREATE_USER)
                if shiboken6.isValid(dialog):  # the user may have closed it meanwhile
                    dialog.accept()
                self._request += 1
                self.show_user(user)
                name = (user.identity or {}).get("external_id") or (user.identity or {}).get("onesignal_id")
                self.status_label.setText(f"Created user {name}.")

            def failed(error: BaseException) -> None:
                if not shiboken6.isValid(dialog):
                    self.context.report_error(CREATE_USER, error)
                    return
                dialog.buttons.setEnabled(True)
                messages = [str(m) for m in getattr(error, "messages", []) if m]
                status = getattr(error, "status", None)
                if isinstance(status, int) and 400 <= status < 500 and status not in (401, 403, 429):
                    dialog.show_refusal(messages)
                    return
                self.context.report_error(CREATE_USER, error)

            self.scope.run(
                CREATE_USER,
                lambda token: client.create_user(app_id, body),
                on_finished=finished,
                on_failed=failed,
            )

        dialog.on_submit = create
        self._open(dialog)

    def update_by_token(self) -> None:
        if self.app_id is None or self.context.connection is None:
            return
        app_id, client = self.app_id, self.context.client
        dialog = UpdateByTokenDialog(self)

        def update() -> None:
            if self.scope.busy:
                return
            token_type, token, changes = dialog.token_type(), dialog.token(), dialog.subscription()
            dialog.buttons.setEnabled(False)

            def finished(_result: Any) -> None:
                self.context.resolve_error(UPDATE_BY_TOKEN)
                if shiboken6.isValid(dialog):
                    dialog.accept()
                shown = self.user is not None and any(
                    sub.token == token and sub.type == token_type for sub in self.user.subscriptions or []
                )
                done = f"Updated the {token_type} subscription {token}."
                if shown:
                    self._reload(done)
                else:
                    self.status_label.setText(done)

            def failed(error: BaseException) -> None:
                from onesignal_desktop.api.errors import NotFoundError

                if not shiboken6.isValid(dialog):
                    self.context.report_error(UPDATE_BY_TOKEN, error)
                    return
                dialog.buttons.setEnabled(True)
                if isinstance(error, NotFoundError):
                    dialog.token_field.show_error(f"No {token_type} subscription has this token in this app.")
                    return
                messages = [str(m) for m in getattr(error, "messages", []) if m]
                if getattr(error, "status", None) == 400 and messages:
                    dialog.changes.show_error(" ".join(messages))
                    return
                self.context.report_error(UPDATE_BY_TOKEN, error)

            self.scope.run(
                UPDATE_BY_TOKEN,
                lambda _t: client.update_subscription_by_token(
                    app_id, token_type, token, {"subscription": changes}
                ),
                on_finished=finished,
                on_failed=failed,
            )

        dialog.on_submit = update
        self._open(dialog)

    # --- dialogs ----------------------------------------------------------------------------------
    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def _confirm(self, title: str, text: str, action: str, then: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, self)
        button = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda clicked: then() if clicked is button else None)
        box.open()
        self.last_dialog = box
