"""Audience estimate: how many a notification would reach (POST /notifications/count-unsaved)."""

from __future__ import annotations

from ._base import OneSignalModel
from .notification import TargetChannel
from .segment import FilterExpression


class EstimateRecipientsRequest(OneSignalModel):
    """The targeting of a notification that is not saved or sent: segments, filters or aliases, and the
    channel to count (push, email or sms)."""

    app_id: str
    included_segments: list[str] | None = None
    excluded_segments: list[str] | None = None
    filters: list[FilterExpression] | None = None
    include_aliases: dict[str, list[str]] | None = None
    target_channel: TargetChannel | None = None


class EstimateRecipientsResponse(OneSignalModel):
    """``count``: the recipients a send would have; ``uncapped_count`` before any cap."""

    count: int | None = None
    uncapped_count: int | None = None
    cap_applied: bool | None = None
    mobile_suppressed: bool | None = None
    mobile_excluded_count: int | None = None
