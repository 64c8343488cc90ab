"""Custom events: what users did (a purchase, a level reached), recorded for them; journeys start on them."""

from __future__ import annotations

from typing import Final

from pydantic import JsonValue

from ._base import OneSignalModel

MAX_CUSTOM_EVENT_NAME: Final = 128
#: The sandbox's limits (OneSignal documents none in the spec); a body over them is refused with a 400.
MAX_CUSTOM_EVENTS_PER_REQUEST: Final = 100
MAX_CUSTOM_EVENT_PAYLOAD_BYTES: Final = 2048


class CustomEvent(OneSignalModel):
    """One event for one user (``external_id`` or ``onesignal_id``); ``timestamp`` ISO 8601 (now when
    absent); ``payload`` the event's properties."""

    name: str
    external_id: str | None = None
    onesignal_id: str | None = None
    timestamp: str | None = None
    payload: dict[str, JsonValue] | None = None


class CustomEventsRequest(OneSignalModel):
    """Body of POST /apps/{app_id}/custom_events."""

    events: list[CustomEvent]


class CustomEventsResponse(OneSignalModel):
    """An empty object on success."""
