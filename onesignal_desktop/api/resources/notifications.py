"""Notifications: send, cancel, view one or a page, and request the history export (app REST key)."""

from __future__ import annotations

import uuid
from typing import Any

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.errors import APIStatusError
from onesignal_desktop.api.models import (
    CancelNotificationResponse,
    CreateNotificationResponse,
    Notification,
    NotificationHistoryRequest,
    NotificationHistoryResponse,
    NotificationSlice,
    NotificationWithMeta,
)
from onesignal_desktop.api.rate_budget import EndpointClass
from onesignal_desktop.api.results import CreateNotificationResult, result_from_response

__all__ = ["MAX_NOTIFICATIONS_PAGE", "NotificationOperations"]

MAX_NOTIFICATIONS_PAGE = 50

CREATE_NOTIFICATION = Operation(
    "create_notification",
    "POST",
    "/notifications",
    KeyKind.APP,
    EndpointClass.SEND_NOTIFICATION,
    idempotent_post=True,
)
CANCEL_NOTIFICATION = Operation(
    "cancel_notification",
    "DELETE",
    "/notifications/{notification_id}",
    KeyKind.APP,
    EndpointClass.SEND_NOTIFICATION,
)
GET_NOTIFICATION = Operation(
    "get_notification", "GET", "/notifications/{notification_id}", KeyKind.APP, EndpointClass.VIEW
)
GET_NOTIFICATIONS = Operation("get_notifications", "GET", "/notifications", KeyKind.APP, EndpointClass.VIEW)
GET_NOTIFICATION_HISTORY = Operation(
    "get_notification_history", "POST", "/notifications/{notification_id}/history", KeyKind.APP
)

_REPLAY_HEADER = "idempotent-replayed"


def _body_app_id(payload: dict[str, Any]) -> str | None:
    app_id = payload.get("app_id")
    return app_id if isinstance(app_id, str) and app_id else None


class NotificationOperations(ClientCore):
    def create_notification(
        self, notification: Notification | Body, *, idempotency_key: str | None = None
    ) -> CreateNotificationResult:
        """Send (or schedule) a notification; retried safely with one idempotency key for all attempts.

        The key is, in order: the ``idempotency_key`` argument, the one in the body, or a fresh UUIDv4.
        The result is sent, sent with invalid recipients, or not sent (HTTP 200 with nothing created).
        """
        payload = to_payload(notification)
        key = idempotency_key or payload.get("idempotency_key") or str(uuid.uuid4())
        payload["idempotency_key"] = key
        reply = self._request(CREATE_NOTIFICATION, app_id=_body_app_id(payload), body=payload)
        response = reply.model(CreateNotificationResponse)
        replayed = reply.headers.get(_REPLAY_HEADER, "").strip().lower() in ("true", "1", "yes")
        if response.id and self._remember_notification(key, response.id):
            replayed = True
        return result_from_response(response, idempotency_key=key, replayed=replayed)

    def cancel_notification(self, app_id: str, notification_id: str) -> CancelNotificationResponse:
        reply = self._request(
            CANCEL_NOTIFICATION,
            app_id=app_id,
            path_params={"notification_id": notification_id},
            params={"app_id": app_id},
        )
        result = reply.model(CancelNotificationResponse)
        if result.success is False:
            raise APIStatusError(
                "cancel_notification", ["the server reported success: false"], status=reply.status
            )
        return result

    def get_notification(self, app_id: str, notification_id: str) -> NotificationWithMeta:
        return self._request(
            GET_NOTIFICATION,
            app_id=app_id,
            path_params={"notification_id": notification_id},
            params={"app_id": app_id},
        ).model(NotificationWithMeta)

    def get_notifications(
        self,
        app_id: str,
        limit: int | None = None,
        offset: int | None = None,
        kind: int | None = None,
        *,
        time_offset: str | None = None,
    ) -> NotificationSlice:
        """One page (``limit`` at most 50). With ``time_offset`` (ISO time or a ``next_time_offset``
        cursor) the current API pages by time instead of offset, which stays fast deep in the history."""
        if limit is not None and not 1 <= limit <= MAX_NOTIFICATIONS_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_NOTIFICATIONS_PAGE}, got {limit}")
        if time_offset is not None and offset is not None:
            raise ValueError("offset cannot be combined with time_offset")
        params = {
            "app_id": app_id,
            "limit": limit,
            "offset": offset,
            "kind": kind,
            "time_offset": time_offset,
        }
        return self._request(GET_NOTIFICATIONS, app_id=app_id, params=params).model(NotificationSlice)

    def get_notification_history(
        self, notification_id: str, request: NotificationHistoryRequest | Body
    ) -> NotificationHistoryResponse:
        """Ask for the CSV of devices that were sent or clicked a notification (``destination_url``)."""
        payload = to_payload(request)
        return self._request(
            GET_NOTIFICATION_HISTORY,
            app_id=_body_app_id(payload),
            path_params={"notification_id": notification_id},
            body=payload,
        ).model(NotificationHistoryResponse)
