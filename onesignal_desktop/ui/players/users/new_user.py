"""*New user…* and *Update by token…* of the users view: they collect and check input (each problem under
its field, what was typed kept); the view runs the calls through the bridge."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from onesignal_desktop.api.models import SUBSCRIPTION_TYPES
from onesignal_desktop.ui.players.fields import FieldWithError
from onesignal_desktop.ui.players.users.dialogs import SUBSCRIPTION_KINDS, InputDialog, check_token
from onesignal_desktop.ui.players.validation import check_alias, check_tag_key, check_tag_value

NO_SUBSCRIPTION = "None"


def parse_pairs(text: str, what: str) -> tuple[dict[str, str], str | None]:
    """``label=value`` lines into a dict, or the first line that is not one (numbered, for the message)."""
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            return pairs, f"Line {number}: write each {what} as name=value."
        if key.strip() in pairs:
            return pairs, f"Line {number}: “{key.strip()}” is given twice."
        pairs[key.strip()] = value.strip()
    return pairs, None


def check_aliases(text: str) -> tuple[dict[str, str], str | None]:
    aliases, problem = parse_pairs(text, "alias")
    if problem:
        return aliases, problem
    for label, alias_id in aliases.items():
        if label in ("onesignal_id", "external_id"):
            return aliases, f"“{label}” is not a custom alias; put the external id in its own field."
        problems = check_alias(label, alias_id)
        if problems:
            return aliases, f"{label}: " + (problems.get("label") or problems["id"])
    return aliases, None


def check_tag_lines(text: str) -> tuple[dict[str, str], str | None]:
    tags, problem = parse_pairs(text, "tag")
    if problem:
        return tags, problem
    for key, value in tags.items():
        message = check_tag_key(key) or check_tag_value(value)
        if message:
            return tags, f"{key}: {message}"
    return tags, None


def _line_edit(placeholder: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible)
    return edit


def _lines_edit(placeholder: str, accessible: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible)
    edit.setTabChangesFocus(True)  # Tab leaves the box, so the dialog stays keyboard-reachable
    edit.setFixedHeight(72)
    return edit


class NewUserDialog(InputDialog):
    """External id, custom aliases, tags and one optional subscription; ``body()`` is create_user's body."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("New user", parent)
        intro = QLabel(
            "Creates a user with OneSignal's current API. Give at least an external id or one alias; "
            "if one of them already belongs to a user, OneSignal updates that user instead."
        )
        intro.setWordWrap(True)
        self.external_id = FieldWithError(_line_edit("your own user id, e.g. user-42", "External id"))
        self.aliases = FieldWithError(_lines_edit("crm_id=C-1001   (one label=id a line)", "Aliases"))
        self.tags = FieldWithError(_lines_edit("plan=pro   (one key=value a line)", "Tags"))
        self.kind = QComboBox()
        self.kind.setAccessibleName("Subscription type")
        self.kind.addItem("None (add subscriptions later)", NO_SUBSCRIPTION)
        for name, what, _placeholder in SUBSCRIPTION_KINDS:
            self.kind.addItem(f"{name} — {what}", name)
        self.token = FieldWithError(_line_edit("", "Subscription token"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for field in (self.external_id, self.token):
            editor = field.editor
            assert isinstance(editor, QLineEdit)
            editor.textEdited.connect(lambda _t, f=field: f.clear_error())
        for field in (self.aliases, self.tags):
            editor = field.editor
            assert isinstance(editor, QPlainTextEdit)
            editor.textChanged.connect(field.clear_error)
        form = QFormLayout()
        form.addRow("&External id:", self.external_id)
        form.addRow("&Aliases:", self.aliases)
        form.addRow("&Tags:", self.tags)
        form.addRow("&Subscription:", self.kind)
        form.addRow("T&oken:", self.token)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and isinstance(label.widget(), QLabel):
                target = field.widget()
                buddy = target.editor if isinstance(target, FieldWithError) else target
                label.widget().setBuddy(buddy)  # type: ignore[union-attr]
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)  # spare height below the form, not between its rows
        layout.addWidget(self.buttons)
        self._kind_changed()
        self.resize(520, 400)

    def line(self, field: FieldWithError) -> QLineEdit:
        editor = field.editor
        assert isinstance(editor, QLineEdit)
        return editor

    def lines(self, field: FieldWithError) -> QPlainTextEdit:
        editor = field.editor
        assert isinstance(editor, QPlainTextEdit)
        return editor

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        placeholder = next((p for name, _what, p in SUBSCRIPTION_KINDS if name == kind), "")
        self.line(self.token).setPlaceholderText(placeholder)
        self.line(self.token).setEnabled(kind != NO_SUBSCRIPTION)
        self.token.clear_error()

    def body(self) -> dict[str, Any]:
        identity, _ = check_aliases(self.lines(self.aliases).toPlainText())
        external_id = self.line(self.external_id).text().strip()
        if external_id:
            identity = {"external_id": external_id, **identity}
        body: dict[str, Any] = {"identity": identity}
        tags, _ = check_tag_lines(self.lines(self.tags).toPlainText())
        if tags:
            body["properties"] = {"tags": tags}
        kind = self.kind.currentData()
        if kind != NO_SUBSCRIPTION:
            body["subscriptions"] = [
                {"type": kind, "token": self.line(self.token).text().strip(), "enabled": True}
            ]
        return body

    def validate(self) -> bool:
        external_id = self.line(self.external_id).text().strip()
        aliases, alias_problem = check_aliases(self.lines(self.aliases).toPlainText())
        external_problem = None
        if external_id and check_alias("external_id", external_id).get("id"):
            external_problem = "External ids are at most 128 characters and contain no slash."
        if not external_id and not aliases and not alias_problem:
            external_problem = "Give an external id, or at least one alias below."
        _tags, tag_problem = check_tag_lines(self.lines(self.tags).toPlainText())
        kind = str(self.kind.currentData())
        token_problem = None if kind == NO_SUBSCRIPTION else check_token(kind, self.line(self.token).text())
        self.external_id.show_error(external_problem)
        self.aliases.show_error(alias_problem)
        self.tags.show_error(tag_problem)
        self.token.show_error(token_problem)
        return not (external_problem or alias_problem or tag_problem or token_problem)

    def show_refusal(self, messages: list[str]) -> None:
        """OneSignal's own reasons (a 4xx), under the field they most likely concern."""
        text = " ".join(messages) or "OneSignal refused the user."
        lowered = text.lower()
        if "subscription" in lowered or "token" in lowered:
            self.token.show_error(text)
        elif "tag" in lowered:
            self.tags.show_error(text)
        elif "alias" in lowered and "external" not in lowered:
            self.aliases.show_error(text)
        else:
            self.external_id.show_error(text)


#: The subscribed states update-by-token can set; "leave" sends no ``enabled``.
LEAVE, SUBSCRIBE, UNSUBSCRIBE = "leave", "subscribe", "unsubscribe"


class UpdateByTokenDialog(InputDialog):
    """The subscription named by its type and token (push token, email address or phone number), and what
    to change; ``token_type()``, ``token()`` and ``subscription()`` are the call's arguments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Update subscription by token", parent)
        intro = QLabel(
            "Change a subscription you know only by its push token, email address or phone number "
            "(for example one your backend or an unsubscribe link gave you)."
        )
        intro.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Token type")
        for name in SUBSCRIPTION_TYPES:
            what = next((w for n, w, _p in SUBSCRIPTION_KINDS if n == name), "push token")
            self.kind.addItem(f"{name} — {what}", name)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.token_field = FieldWithError(_line_edit("", "Token"))
        self.token_edit.textEdited.connect(lambda _t: self.token_field.clear_error())
        self.state = QComboBox()
        self.state.setAccessibleName("Subscribed")
        self.state.addItem("Leave as it is", LEAVE)
        self.state.addItem("Subscribed (enabled)", SUBSCRIBE)
        self.state.addItem("Unsubscribed (disabled)", UNSUBSCRIBE)
        self.state.currentIndexChanged.connect(lambda _i: self.changes.clear_error())
        self.notification_types = FieldWithError(
            _line_edit("e.g. 1 subscribed, -2 unsubscribed", "Notification types")
        )
        self.types_edit.textEdited.connect(lambda _t: self.notification_types.clear_error())
        self.new_token = FieldWithError(_line_edit("leave empty to keep it", "New token"))
        self.new_token_edit.textEdited.connect(lambda _t: self.new_token.clear_error())
        self.changes = FieldWithError(QLabel(""))
        form = QFormLayout()
        form.addRow("Token &type:", self.kind)
        form.addRow("T&oken:", self.token_field)
        form.addRow("&Subscribed:", self.state)
        form.addRow("Notification t&ypes:", self.notification_types)
        form.addRow("&New token:", self.new_token)
        for row, buddy in enumerate(
            (self.kind, self.token_edit, self.state, self.types_edit, self.new_token_edit)
        ):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(buddy)  # type: ignore[union-attr]
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.changes)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self.resize(520, 320)

    @property
    def token_edit(self) -> QLineEdit:
        return self._line(self.token_field)

    @property
    def types_edit(self) -> QLineEdit:
        return self._line(self.notification_types)

    @property
    def new_token_edit(self) -> QLineEdit:
        return self._line(self.new_token)

    @staticmethod
    def _line(field: FieldWithError) -> QLineEdit:
        editor = field.editor
        assert isinstance(editor, QLineEdit)
        return editor

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        placeholder = next((p for name, _what, p in SUBSCRIPTION_KINDS if name == kind), "push token")
        self.token_edit.setPlaceholderText(placeholder)
        self.token_field.clear_error()

    def token_type(self) -> str:
        return str(self.kind.currentData())

    def token(self) -> str:
        return self.token_edit.text().strip()

    def subscription(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        state = self.state.currentData()
        if state != LEAVE:
            changes["enabled"] = state == SUBSCRIBE
        if self.types_edit.text().strip():
            changes["notification_types"] = int(self.types_edit.text().strip())
        if self.new_token_edit.text().strip():
            changes["token"] = self.new_token_edit.text().strip()
        return changes

    def validate(self) -> bool:
        token_problem = check_token(self.token_type(), self.token_edit.text())
        types_text = self.types_edit.text().strip()
        types_problem = None
        if types_text:
            try:
                int(types_text)
            except ValueError:
                types_problem = "Notification types is a whole number (1 subscribed, negative: why not)."
        new_token = self.new_token_edit.text().strip()
        new_token_problem = check_token(self.token_type(), new_token) if new_token else None
        self.token_field.show_error(token_problem)
        self.notification_types.show_error(types_problem)
        self.new_token.show_error(new_token_problem)
        problems = token_problem or types_problem or new_token_problem
        nothing = not problems and not self.subscription()
        self.changes.show_error(
            "Choose what to change: subscribed, notification types or a new token." if nothing else None
        )
        return not problems and not nothing


class AliasThroughSubscriptionDialog(InputDialog):
    """A new alias for the user who owns a subscription; ``identity()`` is ``{label: id}``."""

    def __init__(self, subscription_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Add alias through subscription", parent)
        intro = QLabel(f"Add an alias to the user who owns subscription {subscription_id}:")
        intro.setWordWrap(True)
        self.label = FieldWithError(_line_edit("label, e.g. crm_id", "Alias label"))
        self.alias_id = FieldWithError(_line_edit("id", "Alias id"))
        self.label_edit.textEdited.connect(lambda _t: self.label.clear_error())
        self.alias_edit.textEdited.connect(lambda _t: self.alias_id.clear_error())
        form = QFormLayout()
        form.addRow("Alias &label:", self.label)
        form.addRow("Alias &id:", self.alias_id)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(440, 170)

    @property
    def label_edit(self) -> QLineEdit:
        editor = self.label.editor
        assert isinstance(editor, QLineEdit)
        return editor

    @property
    def alias_edit(self) -> QLineEdit:
        editor = self.alias_id.editor
        assert isinstance(editor, QLineEdit)
        return editor

    def identity(self) -> dict[str, str]:
        return {self.label_edit.text().strip(): self.alias_edit.text().strip()}

    def validate(self) -> bool:
        label = self.label_edit.text().strip()
        problems = check_alias(label, self.alias_edit.text())
        if label == "onesignal_id":
            problems["label"] = "onesignal_id is given by OneSignal; choose another label."
        self.label.show_error(problems.get("label"))
        self.alias_id.show_error(problems.get("id"))
        return not problems
