"""The segment editor: a name and the filter builder, with the request body shown as JSON.

It never talks to the network; the Segments view reads :meth:`SegmentEditor.body` and hands OneSignal's
refusals back through :meth:`SegmentEditor.show_server_errors`, which puts each next to the filter row
or the name it is about.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import error_label
from onesignal_desktop.ui.segments.filter_builder import FilterBuilder

EMPTY_TEXT = (
    "No conditions yet: a segment needs at least one.\nAdd a condition to choose who belongs to it. "
    "Conditions in a group must all hold (AND); matching any one group is enough (OR)."
)


def _set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def parse_filters_json(text: str) -> list[Any]:
    """A pasted ``filters`` array, or a whole segment body holding one; ValueError says what is wrong."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"This is not JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from None
    if isinstance(value, dict) and isinstance(value.get("filters"), list):
        value = value["filters"]
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise ValueError('Paste a filters array: [{"field": "tag", "key": "level", "relation": ">", ...}].')
    return value


class SegmentEditor(QWidget):
    """Create a segment, or show (and change) an existing one; built-in segments are shown read-only."""

    save_requested = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment_id: str | None = None
        self.read_only = False
        self._loading = False
        self.dirty = False

        self.heading = QLabel("New segment")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.size_label = QLabel()
        self.size_label.setObjectName("sizeLabel")
        self.note_label = QLabel()
        self.note_label.setObjectName("noteLabel")
        self.note_label.setWordWrap(True)
        self.note_label.hide()

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("segmentName")
        self.name_edit.setPlaceholderText("A name people will recognise, e.g. “Pro plan, active this week”")
        self.name_error = error_label()
        self.name_error.setObjectName("nameError")
        name_box = QVBoxLayout()
        name_box.setSpacing(2)
        name_box.addWidget(self.name_edit)
        name_box.addWidget(self.name_error)
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name_edit)
        form = QFormLayout()
        form.addRow(name_label, name_box)

        self.builder = FilterBuilder()
        self.builder.set_empty_text(EMPTY_TEXT)
        self.builder.set_json_controls_visible(False)

        self.general_error = error_label()
        self.general_error.setObjectName("generalError")

        self.json_view = QPlainTextEdit()
        self.json_view.setObjectName("bodyJson")
        self.json_view.setReadOnly(True)
        self.json_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.json_view.setMaximumHeight(200)
        self.json_view.hide()

        self.paste_button = QPushButton("Paste filters JSON…")
        self.paste_button.setToolTip(
            "Replace the conditions with a filters array (from the docs or another app)"
        )
        self.json_button = QPushButton("Show JSON")
        self.json_button.setCheckable(True)
        self.json_button.setToolTip("Show the request body exactly as it will be sent")
        self.copy_button = QPushButton("Copy JSON")
        self.copy_button.setToolTip("Copy the request body")
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Forget the changes made here")
        self.save_button = QPushButton("Create segment")
        self.save_button.setObjectName("saveSegment")
        self.save_button.setDefault(True)
        for button in (self.paste_button, self.json_button, self.copy_button, self.revert_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.paste_button)
        buttons.addWidget(self.json_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch(1)
        header.addWidget(self.size_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.note_label)
        layout.addLayout(form)
        layout.addWidget(self.builder, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.json_view)
        layout.addLayout(buttons)

        self._original: dict[str, Any] = {"name": "", "filters": []}
        self.name_edit.textChanged.connect(self._on_edited)
        self.name_edit.returnPressed.connect(self.save_requested)
        self.builder.changed.connect(self._on_edited)
        self.save_button.clicked.connect(self.save_requested)
        self.revert_button.clicked.connect(self.revert)
        self.json_button.toggled.connect(self.set_json_visible)
        self.copy_button.clicked.connect(self.copy_json)
        self.paste_button.clicked.connect(self._ask_for_json)
        self.start_new()

    # --- what is shown ----------------------------------------------------------------------------
    def start_new(self) -> None:
        self.segment_id = None
        self._show("New segment", "", [], read_only=False, note="")
        self.size_label.setText("")
        self.save_button.setText("Create segment")
        self.save_button.setToolTip("Create the segment (Enter)")

    def show_segment(
        self, segment_id: str, name: str, filters: Sequence[Any] | None, *, builtin: bool, read_only: bool
    ) -> None:
        self.segment_id = segment_id
        note = ""
        if builtin or read_only:
            note = (
                "A built-in segment: OneSignal decides who is in it, so it has no conditions to edit."
                if builtin and not filters
                else "This segment is read-only: OneSignal does not let it be changed."
            )
        self._show(f"Segment “{name}”", name, list(filters or []), read_only=builtin or read_only, note=note)
        self.save_button.setText("Save changes")
        self.save_button.setToolTip("Send the new name and conditions to OneSignal (Enter)")

    def show_loading(self, name: str) -> None:
        self.heading.setText(f"Segment “{name}”")
        self.size_label.setText("Loading…")
        self.setEnabled(False)

    def set_size(self, count: int | None) -> None:
        self.size_label.setText("" if count is None else f"{count:,} subscribed user{'s' * (count != 1)}")

    def body(self) -> dict[str, Any]:
        """What goes to OneSignal: ``{"name": ..., "filters": [...]}``."""
        return {"name": self.name_edit.text().strip(), "filters": self.builder.filters()}

    def validate(self) -> bool:
        """Check the name and every condition, showing problems where they are."""
        self.clear_errors()
        ok = True
        if not self.name_edit.text().strip():
            _set_error(self.name_error, "Give the segment a name.")
            ok = False
        if self.builder.is_empty():
            _set_error(self.general_error, "Add at least one condition.")
            ok = False
        if self.builder.validate():
            ok = False
        return ok

    def show_server_errors(self, messages: Sequence[str]) -> None:
        """Each refusal next to the row it names, else under the name when it is about the name."""
        unplaced = self.builder.show_server_errors(messages)
        about_name = [m for m in unplaced if "name" in m.casefold() and "field" not in m.casefold()]
        others = [m for m in unplaced if m not in about_name]
        _set_error(self.name_error, " ".join(about_name))
        _set_error(self.general_error, " ".join(others))
        if about_name:
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        self.builder.clear_errors()
        _set_error(self.name_error, "")
        _set_error(self.general_error, "")

    def mark_created(self, segment_id: str) -> None:
        """The new segment exists now: from here on, Save changes it instead of creating another."""
        self.segment_id = segment_id
        self.heading.setText(f"Segment “{self.body()['name']}”")
        self.save_button.setText("Save changes")
        self.save_button.setToolTip("Send the new name and conditions to OneSignal (Enter)")
        self.mark_saved()

    def mark_saved(self) -> None:
        self._original = self.body()
        self.dirty = False
        self._refresh_buttons()

    def revert(self) -> None:
        self._show(
            self.heading.text(),
            self._original["name"],
            self._original["filters"],
            read_only=self.read_only,
            note=self.note_label.text(),
        )

    # --- JSON -------------------------------------------------------------------------------------
    def json_text(self) -> str:
        return json.dumps(self.body(), indent=2, ensure_ascii=False)

    def set_json_visible(self, visible: bool) -> None:
        self.json_view.setVisible(visible)
        self.json_button.setChecked(visible)
        self.json_button.setText("Hide JSON" if visible else "Show JSON")
        self._refresh_json()

    def copy_json(self) -> None:
        QApplication.clipboard().setText(self.json_text())

    def load_filters_json(self, text: str) -> str:
        """Replace the conditions with a pasted array; returns what is wrong with it ("" when loaded).
        Entries the builder does not know stay as read-only rows and go to OneSignal as they are."""
        try:
            filters = parse_filters_json(text)
        except ValueError as error:
            _set_error(self.general_error, str(error))
            return str(error)
        self.clear_errors()
        self.builder.set_filters(filters)
        return ""

    # --- internals --------------------------------------------------------------------------------
    def _show(self, heading: str, name: str, filters: list[Any], *, read_only: bool, note: str) -> None:
        self._loading = True
        self.setEnabled(True)
        self.read_only = read_only
        self.heading.setText(heading)
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self.name_edit.setText(name)
        self.builder.set_filters(filters)
        self.clear_errors()
        for widget in (self.name_edit, self.builder, self.paste_button, self.save_button, self.revert_button):
            widget.setEnabled(not read_only)
        self._original = {"name": name, "filters": self.builder.filters()}
        self._loading = False
        self.dirty = False
        self._refresh_buttons()
        self._refresh_json()

    def _on_edited(self) -> None:
        if self._loading:
            return
        self.dirty = self.body() != {
            "name": self._original["name"].strip(),
            "filters": self._original["filters"],
        }
        self._refresh_buttons()
        self._refresh_json()
        self.edited.emit()

    def _refresh_buttons(self) -> None:
        if self.read_only:
            return
        self.revert_button.setEnabled(self.dirty)
        self.save_button.setEnabled(self.segment_id is None or self.dirty)

    def _refresh_json(self) -> None:
        if self.json_view.isVisible() or self.json_button.isChecked():
            self.json_view.setPlainText(self.json_text())

    def _ask_for_json(self) -> None:
        text, accepted = QInputDialog.getMultiLineText(
            self, "Paste filters JSON", "A filters array (or a segment body with one):", ""
        )
        if accepted and text.strip():
            self.load_filters_json(text)
