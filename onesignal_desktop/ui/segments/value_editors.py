"""Editors for the operand of one filter condition, one per kind of value.

Every editor keeps exactly what the person typed, even when it is not valid yet: the builder shows a
message next to the row instead of silently correcting or discarding input. Each editor reads and
writes the JSON members it owns (``value``/``hours_ago``, or ``radius``/``lat``/``long``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from onesignal_desktop.ui.common.locales import ISO_COUNTRIES, ONESIGNAL_LANGUAGES

# Must come before any widget is made: PySide6 6.12 on Python 3.11 drops a reference to None/True on
# every void call, and a builder makes thousands of them (see pyside_refcounts).
from onesignal_desktop.ui.players.export_viewer import pyside_refcounts  # noqa: F401 - first
from onesignal_desktop.ui.segments.filter_fields import (
    FieldSpec,
    RelationSpec,
    ValueKind,
    format_number,
    parse_number,
    wire_number,
)

_SHARED_MODELS: dict[str, QStandardItemModel] = {}


def shared_item_model(name: str, items: Iterable[tuple[str, str, str]]) -> QStandardItemModel:
    """One read-only list model (text, code, tooltip) per name, shared by every combo that shows it.

    Filling a combo item by item for each row is what made loading a 200-entry filter slow. The models
    have no Qt parent on purpose: parented to the application, they were destroyed at exit before
    combos still showing them, which then complained about timers.
    """
    model = _SHARED_MODELS.get(name)
    if model is None:
        model = QStandardItemModel()
        model.setObjectName(name)
        for text, data, tip in items:
            item = QStandardItem(text)
            item.setData(data, Qt.ItemDataRole.UserRole)
            item.setToolTip(tip)
            item.setEditable(False)
            model.appendRow(item)
        _SHARED_MODELS[name] = model
    return model


class NumberEdit(QAbstractSpinBox):
    """A spin box that accepts any text, so a mistyped number stays visible with its error message.

    The arrows and Up/Down keys step from whatever number is there; QSpinBox would instead refuse
    keystrokes and silently replace what a loaded filter contained.
    """

    textEdited = Signal(str)

    def __init__(self, *, step: float = 1, minimum: float | None = None, maximum: float | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._step = step
        self._minimum = minimum
        self._maximum = maximum
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(True)
        self.lineEdit().textChanged.connect(self.textEdited)
        self.setMinimumWidth(90)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        return text

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        number = parse_number(self.text())
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if number is None or self._maximum is None or number < self._maximum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if number is None or self._minimum is None or number > self._minimum:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def stepBy(self, steps: int) -> None:
        number = (parse_number(self.text()) or 0.0) + steps * self._step
        if self._minimum is not None:
            number = max(number, self._minimum)
        if self._maximum is not None:
            number = min(number, self._maximum)
        self.setText(format_number(number))

    def text(self) -> str:
        return self.lineEdit().text()

    def setText(self, text: str) -> None:
        self.lineEdit().setText(text)

    def setPlaceholderText(self, text: str) -> None:
        self.lineEdit().setPlaceholderText(text)


class ValueEditor(QWidget):
    """Base of the operand editors: reads/writes its JSON members and says when they change."""

    edited = Signal()

    def members(self) -> dict[str, Any]:
        return {}

    def load(self, entry: Mapping[str, Any]) -> None:
        """Show the operand of ``entry`` as it is, valid or not."""

    def text(self) -> str:
        """The operand as typed, used to keep it when the relation changes to another kind."""
        return ""

    def set_text(self, text: str) -> None:
        """Take over the operand typed in the previous editor."""

    def focus_target(self) -> QWidget:
        return self

    def focusables(self) -> list[QWidget]:
        """The widgets Tab visits inside this editor, left to right."""
        return []


class NoValueEditor(ValueEditor):
    """For exists/not_exists: nothing to compare with, said so in place of an editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        note = QLabel("(no value needed)")
        note.setEnabled(False)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class _SingleMemberEditor(ValueEditor):
    """An editor for one JSON member (``value`` or ``hours_ago``) holding text."""

    def __init__(self, member: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._member = member
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def members(self) -> dict[str, Any]:
        text = self.text()
        return {self._member: text} if text.strip() else {}

    def load(self, entry: Mapping[str, Any]) -> None:
        raw = entry.get(self._member)
        self.set_text("" if raw is None else str(raw))


class TextValueEditor(_SingleMemberEditor):
    """Free text: tag values, app versions, email addresses, comma-separated lists."""

    def __init__(self, member: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(member, parent)
        self.line = QLineEdit()
        self.line.setObjectName("valueEdit")
        self.line.setPlaceholderText(placeholder)
        self.line.textChanged.connect(self.edited)
        self._layout.addWidget(self.line)
        self.setFocusProxy(self.line)

    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        self.line.setText(text)

    def focus_target(self) -> QWidget:
        return self.line

    def focusables(self) -> list[QWidget]:
        return [self.line]


class NumberValueEditor(_SingleMemberEditor):
    """A count or an amount, with spin arrows."""

    def __init__(self, member: str, spec: FieldSpec, *, decimals: bool, unit: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(member, parent)
        self.number = NumberEdit(step=1, minimum=spec.minimum, maximum=spec.maximum)
        self.number.setObjectName("valueEdit")
        self.number.setPlaceholderText("0.00" if decimals else "0")
        self.number.textEdited.connect(self.edited)
        self._layout.addWidget(self.number, 1)
        if unit:
            self._layout.addWidget(QLabel(unit))
        self.setFocusProxy(self.number)

    def text(self) -> str:
        return self.number.text()

    def set_text(self, text: str) -> None:
        self.number.setText(text)

    def focus_target(self) -> QWidget:
        return self.number

    def focusables(self) -> list[QWidget]:
        return [self.number]


_SECONDS_UNITS = (("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400), ("weeks", 604800))
_HOURS_UNITS = (("hours", 1), ("days", 24), ("weeks", 168))


class DurationValueEditor(_SingleMemberEditor):
    """A duration typed in a handy unit and sent in the unit OneSignal wants (seconds or hours)."""

    def __init__(self, member: str, base: ValueKind, parent: QWidget | None = None) -> None:
        super().__init__(member, parent)
        self._units = _SECONDS_UNITS if base is ValueKind.SECONDS else _HOURS_UNITS
        self.amount = NumberEdit(step=1, minimum=0)
        self.amount.setObjectName("valueEdit")
        self.amount.setPlaceholderText("0")
        self.unit = QComboBox()
        self.unit.setObjectName("unitCombo")
        for name, factor in self._units:
            self.unit.addItem(name, factor)
        base_name = self._units[0][0]
        self.unit.setToolTip(
            f"OneSignal receives the duration in {base_name}; the unit here is a convenience."
        )
        self.unit.setCurrentIndex(min(2, len(self._units) - 1) if base is ValueKind.SECONDS else 0)
        self.amount.textEdited.connect(self.edited)
        self.unit.currentIndexChanged.connect(self.edited)
        self._layout.addWidget(self.amount, 1)
        self._layout.addWidget(self.unit)
        self.setFocusProxy(self.amount)

    def text(self) -> str:
        """The duration in the base unit when the amount is a number; what was typed otherwise."""
        typed = self.amount.text().strip()
        number = parse_number(typed)
        if number is None or not math.isfinite(number * int(self.unit.currentData())):
            return typed  # kept as typed; the row says what is wrong with it
        return format_number(number * int(self.unit.currentData()))

    def set_text(self, text: str) -> None:
        number = parse_number(text)
        if number is None:
            self.unit.setCurrentIndex(0)
            self.amount.setText(text)
            return
        # Show the largest unit that divides the duration evenly: 172800 seconds reads as 2 days.
        index = 0
        for candidate, (_name, factor) in enumerate(self._units):
            if number and number % factor == 0:
                index = candidate
        self.unit.setCurrentIndex(index)
        self.amount.setText(format_number(number / self._units[index][1]))

    def focus_target(self) -> QWidget:
        return self.amount

    def focusables(self) -> list[QWidget]:
        return [self.amount, self.unit]


class CodePickerEditor(_SingleMemberEditor):
    """A searchable picker of codes (languages or countries): type part of a name or a code."""

    def __init__(
        self, member: str, codes: Mapping[str, str], model_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(member, parent)
        self._codes = codes
        self.combo = QComboBox()
        self.combo.setObjectName("valueEdit")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(15)
        model = shared_item_model(
            model_name, ((f"{name} ({code})", code, f"{name}: {code}") for code, name in codes.items())
        )
        self.combo.setModel(model)
        self.combo.setCurrentIndex(-1)
        line = self.combo.lineEdit()
        assert line is not None  # the combo is editable
        line.setPlaceholderText("Type a name or code…")
        completer = QCompleter(self.combo)
        proxy = QSortFilterProxyModel(completer)
        proxy.setSourceModel(model)
        completer.setModel(proxy)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.editTextChanged.connect(self.edited)
        self._layout.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)

    def text(self) -> str:
        """The code for the picked entry; a typed code (any case) resolves to the listed code."""
        typed = self.combo.currentText().strip()
        for code, name in self._codes.items():
            if typed in (f"{name} ({code})", code) or typed.casefold() in (code.casefold(), name.casefold()):
                return code
        return typed

    def set_text(self, text: str) -> None:
        code = text.strip()
        known = next((listed for listed in self._codes if listed.casefold() == code.casefold()), None)
        if known is None:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(text)
        else:
            self.combo.setCurrentIndex(list(self._codes).index(known))

    def focus_target(self) -> QWidget:
        return self.combo

    def focusables(self) -> list[QWidget]:
        return [self.combo]


class LocationEditor(ValueEditor):
    """Radius in meters around a latitude/longitude point."""

    _PARTS = (
        ("radius", "Radius (m)", "Radius around the point, in meters.", None, None),
        ("lat", "Lat", "Latitude of the point, -90 to 90.", -90.0, 90.0),
        ("long", "Long", "Longitude of the point, -180 to 180.", -180.0, 180.0),
    )
    # Two lines (radius; latitude and longitude) so the row still fits beside the other columns.
    _CELLS = {"radius": (0, 0, 3), "lat": (1, 0, 1), "long": (1, 2, 1)}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        self.parts: dict[str, NumberEdit] = {}
        for member, label, tip, low, high in self._PARTS:
            step = 100.0 if member == "radius" else 0.1
            edit = NumberEdit(step=step, minimum=0 if low is None else low, maximum=high)
            edit.setObjectName(f"{member}Edit")
            edit.setAccessibleName(label)
            edit.setToolTip(tip)
            edit.setMinimumWidth(64)
            edit.textEdited.connect(self.edited)
            caption = QLabel(label)
            caption.setBuddy(edit)
            line, column, span = self._CELLS[member]
            layout.addWidget(caption, line, column)
            layout.addWidget(edit, line, column + 1, 1, span)
            self.parts[member] = edit
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)
        self.setFocusProxy(self.parts["radius"])

    def members(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for member, edit in self.parts.items():
            typed = edit.text().strip()
            number = parse_number(typed)
            if number is not None:
                result[member] = wire_number(number)
            elif typed:
                result[member] = typed
        return result

    def load(self, entry: Mapping[str, Any]) -> None:
        for member, edit in self.parts.items():
            raw = entry.get(member)
            number = parse_number(raw)
            edit.setText("" if raw is None else format_number(number) if number is not None else str(raw))

    def focus_target(self) -> QWidget:
        return self.parts["radius"]

    def focusables(self) -> list[QWidget]:
        return list(self.parts.values())


def make_value_editor(spec: FieldSpec, relation: RelationSpec) -> ValueEditor:
    """The editor that fits this field and relation."""
    kind = relation.kind
    member = spec.value_param
    editor: ValueEditor
    if kind is ValueKind.NONE:
        editor = NoValueEditor()
    elif kind is ValueKind.LOCATION:
        editor = LocationEditor()
    elif kind in (ValueKind.SECONDS, ValueKind.HOURS):
        editor = DurationValueEditor(member, kind)
    elif kind is ValueKind.INTEGER:
        editor = NumberValueEditor(member, spec, decimals=False)
    elif kind is ValueKind.DECIMAL:
        editor = NumberValueEditor(member, spec, decimals=True, unit="USD")
    elif kind is ValueKind.LANGUAGE:
        editor = CodePickerEditor(member, ONESIGNAL_LANGUAGES, "onesignalLanguagesModel")
    elif kind is ValueKind.COUNTRY:
        editor = CodePickerEditor(member, ISO_COUNTRIES, "isoCountriesModel")
    else:
        placeholder = {
            ValueKind.TEXT_LIST: "value1, value2, … (up to 20)",
            ValueKind.EMAIL: "name@example.com",
        }.get(kind, "value")
        editor = TextValueEditor(member, placeholder)
    editor.setObjectName("valueEditor")
    editor.setToolTip(relation.help or spec.help)
    return editor
