"""The field catalogue: every combination it offers is a filter OneSignal's spec accepts, and its checks."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from onesignal_desktop.ui.common.locales import ISO_COUNTRIES, ONESIGNAL_LANGUAGES
from onesignal_desktop.ui.segments.filter_fields import (
    EMPTY_OR_GROUP,
    FIELDS,
    OR_AT_END,
    OR_AT_START,
    FieldSpec,
    RelationSpec,
    ValueKind,
    check_condition,
    check_filters,
    describe_filters,
    example_condition,
    field_spec,
    format_number,
    is_understood,
    locate_refusal,
)

COMBINATIONS = [(spec, relation) for spec in FIELDS for relation in spec.relations]
IDS = [f"{spec.name}{relation.op}" for spec, relation in COMBINATIONS]

# What the current spec's Filter schema says, restated so these checks run without the spec file.
SPEC_RELATIONS = {">", "<", "=", "!=", "exists", "not_exists", "time_elapsed_gt", "time_elapsed_lt"}
CURRENT_ONLY_RELATIONS = {"in_array", "not_in_array"}
STRING_MEMBERS = {"field", "key", "value", "hours_ago", "relation"}
NUMBER_MEMBERS = {"radius", "lat", "long"}


def test_catalogue_covers_the_fields_onesignal_documents() -> None:
    documented = {
        "tag", "session_count", "session_time", "amount_spent", "bought_sku", "first_session",
        "last_session", "language", "app_version", "location", "country", "email",
    }  # fmt: skip
    assert {spec.name for spec in FIELDS} == documented
    tag = field_spec("tag")
    assert tag is not None and tag.needs_key
    assert [relation.op for relation in tag.relations] == [
        "=", "!=", ">", "<", "exists", "not_exists", "time_elapsed_gt", "time_elapsed_lt", "in_array",
        "not_in_array",
    ]  # fmt: skip
    for name in ("first_session", "last_session"):
        session = field_spec(name)
        assert session is not None and session.value_param == "hours_ago"
        assert {relation.op for relation in session.relations} == {">", "<"}
    for name in ("language", "country"):
        coded = field_spec(name)
        assert coded is not None and {relation.op for relation in coded.relations} == {"=", "!="}


@pytest.mark.parametrize(("spec", "relation"), COMBINATIONS, ids=IDS)
def test_each_combination_has_the_wire_shape_onesignal_documents(
    spec: FieldSpec, relation: RelationSpec
) -> None:
    entry = example_condition(spec, relation)
    assert check_condition(entry) == []
    assert is_understood(entry)
    assert entry["field"] == spec.name
    assert entry["relation"] in SPEC_RELATIONS | CURRENT_ONLY_RELATIONS
    assert ("key" in entry) == spec.needs_key
    for member, value in entry.items():
        if member in STRING_MEMBERS:
            assert isinstance(value, str), member
        else:
            assert member in NUMBER_MEMBERS and isinstance(value, int | float), member
    if relation.kind is ValueKind.NONE:
        assert set(entry) <= {"field", "relation", "key"}
    elif relation.kind is ValueKind.LOCATION:
        assert set(entry) == {"field", "relation", "radius", "lat", "long"}
    elif spec.value_param == "hours_ago":
        assert "hours_ago" in entry and "value" not in entry
    else:
        assert "value" in entry


def _schema(spec_doc: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec_doc["components"]["schemas"][name]
    return schema


@pytest.mark.parametrize(("spec", "relation"), COMBINATIONS, ids=IDS)
def test_each_combination_validates_against_the_current_spec(
    spec: FieldSpec, relation: RelationSpec, spec_v5: dict[str, Any]
) -> None:
    # The spec's FilterExpression is a oneOf of Filter and Operator, but neither has "required" nor
    # forbids extra members, so every object matches both and a strict oneOf rejects everything.
    # Conditions are therefore checked against Filter, operators against Operator.
    jsonschema.validate(example_condition(spec, relation), _schema(spec_v5, "Filter"))
    assert {"field", "relation"} <= set(example_condition(spec, relation))  # the description's "Required"


@pytest.mark.parametrize(("spec", "relation"), COMBINATIONS, ids=IDS)
def test_each_combination_validates_against_the_seed_spec(
    spec: FieldSpec, relation: RelationSpec, spec_v1: dict[str, Any]
) -> None:
    filter_schema = _schema(spec_v1, "Filter")
    entry = example_condition(spec, relation)
    if relation.current_api_only:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(entry, filter_schema)
        return
    jsonschema.validate(entry, filter_schema)


def test_or_operator_validates_against_both_specs(spec_v1: dict[str, Any], spec_v5: dict[str, Any]) -> None:
    for document in (spec_v1, spec_v5):
        jsonschema.validate({"operator": "OR"}, _schema(document, "Operator"))


def test_relations_are_the_ones_the_specs_enumerate(spec_v1: dict[str, Any], spec_v5: dict[str, Any]) -> None:
    current = set(_schema(spec_v5, "Filter")["properties"]["relation"]["enum"])
    seed = set(_schema(spec_v1, "Filter")["properties"]["relation"]["enum"])
    offered = {relation.op for _spec, relation in COMBINATIONS}
    assert offered <= current
    assert {relation.op for _spec, relation in COMBINATIONS if not relation.current_api_only} <= seed
    assert current == SPEC_RELATIONS | CURRENT_ONLY_RELATIONS


def test_language_picker_lists_exactly_the_specs_language_codes(spec_v5: dict[str, Any]) -> None:
    assert list(ONESIGNAL_LANGUAGES) == list(_schema(spec_v5, "LanguageStringMap")["properties"])


def test_country_list_is_iso_3166_alpha_2() -> None:
    assert len(ISO_COUNTRIES) == 249
    assert all(len(code) == 2 and code.isalpha() and code.isupper() for code in ISO_COUNTRIES)
    assert ISO_COUNTRIES["US"] == "United States" and ISO_COUNTRIES["DE"] == "Germany"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"field": "tag", "relation": "=", "value": "1"}, "Enter the tag key."),
        ({"field": "tag", "key": " ", "relation": "exists"}, "Enter the tag key."),
        ({"field": "tag", "key": "level", "relation": ">"}, "Enter a value."),
        ({"field": "session_count", "relation": ">", "value": "abc"}, "“abc” is not a whole number."),
        ({"field": "session_count", "relation": ">", "value": "2.5"}, "“2.5” is not a whole number."),
        ({"field": "session_count", "relation": ">", "value": "-1"}, "Must be 0 or more."),
        ({"field": "session_count", "relation": ">", "value": "12345678901234567890123"},
         "Must be 2147483647 or less."),
        ({"field": "session_count", "relation": "=", "value": "2147483648"}, "Must be 2147483647 or less."),
        ({"field": "session_count", "relation": "=", "value": "9" * 400}, "Must be 2147483647 or less."),
        ({"field": "session_time", "relation": ">", "value": "3000000000"}, "Must be 2147483647 or less."),
        ({"field": "first_session", "relation": ">", "hours_ago": "1" + "0" * 30},
         "Must be 2147483647 or less."),
        ({"field": "tag", "key": "t", "relation": "time_elapsed_lt", "value": "1" + "0" * 20},
         "Must be 2147483647 or less."),
        ({"field": "amount_spent", "relation": ">", "value": "9" * 400 + ".5"},
         "Must be 1000000000000 or less."),
        ({"field": "bought_sku", "key": "coins", "relation": ">", "value": "1" + "0" * 13},
         "Must be 1000000000000 or less."),
        ({"field": "amount_spent", "relation": ">", "value": "1,5"}, "“1,5” is not a number."),
        ({"field": "last_session", "relation": "<"}, "Enter a number of hours."),
        ({"field": "tag", "key": "t", "relation": "time_elapsed_gt", "value": "-60"}, "Must be 0 or more."),
        ({"field": "language", "relation": "=", "value": "xx"},
         "“xx” is not one of OneSignal's language codes."),
        ({"field": "country", "relation": "=", "value": "ZZ"}, "“ZZ” is not a two-letter ISO country code."),
        ({"field": "email", "relation": "=", "value": "nobody"},
         "“nobody” does not look like an email address."),
        ({"field": "location", "relation": "=", "radius": 10, "lat": 91, "long": 0},
         "The latitude must be between -90 and 90."),
        ({"field": "location", "relation": "=", "radius": 0, "lat": 0, "long": 0},
         "The radius must be more than 0 meters."),
        ({"field": "location", "relation": "=", "lat": 0, "long": 0}, "Enter the radius in meters."),
        ({"field": "session_count", "relation": "exists"}, "Session count does not allow “exists”."),
        ({"field": "tag", "key": "k", "relation": "in_array", "value": ",".join("abcdefghijklmnopqrstu")},
         "At most 20 values (21 given)."),
    ],
)  # fmt: skip
def test_check_condition_says_what_is_wrong(entry: dict[str, Any], message: str) -> None:
    assert message in [problem.message for problem in check_condition(entry)]


@pytest.mark.parametrize(
    "entry",
    [
        {"field": "session_count", "relation": "=", "value": "2147483647"},
        {"field": "session_count", "relation": "=", "value": "0"},
        {"field": "amount_spent", "relation": ">", "value": "999999999999.99"},
        {"field": "last_session", "relation": "<", "hours_ago": "2147483647"},
    ],
)
def test_numbers_at_the_edge_of_their_range_are_accepted(entry: dict[str, Any]) -> None:
    assert check_condition(entry) == []


def test_structure_problems_point_at_the_stray_or() -> None:
    condition = {"field": "session_count", "relation": ">", "value": "1"}
    assert check_filters([{"operator": "OR"}, condition]) == [(0, OR_AT_START)]
    assert check_filters([condition, {"operator": "OR"}]) == [(1, OR_AT_END)]
    assert check_filters([condition, {"operator": "OR"}, {"operator": "OR"}, condition]) == [
        (2, EMPTY_OR_GROUP)
    ]
    assert check_filters([condition, {"operator": "OR"}, condition]) == []


def test_entries_the_catalogue_cannot_edit_are_recognised() -> None:
    assert not is_understood({"field": "rooted", "relation": "=", "value": "true"})
    assert not is_understood({"field": "tag", "key": "a", "relation": "=", "value": "1", "extra": 1})
    assert not is_understood({"field": "tag", "key": "a", "relation": "~", "value": "1"})
    assert not is_understood({"field": "tag", "key": "a", "relation": "=", "value": ["1"]})
    assert not is_understood("tag = 1")
    assert is_understood({"field": "location", "radius": "1000", "lat": "1.5", "long": "2"})
    assert is_understood({"operator": "OR"}) and is_understood({"operator": "AND"})


def test_numbers_are_written_as_plain_decimal_text() -> None:
    assert [format_number(number) for number in (10, 10.0, 0.99, 1.5e-7, 0.1 + 0.2, 172800.0)] == [
        "10", "10", "0.99", "0.00000015", "0.3", "172800",
    ]  # fmt: skip


def test_filters_read_as_words_for_confirmations() -> None:
    filters = [
        {"field": "tag", "key": "level", "relation": ">", "value": "10"},
        {"field": "language", "relation": "=", "value": "de"},
        {"operator": "OR"},
        {"field": "last_session", "relation": "<", "hours_ago": "48"},
        {"operator": "OR"},
        {"field": "tag", "key": "signup_at", "relation": "time_elapsed_gt", "value": "604800"},
        {"field": "location", "relation": "=", "radius": 500, "lat": 52.5, "long": 13.4},
        {"field": "rooted", "relation": "=", "value": "true"},
    ]
    assert describe_filters(filters) == (
        "(Tag level greater than 10 and Language is German (de))"
        " OR Last session less than 2 days ago"
        " OR (Tag signup_at more than 1 week ago and Location within 500 m of 52.5, 13.4"
        ' and {"field": "rooted", "relation": "=", "value": "true"})'
    )
    assert describe_filters([]) == ""


@pytest.mark.parametrize(
    ("message", "index"),
    [
        ("filters[2] must be an object", 2),
        ("Invalid or missing filter field: 'rooted'", 3),
        ('Filter on "session_count" with relation ">" requires a value', 0),
        ("tag filter requires a key: “vip”", 2),
        ("Invalid or missing relation for field 'tag'", None),  # two tag entries: cannot tell which
        ("Segment name already exists", None),
        ("filters[9] must be an object", None),
    ],
)
def test_refusals_are_traced_to_the_entry_they_name(message: str, index: int | None) -> None:
    entries: list[object] = [
        {"field": "session_count", "relation": ">"},
        {"operator": "OR"},
        {"field": "tag", "key": "vip", "relation": "exists"},
        {"field": "rooted", "relation": "=", "value": "true"},
        {"field": "tag", "key": "level", "relation": "=", "value": "1"},
    ]
    assert locate_refusal(entries, message) == index
