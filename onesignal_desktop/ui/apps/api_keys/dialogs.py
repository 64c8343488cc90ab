"""The two API-key dialogs: a key's name and IP allowlist, and the one-time view of a new secret."""

from __future__ import annotations

import ipaddress
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import ERROR_STYLE, show_secret_box


def parse_allowlist(text: str) -> list[str]:
    """IP addresses or CIDR ranges, one per line or comma separated; ValueError names a bad one."""
    entries = [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(
                f"“{entry}” is not an IP address or range (like 203.0.113.7 or 10.0.0.0/8)."
            ) from None
    return entries


class ApiKeyDialog(QDialog):
    """Name and IP allowlist of a new key, or of one being changed."""

    def __init__(self, parent: QWidget | None = None, *, key: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change API key" if key is not None else "New API key")
        self.name_edit = QLineEdit(str(getattr(key, "name", "") or ""))
        self.name_edit.setObjectName("keyName")
        self.name_edit.setPlaceholderText("What uses it, e.g. “Backend (production)”")
        self.restrict_box = QCheckBox("Only accept calls from these IP addresses")
        self.allowlist_edit = QPlainTextEdit("\n".join(getattr(key, "ip_allowlist", None) or []))
        self.allowlist_edit.setObjectName("ipAllowlist")
        self.allowlist_edit.setPlaceholderText(
            "One address or range per line, e.g. 203.0.113.7 or 10.0.0.0/8"
        )
        self.allowlist_edit.setMaximumHeight(100)
        self.restrict_box.setChecked(getattr(key, "ip_allowlist_mode", None) == "explicit")
        self.allowlist_edit.setEnabled(self.restrict_box.isChecked())
        self.restrict_box.toggled.connect(self.allowlist_edit.setEnabled)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if key is not None else "Create key")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("", self.restrict_box)
        form.addRow("IP allowlist:", self.allowlist_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(460, 260)

    def body(self) -> dict[str, Any]:
        """The create/update body (valid only after :meth:`problem` returned "")."""
        restricted = self.restrict_box.isChecked()
        body: dict[str, Any] = {
            "name": self.name_edit.text().strip(),
            "ip_allowlist_mode": "explicit" if restricted else "disabled",
        }
        body["ip_allowlist"] = parse_allowlist(self.allowlist_edit.toPlainText()) if restricted else []
        return body

    def problem(self) -> str:
        if not self.name_edit.text().strip():
            return "Give the key a name, so you know later what uses it."
        if self.restrict_box.isChecked():
            try:
                entries = parse_allowlist(self.allowlist_edit.toPlainText())
            except ValueError as error:
                return str(error)
            if not entries:
                return "List at least one IP address, or untick the allowlist."
        return ""

    def _accept_if_valid(self) -> None:
        problem = self.problem()
        self.error_label.setText(problem)
        self.error_label.setVisible(bool(problem))
        if not problem:
            self.accept()


class NewKeyDialog(QDialog):
    """Shows a new or rotated key once: masked, with Show and Copy, and where it was stored."""

    def __init__(
        self, secret: str, *, key_name: str, rotated: bool, stored_where: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rotated API key" if rotated else "New API key")
        self._secret = secret
        action = "rotated" if rotated else "created"
        intro = QLabel(
            f"The key “{key_name}” was {action}. OneSignal shows it only this once.\n"
            f"It is stored {stored_where} for this app, so the console uses it from now on."
            + ("\nThe previous secret of this key no longer works." if rotated else "")
        )
        intro.setWordWrap(True)
        self.secret_edit = QLineEdit(secret)
        self.secret_edit.setObjectName("newSecret")
        self.secret_edit.setReadOnly(True)
        self.secret_edit.setCursorPosition(0)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_box = show_secret_box(self.secret_edit)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the key to the clipboard")
        self.copy_button.clicked.connect(self.copy)
        self.copied_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.secret_edit, 1)
        row.addWidget(self.show_box)
        row.addWidget(self.copy_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.copied_label)
        layout.addWidget(buttons)
        self.resize(560, 180)
        self.finished.connect(self._forget)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._secret)
        self.copied_label.setText("Copied. Paste it where it is needed, then clear your clipboard.")

    def _forget(self, _result: int) -> None:
        self._secret = ""
        self.secret_edit.clear()

    def __repr__(self) -> str:  # never the key
        return f"NewKeyDialog({self.windowTitle()!r})"
