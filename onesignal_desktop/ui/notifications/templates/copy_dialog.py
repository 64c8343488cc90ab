"""*Copy to app…* of the Templates page: pick another app of the organization, copy the template there
(POST /templates/{id}/copy_to_app, which needs the organization key). The page runs the call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from onesignal_desktop.ui.players.fields import FieldWithError

NO_OTHER_APP = (
    "The organization has no other app to copy to (or its apps could not be listed: listing them needs "
    "the organization key, set in Keys… (Ctrl+K))."
)
NEEDS_ORGANIZATION_KEY = (
    "Copying a template to another app needs the organization key (OneSignal → Organizations → Keys & "
    "IDs); set it in Keys… (Ctrl+K) and try again."
)


class CopyTemplateDialog(QDialog):
    """The target app among ``apps`` (API models, this app left out); ``on_copy(target_app_id)`` is run
    on OK, and the dialog stays open until ``copied()`` or ``refused(message)``."""

    def __init__(self, template_name: str, apps: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Copy template to app")
        self.on_copy: Callable[[str], None] | None = None
        intro = QLabel(
            f"Copy the template “{template_name}” to another app of the organization. The copy gets its "
            "own id; later changes to either one do not reach the other."
        )
        intro.setWordWrap(True)
        self.target = QComboBox()
        self.target.setAccessibleName("Target app")
        for app in apps:
            self.target.addItem(f"{app.name or 'Unnamed app'} — {app.id}", app.id)
        self.target_field = FieldWithError(self.target)
        self.target.currentIndexChanged.connect(lambda _i: self.target_field.clear_error())
        form = QFormLayout()
        label = QLabel("&Target app:")
        label.setBuddy(self.target)
        form.addRow(label, self.target_field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.copy_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.copy_button.setText("Copy")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if not apps:
            self.target.setEnabled(False)
            self.copy_button.setEnabled(False)
            self.target_field.show_error(NO_OTHER_APP)
        self.resize(520, 200)

    def target_app_id(self) -> str | None:
        data = self.target.currentData()
        return str(data) if data else None

    def submit(self) -> None:
        target = self.target_app_id()
        if target is None:
            self.target_field.show_error("Choose the app to copy the template to.")
            return
        self.copy_button.setEnabled(False)
        self.target_field.clear_error()
        if self.on_copy is not None:
            self.on_copy(target)

    def refused(self, message: str) -> None:
        self.copy_button.setEnabled(True)
        self.target_field.show_error(message)
