"""The Profiles dialog: change and remove connection profiles, connect to one (or the sandbox), and add
one through the same checked dialog as the welcome panel's Connect.

A profile holds no key; its keys live in the keyring under its name. A new profile (New…, or a name that
is not a profile yet) goes through :class:`ConnectAccountDialog`: its organization key is checked with
the server and nothing is saved unless the server accepts it — the same rules, wherever it is added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import error_label, with_error
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.profiles import (
    AUTH_SCHEMES,
    ONESIGNAL_URL,
    SANDBOX_PROFILE,
    Profile,
    validate_profile,
)

if TYPE_CHECKING:
    from onesignal_desktop.ui.dialogs.first_run import ConnectAccountDialog


class ProfilesDialog(QDialog):
    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Profiles")
        self.setObjectName("profilesDialog")
        self.profile_list = QListWidget()
        self.profile_list.currentTextChanged.connect(self._show_profile)

        self.name_edit = QLineEdit()
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(ONESIGNAL_URL)
        self.scheme_combo = QComboBox()
        self.scheme_combo.addItem("Key (current organization and app keys)", "Key")
        self.scheme_combo.addItem("Basic (legacy REST API keys)", "Basic")
        self.errors = {name: error_label() for name in ("name", "base_url", "auth_scheme")}
        form = QFormLayout()
        form.addRow("Name:", self._with_error(self.name_edit, "name"))
        form.addRow("Base URL:", self._with_error(self.url_edit, "base_url"))
        form.addRow("Auth scheme:", self._with_error(self.scheme_combo, "auth_scheme"))
        note = QLabel(
            "Keys are not part of a profile: they stay in the keyring under its name (Keys…, Ctrl+K). "
            "A new profile is added with New…, which checks its organization key first."
        )
        note.setWordWrap(True)
        form.addRow(note)

        self.new_button = QPushButton("New…")
        self.new_button.setToolTip("Add a profile: its organization key is checked before it is saved")
        self.save_button = QPushButton("Save")
        self.delete_button = QPushButton("Delete")
        self.connect_button = QPushButton("Connect")
        self.sandbox_button = QPushButton(f"Use {SANDBOX_PROFILE}")
        self.new_button.clicked.connect(lambda: self.open_connect_dialog())
        self.connect_dialog: ConnectAccountDialog | None = None
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.connect_button.clicked.connect(self.connect_selected)
        self.sandbox_button.clicked.connect(self.use_sandbox)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.outcome)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.profile_list, 1)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.addButton(self.sandbox_button, QDialogButtonBox.ButtonRole.ActionRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(680, 360)
        self._reload()

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        return with_error(widget, self.errors[name])

    def _reload(self, select: str | None = None) -> None:
        self.profile_list.clear()
        names = self.context.profiles.names()
        self.profile_list.addItems(names)
        current = self.context.connection
        wanted = select or (current.profile.name if current is not None and not current.is_sandbox else None)
        if wanted in names:
            self.profile_list.setCurrentRow(names.index(wanted))
        elif not names:
            self.start_new()

    def _show_profile(self, name: str) -> None:
        profile = self.context.profiles.get(name) if name else None
        if profile is None:
            return
        self.name_edit.setText(profile.name)
        self.url_edit.setText(profile.base_url)
        self.scheme_combo.setCurrentIndex(AUTH_SCHEMES.index(profile.auth_scheme))
        self._show_errors({})

    def start_new(self) -> None:
        self.profile_list.clearSelection()
        self.name_edit.clear()
        self.url_edit.setText(ONESIGNAL_URL)
        self.scheme_combo.setCurrentIndex(0)
        self.name_edit.setFocus()

    def typed_profile(self) -> Profile:
        name, url = self.name_edit.text().strip(), self.url_edit.text().strip().rstrip("/")
        if self.scheme_combo.currentData() == "Basic":
            return Profile(name, url, "Basic")
        return Profile(name, url, "Key")

    def open_connect_dialog(self, typed: Profile | None = None) -> ConnectAccountDialog:
        """The checked way to add a profile, filled with what was typed here (if anything)."""
        from onesignal_desktop.ui.dialogs.first_run import ConnectAccountDialog

        dialog = ConnectAccountDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if typed is not None:
            if typed.name:
                dialog.name_edit.setText(typed.name)
            if typed.base_url:
                dialog.url_edit.setText(typed.base_url)
            dialog.scheme_combo.setCurrentIndex(AUTH_SCHEMES.index(typed.auth_scheme))
        dialog.connected.connect(lambda _profile: self.accept())
        dialog.open()
        dialog.key_edit.setFocus()
        self.connect_dialog = dialog
        return dialog

    def save(self) -> bool:
        profile = self.typed_profile()
        problems = validate_profile(profile.name, profile.base_url, profile.auth_scheme)
        self._show_errors(problems)
        if problems:
            return False
        if profile.name not in self.context.profiles.names():
            # A new profile: checked like the welcome panel's Connect, never saved keyless.
            self.outcome.setText("A new profile: paste its organization key to check it.")
            self.open_connect_dialog(profile)
            return False
        self.context.profiles.save(profile)
        self.outcome.setText(f"Saved profile “{profile.name}”.")
        self._reload(profile.name)
        return True

    def delete(self) -> None:
        item = self.profile_list.currentItem()
        if item is None:
            return
        self.context.profiles.remove(item.text())
        self.outcome.setText(f"Deleted profile “{item.text()}” (its keys stay in the keyring until removed).")
        self._reload()

    def connect_selected(self) -> None:
        if not self.save():
            return
        self.context.connect_to(self.typed_profile())
        self.accept()

    def use_sandbox(self) -> None:
        self.context.connect_to(None)
        self.accept()

    def _show_errors(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
