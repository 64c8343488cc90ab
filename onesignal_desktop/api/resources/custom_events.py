"""Custom events: record what users did, by external id or OneSignal id (app REST key)."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models.custom_event import CustomEventsRequest, CustomEventsResponse
from onesignal_desktop.api.rate_budget import EndpointClass

__all__ = ["CustomEventOperations"]

CREATE_CUSTOM_EVENTS = Operation(
    "create_custom_events", "POST", "/apps/{app_id}/custom_events", KeyKind.APP, EndpointClass.USERS
)


class CustomEventOperations(ClientCore):
    def create_custom_events(self, app_id: str, request: CustomEventsRequest | Body) -> CustomEventsResponse:
        """Record ``events`` (each: ``name``, ``external_id`` or ``onesignal_id``, ``timestamp``,
        ``payload``); a journey whose trigger is one of them starts for that user."""
        return self._request(
            CREATE_CUSTOM_EVENTS, app_id=app_id, path_params={"app_id": app_id}, body=to_payload(request)
        ).model(CustomEventsResponse)
