"""Segments and the filter language shared by segments and filter-targeted notifications."""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal, TypeAlias, get_args

from pydantic import Discriminator, Tag

from ._base import OneSignalModel
from .common import SuccessResponse, Timestamp

FilterRelation: TypeAlias = Literal[
    ">", "<", "=", "!=", "exists", "not_exists",
    "time_elapsed_gt", "time_elapsed_lt", "in_array", "not_in_array",
]  # fmt: skip
FILTER_RELATIONS: Final[tuple[str, ...]] = get_args(FilterRelation)
OperatorName: TypeAlias = Literal["OR", "AND"]
SegmentSource: TypeAlias = Literal["default", "custom", "quickstart"]


class Filter(OneSignalModel):
    """One condition: ``field`` (tag, session_count, last_session, location, ...) compared by ``relation``.

    ``key`` names the tag for ``field="tag"``; ``radius``/``lat``/``long`` describe a location circle;
    ``hours_ago`` serves the time fields. ``relation`` stays a plain string so a relation this console
    does not know (see FILTER_RELATIONS) still parses.
    """

    field: str
    relation: str | None = None
    key: str | None = None
    value: str | int | float | bool | list[str] | None = None
    hours_ago: str | int | float | None = None
    radius: float | None = None
    lat: float | None = None
    long: float | None = None


class Operator(OneSignalModel):
    """``{"operator": "OR"}`` between two groups of filters (``AND`` is the implicit default)."""

    operator: str


def _filter_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "operator" if "operator" in value else "filter"
    return "operator" if isinstance(value, Operator) else "filter"


#: One element of a ``filters`` array: a Filter or an Operator, told apart by the ``operator`` key.
FilterExpression: TypeAlias = Annotated[
    Annotated[Filter, Tag("filter")] | Annotated[Operator, Tag("operator")],
    Discriminator(_filter_kind),
]


class Segment(OneSignalModel):
    """Body of POST /apps/{app_id}/segments (``id`` is optional: OneSignal assigns one)."""

    name: str
    filters: list[FilterExpression]
    id: str | None = None


class SegmentData(OneSignalModel):
    """One row of the segment list."""

    id: str | None = None
    name: str | None = None
    app_id: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    read_only: bool | None = None
    is_active: bool | None = None
    source: str | None = None


class SegmentSlice(OneSignalModel):
    """Body of GET /apps/{app_id}/segments (one page)."""

    total_count: int | None = None
    offset: int | None = None
    limit: int | None = None
    segments: list[SegmentData] = []


class SegmentDetails(OneSignalModel):
    """A segment with its filters (the ``payload`` of GET /apps/{app_id}/segments/{segment_id}).

    ``source`` is one of "default", "custom", "quickstart" today; any other string is kept.
    """

    id: str | None = None
    name: str | None = None
    description: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    source: str | None = None
    filters: list[FilterExpression] | None = None


class SegmentDetailResponse(OneSignalModel):
    """Body of GET /apps/{app_id}/segments/{segment_id}."""

    subscriber_count: int | None = None
    payload: SegmentDetails | None = None


class UpdateSegmentRequest(OneSignalModel):
    """Body of PATCH /apps/{app_id}/segments/{segment_id}."""

    name: str
    description: str | None = None
    filters: list[FilterExpression] | None = None


class CreateSegmentResponse(SuccessResponse):
    """Answer of POST /apps/{app_id}/segments (201, or 409 with ``errors`` when the name is taken)."""

    id: str | None = None
    errors: list[str] | None = None


class UpdateSegmentResponse(SuccessResponse):
    """Answer of PATCH /apps/{app_id}/segments/{segment_id}."""

    id: str | None = None


class DeleteSegmentResponse(SuccessResponse):
    """Answer of DELETE /apps/{app_id}/segments/{segment_id}; a 404 carries ``{"success": false}``."""
