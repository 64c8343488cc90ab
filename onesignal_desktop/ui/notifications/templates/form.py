"""The template form: name, channel, and the push or email fields, for one language at a time.

Texts in other languages than the one being edited are kept as they were and sent back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import error_label, with_error

CHANNELS = (("push", "Push"), ("email", "Email"), ("sms", "SMS"))
LANGUAGE_MAPS = ("contents", "headings", "subtitle")
MAX_BCC = 5


class TemplateForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content: dict[str, Any] = {}
        self._loading = False
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("templateName")
        self.name_edit.setPlaceholderText("e.g. Weekly digest")
        self.channel_combo = QComboBox()
        for value, label in CHANNELS:
            self.channel_combo.addItem(label, value)
        self.language_edit = QLineEdit("en")
        self.language_edit.setMaximumWidth(80)
        self.language_edit.setToolTip("The language code of the texts below (en, de, fr, …)")
        self.heading_edit = QLineEdit()
        self.heading_edit.setObjectName("heading")
        self.subtitle_edit = QLineEdit()
        self.subtitle_edit.setToolTip("Shown under the title on iOS")
        self.message_edit = QPlainTextEdit()
        self.message_edit.setObjectName("message")
        self.message_edit.setMaximumHeight(90)
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("emailSubject")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("emailBody")
        self.body_edit.setPlaceholderText("HTML or plain text")
        self.bcc_edit = QLineEdit()
        self.bcc_edit.setPlaceholderText("Up to 5 addresses, separated by commas")
        self.errors: dict[str, QLabel] = {
            name: error_label() for name in ("name", "message", "email_subject", "email_body", "email_bcc")
        }
        self.form = QFormLayout()
        self.form.addRow("&Name:", self._with_error(self.name_edit, "name"))
        self.form.addRow("&Channel:", self.channel_combo)
        self.form.addRow("&Language:", self.language_edit)
        self.form.addRow("&Title:", self.heading_edit)
        self.form.addRow("Su&btitle:", self.subtitle_edit)
        self.message_label = QLabel("&Message:")
        self.message_label.setBuddy(self.message_edit)
        self.form.addRow(self.message_label, self._with_error(self.message_edit, "message"))
        self._email_rows = [
            self._with_error(self.subject_edit, "email_subject"),
            self._with_error(self.body_edit, "email_body"),
            self._with_error(self.bcc_edit, "email_bcc"),
        ]
        for caption, box in zip(("&Subject:", "Bo&dy:", "BCC:"), self._email_rows, strict=True):
            self.form.addRow(caption, box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        self.channel_combo.currentIndexChanged.connect(lambda _index: self._channel_changed())
        self.language_edit.editingFinished.connect(self._language_changed)
        self._language = "en"
        for edit in (self.name_edit, self.heading_edit, self.subtitle_edit, self.subject_edit, self.bcc_edit):
            edit.textChanged.connect(self._on_edited)
        for text in (self.message_edit, self.body_edit):
            text.textChanged.connect(self._on_edited)
        self._channel_changed()

    def _with_error(self, widget: QWidget, name: str) -> QWidget:
        return with_error(widget, self.errors[name])

    # --- loading and reading ----------------------------------------------------------------------
    @property
    def channel(self) -> str:
        return str(self.channel_combo.currentData())

    def set_template(self, template: Any | None) -> None:
        """Show a template (None: an empty new one)."""
        self._loading = True
        content: Mapping[str, Any] = (template.content or {}) if template is not None else {}
        self._content = {
            key: (dict(value) if isinstance(value, dict) else value) for key, value in content.items()
        }
        self.name_edit.setText(str(template.name or "") if template is not None else "")
        channel = str(template.channel or "push") if template is not None else "push"
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(channel)))
        contents = self._content.get("contents") or {}
        languages = list(contents) if isinstance(contents, dict) else []
        self._language = "en" if not languages or "en" in languages else languages[0]
        self.language_edit.setText(self._language)
        self._show_language()
        self.subject_edit.setText(str(self._content.get("email_subject") or ""))
        self.body_edit.setPlainText(str(self._content.get("email_body") or ""))
        self.bcc_edit.setText(", ".join(self._content.get("email_bcc") or []))
        self.clear_errors()
        self._loading = False

    def body(self) -> dict[str, Any]:
        """The create/update body (no ``app_id``): every field this form knows, named as OneSignal does."""
        self._keep_language()
        body: dict[str, Any] = {"name": self.name_edit.text().strip()}
        for name in LANGUAGE_MAPS:
            value = {lang: text for lang, text in (self._content.get(name) or {}).items() if text}
            if value or name == "contents":
                body[name] = value
        channel = self.channel
        body["isEmail"] = channel == "email"
        body["isSMS"] = channel == "sms"
        if channel == "email":
            body["email_subject"] = self.subject_edit.text().strip()
            body["email_body"] = self.body_edit.toPlainText()
            bcc = [part.strip() for part in self.bcc_edit.text().split(",") if part.strip()]
            if bcc:
                body["email_bcc"] = bcc
        return body

    def draft_content(self) -> dict[str, Any]:
        """The template's fields as a notification draft (what the composer starts from)."""
        body = self.body()
        body.pop("name", None)
        body.pop("isSMS", None)
        if not body.pop("isEmail", False):
            for key in ("email_subject", "email_body", "email_bcc"):
                body.pop(key, None)
        return {key: value for key, value in body.items() if value not in ({}, None, "")}

    def validate(self) -> bool:
        self.clear_errors()
        body = self.body()
        ok = True

        def problem(name: str, text: str) -> None:
            nonlocal ok
            self.errors[name].setText(text)
            self.errors[name].show()
            ok = False

        if not body["name"]:
            problem("name", "Give the template a name.")
        if not body.get("contents"):
            problem("message", "Write the message (OneSignal needs it for every channel).")
        if self.channel == "email":
            if not body.get("email_subject"):
                problem("email_subject", "An email template needs a subject.")
            if not str(body.get("email_body") or "").strip():
                problem("email_body", "An email template needs a body.")
            if len(body.get("email_bcc") or []) > MAX_BCC:
                problem("email_bcc", f"At most {MAX_BCC} addresses.")
        return ok

    def show_server_errors(self, messages: list[str]) -> list[str]:
        """Put refusals that name a field next to it; returns the rest."""
        rest = []
        for message in messages:
            lowered = message.casefold()
            target = next(
                (
                    name
                    for name, words in (
                        ("email_subject", ("email_subject", "subject")),
                        ("email_body", ("email_body",)),
                        ("email_bcc", ("email_bcc", "bcc")),
                        ("message", ("contents",)),
                        ("name", ("name",)),
                    )
                    if any(word in lowered for word in words)
                ),
                None,
            )
            if target is None:
                rest.append(message)
            else:
                self.errors[target].setText(message)
                self.errors[target].show()
        return rest

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.setText("")

    # --- internals --------------------------------------------------------------------------------
    def _keep_language(self) -> None:
        language = self._language
        for name, text in (
            ("contents", self.message_edit.toPlainText()),
            ("headings", self.heading_edit.text()),
            ("subtitle", self.subtitle_edit.text()),
        ):
            mapping = self._content.get(name)
            if not isinstance(mapping, dict):
                mapping = {}
            if text:
                mapping[language] = text
            else:
                mapping.pop(language, None)
            self._content[name] = mapping

    def _show_language(self) -> None:
        def text(name: str) -> str:
            mapping = self._content.get(name)
            return str(mapping.get(self._language, "")) if isinstance(mapping, dict) else ""

        loading, self._loading = self._loading, True
        self.message_edit.setPlainText(text("contents"))
        self.heading_edit.setText(text("headings"))
        self.subtitle_edit.setText(text("subtitle"))
        self._loading = loading

    def _language_changed(self) -> None:
        language = self.language_edit.text().strip() or "en"
        if language == self._language:
            return
        self._keep_language()
        self._language = language
        self._show_language()

    def _channel_changed(self) -> None:
        email = self.channel == "email"
        push = self.channel == "push"
        for box in self._email_rows:
            self.form.setRowVisible(box, email)
        for widget in (self.heading_edit, self.subtitle_edit):
            self.form.setRowVisible(widget, push)
        self.message_label.setText("&Preview text:" if email else "&Message:")
        self._on_edited()

    def _on_edited(self) -> None:
        if not self._loading:
            self.edited.emit()
