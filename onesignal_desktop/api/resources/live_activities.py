"""Live Activities: start one on iOS devices, update its content state, end it (app REST key)."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models.live_activity import (
    StartLiveActivityRequest,
    StartLiveActivityResponse,
    UpdateLiveActivityRequest,
    UpdateLiveActivityResponse,
)
from onesignal_desktop.api.rate_budget import EndpointClass

__all__ = ["LiveActivityOperations"]

START_LIVE_ACTIVITY = Operation(
    "start_live_activity",
    "POST",
    "/apps/{app_id}/activities/activity/{activity_type}",
    KeyKind.APP,
    EndpointClass.SEND_NOTIFICATION,
)
# With an idempotency_key in the body a start is safe to retry: OneSignal starts it only once.
START_LIVE_ACTIVITY_IDEMPOTENT = Operation(
    START_LIVE_ACTIVITY.name,
    START_LIVE_ACTIVITY.method,
    START_LIVE_ACTIVITY.path,
    KeyKind.APP,
    EndpointClass.SEND_NOTIFICATION,
    idempotent_post=True,
)
UPDATE_LIVE_ACTIVITY = Operation(
    "update_live_activity",
    "POST",
    "/apps/{app_id}/live_activities/{activity_id}/notifications",
    KeyKind.APP,
    EndpointClass.SEND_NOTIFICATION,
)


class LiveActivityOperations(ClientCore):
    def start_live_activity(
        self, app_id: str, activity_type: str, request: StartLiveActivityRequest | Body
    ) -> StartLiveActivityResponse:
        """Start a Live Activity of ``activity_type`` (the attributes struct's name in the iOS app) for
        the request's audience; retried safely only when it carries an ``idempotency_key``."""
        payload = to_payload(request)
        op = START_LIVE_ACTIVITY_IDEMPOTENT if payload.get("idempotency_key") else START_LIVE_ACTIVITY
        return self._request(
            op,
            app_id=app_id,
            path_params={"app_id": app_id, "activity_type": activity_type},
            body=payload,
        ).model(StartLiveActivityResponse)

    def update_live_activity(
        self, app_id: str, activity_id: str, request: UpdateLiveActivityRequest | Body
    ) -> UpdateLiveActivityResponse:
        """Send an update (``event: "update"``) or end it (``event: "end"``); OneSignal refuses updates
        to an activity that has ended."""
        return self._request(
            UPDATE_LIVE_ACTIVITY,
            app_id=app_id,
            path_params={"app_id": app_id, "activity_id": activity_id},
            body=to_payload(request),
        ).model(UpdateLiveActivityResponse)
