"""What OneSignal's ``filters`` array may contain, as data: fields, relations, extra parts, value types.

OneSignal's segment and notification filters are a flat JSON array. Each entry is either a condition
(``{"field": ..., "relation": ..., ...}``) or an operator (``{"operator": "OR"}``). Consecutive
conditions are ANDed; an OR entry starts a new group. Which relations a field allows and which extra
parts it needs (``key``, ``value``, ``hours_ago``, ``radius``/``lat``/``long``) is only written in
OneSignal's prose docs, so it is collected here once for the builder widget, its tests and anyone
who wants to check a filters array without Qt.

Wire types follow the current OpenAPI spec: ``value`` and ``hours_ago`` are strings (numbers are sent
as their decimal text), ``radius``/``lat``/``long`` are JSON numbers.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from onesignal_desktop.ui.common.locales import ISO_COUNTRIES, ONESIGNAL_LANGUAGES

OPERATOR_KEY = "operator"
OR_ENTRY: Mapping[str, str] = {"operator": "OR"}
MAX_FILTER_ENTRIES = 200
"""OneSignal caps a filters array at 200 entries, OR operators included."""
MAX_IN_ARRAY_VALUES = 20
OR_AT_START = "OR at the start: there is no condition before it."
OR_AT_END = "OR at the end: there is no condition after it."
EMPTY_OR_GROUP = "Empty OR group: add a condition or remove the OR."


class ValueKind(StrEnum):
    """What the second operand of a condition is, which decides the editor and the checks."""

    NONE = "none"
    TEXT = "text"
    TEXT_LIST = "text_list"
    INTEGER = "integer"
    DECIMAL = "decimal"
    SECONDS = "seconds"
    HOURS = "hours"
    LANGUAGE = "language"
    COUNTRY = "country"
    EMAIL = "email"
    LOCATION = "location"


@dataclass(frozen=True)
class RelationSpec:
    """One relation a field allows: the wire operator, how the UI says it, and what it compares with."""

    op: str
    label: str
    kind: ValueKind
    help: str = ""
    current_api_only: bool = False
    """True for relations the seed-era (v1.2.2) spec does not list yet (``in_array``)."""


@dataclass(frozen=True)
class FieldSpec:
    """One filterable field and the parts OneSignal needs for it."""

    name: str
    label: str
    help: str
    relations: tuple[RelationSpec, ...]
    value_param: str = "value"
    """The JSON member carrying the operand: ``value``, ``hours_ago``, or "" for location."""
    key_label: str = ""
    """Set when the condition needs a ``key`` (the tag name, the SKU); what the key means."""
    key_help: str = ""
    minimum: float | None = None
    maximum: float | None = None

    @property
    def needs_key(self) -> bool:
        return bool(self.key_label)

    @property
    def default_relation(self) -> RelationSpec:
        return self.relations[0]

    def relation(self, op: str) -> RelationSpec | None:
        return next((relation for relation in self.relations if relation.op == op), None)

    def wire_members(self) -> frozenset[str]:
        """Every JSON member a condition on this field may carry; anything else is not understood."""
        members = {"field", "relation"}
        if self.needs_key:
            members.add("key")
        if self.value_param:
            members.add(self.value_param)
        if any(relation.kind is ValueKind.LOCATION for relation in self.relations):
            members.update(LOCATION_PARTS)
        return frozenset(members)


LOCATION_PARTS = ("radius", "lat", "long")

# OneSignal stores counts and durations as 32-bit integers; beyond that a number is a typo, not a filter.
COUNT_MAXIMUM = 2**31 - 1
# Amounts in US dollars: finite, and well inside what a double holds to the cent.
AMOUNT_MAXIMUM = 1_000_000_000_000.0
_KIND_MAXIMUM = {
    ValueKind.INTEGER: float(COUNT_MAXIMUM),
    ValueKind.SECONDS: float(COUNT_MAXIMUM),
    ValueKind.HOURS: float(COUNT_MAXIMUM),
    ValueKind.DECIMAL: AMOUNT_MAXIMUM,
}

_COMPARE_TEXT = (
    RelationSpec("=", "is", ValueKind.TEXT, "The tag's value equals the text."),
    RelationSpec(
        "!=", "is not", ValueKind.TEXT, "The tag's value differs from the text, or the tag is unset."
    ),
    RelationSpec(">", "greater than", ValueKind.TEXT, "Compares numerically when both sides are numbers."),
    RelationSpec("<", "less than", ValueKind.TEXT, "Compares numerically when both sides are numbers."),
)


def _numeric(kind: ValueKind, ops: str, unit: str) -> tuple[RelationSpec, ...]:
    labels = {">": "greater than", "<": "less than", "=": "equal to", "!=": "not equal to"}
    return tuple(
        RelationSpec(op, labels[op], kind, f"Compare with a number of {unit}.") for op in ops.split()
    )


def _session(which: str) -> tuple[RelationSpec, ...]:
    return (
        RelationSpec(
            ">", "more than … ago", ValueKind.HOURS, f"The {which} session was longer ago than this."
        ),
        RelationSpec(
            "<", "less than … ago", ValueKind.HOURS, f"The {which} session was more recent than this."
        ),
    )


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "tag",
        "Tag",
        "A data tag set on the user (key/value). Tag values are text; > and < compare numbers.",
        (
            *_COMPARE_TEXT,
            RelationSpec("exists", "exists", ValueKind.NONE, "The user has this tag, whatever its value."),
            RelationSpec("not_exists", "does not exist", ValueKind.NONE, "The user does not have this tag."),
            RelationSpec(
                "time_elapsed_gt",
                "more than … ago",
                ValueKind.SECONDS,
                "The tag holds a Unix timestamp; matches when more time than this has passed since it. "
                "Paid plans only.",
            ),
            RelationSpec(
                "time_elapsed_lt",
                "less than … ago",
                ValueKind.SECONDS,
                "The tag holds a Unix timestamp; matches when less time than this has passed since it. "
                "Paid plans only.",
            ),
            RelationSpec(
                "in_array",
                "is one of",
                ValueKind.TEXT_LIST,
                "The tag's value is one of up to 20 comma-separated values.",
                current_api_only=True,
            ),
            RelationSpec(
                "not_in_array",
                "is none of",
                ValueKind.TEXT_LIST,
                "The tag's value is none of up to 20 comma-separated values.",
                current_api_only=True,
            ),
        ),
        key_label="Tag key",
        key_help="The name of the tag to test, e.g. level.",
    ),
    FieldSpec(
        "session_count",
        "Session count",
        "How many times the user opened the app or visited the site.",
        _numeric(ValueKind.INTEGER, "> < = !=", "sessions"),
        minimum=0,
        maximum=COUNT_MAXIMUM,
    ),
    FieldSpec(
        "session_time",
        "Time in app",
        "Total time the user has spent in the app, sent in seconds.",
        _numeric(ValueKind.SECONDS, "> < = !=", "seconds"),
        minimum=0,
        maximum=COUNT_MAXIMUM,
    ),
    FieldSpec(
        "amount_spent",
        "Amount spent",
        "Total in-app purchases in USD (mobile only).",
        _numeric(ValueKind.DECIMAL, "> < =", "US dollars"),
        minimum=0,
        maximum=AMOUNT_MAXIMUM,
    ),
    FieldSpec(
        "bought_sku",
        "Bought SKU",
        "Amount in USD paid for one in-app purchase product (mobile only).",
        _numeric(ValueKind.DECIMAL, "> < =", "US dollars"),
        key_label="SKU",
        key_help="The product identifier of the in-app purchase, e.g. com.example.coins100.",
        minimum=0,
        maximum=AMOUNT_MAXIMUM,
    ),
    FieldSpec(
        "first_session",
        "First session",
        "When the user first opened the app, in hours ago (sent as hours_ago).",
        _session("first"),
        value_param="hours_ago",
        minimum=0,
        maximum=COUNT_MAXIMUM,
    ),
    FieldSpec(
        "last_session",
        "Last session",
        "When the user last opened the app, in hours ago (sent as hours_ago).",
        _session("last"),
        value_param="hours_ago",
        minimum=0,
        maximum=COUNT_MAXIMUM,
    ),
    FieldSpec(
        "language",
        "Language",
        "The device's language, as one of OneSignal's language codes.",
        (
            RelationSpec("=", "is", ValueKind.LANGUAGE, "The device language is this one."),
            RelationSpec("!=", "is not", ValueKind.LANGUAGE, "The device language is any other."),
        ),
    ),
    FieldSpec(
        "app_version",
        "App version",
        "The version string of the app installed on the device.",
        (
            RelationSpec("=", "is", ValueKind.TEXT, "The app version equals this text."),
            RelationSpec("!=", "is not", ValueKind.TEXT, "The app version differs from this text."),
            RelationSpec(">", "greater than", ValueKind.TEXT, "Newer than this version."),
            RelationSpec("<", "less than", ValueKind.TEXT, "Older than this version."),
        ),
    ),
    FieldSpec(
        "country",
        "Country",
        "The device's country, as a two-letter ISO 3166-1 code.",
        (
            RelationSpec("=", "is", ValueKind.COUNTRY, "The device is in this country."),
            RelationSpec("!=", "is not", ValueKind.COUNTRY, "The device is in any other country."),
        ),
    ),
    FieldSpec(
        "location",
        "Location",
        "Devices last seen within a radius (meters) of a point (latitude, longitude).",
        (RelationSpec("=", "within", ValueKind.LOCATION, "Within the radius around the point."),),
        value_param="",
    ),
    FieldSpec(
        "email",
        "Email",
        "Push subscribers whose user has this email address (push targeting only).",
        (RelationSpec("=", "is", ValueKind.EMAIL, "The user's email address is exactly this."),),
    ),
)

_FIELDS_BY_NAME = {spec.name: spec for spec in FIELDS}
_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def field_spec(name: object) -> FieldSpec | None:
    return _FIELDS_BY_NAME.get(name) if isinstance(name, str) else None


def is_operator(entry: object) -> bool:
    return isinstance(entry, Mapping) and set(entry) == {OPERATOR_KEY}


def is_understood(entry: object) -> bool:
    """Whether the builder can edit this entry with its editors without losing anything.

    Conditions on unknown fields, with relations the field does not allow, or with members the
    catalogue does not know are shown raw and passed through unchanged instead.
    """
    if is_operator(entry):
        return entry[OPERATOR_KEY] in ("OR", "AND")  # type: ignore[index]
    if not isinstance(entry, Mapping):
        return False
    spec = field_spec(entry.get("field"))
    if spec is None:
        return False
    relation = entry.get("relation")
    # OneSignal's own examples omit the relation for location; that is the one tolerated omission.
    if relation is None and spec.name != "location":
        return False
    if relation is not None and spec.relation(str(relation)) is None:
        return False
    if not set(entry) <= spec.wire_members():
        return False
    return all(
        isinstance(value, str | int | float) and not isinstance(value, bool) for value in entry.values()
    )


def format_number(number: float) -> str:
    """The decimal text OneSignal expects in ``value``/``hours_ago``: no exponent, no trailing ``.0``."""
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    text = f"{number:.10f}".rstrip("0").rstrip(".")
    return text or "0"


def wire_number(number: float) -> int | float:
    """A JSON number for ``radius``/``lat``/``long``: an int when it is whole."""
    return int(number) if math.isfinite(number) and number == int(number) else number


def parse_number(text: object) -> float | None:
    """The number in a typed or received operand, or None when it is not a plain decimal number."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", stripped):
        return None
    return float(stripped)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one condition: which part (``key``, ``value``, ``relation``, ...) and why."""

    part: str
    message: str


def _check_number(text: object, kind: ValueKind, spec: FieldSpec, part: str) -> list[Problem]:
    number = parse_number(text)
    shown = str(text).strip()
    if number is None:
        whole = kind is ValueKind.INTEGER
        return [Problem(part, f"“{shown}” is not a {'whole ' if whole else ''}number.")]
    minimum = 0.0 if kind in (ValueKind.SECONDS, ValueKind.HOURS) else spec.minimum
    maximum = spec.maximum if spec.maximum is not None else _KIND_MAXIMUM.get(kind)
    if minimum is not None and number < minimum:
        return [Problem(part, f"Must be {format_number(minimum)} or more.")]
    if (maximum is not None and number > maximum) or not math.isfinite(number):
        limit = format_number(maximum) if maximum is not None else "a finite number"
        return [Problem(part, f"Must be {limit} or less.")]
    if kind is ValueKind.INTEGER and number != int(number):
        return [Problem(part, f"“{shown}” is not a whole number.")]
    return []


def _check_location(entry: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    limits = {"radius": (0.0, None, "radius in meters"), "lat": (-90.0, 90.0, "latitude"),
              "long": (-180.0, 180.0, "longitude")}  # fmt: skip
    for part, (low, high, what) in limits.items():
        raw = entry.get(part)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            problems.append(Problem(part, f"Enter the {what}."))
            continue
        number = parse_number(raw)
        if number is None:
            problems.append(Problem(part, f"The {what} “{str(raw).strip()}” is not a number."))
        elif part == "radius" and number <= 0:
            problems.append(Problem(part, "The radius must be more than 0 meters."))
        elif high is not None and not low <= number <= high:
            problems.append(Problem(part, f"The {what} must be between {low:g} and {high:g}."))
    return problems


def check_condition(entry: Mapping[str, Any]) -> list[Problem]:
    """What keeps OneSignal from accepting this condition, in words for the person who typed it."""
    spec = field_spec(entry.get("field"))
    if spec is None:
        return []  # unknown fields are passed through as they came; the server has the last word
    relation = spec.relation(str(entry.get("relation", "=" if spec.name == "location" else "")))
    if relation is None:
        return [Problem("relation", f"{spec.label} does not allow “{entry.get('relation')}”.")]
    problems: list[Problem] = []
    if spec.needs_key and not str(entry.get("key", "")).strip():
        problems.append(Problem("key", f"Enter the {spec.key_label.lower()}."))
    if relation.kind is ValueKind.LOCATION:
        return problems + _check_location(entry)
    if relation.kind is ValueKind.NONE:
        return problems
    part = spec.value_param
    raw = entry.get(part)
    text = "" if raw is None else str(raw).strip()
    if not text:
        what = {"hours_ago": "number of hours", "value": "value"}[part]
        return [*problems, Problem(part, f"Enter a {what}.")]
    kind = relation.kind
    if kind in (ValueKind.INTEGER, ValueKind.DECIMAL, ValueKind.SECONDS, ValueKind.HOURS):
        problems += _check_number(raw, kind, spec, part)
    elif kind is ValueKind.LANGUAGE and text not in ONESIGNAL_LANGUAGES:
        problems.append(Problem(part, f"“{text}” is not one of OneSignal's language codes."))
    elif kind is ValueKind.COUNTRY and text not in ISO_COUNTRIES:
        problems.append(Problem(part, f"“{text}” is not a two-letter ISO country code."))
    elif kind is ValueKind.EMAIL and not _EMAIL_SHAPE.match(text):
        problems.append(Problem(part, f"“{text}” does not look like an email address."))
    elif kind is ValueKind.TEXT_LIST:
        items = [item.strip() for item in text.split(",")]
        if any(not item for item in items):
            problems.append(Problem(part, "Remove the empty item from the comma-separated list."))
        elif len(items) > MAX_IN_ARRAY_VALUES:
            problems.append(Problem(part, f"At most {MAX_IN_ARRAY_VALUES} values ({len(items)} given)."))
    return problems


def check_structure(entries: Sequence[object]) -> list[tuple[int, str]]:
    """Problems with how conditions and OR operators are arranged, by index in the array."""
    problems: list[tuple[int, str]] = []
    if len(entries) > MAX_FILTER_ENTRIES:
        problems.append((MAX_FILTER_ENTRIES, f"OneSignal accepts at most {MAX_FILTER_ENTRIES} entries."))
    or_indexes = [index for index, entry in enumerate(entries) if is_operator(entry)
                  and entry[OPERATOR_KEY] == "OR"]  # type: ignore[index]  # fmt: skip
    for index in or_indexes:
        if index == 0:
            problems.append((index, OR_AT_START))
        elif index == len(entries) - 1:
            problems.append((index, OR_AT_END))
        elif is_operator(entries[index - 1]):
            problems.append((index, EMPTY_OR_GROUP))
    return problems


def check_filters(entries: Sequence[object]) -> list[tuple[int, str]]:
    """Every problem in a whole filters array, as (index, message), in array order."""
    problems = check_structure(entries)
    for index, entry in enumerate(entries):
        if isinstance(entry, Mapping) and not is_operator(entry):
            problems += [(index, problem.message) for problem in check_condition(entry)]
    return sorted(problems, key=lambda item: item[0])


def example_condition(spec: FieldSpec, relation: RelationSpec) -> dict[str, Any]:
    """A valid condition for this field and relation, as the builder would emit it."""
    entry: dict[str, Any] = {"field": spec.name, "relation": relation.op}
    if spec.needs_key:
        entry["key"] = "com.example.coins100" if spec.name == "bought_sku" else "level"
    samples = {
        ValueKind.TEXT: "10",
        ValueKind.TEXT_LIST: "gold,silver",
        ValueKind.INTEGER: "5",
        ValueKind.DECIMAL: "0.99",
        ValueKind.SECONDS: "86400",
        ValueKind.HOURS: "24",
        ValueKind.LANGUAGE: "en",
        ValueKind.COUNTRY: "US",
        ValueKind.EMAIL: "someone@example.com",
    }
    if relation.kind is ValueKind.LOCATION:
        entry.update(radius=1000, lat=37.7749, long=-122.4194)
    elif relation.kind is not ValueKind.NONE:
        entry[spec.value_param] = samples[relation.kind]
    return entry


def describe_duration(amount: float, base: ValueKind) -> str:
    """A duration in words: 172800 seconds reads as "2 days"."""
    seconds = amount * (3600 if base is ValueKind.HOURS else 1)
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    if base is ValueKind.HOURS:
        return f"{format_number(amount)} hours"
    return f"{format_number(seconds)} seconds"


def describe_condition(entry: object) -> str:
    """One condition in words, e.g. ``Tag level greater than 10`` (unknown entries as their JSON)."""
    if not isinstance(entry, Mapping) or not is_understood(entry) or is_operator(entry):
        return json.dumps(entry, ensure_ascii=False)
    spec = field_spec(entry.get("field"))
    assert spec is not None  # is_understood checked it
    relation = spec.relation(str(entry.get("relation", spec.default_relation.op))) or spec.default_relation
    words = [spec.label]
    if spec.needs_key:
        words.append(str(entry.get("key", "")))
    kind = relation.kind
    raw = entry.get(spec.value_param) if spec.value_param else None
    number = parse_number(raw)
    if kind is ValueKind.LOCATION:
        words += [relation.label, f"{entry.get('radius')} m of {entry.get('lat')}, {entry.get('long')}"]
    elif kind in (ValueKind.SECONDS, ValueKind.HOURS) and number is not None:
        duration = describe_duration(number, kind)
        words.append(relation.label.replace("…", duration) if "…" in relation.label else relation.label)
        if "…" not in relation.label:
            words.append(duration)
    else:
        words.append(relation.label)
        if kind is ValueKind.LANGUAGE and str(raw) in ONESIGNAL_LANGUAGES:
            words.append(f"{ONESIGNAL_LANGUAGES[str(raw)]} ({raw})")
        elif kind is ValueKind.COUNTRY and str(raw) in ISO_COUNTRIES:
            words.append(f"{ISO_COUNTRIES[str(raw)]} ({raw})")
        elif kind is not ValueKind.NONE:
            words.append(str(raw if raw is not None else ""))
    return " ".join(word for word in words if word)


def describe_filters(entries: Sequence[object]) -> str:
    """The whole array in words: conditions joined by "and", groups by "OR" (for confirmations)."""
    groups: list[list[str]] = [[]]
    for entry in entries:
        if is_operator(entry) and entry[OPERATOR_KEY] == "OR":  # type: ignore[index]
            groups.append([])
        elif not (is_operator(entry) and entry[OPERATOR_KEY] == "AND"):  # type: ignore[index]
            groups[-1].append(describe_condition(entry))
    described = [" and ".join(group) for group in groups if group]
    if len(described) > 1:
        described = [f"({text})" if " and " in text else text for text in described]
    return " OR ".join(described)


_INDEX_IN_MESSAGE = re.compile(r"filters?\s*\[\s*(\d+)\s*\]", re.IGNORECASE)
# Straight quotes and typographic ones (\u201c \u201d \u2018 \u2019).
_QUOTED = re.compile("['\"\u201c\u2018]([^'\"\u201d\u2019]+)['\"\u201d\u2019]")


def locate_refusal(entries: Sequence[object], message: str) -> int | None:
    """Which entry an error message from OneSignal is about, when the message lets us tell.

    OneSignal words its refusals in prose (``Invalid or missing filter field: 'rooted'``), sometimes with
    an index (``filters[3]``). An index wins; otherwise a quoted field name or tag key that occurs in
    exactly one entry. None when the message does not single out an entry.
    """
    explicit = _INDEX_IN_MESSAGE.search(message)
    if explicit is not None:
        index = int(explicit.group(1))
        return index if index < len(entries) else None
    for token in _QUOTED.findall(message):
        matching = [
            index
            for index, entry in enumerate(entries)
            if isinstance(entry, Mapping) and token in (entry.get("field"), entry.get("key"))
        ]
        if len(matching) == 1:
            return matching[0]
    return None
