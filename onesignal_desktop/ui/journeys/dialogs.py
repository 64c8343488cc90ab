"""The Journeys tab's forms: a new journey, a new name, a message node's content.

Each stays open while its request runs: if the server refuses, its message is shown next to the field
it names and what was typed stays; on success the view closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import error_label, with_error

MAX_NAME = 300
MAX_EVENT_NAME = 255


class ServerFormDialog(QDialog):
    """A form whose fields each have an error line; ``fields`` maps a body path prefix to its line."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.errors: dict[str, QLabel] = {}
        self.general_error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self._submit)
        self.on_submit: Callable[[dict[str, Any]], None] | None = None

    def add_field(self, label: str, widget: QWidget, *prefixes: str) -> QWidget:
        error = error_label()
        for prefix in prefixes:
            self.errors[prefix] = error
        cell = with_error(widget, error)
        self.form.addRow(label, cell)
        return cell

    def finish_form(self, ok_text: str) -> None:
        self.form.addRow(self.general_error)
        self.form.addRow(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)

    def clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.hide()

    def show_error(self, prefix: str, message: str) -> None:
        label = self.errors.get(prefix, self.general_error)
        label.setText(message)
        label.show()

    def show_server_errors(self, messages: Sequence[str]) -> None:
        """Each message next to the field whose path it starts with (longest prefix wins)."""
        self.set_busy(False)
        for message in messages or ["The server refused it."]:
            prefix = max((p for p in self.errors if message.startswith(p)), key=len, default="")
            self.show_error(prefix, message)

    def set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def body(self) -> dict[str, Any] | None:
        """The request body, or None after showing what is wrong next to the fields."""
        raise NotImplementedError

    def _submit(self) -> None:
        self.clear_errors()
        body = self.body()
        if body is None or self.on_submit is None:
            return
        self.set_busy(True)
        self.on_submit(body)


