"""The details panel of one player: every field, the editable ones in a form, the tags editor, actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import TaskScope
from onesignal_desktop.ui.common import humanize
from onesignal_desktop.ui.players.fields import FieldWithError
from onesignal_desktop.ui.players.rows import device_icon_name, device_name, row_from_player
from onesignal_desktop.ui.players.tags_editor import TagsEditor
from onesignal_desktop.ui.players.validation import (
    check_identifier,
    check_integer,
    check_language,
    check_timezone,
)
from onesignal_desktop.ui.shell import shortcuts
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon

LOAD_PLAYER = "Load player"
SAVE_PLAYER = "Save player"

#: (field, label, placeholder) of the fields the form edits.
EDITABLE = (
    ("identifier", "Identifier", "push token, email address or phone number"),
    ("external_user_id", "External user ID", "your own id for this user"),
    ("language", "Language", "e.g. en"),
    ("timezone", "Timezone (UTC offset)", "e.g. UTC-08:00"),
    ("notification_types", "Notification types", "1 subscribed, -2 unsubscribed"),
    ("game_version", "App version", ""),
    ("device_model", "Device model", ""),
    ("device_os", "Device OS", ""),
    ("ad_id", "Advertising ID", ""),
)
TEST_TYPES = (("Not a test device", None), ("Development", 1), ("Ad-hoc", 2))
#: Read-only fields in the order shown; anything else the server sends is listed after them.
SHOWN = (
    ("id", "Player ID"),
    ("app_id", "App ID"),
    ("device_type", "Device"),
    ("created_at", "Created"),
    ("last_active", "Last active"),
    ("session_count", "Sessions"),
    ("playtime", "Play time"),
    ("amount_spent", "Amount spent"),
    ("badge_count", "Badge count"),
    ("invalid_identifier", "Invalid identifier"),
    ("sdk", "SDK"),
    ("country", "Country"),
    ("lat", "Latitude"),
    ("long", "Longitude"),
    ("ip", "IP address"),
    ("rooted", "Rooted"),
)
HIDDEN = frozenset(
    {"tags", "test_type", "external_user_id_auth_hash", "email_auth_hash", "web_auth", "web_p256"}
)
INTEGER_FIELDS = {"timezone", "notification_types"}


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _human(name: str, value: Any) -> tuple[str, str]:
    """A read-only field as people read it, and its raw value for the tooltip."""
    if name == "device_type":
        return humanize.device_type(value), humanize.raw_device_type(value)
    if name in ("created_at", "last_active"):
        return humanize.local_time(value), humanize.raw_time(value)
    if name == "playtime":
        return humanize.duration(value), humanize.raw_seconds(value)
    return _shown(value), ""


class PlayerDetails(QWidget):
    """Signals: ``player_saved(row)`` after a save (the table shows the new values), ``delete_requested``,
    ``test_requested``, ``tags_by_external_id_requested`` (the tab runs those)."""

    player_saved = Signal(object)
    delete_requested = Signal()
    test_requested = Signal()
    tags_by_external_id_requested = Signal()

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.player: Any = None
        self._request = 0

        self.empty_label = QLabel(
            "Select a player to see every field, edit it and its tags.\n\n"
            "New player… (Ctrl+N) registers a device by hand."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.device_icon = QLabel()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        self.info = QGroupBox("Player")
        self.info_form = QFormLayout(self.info)
        self.info_labels: dict[str, QLabel] = {}
        for name, caption in SHOWN:
            label = QLabel("—")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.info_labels[name] = label
            self.info_form.addRow(caption + ":", label)
        self.extra_label = QLabel()
        self.extra_label.setWordWrap(True)
        self.extra_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_form.addRow(self.extra_label)

        self.edit_box = QGroupBox("Edit")
        edit_form = QFormLayout(self.edit_box)
        self.fields: dict[str, FieldWithError] = {}
        for name, caption, placeholder in EDITABLE:
            edit = QLineEdit()
            edit.setObjectName(f"player-{name}")
            edit.setPlaceholderText(placeholder)
            edit.textEdited.connect(lambda _text, n=name: self._edited(n))
            edit.textChanged.connect(lambda _text: self._update_buttons())
            field = FieldWithError(edit)
            self.fields[name] = field
            edit_form.addRow(caption + ":", field)
        self.test_type = QComboBox()
        for caption, value in TEST_TYPES:
            self.test_type.addItem(caption, value)
        self.test_type.currentIndexChanged.connect(lambda _i: self._update_buttons())
        edit_form.addRow("Test device:", self.test_type)

        self.tags_box = QGroupBox("Tags")
        self.tags = TagsEditor()
        self.tags.changed.connect(self._update_buttons)
        QVBoxLayout(self.tags_box).addWidget(self.tags)

        self.save_button = QPushButton(icon("check"), "Save")
        self.save_button.setToolTip("Send the changed fields and tags to OneSignal (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Forget the changes and show what the server holds")
        self.revert_button.clicked.connect(self.revert)
        self.test_button = QPushButton(icon("notifications"), "Send test notification…")
        self.test_button.setToolTip("Open the composer aimed at this player only")
        self.test_button.clicked.connect(self.test_requested)
        self.external_tags_button = QPushButton("Tags by external ID…")
        self.external_tags_button.setToolTip("Set tags on every player of a user, by external user ID")
        self.external_tags_button.clicked.connect(self.tags_by_external_id_requested)
        self.delete_button = QPushButton(icon("close"), "Delete…")
        self.delete_button.setToolTip("Delete this player (asks first; Delete key)")
        self.delete_button.clicked.connect(self.delete_requested)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.revert_button)
        save_row.addStretch(1)
        save_row.addWidget(self.delete_button)
        action_row = QHBoxLayout()
        action_row.addWidget(self.test_button)
        action_row.addWidget(self.external_tags_button)
        action_row.addStretch(1)

        header = QHBoxLayout()
        header.addWidget(self.device_icon)
        header.addWidget(self.title, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(header)
        body_layout.addWidget(self.status_label)
        body_layout.addLayout(action_row)
        body_layout.addWidget(self.edit_box)
        body_layout.addWidget(self.tags_box)
        body_layout.addLayout(save_row)
        body_layout.addWidget(self.info)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body = scroll

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        save_shortcut = QShortcut(shortcuts.sequences("details_save")[0], self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        self.scope.busy_changed.connect(lambda _busy: self._update_buttons())
        self.show_player(None)

    # --- loading ----------------------------------------------------------------------------------
    @property
    def player_id(self) -> str | None:
        return getattr(self.player, "id", None) if self.player is not None else None

    def load(self, app_id: str | None, player_id: str | None) -> None:
        """Fetch a player and show it (the table's row has only some columns)."""
        self._request += 1
        self.scope.cancel_all()
        if app_id is None or player_id is None:
            self.show_player(None)
            return
        request = self._request
        client = self.context.client
        self.status_label.setText("Loading the player…")
        self.stack.setCurrentWidget(self.body)
        self.scope.run(
            LOAD_PLAYER,
            lambda token: client.get_player(app_id, player_id),
            on_finished=lambda player: self._loaded(request, player),
            on_failed=lambda error: self._failed(request, LOAD_PLAYER, error),
        )

    def _loaded(self, request: int, player: Any) -> None:
        if request == self._request:
            self.context.resolve_error(LOAD_PLAYER)
            self.show_player(player)

    def _failed(self, request: int, operation: str, error: BaseException) -> None:
        if request == self._request:
            self.status_label.setText(f"{operation} failed — see the message above.")
            self.context.report_error(operation, error)
            self._update_buttons()

    def show_player(self, player: Any) -> None:
        self.player = player
        if player is None:
            self.stack.setCurrentWidget(self.empty_label)
            self._update_buttons()
            return
        self.stack.setCurrentWidget(self.body)
        device_type = getattr(player, "device_type", None)
        self.title.setText(f"{device_name(device_type)} player")
        self.device_icon.setPixmap(icon(device_icon_name(device_type)).pixmap(24, 24))
        self.status_label.setText("")
        for name, label in self.info_labels.items():
            value = getattr(player, name, None)
            text, raw = _human(name, value)
            label.setText(text)
            label.setToolTip(raw)
        shown = {name for name, _caption in SHOWN} | {name for name, *_ in EDITABLE} | HIDDEN
        extra = {
            key: value
            for key, value in {**player.__dict__, **(player.__pydantic_extra__ or {})}.items()
            if key not in shown and value is not None
        }
        self.extra_label.setText(
            "\n".join(f"{key}: {_shown(value)}" for key, value in sorted(extra.items())) if extra else ""
        )
        self.extra_label.setVisible(bool(extra))
        for name, field in self.fields.items():
            value = getattr(player, name, None)
            self._editor(name).setText(self._editor_text(name, value))
            self._editor(name).setToolTip(humanize.raw_utc_offset(value) if name == "timezone" else "")
            field.clear_error()
        index = self.test_type.findData(getattr(player, "test_type", None))
        self.test_type.setCurrentIndex(max(0, index))
        self.tags.set_tags(getattr(player, "tags", None))
        self._update_buttons()

    @staticmethod
    def _editor_text(name: str, value: Any) -> str:
        if name == "timezone" and value is not None:
            return humanize.utc_offset(value)
        return "" if value is None else str(value)

    def revert(self) -> None:
        self.show_player(self.player)

    # --- editing ----------------------------------------------------------------------------------
    def _editor(self, name: str) -> QLineEdit:
        editor = self.fields[name].editor
        assert isinstance(editor, QLineEdit)
        return editor

    def _edited(self, name: str) -> None:
        self.fields[name].clear_error()
        self._update_buttons()

    def changes(self) -> dict[str, Any]:
        """The changed fields as the API takes them (tags as the delta; removed tags with "")."""
        if self.player is None:
            return {}
        body: dict[str, Any] = {}
        for name, *_ in EDITABLE:
            text = self._editor(name).text().strip()
            before = getattr(self.player, name, None)
            if text == self._editor_text(name, before):
                continue
            if name == "timezone":
                body[name] = humanize.parse_utc_offset(text)
            elif name in INTEGER_FIELDS:
                body[name] = int(text) if text else None
            else:
                body[name] = text
        test_type = self.test_type.currentData()
        if test_type != getattr(self.player, "test_type", None):
            body["test_type"] = test_type
        delta = self.tags.delta()
        if delta:
            body["tags"] = delta
        return {key: value for key, value in body.items() if value is not None or key == "test_type"}

    def validate(self) -> bool:
        device_type = getattr(self.player, "device_type", None)
        checks: dict[str, Callable[[str], str | None]] = {
            "identifier": lambda text: check_identifier(device_type, text) if text.strip() else None,
            "language": check_language,
            "timezone": check_timezone,
            "notification_types": lambda text: check_integer(text, "Notification types", -99, 1),
        }
        good = True
        for name, check in checks.items():
            message = check(self._editor(name).text())
            self.fields[name].show_error(message)
            good = good and message is None
        return self.tags.validate() and good

    def save(self) -> None:
        if self.player is None or self.scope.busy or not self.validate():
            return
        body = self.changes()
        if not body:
            self.status_label.setText("Nothing changed.")
            return
        client = self.context.client
        app_id: str = self.player.app_id or self.context.current_app_id or ""
        player_id: str = self.player.id
        body["app_id"] = app_id
        self._request += 1
        request = self._request
        self.status_label.setText("Saving…")

        def work(token: Any) -> Any:
            client.update_player(player_id, body)
            return client.get_player(app_id, player_id)

        self.scope.run(
            SAVE_PLAYER,
            work,
            on_finished=lambda player: self._saved(request, player),
            on_failed=lambda error: self._failed(request, SAVE_PLAYER, error),
        )

    def _saved(self, request: int, player: Any) -> None:
        if request != self._request:
            return
        self.context.resolve_error(SAVE_PLAYER)
        self.show_player(player)
        self.status_label.setText("Saved.")
        self.player_saved.emit(row_from_player(player))

    def _update_buttons(self) -> None:
        has_player = self.player is not None
        busy = self.scope.busy
        modified = has_player and bool(self._safe_changes())
        self.save_button.setEnabled(modified and not busy)
        self.revert_button.setEnabled(modified and not busy)
        for button in (self.delete_button, self.test_button):
            button.setEnabled(has_player and not busy)

    def _safe_changes(self) -> dict[str, Any]:
        try:
            return self.changes()
        except ValueError:  # a number field holds text: still a change, validation will say why
            return {"invalid": True}
