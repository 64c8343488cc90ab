"""One row of the filter builder: a condition being edited, or an entry kept raw because it is unknown."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.form_fields import ERROR_STYLE
from onesignal_desktop.ui.segments.filter_fields import (
    FIELDS,
    FieldSpec,
    Problem,
    RelationSpec,
    check_condition,
    field_spec,
)
from onesignal_desktop.ui.segments.value_editors import (
    NoValueEditor,
    ValueEditor,
    make_value_editor,
    shared_item_model,
)

_FIELD_WIDTH = 130
_KEY_WIDTH = 140
_RELATION_WIDTH = 150


class BuilderRow(QFrame):
    """What the builder needs from any row: its JSON entry, errors next to it, Enter and remove."""

    edited = Signal()
    remove_requested = Signal()
    enter_pressed = Signal()
    move_requested = Signal(int)
    """Alt+Up (-1) or Alt+Down (+1): move this row one place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterRow")
        self.live_validation = False
        """Once a row has shown its problems, it keeps them current as the person types."""
        self._server_message = ""
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(2)
        self.line = QHBoxLayout()
        self.line.setSpacing(6)
        self._outer.addLayout(self.line)
        self.error_label = QLabel()
        self.error_label.setObjectName("rowError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._outer.addWidget(self.error_label)
        self.remove_button = QToolButton()
        self.remove_button.setObjectName("removeRowButton")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip("Remove this condition (Ctrl+Delete)")
        self.remove_button.setAccessibleName("Remove condition")
        self.setToolTip(
            "Enter adds a condition below; Alt+Up / Alt+Down moves this one; Ctrl+Delete removes it"
        )
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(self.remove_requested)

    def entry(self) -> Any:
        raise NotImplementedError

    def focus_chain(self) -> list[QWidget]:
        """The widgets Tab visits in this row, left to right."""
        return [self.remove_button]

    def focus_first_editor(self) -> None:
        chain = self.focus_chain()
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def problems(self) -> list[Problem]:
        return []

    def show_problems(self) -> list[Problem]:
        """Check the row, show what is wrong next to it (with any server refusal), and return it."""
        problems = self.problems()
        messages = [problem.message for problem in problems]
        if self._server_message:
            messages.append(self._server_message)
        self._set_error_text(" ".join(messages))
        self.live_validation = True
        return problems

    def set_server_error(self, message: str) -> None:
        """Show a refusal from OneSignal for this entry until the person edits the row."""
        self._server_message = message
        self.show_problems()

    def clear_errors(self) -> None:
        self._server_message = ""
        self.live_validation = False
        self._set_error_text("")

    def _set_error_text(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _on_edited(self) -> None:
        self._server_message = ""
        if self.live_validation:
            self.show_problems()
        self.edited.emit()

    def _watch_keys(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            combo = watched if isinstance(watched, QComboBox) else None
            popup_open = combo is not None and combo.view().isVisible()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not popup_open:
                self.enter_pressed.emit()
                return True
            if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
            ):
                self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
            if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_Delete:
                self.remove_requested.emit()
                return True
        return super().eventFilter(watched, event)


def _field_model() -> QStandardItemModel:
    return shared_item_model(
        "filterFieldsModel", [(spec.label, spec.name, f"{spec.name}: {spec.help}") for spec in FIELDS]
    )


def _relation_model(spec: FieldSpec) -> QStandardItemModel:
    items = [
        (
            relation.label,
            relation.op,
            f"{relation.op}: {relation.help}" + (" (current API)" if relation.current_api_only else ""),
        )
        for relation in spec.relations
    ]
    return shared_item_model(f"filterRelationsModel_{spec.name}", items)


class FilterRow(BuilderRow):
    """A condition: field, key (tags and SKUs), relation and an operand editor that fits them."""

    editor_replaced = Signal()
    """The widgets of the row changed (another field or kind of value), so its Tab order did too."""

    def __init__(self, entry: Mapping[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        spec, relation = FIELDS[0], FIELDS[0].default_relation
        if entry is not None:
            loaded = field_spec(entry.get("field"))
            if loaded is None:
                raise ValueError(f"not a catalogue field: {entry.get('field')!r}")
            spec = loaded
            relation = spec.relation(str(entry.get("relation", spec.default_relation.op))) or relation
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("fieldCombo")
        self.field_combo.setFixedWidth(_FIELD_WIDTH)
        self.field_combo.setModel(_field_model())
        self.field_combo.setAccessibleName("Field")
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setAccessibleName("Key")
        # Rows without a key keep the column, so relations line up under each other. (A slot widget
        # rather than QSizePolicy.setRetainSizeWhenHidden, which corrupts a refcount in PySide 6.12.)
        self.key_slot = QWidget()
        self.key_slot.setFixedWidth(_KEY_WIDTH)
        key_slot_layout = QHBoxLayout(self.key_slot)
        key_slot_layout.setContentsMargins(0, 0, 0, 0)
        key_slot_layout.addWidget(self.key_edit)
        self.relation_combo = QComboBox()
        self.relation_combo.setObjectName("relationCombo")
        self.relation_combo.setAccessibleName("Relation")
        self.relation_combo.setFixedWidth(_RELATION_WIDTH)
        self.editor: ValueEditor = NoValueEditor()
        self.line.addWidget(self.field_combo)
        self.line.addWidget(self.key_slot)
        self.line.addWidget(self.relation_combo)
        self.line.addWidget(self.editor, 1)
        self.line.addWidget(self.remove_button)
        for widget in (self.field_combo, self.key_edit, self.relation_combo):
            self._watch_keys(widget)
        self._populating = True
        self.field_combo.setCurrentIndex(self.field_combo.findData(spec.name))
        self._apply_field(spec, relation)
        if entry is not None:
            self.key_edit.setText(str(entry.get("key", "")))
            self.key_edit.setCursorPosition(0)  # long keys show their start, not their end
            self.editor.load(entry)
        self._populating = False
        self.field_combo.currentIndexChanged.connect(self._on_field_changed)
        self.relation_combo.currentIndexChanged.connect(self._on_relation_changed)
        self.key_edit.textChanged.connect(self._on_edited)

    @property
    def spec(self) -> FieldSpec:
        spec = field_spec(self.field_combo.currentData())
        assert spec is not None  # the combo only lists catalogue fields
        return spec

    @property
    def relation(self) -> RelationSpec:
        relation = self.spec.relation(str(self.relation_combo.currentData()))
        return relation if relation is not None else self.spec.default_relation

    def set_key_completer(self, completer: QCompleter) -> None:
        """Offer known keys (tag names) while typing the key; the completer is shared by all rows."""
        self.key_edit.setCompleter(completer)

    def entry(self) -> dict[str, Any]:
        spec, relation = self.spec, self.relation
        # Members in the order OneSignal's docs write them, so the JSON view reads like the docs.
        result: dict[str, Any] = {"field": spec.name}
        if spec.needs_key:
            result["key"] = self.key_edit.text().strip()
        result["relation"] = relation.op
        result.update(self.editor.members())
        return result

    def load(self, entry: Mapping[str, Any]) -> None:
        """Show ``entry`` (a condition the catalogue understands) exactly as it is, valid or not."""
        spec = field_spec(entry.get("field"))
        if spec is None:
            raise ValueError(f"not a catalogue field: {entry.get('field')!r}")
        relation = spec.relation(str(entry.get("relation", spec.default_relation.op)))
        self._populating = True
        blocked = self.field_combo.blockSignals(True)
        try:
            self.field_combo.setCurrentIndex(self.field_combo.findData(spec.name))
            self._apply_field(spec, relation)
            self.key_edit.setText(str(entry.get("key", "")))
            self.key_edit.setCursorPosition(0)  # long keys show their start, not their end
            self.editor.load(entry)
        finally:
            self.field_combo.blockSignals(blocked)
            self._populating = False
        self._on_edited()

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.field_combo]
        if self.spec.needs_key:
            chain.append(self.key_edit)
        chain.append(self.relation_combo)
        chain += self._editor_focusables()
        chain.append(self.remove_button)
        return chain

    def focus_first_editor(self) -> None:
        """New rows start where typing begins: the key for tags, else the operand."""
        if self.spec.needs_key:
            self.key_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def problems(self) -> list[Problem]:
        return check_condition(self.entry())

    def _editor_focusables(self) -> list[QWidget]:
        return self.editor.focusables()

    def _apply_field(self, spec: FieldSpec, relation: RelationSpec | None = None) -> None:
        """Show the key editor, relation list and operand editor this field needs."""
        self.field_combo.setToolTip(spec.help)
        self.key_edit.setVisible(spec.needs_key)
        self.key_edit.setPlaceholderText(spec.key_label.lower())
        self.key_edit.setToolTip(spec.key_help)
        blocked = self.relation_combo.blockSignals(True)
        self.relation_combo.setModel(_relation_model(spec))
        self.relation_combo.blockSignals(blocked)
        self._set_relation(relation or spec.default_relation, carry_value=False)

    def _set_relation(self, relation: RelationSpec, *, carry_value: bool = True) -> None:
        blocked = self.relation_combo.blockSignals(True)
        self.relation_combo.setCurrentIndex(self.relation_combo.findData(relation.op))
        self.relation_combo.blockSignals(blocked)
        self.relation_combo.setToolTip(relation.help)
        self._replace_editor(relation, carry_value=carry_value)

    def _replace_editor(self, relation: RelationSpec, *, carry_value: bool) -> None:
        """Swap the operand editor when the kind of value changes, carrying over what was typed."""
        spec = self.spec
        wanted = (spec.name, relation.kind.value)
        self.editor.setToolTip(relation.help or spec.help)
        if self.editor.property("editorFor") == list(wanted):
            return
        fresh = make_value_editor(spec, relation)
        fresh.setProperty("editorFor", list(wanted))
        if carry_value and self.editor.text():
            fresh.set_text(self.editor.text())
        self.line.replaceWidget(self.editor, fresh)
        self.editor.hide()
        self.editor.deleteLater()
        self.editor = fresh
        self.editor.edited.connect(self._on_edited)
        for child in self.editor.focusables():
            self._watch_keys(child)
        self.editor_replaced.emit()

    def _on_field_changed(self) -> None:
        self._apply_field(self.spec)
        self._on_edited()
        if not self._populating:
            self.focus_first_editor()

    def _on_relation_changed(self) -> None:
        self._set_relation(self.relation)
        self._on_edited()


class RawFilterRow(BuilderRow):
    """An entry the catalogue does not understand, kept unchanged and shown as read-only JSON."""

    def __init__(self, entry: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entry = entry
        field = entry.get("field") if isinstance(entry, Mapping) else None
        caption = f"Unknown field “{field}”" if isinstance(field, str) else "Unrecognised entry"
        self.caption = QLabel()
        self.caption.setObjectName("rawCaption")
        # Spans the field and key columns so the JSON starts where relations do in other rows.
        width = _FIELD_WIDTH + _KEY_WIDTH + self.line.spacing()
        self.caption.setFixedWidth(width)
        self.caption.setText(
            self.caption.fontMetrics().elidedText(
                f"{caption}, kept as is", Qt.TextElideMode.ElideMiddle, width
            )
        )
        self.caption.setToolTip(
            f"{caption}: this entry is not in the console's field catalogue. "
            "It is sent to OneSignal exactly as it was received; remove it to drop it."
        )
        self.json_edit = QLineEdit(json.dumps(entry, ensure_ascii=False))
        self.json_edit.setObjectName("rawJson")
        self.json_edit.setReadOnly(True)
        self.json_edit.setToolTip(self.caption.toolTip())
        self.json_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self.json_edit.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.json_edit.setFont(font)
        self.line.addWidget(self.caption)
        self.line.addWidget(self.json_edit, 1)
        self.line.addWidget(self.remove_button)
        self._watch_keys(self.json_edit)

    def entry(self) -> Any:
        return self._entry

    def focus_chain(self) -> list[QWidget]:
        return [self.json_edit, self.remove_button]
