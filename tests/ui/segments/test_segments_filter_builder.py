"""The filter builder as a person uses it: typing, clicking, reading messages, and the array it gives."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from onesignal_desktop.ui.segments import FilterBuilder
from onesignal_desktop.ui.segments.filter_fields import (
    EMPTY_OR_GROUP,
    FIELDS,
    OR_AT_END,
    OR_AT_START,
    FieldSpec,
    RelationSpec,
    ValueKind,
    check_condition,
    example_condition,
)
from onesignal_desktop.ui.segments.filter_row import FilterRow, RawFilterRow
from onesignal_desktop.ui.segments.value_editors import (
    CodePickerEditor,
    DurationValueEditor,
    LocationEditor,
    NoValueEditor,
    NumberValueEditor,
)

OR = {"operator": "OR"}


@pytest.fixture
def builder(qtbot: QtBot) -> FilterBuilder:
    widget = FilterBuilder()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _row(builder: FilterBuilder, index: int) -> FilterRow:
    row = builder.rows()[index]
    assert isinstance(row, FilterRow)
    return row


def _error(row: Any) -> str:
    """The message shown under a row (rows are shown by Qt only once the event loop runs)."""
    return str(row.error_label.text()) if not row.error_label.isHidden() else ""


def test_build_tag_or_session_count_by_typing_and_clicking(builder: FilterBuilder, qtbot: QtBot) -> None:
    assert builder.empty_state.isVisible() and builder.filters() == []

    with qtbot.waitSignal(builder.changed):
        qtbot.mouseClick(builder.add_first_button, Qt.MouseButton.LeftButton)
    first = _row(builder, 0)
    assert first.entry() == {"field": "tag", "relation": "=", "key": ""}  # the default: tag =, key first
    assert QApplication.focusWidget() is first.key_edit
    qtbot.keyClicks(first.key_edit, "level")
    qtbot.keyClicks(first.relation_combo, "g")  # keyboard search picks "greater than"
    qtbot.keyClicks(first.editor.focus_target(), "10")

    qtbot.mouseClick(builder.add_group_button, Qt.MouseButton.LeftButton)
    second = _row(builder, 1)
    qtbot.keyClicks(second.field_combo, "S")  # "Session count"
    assert isinstance(second.editor, NumberValueEditor)
    assert QApplication.focusWidget() is second.editor.focus_target()
    qtbot.keyClicks(second.relation_combo, "g")
    qtbot.keyClicks(second.editor.focus_target(), "5")

    expected = [
        {"field": "tag", "key": "level", "relation": ">", "value": "10"},
        OR,
        {"field": "session_count", "relation": ">", "value": "5"},
    ]
    assert builder.filters() == expected
    assert builder.validate() == []
    qtbot.mouseClick(builder.json_toggle, Qt.MouseButton.LeftButton)
    assert builder.json_view.isVisible()
    assert json.loads(builder.json_view.toPlainText()) == expected
    assert len(builder.groups()) == 2


def test_enter_adds_a_row_after_the_current_one_and_tab_walks_the_row(
    builder: FilterBuilder, qtbot: QtBot
) -> None:
    builder.add_row()
    first = _row(builder, 0)
    qtbot.keyClicks(first.key_edit, "plan")
    qtbot.keyClick(first.key_edit, Qt.Key.Key_Return)
    assert len(builder.rows()) == 1 + 1 and len(builder.groups()) == 1
    second = _row(builder, 1)
    assert QApplication.focusWidget() is second.key_edit
    qtbot.waitUntil(second.relation_combo.isVisible)  # Qt shows new children from the event loop

    qtbot.keyClick(second.key_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second.relation_combo
    qtbot.keyClick(second.relation_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second.editor.focus_target()


def test_a_new_row_in_the_middle_keeps_tab_order_visual(builder: FilterBuilder, qtbot: QtBot) -> None:
    builder.set_filters([example_condition(FIELDS[0], FIELDS[0].relations[0])] * 2)
    first, last = _row(builder, 0), _row(builder, 1)
    inserted = builder.add_row(after=first)
    assert builder.rows() == [first, inserted, last]
    qtbot.waitUntil(inserted.field_combo.isVisible)
    first.remove_button.setFocus()
    qtbot.keyClick(first.remove_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is inserted.field_combo


@pytest.mark.parametrize(
    "entry",
    [example_condition(spec, relation) for spec in FIELDS for relation in spec.relations],
    ids=[f"{spec.name}{relation.op}" for spec in FIELDS for relation in spec.relations],
)
def test_every_field_and_relation_round_trips(builder: FilterBuilder, entry: dict[str, Any]) -> None:
    builder.set_filters([entry, OR, entry])
    assert builder.filters() == [entry, OR, entry]
    assert all(isinstance(row, FilterRow) for row in builder.rows())
    assert builder.validate() == []


def test_editors_fit_the_field(builder: FilterBuilder) -> None:
    builder.set_filters(
        [
            {"field": "session_time", "relation": ">", "value": "172800"},
            {"field": "last_session", "relation": ">", "hours_ago": "1.5"},
            {"field": "country", "relation": "=", "value": "DE"},
            {"field": "language", "relation": "!=", "value": "zh-Hant"},
            {"field": "tag", "key": "seen", "relation": "not_exists"},
            {"field": "location", "radius": "500", "lat": "52.52", "long": "13.405"},
        ]
    )
    rows = [_row(builder, index) for index in range(6)]
    duration = rows[0].editor
    assert isinstance(duration, DurationValueEditor)
    assert (duration.amount.text(), duration.unit.currentText()) == ("2", "days")
    assert isinstance(rows[1].editor, DurationValueEditor) and rows[1].editor.unit.currentText() == "hours"
    country = rows[2].editor
    assert isinstance(country, CodePickerEditor) and country.combo.currentText() == "Germany (DE)"
    assert isinstance(rows[3].editor, CodePickerEditor)
    assert isinstance(rows[4].editor, NoValueEditor) and not rows[4].key_edit.isHidden()
    assert isinstance(rows[5].editor, LocationEditor) and rows[5].key_edit.isHidden()
    # OneSignal's docs omit the location relation and send numbers as text; the spec wants numbers.
    assert builder.filters()[5] == {
        "field": "location",
        "relation": "=",
        "radius": 500,
        "lat": 52.52,
        "long": 13.405,
    }


def test_duration_and_picker_convert_what_is_typed(builder: FilterBuilder, qtbot: QtBot) -> None:
    row = builder.add_row()
    qtbot.keyClicks(row.key_edit, "signup_at")
    row.relation_combo.setCurrentIndex(row.relation_combo.findData("time_elapsed_gt"))
    duration = row.editor
    assert isinstance(duration, DurationValueEditor)
    qtbot.keyClicks(duration.amount, "3")
    duration.unit.setCurrentIndex(duration.unit.findText("days"))
    assert builder.filters()[0]["value"] == "259200"

    row.field_combo.setCurrentIndex(row.field_combo.findData("country"))
    picker = row.editor
    assert isinstance(picker, CodePickerEditor)
    qtbot.keyClicks(picker.combo, "fr")
    assert builder.filters()[0] == {"field": "country", "relation": "=", "value": "FR"}


def test_arrows_step_the_number(builder: FilterBuilder, qtbot: QtBot) -> None:
    builder.set_filters([{"field": "session_count", "relation": ">", "value": "1"}])
    editor = _row(builder, 0).editor
    assert isinstance(editor, NumberValueEditor)
    qtbot.keyClick(editor.number, Qt.Key.Key_Up)
    assert builder.filters()[0]["value"] == "2"
    for _ in range(4):
        qtbot.keyClick(editor.number, Qt.Key.Key_Down)
    assert builder.filters()[0]["value"] == "0"  # stops at the field's minimum


def test_bad_input_is_explained_next_to_its_row_and_kept(builder: FilterBuilder, qtbot: QtBot) -> None:
    row = builder.add_row()
    row.field_combo.setCurrentIndex(row.field_combo.findData("session_count"))
    qtbot.keyClicks(row.editor.focus_target(), "12x")
    second = builder.add_row()  # focus leaves the first row, which then shows its problem
    assert _error(row) == "“12x” is not a whole number."
    assert _error(second) == ""  # not nagged while it is being typed into

    assert builder.validate() == [
        (0, "“12x” is not a whole number."),
        (1, "Enter the tag key."),
        (1, "Enter a value."),
    ]
    assert _error(second) == "Enter the tag key. Enter a value."
    assert builder.filters()[0]["value"] == "12x"
    assert row.editor.text() == "12x"

    qtbot.keyClick(row.editor.focus_target(), Qt.Key.Key_Backspace)
    assert _error(row) == ""  # once shown, messages follow the typing
    qtbot.keyClicks(second.key_edit, "vip")
    assert _error(second) == "Enter a value."


def test_a_count_beyond_a_32_bit_integer_is_refused_next_to_its_row_and_kept(
    builder: FilterBuilder, qtbot: QtBot
) -> None:
    typed = "12345678901234567890123"  # 23 digits, beyond even a 64-bit integer
    row = builder.add_row()
    row.field_combo.setCurrentIndex(row.field_combo.findData("session_count"))
    qtbot.keyClicks(row.editor.focus_target(), typed)
    builder.add_row()
    assert _error(row) == "Must be 2147483647 or less."
    assert (0, "Must be 2147483647 or less.") in builder.validate()
    assert row.editor.text() == typed and builder.filters()[0]["value"] == typed

    for _ in range(len(typed) - 10):
        qtbot.keyClick(row.editor.focus_target(), Qt.Key.Key_Backspace)
    assert row.editor.text() == "1234567890" and _error(row) == ""


def test_a_huge_amount_or_duration_is_refused_and_kept_as_typed(builder: FilterBuilder, qtbot: QtBot) -> None:
    amount = builder.add_row()
    amount.field_combo.setCurrentIndex(amount.field_combo.findData("amount_spent"))
    huge = "9" * 400
    qtbot.keyClicks(amount.editor.focus_target(), huge)
    duration = builder.add_row()
    duration.field_combo.setCurrentIndex(duration.field_combo.findData("session_time"))
    qtbot.keyClicks(duration.editor.focus_target(), huge)
    builder.add_row()
    assert _error(amount) == "Must be 1000000000000 or less."
    assert _error(duration) == "Must be 2147483647 or less."
    assert amount.editor.text() == huge and duration.editor.focus_target().text() == huge


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"field": "tag", "key": "level", "relation": ">"}, "Enter a value."),
        ({"field": "amount_spent", "relation": ">", "value": "-3"}, "Must be 0 or more."),
        ({"field": "location", "relation": "=", "radius": 5, "lat": 12, "long": 200},
         "The longitude must be between -180 and 180."),
        ({"field": "location", "relation": "=", "radius": "far", "lat": 1, "long": 2},
         "The radius in meters “far” is not a number."),
        ({"field": "language", "relation": "=", "value": "klingon"},
         "“klingon” is not one of OneSignal's language codes."),
        ({"field": "last_session", "relation": "<", "hours_ago": "soon"}, "“soon” is not a number."),
        ({"field": "session_count", "relation": ">", "value": "99999999999999999999999"},
         "Must be 2147483647 or less."),
    ],
)  # fmt: skip
def test_loaded_bad_values_stay_and_are_flagged(
    builder: FilterBuilder, entry: dict[str, Any], message: str
) -> None:
    builder.set_filters([entry])
    assert builder.filters() == [entry]
    assert builder.validate() == [(0, message)]
    assert message in _error(builder.rows()[0])


@pytest.mark.parametrize(
    ("filters", "message", "group"),
    [
        ([OR, {"field": "session_count", "relation": ">", "value": "1"}], OR_AT_START, 0),
        ([{"field": "session_count", "relation": ">", "value": "1"}, OR], OR_AT_END, 1),
        ([{"field": "session_count", "relation": ">", "value": "1"}, OR, OR,
          {"field": "session_count", "relation": "<", "value": "9"}], EMPTY_OR_GROUP, 1),
    ],
)  # fmt: skip
def test_stray_or_operators_are_kept_and_flagged_on_the_empty_group(
    builder: FilterBuilder, filters: list[dict[str, Any]], message: str, group: int
) -> None:
    builder.set_filters(filters)
    assert builder.filters() == filters
    assert builder.groups()[group].error_label.text() == message
    assert message in [problem for _index, problem in builder.validate()]


def test_unknown_entries_are_kept_read_only(builder: FilterBuilder) -> None:
    unknown = [
        {"field": "rooted", "relation": "=", "value": "true"},
        {"field": "tag", "key": "level", "relation": "=", "value": "3", "case_sensitive": True},
        {"operator": "XOR"},
        "free text",
    ]
    filters = [{"field": "session_count", "relation": ">", "value": "1"}, *unknown[:2], OR, *unknown[2:]]
    builder.set_filters(filters)
    assert builder.filters() == filters
    raw_rows = [row for row in builder.rows() if isinstance(row, RawFilterRow)]
    assert len(raw_rows) == len(unknown)
    assert all(row.json_edit.isReadOnly() for row in raw_rows)
    assert json.loads(raw_rows[0].json_edit.text()) == unknown[0]
    assert "rooted" in raw_rows[0].caption.toolTip()
    assert builder.validate() == []  # OneSignal decides about fields the console does not know

    builder.remove_row(raw_rows[0])
    assert unknown[0] not in builder.filters()


def test_and_operators_are_implicit(builder: FilterBuilder) -> None:
    condition = {"field": "session_count", "relation": ">", "value": "1"}
    builder.set_filters([condition, {"operator": "AND"}, condition])
    assert builder.filters() == [condition, condition]


def test_server_refusal_shows_next_to_the_row_until_it_is_edited(
    builder: FilterBuilder, qtbot: QtBot
) -> None:
    tag = {"field": "tag", "key": "level", "relation": "=", "value": "1"}
    builder.set_filters([tag, OR, tag])
    assert builder.set_row_error(2, "Invalid tag key")
    row = _row(builder, 1)
    assert _error(row) == "Invalid tag key" and _error(_row(builder, 0)) == ""
    assert builder.set_row_error(1, "Too many OR groups")
    assert builder.groups()[1].error_label.text() == "Too many OR groups"
    assert not builder.set_row_error(7, "no such entry")

    qtbot.keyClicks(row.key_edit, "s")
    assert _error(row) == ""


def test_removing_the_last_row_of_a_group_removes_its_or(builder: FilterBuilder, qtbot: QtBot) -> None:
    tag = {"field": "tag", "key": "level", "relation": "exists"}
    builder.set_filters([tag, OR, tag])
    with qtbot.waitSignal(builder.changed):
        qtbot.mouseClick(builder.rows()[1].remove_button, Qt.MouseButton.LeftButton)
    assert builder.filters() == [tag]
    qtbot.mouseClick(builder.rows()[0].remove_button, Qt.MouseButton.LeftButton)
    assert builder.filters() == [] and builder.empty_state.isVisible()


def test_json_view_follows_edits(builder: FilterBuilder, qtbot: QtBot) -> None:
    builder.set_json_visible(True)
    row = builder.add_row()
    qtbot.keyClicks(row.key_edit, "k")
    assert json.loads(builder.json_view.toPlainText()) == [{"field": "tag", "relation": "=", "key": "k"}]
    assert builder.json_toggle.text() == "Hide JSON"


def test_filters_is_a_copy(builder: FilterBuilder) -> None:
    builder.set_filters([{"field": "x", "nested": {"a": 1}}])
    builder.filters()[0]["nested"]["a"] = 2
    assert builder.filters() == [{"field": "x", "nested": {"a": 1}}]


def test_rows_explain_themselves(builder: FilterBuilder) -> None:
    row = builder.add_row()
    assert "tag" in row.field_combo.toolTip().lower()
    assert row.key_edit.toolTip() and row.relation_combo.toolTip() and row.remove_button.toolTip()
    for button in (builder.add_group_button, builder.json_toggle, builder.groups()[0].add_button):
        assert button.toolTip()
    assert isinstance(row.editor.focus_target(), QLineEdit)


def test_json_lists_members_in_the_docs_order_and_copies(builder: FilterBuilder, qtbot: QtBot) -> None:
    builder.set_filters([{"relation": ">", "value": "10", "key": "level", "field": "tag"}])
    assert list(builder.filters()[0]) == ["field", "key", "relation", "value"]
    qtbot.mouseClick(builder.copy_json_button, Qt.MouseButton.LeftButton)
    clipboard = QApplication.clipboard()
    assert clipboard is not None and json.loads(clipboard.text()) == builder.filters()


def test_known_tag_keys_are_suggested(builder: FilterBuilder, qtbot: QtBot) -> None:
    builder.set_known_tag_keys(["level", "plan", "Lifetime_value", "level"])
    row = builder.add_row()
    completer = row.key_edit.completer()
    assert completer is not None

    def suggestions() -> list[str]:
        model = completer.completionModel()
        return [model.index(line, 0).data() for line in range(completer.completionCount())]

    qtbot.keyClicks(row.key_edit, "l")
    assert suggestions() == ["level", "Lifetime_value", "plan"]  # any key containing the text
    qtbot.keyClicks(row.key_edit, "e")
    assert suggestions() == ["level"]


def test_alt_arrows_move_a_row_within_and_across_groups(builder: FilterBuilder, qtbot: QtBot) -> None:
    first = {"field": "tag", "key": "a", "relation": "exists"}
    second = {"field": "tag", "key": "b", "relation": "exists"}
    third = {"field": "tag", "key": "c", "relation": "exists"}
    builder.set_filters([first, second, OR, third])
    moving = _row(builder, 1)
    qtbot.keyClick(moving.key_edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert builder.filters() == [second, first, OR, third]
    qtbot.keyClick(moving.key_edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # already first
    assert builder.filters() == [second, first, OR, third]

    last = _row(builder, 2)
    qtbot.keyClick(last.key_edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert builder.filters() == [second, first, third]  # joined the group above; the empty one went
    assert len(builder.groups()) == 1


TYPED_SAMPLES = {
    ValueKind.TEXT: "10",
    ValueKind.TEXT_LIST: "gold,silver",
    ValueKind.INTEGER: "5",
    ValueKind.DECIMAL: "0.99",
    ValueKind.SECONDS: "2",
    ValueKind.HOURS: "24",
    ValueKind.LANGUAGE: "German",
    ValueKind.COUNTRY: "us",
    ValueKind.EMAIL: "someone@example.com",
}


def _drive(builder: FilterBuilder, qtbot: QtBot, spec: FieldSpec, relation: RelationSpec) -> dict[str, Any]:
    """Pick the field and relation in a new row and type an operand, as a person would."""
    row = builder.add_row()
    row.field_combo.setCurrentIndex(row.field_combo.findData(spec.name))
    row.relation_combo.setCurrentIndex(row.relation_combo.findData(relation.op))
    if spec.needs_key:
        qtbot.keyClicks(row.key_edit, "level")
    if isinstance(row.editor, LocationEditor):
        for member, typed in (("radius", "1000"), ("lat", "37.77"), ("long", "-122.42")):
            qtbot.keyClicks(row.editor.parts[member], typed)
    elif relation.kind is not ValueKind.NONE:
        qtbot.keyClicks(row.editor.focus_target(), TYPED_SAMPLES[relation.kind])
    entry: dict[str, Any] = builder.filters()[-1]
    return entry


@pytest.mark.parametrize(
    ("spec", "relation"),
    [(spec, relation) for spec in FIELDS for relation in spec.relations],
    ids=[f"{spec.name}{relation.op}" for spec in FIELDS for relation in spec.relations],
)
def test_every_combination_typed_in_the_builder_is_a_filter_the_spec_accepts(
    builder: FilterBuilder, qtbot: QtBot, spec: FieldSpec, relation: RelationSpec, spec_v5: dict[str, Any]
) -> None:
    entry = _drive(builder, qtbot, spec, relation)
    assert (entry["field"], entry["relation"]) == (spec.name, relation.op)
    assert check_condition(entry) == []
    assert builder.validate() == []
    jsonschema.validate(entry, spec_v5["components"]["schemas"]["Filter"])
    if relation.kind is ValueKind.SECONDS:
        assert entry["value"] == "7200"  # typed 2 in the default unit, hours; sent in seconds
    if relation.kind is ValueKind.LANGUAGE:
        assert entry["value"] == "de"
    if relation.kind is ValueKind.COUNTRY:
        assert entry["value"] == "US"


def test_ctrl_delete_removes_the_row_and_focus_moves_on(builder: FilterBuilder, qtbot: QtBot) -> None:
    first = {"field": "tag", "key": "a", "relation": "exists"}
    second = {"field": "tag", "key": "b", "relation": "exists"}
    builder.set_filters([first, second])
    qtbot.waitUntil(_row(builder, 0).key_edit.isVisible)
    _row(builder, 0).key_edit.setFocus()
    qtbot.keyClick(_row(builder, 0).key_edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert builder.filters() == [second]
    assert QApplication.focusWidget() is _row(builder, 0).key_edit


def test_a_whole_group_can_be_removed(builder: FilterBuilder, qtbot: QtBot) -> None:
    tag = {"field": "tag", "key": "a", "relation": "exists"}
    count = {"field": "session_count", "relation": ">", "value": "1"}
    builder.set_filters([tag, OR, count, count, OR, tag])
    middle = builder.groups()[1]
    assert not middle.remove_button.isHidden()
    qtbot.mouseClick(middle.remove_button, Qt.MouseButton.LeftButton)
    assert builder.filters() == [tag, OR, tag]
    builder.remove_group(builder.groups()[0])
    assert builder.filters() == [tag]
    assert builder.groups()[0].remove_button.isHidden()  # a lone group is removed row by row


def test_host_can_reword_the_empty_state_and_hide_json_controls(builder: FilterBuilder) -> None:
    builder.set_empty_text("No filters: the notification goes to the segments chosen above.")
    assert builder.empty_label.text().startswith("No filters")
    builder.set_json_visible(True)
    builder.set_json_controls_visible(False)
    assert builder.json_toggle.isHidden() and builder.copy_json_button.isHidden()
    assert builder.json_view.isHidden()


def test_every_kind_of_row_fits_a_760_pixel_wide_builder(builder: FilterBuilder) -> None:
    builder.set_filters([example_condition(spec, relation) for spec in FIELDS for relation in spec.relations])
    builder.resize(760, 600)
    scrollbar = builder.scroll_area.verticalScrollBar()
    assert scrollbar is not None
    # The rows must fit beside a vertical scroll bar without a horizontal one.
    assert builder.content.minimumSizeHint().width() <= 760 - scrollbar.sizeHint().width()


def test_no_filters_at_all_shows_the_empty_builder(builder: FilterBuilder, qtbot: QtBot) -> None:
    builder.set_filters([{"field": "tag", "key": "a", "relation": "exists"}])
    with qtbot.waitSignal(builder.changed):
        builder.set_filters(None)
    assert builder.filters() == [] and builder.is_empty() and not builder.empty_state.isHidden()


def test_server_refusals_land_next_to_the_entry_they_name(builder: FilterBuilder) -> None:
    builder.set_filters(
        [
            {"field": "tag", "key": "level", "relation": ">", "value": "10"},
            OR,
            {"field": "rooted", "relation": "=", "value": "true"},
        ]
    )
    unplaced = builder.show_server_errors(
        ["Invalid or missing filter field: 'rooted'", "Segment name already exists"]
    )
    assert unplaced == ["Segment name already exists"]
    assert _error(builder.rows()[1]) == "Invalid or missing filter field: 'rooted'"
    assert _error(builder.rows()[0]) == ""
