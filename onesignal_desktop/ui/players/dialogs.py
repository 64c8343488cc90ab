"""Dialogs of the Players tab: create a player, set tags by external user id.

Each runs its call through the bridge, shows problems next to the field (keeping what was typed), and
closes only when the server said yes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import TaskScope
from onesignal_desktop.ui.common import humanize
from onesignal_desktop.ui.common.locales import ONESIGNAL_LANGUAGES
from onesignal_desktop.ui.players.fields import FieldWithError
from onesignal_desktop.ui.players.rows import DEVICES, device_icon_name, device_name
from onesignal_desktop.ui.players.tags_editor import TagsEditor
from onesignal_desktop.ui.players.validation import (
    check_external_id,
    check_identifier,
    check_language,
    check_tags,
    check_timezone,
)
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon

CREATE_PLAYER = "Create player"
UPDATE_TAGS_BY_EXTERNAL_ID = "Update tags by external user ID"


class _ServerDialog(QDialog):
    """A dialog whose OK runs one call: busy while waiting, the server's refusal shown in the dialog."""

    def __init__(self, context: ConsoleContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.setWindowTitle(title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.server_error = QLabel()
        self.server_error.setStyleSheet("color: #c62828;")
        self.server_error.setWordWrap(True)
        self.server_error.hide()
        self.scope.busy_changed.connect(self._busy)

    def _busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def submit(self) -> None:
        raise NotImplementedError

    def _refused(self, operation: str, error: BaseException) -> None:
        from onesignal_desktop.ui.shell.errors import describe_error

        self.server_error.setText(describe_error(operation, error, self.context.keystore.scrub))
        self.server_error.show()


class CreatePlayerDialog(_ServerDialog):
    """Device type, identifier, language, timezone, tags, test type. ``created(player)`` on success."""

    created = Signal(object)

    def __init__(self, context: ConsoleContext, app_id: str, parent: QWidget | None = None) -> None:
        super().__init__(context, "New player", parent)
        self.app_id = app_id
        self.device_type = QComboBox()
        for device_type in sorted(DEVICES):
            self.device_type.addItem(
                icon(device_icon_name(device_type)), device_name(device_type), device_type
            )
        self.device_type.setCurrentIndex(self.device_type.findData(1))
        self.identifier = FieldWithError(QLineEdit())
        self.identifier_edit.setPlaceholderText("push token, email address or +15555550123")
        self.identifier_edit.textEdited.connect(lambda _t: self.identifier.clear_error())
        self.language = FieldWithError(QComboBox())
        language = self.language_combo
        language.setEditable(True)
        language.addItem("", "")
        for code, name in ONESIGNAL_LANGUAGES.items():
            language.addItem(f"{code} — {name}", code)
        language.setCurrentIndex(language.findData("en"))
        self.timezone = FieldWithError(QLineEdit())
        self.timezone_edit.setPlaceholderText("offset from UTC, e.g. UTC+01:00")
        self.timezone_edit.textEdited.connect(lambda _t: self.timezone.clear_error())
        self.test_type = QComboBox()
        for caption, value in (("Not a test device", None), ("Development", 1), ("Ad-hoc", 2)):
            self.test_type.addItem(caption, value)
        self.tags = TagsEditor()
        form = QFormLayout()
        form.addRow("Device type:", self.device_type)
        form.addRow("Identifier:", self.identifier)
        form.addRow("Language:", self.language)
        form.addRow("Timezone:", self.timezone)
        form.addRow("Test device:", self.test_type)
        tags_box = QGroupBox("Tags")
        QVBoxLayout(tags_box).addWidget(self.tags)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(tags_box, 1)
        layout.addWidget(self.server_error)
        layout.addWidget(self.buttons)
        self.resize(480, 460)

    @property
    def identifier_edit(self) -> QLineEdit:
        editor = self.identifier.editor
        assert isinstance(editor, QLineEdit)
        return editor

    @property
    def timezone_edit(self) -> QLineEdit:
        editor = self.timezone.editor
        assert isinstance(editor, QLineEdit)
        return editor

    @property
    def language_combo(self) -> QComboBox:
        editor = self.language.editor
        assert isinstance(editor, QComboBox)
        return editor

    def language_code(self) -> str:
        combo = self.language_combo
        text = combo.currentText().strip()
        index = combo.findText(text)
        if index >= 0:
            return str(combo.itemData(index) or "")
        return text.split(" ", 1)[0]

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"app_id": self.app_id, "device_type": self.device_type.currentData()}
        if identifier := self.identifier_edit.text().strip():
            body["identifier"] = identifier
        if language := self.language_code():
            body["language"] = language
        if timezone := self.timezone_edit.text().strip():
            body["timezone"] = humanize.parse_utc_offset(timezone)
        if self.test_type.currentData() is not None:
            body["test_type"] = self.test_type.currentData()
        if tags := self.tags.tags():
            body["tags"] = tags
        return body

    def validate(self) -> bool:
        device_type = self.device_type.currentData()
        identifier = self.identifier_edit.text()
        problems = {
            self.identifier: check_identifier(device_type, identifier)
            or (
                "Email and SMS players need their address or number."
                if device_type in (11, 14) and not identifier.strip()
                else None
            ),
            self.language: check_language(self.language_code()),
            self.timezone: check_timezone(self.timezone_edit.text()),
        }
        for field, message in problems.items():
            field.show_error(message)
        tags_good = self.tags.validate()
        return tags_good and not any(problems.values())

    def submit(self) -> None:
        if self.scope.busy or not self.validate():
            return
        body = self.body()
        client, app_id = self.context.client, self.app_id
        self.server_error.hide()

        def work(token: Any) -> Any:
            created = client.create_player(body)
            return client.get_player(app_id, created.id) if created.id else None

        self.scope.run(
            CREATE_PLAYER,
            work,
            on_finished=self._created,
            on_failed=lambda error: self._refused(CREATE_PLAYER, error),
        )

    def _created(self, player: Any) -> None:
        self.context.resolve_error(CREATE_PLAYER)
        if player is not None:
            self.created.emit(player)
        self.accept()


class TagsByExternalIdDialog(_ServerDialog):
    """Set tags on the user with an external id (PUT /apps/{app_id}/users/{external_user_id})."""

    tags_set = Signal(str)

    def __init__(
        self, context: ConsoleContext, app_id: str, external_id: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Edit tags by external user ID", parent)
        self.app_id = app_id
        self.external_id = FieldWithError(QLineEdit(external_id))
        self.external_edit.setPlaceholderText("the external user ID")
        self.external_edit.textEdited.connect(lambda _t: self.external_id.clear_error())
        self.tags = TagsEditor()
        hint = QLabel(
            "These tags are set on the user with this external ID (all of its players). "
            "A tag with an empty value is deleted."
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("External user ID:", self.external_id)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.tags, 1)
        layout.addWidget(self.server_error)
        layout.addWidget(self.buttons)
        self.resize(460, 360)

    @property
    def external_edit(self) -> QLineEdit:
        editor = self.external_id.editor
        assert isinstance(editor, QLineEdit)
        return editor

    def validate(self) -> bool:
        message = check_external_id(self.external_edit.text())
        self.external_id.show_error(message)
        rows = self.tags.rows()
        problems = check_tags([(key, value if value.strip() else "x") for key, value in rows])  # "" deletes
        self.tags.show_problems(problems)
        if not rows and message is None:
            self.tags.error_label.setText("Add at least one tag to set (or to delete, with an empty value).")
            self.tags.error_label.show()
            return False
        return message is None and not problems

    def submit(self) -> None:
        if self.scope.busy or not self.validate():
            return
        external_id = self.external_edit.text().strip()
        tags = {key.strip(): value for key, value in self.tags.rows()}
        client, app_id = self.context.client, self.app_id
        self.server_error.hide()
        self.scope.run(
            UPDATE_TAGS_BY_EXTERNAL_ID,
            lambda token: client.update_player_tags(app_id, external_id, {"tags": tags}),
            on_finished=lambda _result: self._done(external_id),
            on_failed=lambda error: self._refused(UPDATE_TAGS_BY_EXTERNAL_ID, error),
        )

    def _done(self, external_id: str) -> None:
        self.context.resolve_error(UPDATE_TAGS_BY_EXTERNAL_ID)
        self.tags_set.emit(external_id)
        self.accept()
