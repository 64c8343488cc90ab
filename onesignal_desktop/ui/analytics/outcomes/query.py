"""What an outcomes request asks for, and how its answer is laid out (no Qt here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: (request name, label) of OneSignal's own outcomes. Clicks only support count.
BUILTIN_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("os__click.count", "Clicks"),
    ("os__session_duration.count", "Sessions"),
    ("os__session_duration.sum", "Session time (seconds)"),
)
BUILTIN_LABELS = dict(BUILTIN_OUTCOMES)
TIME_RANGES: tuple[tuple[str, str], ...] = (("1h", "Last hour"), ("1d", "Last day"), ("1mo", "Last month"))
ATTRIBUTIONS: tuple[tuple[str, str], ...] = (
    ("direct", "Direct"),
    ("influenced", "Influenced"),
    ("unattributed", "Unattributed"),
    ("total", "Total"),
)
ATTRIBUTION_LABELS = dict(ATTRIBUTIONS)
#: (device type, label): the ``outcome_platforms`` values.
PLATFORMS: tuple[tuple[int, str], ...] = (
    (0, "iOS"),
    (1, "Android"),
    (2, "Amazon"),
    (13, "Huawei"),
    (5, "Chrome"),
    (7, "Safari"),
    (8, "Firefox"),
    (17, "Edge"),
    (9, "macOS"),
    (11, "Email"),
    (14, "SMS"),
)
AGGREGATIONS = ("count", "sum")


def custom_outcome_name(name: str, aggregation: str) -> str:
    """``Purchase`` + ``sum`` -> ``Purchase.sum``; ValueError says what is wrong."""
    name = name.strip()
    if not name:
        raise ValueError("Type the outcome's name first.")
    if aggregation not in AGGREGATIONS:
        raise ValueError("Choose count or sum.")
    if name.startswith("os__"):
        raise ValueError("Names starting with os__ are OneSignal's own; pick them from the list.")
    return f"{name}.{aggregation}"


def label_of(request_name: str) -> str:
    if request_name in BUILTIN_LABELS:
        return BUILTIN_LABELS[request_name]
    name, _dot, aggregation = request_name.rpartition(".")
    return f"{name} ({aggregation})"


def short_label_of(request_name: str) -> str:
    """The label under a bar: the chart already says whether it shows counts or sums."""
    if request_name == "os__session_duration.sum":
        return "Session time (s)"
    if request_name in BUILTIN_LABELS:
        return BUILTIN_LABELS[request_name]
    return request_name.rpartition(".")[0]


def split_names(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """(plain names for ``outcome_names``, names with a comma for ``outcome_names[]``)."""
    plain: list[str] = []
    with_comma: list[str] = []
    for name in names:
        (with_comma if "," in name else plain).append(name)
    return plain, with_comma


@dataclass(frozen=True)
class OutcomeQuery:
    names: tuple[str, ...]
    time_range: str = "1d"
    platforms: tuple[int, ...] = ()
    attributions: tuple[str, ...] = ("total",)

    def fetch(self, client: Any, app_id: str) -> OutcomeTable:
        """One request per attribution (the API takes one at a time); runs off the UI thread."""
        plain, with_comma = split_names(self.names)
        table = OutcomeTable(list(self.names), list(self.attributions))
        for attribution in self.attributions:
            answer = client.get_outcomes(
                app_id,
                plain,
                self.time_range,
                list(self.platforms) or None,
                attribution,
                outcome_names_array=with_comma or None,
            )
            for outcome in answer.outcomes:
                table.put(f"{outcome.id}.{outcome.aggregation}", attribution, outcome.value)
        return table


@dataclass
class OutcomeTable:
    """Rows are the requested outcome names, columns the attributions; missing values are 0."""

    names: list[str]
    attributions: list[str]
    values: dict[tuple[str, str], float] = field(default_factory=dict)

    def put(self, name: str, attribution: str, value: float) -> None:
        if name not in self.names:
            self.names.append(name)
        self.values[(name, attribution)] = value

    def value(self, name: str, attribution: str) -> float:
        return self.values.get((name, attribution), 0)

    def names_of(self, aggregation: str) -> list[str]:
        return [name for name in self.names if name.rpartition(".")[2] == aggregation]

    def row(self, name: str) -> list[float]:
        return [self.value(name, attribution) for attribution in self.attributions]

    def is_all_zero(self) -> bool:
        return not any(self.values.values())


def format_value(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def ordered(chosen: Sequence[str], catalogue: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """``chosen`` in the catalogue's order."""
    return tuple(key for key, _label in catalogue if key in chosen)
