"""The app form, grouped by platform, with each field's problem shown right under it.

Certificate and key files are read here after a size check (they are small); everything is sent as the
API's field names. Secrets are typed into masked fields and never shown back.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.apps import validation
from onesignal_desktop.ui.common.save_paths import ask_open_path
from onesignal_desktop.ui.shell.icons import icon

Reader = Callable[[bytes], Any]
APNS_ENVS = ("", "production", "sandbox")
SECTIONS = ("General", "Apple (iOS)", "Google (Android)", "Huawei", "Web")
MAX_FILE_BYTES = 1024 * 1024


class FileField(QWidget):
    """A 'Choose file…' button that reads and checks the file, keeping its value (never displayed)."""

    changed = Signal()

    def __init__(self, caption: str, pattern: str, reader: Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._caption, self._pattern, self._reader = caption, pattern, reader
        self.value: str | None = None
        self.button = QPushButton("Choose file…")
        self.button.clicked.connect(self._choose)
        self.label = QLabel("No file chosen")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.label, 1)

    def _choose(self) -> None:
        path = ask_open_path(self, "app-credentials", self._caption, self._pattern)
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> str | None:
        """Read ``path``; returns the problem with it, or None when it was accepted."""
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError("This file is far too big.")
            self.value = self._reader(path.read_bytes())
        except (OSError, ValueError) as error:
            self.value = None
            self.label.setText("No file chosen")
            self.changed.emit()
            return str(error) if isinstance(error, ValueError) else f"Cannot read the file: {error.strerror}"
        self.label.setText(f"Loaded {path.name}")
        self.changed.emit()
        return None


class AppForm(QWidget):
    """Edits the fields of one app. ``values()`` are what the user entered; ``payload()`` what to send."""

    def __init__(self, app: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = app
        self.creating = app is None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.sections = QTabWidget()
        self.file_problems: dict[str, str] = {}
        pages = {title: self._page() for title in SECTIONS}
        for title, page in pages.items():
            self.sections.addTab(page[0], title)

        general = pages["General"][1]
        hint = QLabel("Only the name is required. Fill in the platforms you use on the other tabs.")
        hint.setWordWrap(True)
        general.addRow(hint)
        self._text(general, "name", "Name", "Shown in your apps list")
        self._text(general, "site_name", "Site name", "Shown in web push prompts")
        root = QCheckBox("Put additional data at the root of the APNs payload")
        self._add(general, "additional_data_is_root_payload", "iOS payload", root)

        apple = pages["Apple (iOS)"][1]
        env = QComboBox()
        env.addItems(["(not set)", "production", "sandbox"])
        self._add(apple, "apns_env", "APNs environment", env)
        apple.addRow(_note("Token-based (.p8): key file with key ID, team ID and bundle ID"))
        self._file(
            apple,
            "apns_p8",
            ".p8 key",
            "Apple .p8 key",
            "Apple keys (*.p8);;All files (*)",
            validation.read_p8,
        )
        self._text(apple, "apns_key_id", "Key ID", "10 characters, e.g. ABC123DEFG")
        self._text(apple, "apns_team_id", "Team ID", "10 characters")
        self._text(apple, "apns_bundle_id", "Bundle ID", "com.example.app")
        apple.addRow(_note("Certificate-based (.p12)"))
        self._file(
            apple,
            "apns_p12",
            ".p12 certificate",
            "Apple .p12 certificate",
            "Certificates (*.p12);;All files (*)",
            lambda data: base64.b64encode(validation.check_p12(data)).decode("ascii"),
        )
        self._text(apple, "apns_p12_password", "Certificate password", "", secret=True)

        google = pages["Google (Android)"][1]
        google.addRow(_note("Firebase Cloud Messaging"))
        self._file(
            google,
            "fcm_v1_service_account_json",
            "Service account",
            "Firebase service account key",
            "JSON files (*.json);;All files (*)",
            validation.read_service_account,
        )
        self._text(google, "android_gcm_sender_id", "Sender ID", "Google project number")
        self._text(
            google, "gcm_key", "Legacy server key", "Only for apps still on the legacy API", secret=True
        )

        huawei = pages["Huawei"][1]
        self._text(huawei, "huawei_app_id", "Huawei app ID", "From AppGallery Connect")
        self._text(huawei, "huawei_app_secret", "Huawei app secret", "", secret=True)

        web = pages["Web"][1]
        web.addRow(_note("Chrome, Firefox, Edge and other browsers"))
        self._text(web, "chrome_web_origin", "Site origin", "https://example.com")
        self._text(
            web, "chrome_web_default_notification_icon", "Default icon", "https://example.com/icon.png"
        )
        self._text(web, "chrome_web_sub_domain", "OneSignal subdomain", "Only for non-HTTPS sites")
        web.addRow(_note("Safari"))
        self._text(web, "safari_site_origin", "Safari site origin", "https://example.com")
        self._text(web, "safari_icon_256_256", "Safari icon (256 x 256)", "https://example.com/icon-256.png")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections)
        if app is not None:
            self._fill(app)

    # --- building -------------------------------------------------------------------------------
    @staticmethod
    def _page() -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        return page, form

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        error = QLabel()
        error.setObjectName(f"error-{name}")
        error.setStyleSheet("color: #c62828;")
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        widget.setObjectName(name)
        form.addRow(label + ":", box)
        self.fields[name] = widget
        self.errors[name] = error

    def _text(self, form: QFormLayout, name: str, label: str, hint: str, *, secret: bool = False) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(hint or ("Leave empty to keep it unchanged" if secret else ""))
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            if not self.creating:
                edit.setPlaceholderText("Leave empty to keep the current one")
        edit.textEdited.connect(lambda _text: self._clear_error(name))
        self._add(form, name, label, edit)

    def _file(
        self, form: QFormLayout, name: str, label: str, caption: str, pattern: str, reader: Reader
    ) -> None:
        field = FileField(caption, pattern, reader)
        self._add(form, name, label, field)

    def _fill(self, app: Any) -> None:
        for name, widget in self.fields.items():
            value = getattr(app, name, None)
            if isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(APNS_ENVS.index(value) if value in APNS_ENVS else 0)

    # --- reading --------------------------------------------------------------------------------
    def load_file(self, name: str, path: Path) -> None:
        """Load a certificate or key file into field ``name`` (what the Choose file button does)."""
        widget = self.fields[name]
        assert isinstance(widget, FileField)
        problem = widget.load(path)
        if problem:
            self.file_problems[name] = problem
            self._show_error(name, problem)
        else:
            self.file_problems.pop(name, None)
            self._clear_error(name)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                values[name] = APNS_ENVS[widget.currentIndex()]
            elif isinstance(widget, FileField):
                values[name] = widget.value or ""
        return values

    def validate(self) -> bool:
        problems = validation.check_form(self.values(), creating=self.creating)
        problems = {**problems, **self.file_problems}
        for name in self.fields:
            if name in problems:
                self._show_error(name, problems[name])
            else:
                self._clear_error(name)
        self._flag_sections()
        if problems:
            first = next(name for name in self.fields if name in problems)
            self._reveal(first)
        return not problems

    def sections_with_problems(self) -> list[str]:
        return [
            self.sections.tabText(index)
            for index in range(self.sections.count())
            if not self.sections.tabIcon(index).isNull()
        ]

    def payload(self) -> dict[str, Any] | None:
        """The fields to send (for an edit, only what changed); None when a field has a problem."""
        if not self.validate():
            return None
        payload: dict[str, Any] = {}
        for name, value in self.values().items():
            widget = self.fields[name]
            original = getattr(self._original, name, None) if self._original is not None else None
            if isinstance(widget, QCheckBox):
                if (self.creating and value) or (not self.creating and value != bool(original)):
                    payload[name] = value
            elif value and value != (original or ""):
                payload[name] = value  # an emptied field is left as it is on the server
        if self.creating:
            payload["name"] = self.values()["name"]
        return payload

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def _show_error(self, name: str, message: str) -> None:
        self.errors[name].setText(message)
        self.errors[name].show()
        self._flag_sections()

    def _clear_error(self, name: str) -> None:
        self.errors[name].clear()
        self.errors[name].hide()
        self._flag_sections()  # the section's warning goes with its last error

    def _flag_sections(self) -> None:
        """A warning icon on each section tab that holds a field with an error showing."""
        shown = [name for name, label in self.errors.items() if not label.isHidden()]
        for index in range(self.sections.count()):
            page = self.sections.widget(index)
            flagged = page is not None and any(page.isAncestorOf(self.fields[name]) for name in shown)
            self.sections.setTabIcon(index, icon("warning") if flagged else QIcon())
            self.sections.setTabToolTip(index, "Some fields here need attention" if flagged else "")

    def _reveal(self, name: str) -> None:
        widget = self.fields[name]
        for index in range(self.sections.count()):
            page = self.sections.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.sections.setCurrentIndex(index)
        widget.setFocus()


def _note(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label
