"""Live Activities (iOS): start one remotely, then update or end it by its activity id."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from ._base import OneSignalModel
from .common import JsonObject, LanguageMap
from .segment import FilterExpression

UpdateLiveActivityEvent: TypeAlias = Literal["update", "end"]
LIVE_ACTIVITY_UPDATE_EVENTS: Final[tuple[str, ...]] = get_args(UpdateLiveActivityEvent)


class StartLiveActivityRequest(OneSignalModel):
    """Body of POST /apps/{app_id}/activities/activity/{activity_type}.

    ``event_attributes`` are the static attributes of the activity, ``event_updates`` its first content
    state; the audience uses the same fields as a notification's (segments, filters, aliases, ids).
    """

    name: str
    event: Literal["start"] = "start"
    activity_id: str
    event_attributes: JsonObject
    event_updates: JsonObject
    contents: LanguageMap
    headings: LanguageMap
    stale_date: int | None = None
    priority: int | None = None
    ios_relevance_score: float | None = None
    idempotency_key: str | None = None
    include_aliases: dict[str, list[str]] | None = None
    include_subscription_ids: list[str] | None = None
    included_segments: list[str] | None = None
    excluded_segments: list[str] | None = None
    filters: list[FilterExpression] | None = None


class StartLiveActivityResponse(OneSignalModel):
    """Answer of a start: the notification that carried it."""

    notification_id: str | None = None


class UpdateLiveActivityRequest(OneSignalModel):
    """Body of POST /apps/{app_id}/live_activities/{activity_id}/notifications: ``event`` "update" sends
    a new content state (``event_updates``), "end" ends the activity (no update is accepted after)."""

    name: str
    event: UpdateLiveActivityEvent
    event_updates: JsonObject
    contents: LanguageMap | None = None
    headings: LanguageMap | None = None
    sound: str | None = None
    ios_sound: str | None = None
    stale_date: int | None = None
    dismissal_date: int | None = None
    priority: int | None = None
    ios_relevance_score: float | None = None


class UpdateLiveActivityResponse(OneSignalModel):
    """Answer of an update or end: the id of the notification that carried it."""

    id: str | None = None
