"""Audience estimate: count who a notification's targeting reaches without saving or sending it."""

from __future__ import annotations

from typing import Any

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models.estimate import EstimateRecipientsRequest, EstimateRecipientsResponse

__all__ = ["AudienceOperations"]

# A count changes nothing on the server: safe to retry although it is a POST.
ESTIMATE_RECIPIENTS = Operation(
    "estimate_notification_recipients",
    "POST",
    "/notifications/count-unsaved",
    KeyKind.APP,
    idempotent_post=True,
)


class AudienceOperations(ClientCore):
    def estimate_notification_recipients(
        self, request: EstimateRecipientsRequest | Body
    ) -> EstimateRecipientsResponse:
        """The recipients a send with this targeting would have now, for one ``target_channel``."""
        payload: dict[str, Any] = to_payload(request)
        app_id = payload.get("app_id")
        return self._request(
            ESTIMATE_RECIPIENTS, app_id=app_id if isinstance(app_id, str) else None, body=payload
        ).model(EstimateRecipientsResponse)
