"""Outcomes: aggregated conversion events of an app (GET /apps/{app_id}/outcomes)."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from ._base import OneSignalModel

OutcomeAggregation: TypeAlias = Literal["sum", "count"]
OUTCOME_AGGREGATIONS: Final[tuple[str, ...]] = get_args(OutcomeAggregation)
#: Values the ``outcome_time_range`` query accepts.
OUTCOME_TIME_RANGES: Final[tuple[str, ...]] = ("1h", "1d", "1mo")
#: Values the ``outcome_attribution`` query accepts.
OUTCOME_ATTRIBUTIONS: Final[tuple[str, ...]] = ("direct", "influenced", "unattributed", "total")


class Outcome(OneSignalModel):
    """One outcome total. ``id`` is the outcome name (``os__click``, ``os__session_duration``, or a
    custom name); ``aggregation`` is "sum" or "count" (kept as a string: see OUTCOME_AGGREGATIONS)."""

    id: str
    value: int | float
    aggregation: str


class OutcomesResponse(OneSignalModel):
    """Body of GET /apps/{app_id}/outcomes."""

    outcomes: list[Outcome] = []