class NewJourneyDialog(ServerFormDialog):
    """A name, who enters (a segment, or users firing an event) and a first message after a wait."""

    def __init__(
        self,
        segments: Sequence[tuple[str, str]],
        templates: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("New journey", parent)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("journeyName")
        self.name_edit.setMaxLength(MAX_NAME + 50)  # over the limit is said, not cut
        self.entry_combo = QComboBox()
        self.entry_combo.setObjectName("journeyEntryKind")
        self.entry_combo.addItem("Members of a segment", "segment")
        self.entry_combo.addItem("Users who fire a custom event", "event_trigger")
        self.segment_combo = QComboBox()
        self.segment_combo.setObjectName("journeySegment")
        for segment_id, name in segments:
            self.segment_combo.addItem(name, segment_id)
        self.event_edit = QLineEdit()
        self.event_edit.setObjectName("journeyEvent")
        self.event_edit.setPlaceholderText("e.g. purchase")
        self.wait_spin = QSpinBox()
        self.wait_spin.setObjectName("journeyWait")
        self.wait_spin.setRange(0, 24 * 365)
        self.wait_spin.setSuffix(" h")
        self.wait_spin.setValue(1)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("journeyTemplate")
        for template_id, name in templates:
            self.template_combo.addItem(name, template_id)
        self.add_field("&Name:", self.name_edit, "name")
        self.add_field("&Who enters:", self.entry_combo, "audience.kind")
        self.segment_cell = self.add_field(
            "&Segment:", self.segment_combo, "audience.included_segment_ids", "audience"
        )
        self.event_cell = self.add_field("&Event name:", self.event_edit, "audience.name")
        self.add_field("&Wait first:", self.wait_spin, "nodes[0].duration_seconds")
        self.add_field("&Then send:", self.template_combo, "nodes")
        self.finish_form("Create")
        self.entry_combo.currentIndexChanged.connect(lambda _i: self._entry_changed())
        self._entry_changed()

    def _entry_changed(self) -> None:
        by_event = self.entry_combo.currentData() == "event_trigger"
        self.form.setRowVisible(self.segment_cell, not by_event)
        self.form.setRowVisible(self.event_cell, by_event)

    def body(self) -> dict[str, Any] | None:
        name = self.name_edit.text().strip()
        ok = True
        if not name:
            self.show_error("name", "name: give the journey a name.")
            ok = False
        elif len(name) > MAX_NAME:
            self.show_error("name", f"name: at most {MAX_NAME} characters (this one has {len(name)}).")
            ok = False
        audience: dict[str, Any]
        if self.entry_combo.currentData() == "event_trigger":
            event = self.event_edit.text().strip()
            if not event:
                self.show_error("audience.name", "audience.name: which event starts the journey?")
                ok = False
            elif len(event) > MAX_EVENT_NAME:
                self.show_error("audience.name", f"audience.name: at most {MAX_EVENT_NAME} characters.")
                ok = False
            audience = {"kind": "event_trigger", "name": event}
        else:
            segment = self.segment_combo.currentData()
            if not segment:
                self.show_error("audience", "audience: this app has no segment to start from.")
                ok = False
            audience = {"kind": "segment", "included_segment_ids": [segment]}
        nodes: list[dict[str, Any]] = []
        if self.wait_spin.value():
            nodes.append({"kind": "wait", "duration_seconds": self.wait_spin.value() * 3600})
        template = self.template_combo.currentData()
        if template:
            nodes.append({"kind": "send_push", "template_id": template})
        return {"name": name, "audience": audience, "nodes": nodes} if ok else None


class RenameDialog(ServerFormDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__("Rename journey", parent)
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("journeyNewName")
        self.name_edit.selectAll()
        self.add_field("&Name:", self.name_edit, "name")
        self.finish_form("Rename")

    def body(self) -> dict[str, Any] | None:
        name = self.name_edit.text().strip()
        if not name:
            self.show_error("name", "name: a journey needs a name.")
            return None
        if len(name) > MAX_NAME:
            self.show_error("name", f"name: at most {MAX_NAME} characters (this one has {len(name)}).")
            return None
        return {"name": name}


class MessageNodeDialog(ServerFormDialog):
    """A message node: its label, its template, and that template's text (shared by every node and
    notification using the template, as the note says)."""

    def __init__(
        self,
        node: dict[str, Any],
        templates: Sequence[tuple[str, str]],
        contents: Mapping[str, dict[str, Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit message", parent)
        self.contents = contents
        self.node = node
        self.email = node.get("kind") == "send_email"
        self.annotation_edit = QLineEdit(str(node.get("annotation") or ""))
        self.annotation_edit.setObjectName("nodeAnnotation")
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("nodeTemplate")
        for template_id, name in templates:
            self.template_combo.addItem(name, template_id)
        index = self.template_combo.findData(node.get("template_id"))
        if index >= 0:
            self.template_combo.setCurrentIndex(index)
        self.heading_edit = QLineEdit()
        self.heading_edit.setObjectName("nodeHeading")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("nodeText")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(90)
        self.set_content(contents.get(str(self.template_combo.currentData()), {}))
        self.add_field("&Label:", self.annotation_edit, "annotation")
        self.add_field("&Template:", self.template_combo, "template_id")
        self.add_field(
            "Su&bject:" if self.email else "&Heading:", self.heading_edit, "headings", "email_subject"
        )
        self.add_field("Te&xt:", self.text_edit, "contents", "email_body")
        note = QLabel("The text belongs to the template: other messages sending it change too.")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(note)
        self.finish_form("Save")
        self.setMinimumSize(460, 320)
        self.original = self.content()
        self.template_combo.currentIndexChanged.connect(lambda _i: self._template_changed())

    def _template_changed(self) -> None:
        self.set_content(self.contents.get(str(self.template_combo.currentData()), {}))
        self.original = self.content()

    def set_content(self, content: dict[str, Any]) -> None:
        if self.email:
            self.heading_edit.setText(str(content.get("email_subject") or ""))
            self.text_edit.setPlainText(str(content.get("email_body") or ""))
        else:
            self.heading_edit.setText(str((content.get("headings") or {}).get("en") or ""))
            self.text_edit.setPlainText(str((content.get("contents") or {}).get("en") or ""))

    def content(self) -> dict[str, Any]:
        heading, text = self.heading_edit.text(), self.text_edit.toPlainText()
        if self.email:
            return {"email_subject": heading, "email_body": text}
        return {"headings": {"en": heading}, "contents": {"en": text}}

    def body(self) -> dict[str, Any] | None:
        text = self.text_edit.toPlainText().strip()
        if not text:
            self.show_error("contents", "contents: the message needs some text.")
            return None
        if len(self.annotation_edit.text()) > 255:
            self.show_error("annotation", "annotation: at most 255 characters.")
            return None
        node_changes: dict[str, Any] = {"annotation": self.annotation_edit.text().strip() or None}
        template = self.template_combo.currentData()
        if template and template != self.node.get("template_id"):
            node_changes["template_id"] = template
        content = self.content()
        return {
            "node": node_changes,
            "template_id": template,
            "content": content if content != self.original else None,
        }
