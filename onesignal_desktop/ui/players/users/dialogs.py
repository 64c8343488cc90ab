"""Dialogs of the users view: add a subscription, transfer one to another user.

They only collect and check input; the view runs the calls (through the bridge) and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.players.fields import FieldWithError
from onesignal_desktop.ui.players.validation import E164, EMAIL, check_alias

#: Subscription types a person adds by hand, with what the token is for each.
SUBSCRIPTION_KINDS = (
    ("Email", "email address", "name@example.com"),
    ("SMS", "phone number", "+15555550123"),
    ("iOSPush", "APNs push token", "hex push token"),
    ("AndroidPush", "FCM push token", "FCM registration token"),
    ("HuaweiPush", "HMS push token", "HMS token"),
    ("ChromePush", "web push endpoint", "https://fcm.googleapis.com/…"),
    ("FirefoxPush", "web push endpoint", "https://updates.push.services.mozilla.com/…"),
    ("SafariPush", "web push endpoint", "https://web.push.apple.com/…"),
    ("macOSPush", "APNs push token", "hex push token"),
    ("WindowsPush", "WNS channel URI", "https://…notify.windows.com/…"),
    ("FireOSPush", "ADM registration id", "ADM token"),
)


def check_token(kind: str, token: str) -> str | None:
    text = token.strip()
    if not text:
        return (
            "Enter the " + next((what for name, what, _ in SUBSCRIPTION_KINDS if name == kind), "token") + "."
        )
    if kind == "Email" and not EMAIL.match(text):
        return "Enter an email address like name@example.com."
    if kind == "SMS" and not E164.match(text):
        return "Enter the phone number in E.164 form, like +15555550123."
    if len(text) > 1024:
        return "Tokens are at most 1,024 characters."
    return None


class InputDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        #: When set, OK runs it (after the checks) instead of closing: the dialog then stays open until
        #: OneSignal has answered, so a refusal can be shown under its field.
        self.on_submit: Callable[[], None] | None = None

    def validate(self) -> bool:
        raise NotImplementedError

    def submit(self) -> None:
        if not self.validate():
            return
        if self.on_submit is not None:
            self.on_submit()
        else:
            self.accept()


class AddSubscriptionDialog(InputDialog):
    """Type, token and enabled; ``subscription()`` is the body's ``subscription`` object."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add subscription", parent)
        self.kind = QComboBox()
        for name, what, _placeholder in SUBSCRIPTION_KINDS:
            self.kind.addItem(f"{name} — {what}", name)
        self.token = FieldWithError(QLineEdit())
        self.token_edit.textEdited.connect(lambda _t: self.token.clear_error())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.enabled = QCheckBox("Subscribed (can receive messages)")
        self.enabled.setChecked(True)
        form = QFormLayout()
        form.addRow("Type:", self.kind)
        form.addRow("Token:", self.token)
        form.addRow("", self.enabled)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._kind_changed()
        self.resize(440, 180)

    @property
    def token_edit(self) -> QLineEdit:
        editor = self.token.editor
        assert isinstance(editor, QLineEdit)
        return editor

    def _kind_changed(self) -> None:
        placeholder = SUBSCRIPTION_KINDS[max(0, self.kind.currentIndex())][2]
        self.token_edit.setPlaceholderText(placeholder)
        self.token.clear_error()

    def subscription(self) -> dict[str, Any]:
        return {
            "type": self.kind.currentData(),
            "token": self.token_edit.text().strip(),
            "enabled": self.enabled.isChecked(),
        }

    def validate(self) -> bool:
        message = check_token(str(self.kind.currentData()), self.token_edit.text())
        self.token.show_error(message)
        return message is None


class TransferSubscriptionDialog(InputDialog):
    """The user who takes the subscription over, by alias; ``identity()`` is ``{label: id}``."""

    def __init__(self, subscription_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Transfer subscription", parent)
        intro = QLabel(f"Move subscription {subscription_id} to another user:")
        intro.setWordWrap(True)
        self.label = FieldWithError(QComboBox())
        combo = self.label_combo
        combo.setEditable(True)
        combo.addItems(["external_id", "onesignal_id"])
        combo.currentTextChanged.connect(lambda _t: self.label.clear_error())
        self.alias_id = FieldWithError(QLineEdit())
        self.alias_edit.setPlaceholderText("the other user's alias id")
        self.alias_edit.textEdited.connect(lambda _t: self.alias_id.clear_error())
        form = QFormLayout()
        form.addRow("Alias label:", self.label)
        form.addRow("Alias id:", self.alias_id)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(440, 170)

    @property
    def label_combo(self) -> QComboBox:
        editor = self.label.editor
        assert isinstance(editor, QComboBox)
        return editor

    @property
    def alias_edit(self) -> QLineEdit:
        editor = self.alias_id.editor
        assert isinstance(editor, QLineEdit)
        return editor

    def identity(self) -> dict[str, str]:
        return {self.label_combo.currentText().strip(): self.alias_edit.text().strip()}

    def validate(self) -> bool:
        problems = check_alias(self.label_combo.currentText(), self.alias_edit.text())
        self.label.show_error(problems.get("label"))
        self.alias_id.show_error(problems.get("id"))
        return not problems
