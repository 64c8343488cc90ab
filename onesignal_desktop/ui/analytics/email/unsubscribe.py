"""*Unsubscribe by token…* of the Email metrics page: the notification an email came from and the
unsubscribe token it carried (``{{subscription.unsubscribe_token}}``), as a reader's unsubscribe link
sends them (POST /apps/{app_id}/notifications/{id}/unsubscribe?token=…). The page runs the call."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from onesignal_desktop.ui.players.fields import FieldWithError
from onesignal_desktop.ui.players.validation import check_uuid


class UnsubscribeByTokenDialog(QDialog):
    """``on_unsubscribe(notification_id, token)`` runs on *Unsubscribe* once both fields pass; the dialog
    stays open until ``done()`` or ``refused(field, message)``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unsubscribe by token")
        self.on_unsubscribe: Callable[[str, str], None] | None = None
        intro = QLabel(
            "Unsubscribe the email address an email was sent to, as the unsubscribe link in that email "
            "does: give the notification the email came from and the token it carried "
            "({{subscription.unsubscribe_token}}). The address stops receiving email from this app."
        )
        intro.setWordWrap(True)
        self.notification_edit = QLineEdit()
        self.notification_edit.setPlaceholderText("the email notification's id (a UUID)")
        self.notification_edit.setAccessibleName("Notification id")
        self.notification_field = FieldWithError(self.notification_edit)
        self.token_edit = QLineEdit()
        self.token_edit.setPlaceholderText("the token from the email's unsubscribe link")
        self.token_edit.setAccessibleName("Unsubscribe token")
        self.token_field = FieldWithError(self.token_edit)
        self.notification_edit.textEdited.connect(lambda _t: self.notification_field.clear_error())
        self.token_edit.textEdited.connect(lambda _t: self.token_field.clear_error())
        form = QFormLayout()
        notification_label = QLabel("&Notification id:")
        notification_label.setBuddy(self.notification_edit)
        token_label = QLabel("&Token:")
        token_label.setBuddy(self.token_edit)
        form.addRow(notification_label, self.notification_field)
        form.addRow(token_label, self.token_field)
        self.buttons = QDialogButtonBox()
        self.unsubscribe_button = self.buttons.addButton(
            "Unsubscribe", QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter unsubscribes (after the page's confirmation), never cancels what was typed.
        cancel.setAutoDefault(False)
        self.unsubscribe_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 220)

    def notification_id(self) -> str:
        return self.notification_edit.text().strip()

    def token(self) -> str:
        return self.token_edit.text().strip()

    def validate(self) -> bool:
        notification_problem = check_uuid(self.notification_id(), "The notification id")
        token_problem = None if self.token() else "Enter the unsubscribe token from the email."
        self.notification_field.show_error(notification_problem)
        self.token_field.show_error(token_problem)
        return not (notification_problem or token_problem)

    def submit(self) -> None:
        if not self.validate():
            return
        self.unsubscribe_button.setEnabled(False)
        if self.on_unsubscribe is not None:
            self.on_unsubscribe(self.notification_id(), self.token())

    def refused(self, field: str, message: str) -> None:
        """OneSignal's refusal, under the field it is about ("notification" or "token")."""
        self.unsubscribe_button.setEnabled(True)
        (self.notification_field if field == "notification" else self.token_field).show_error(message)
