"""Subscriptions (a device, email or phone of a user; current API; app REST key)."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models import (
    CreateSubscriptionRequest,
    EmptyResponse,
    SubscriptionBody,
    TransferSubscriptionRequest,
    UpdateSubscriptionRequest,
    UserIdentity,
)
from onesignal_desktop.api.rate_budget import EndpointClass

__all__ = ["SubscriptionOperations"]

_SUBSCRIPTION = "/apps/{app_id}/subscriptions/{subscription_id}"
CREATE_SUBSCRIPTION = Operation(
    "create_subscription",
    "POST",
    "/apps/{app_id}/users/by/{alias_label}/{alias_id}/subscriptions",
    KeyKind.APP,
    EndpointClass.USERS,
)
UPDATE_SUBSCRIPTION = Operation(
    "update_subscription", "PATCH", _SUBSCRIPTION, KeyKind.APP, EndpointClass.USERS
)
DELETE_SUBSCRIPTION = Operation(
    "delete_subscription", "DELETE", _SUBSCRIPTION, KeyKind.APP, EndpointClass.USERS
)
UPDATE_SUBSCRIPTION_BY_TOKEN = Operation(
    "update_subscription_by_token",
    "PATCH",
    "/apps/{app_id}/subscriptions_by_token/{token_type}/{token}",
    KeyKind.APP,
    EndpointClass.USERS,
)
TRANSFER_SUBSCRIPTION = Operation(
    "transfer_subscription", "PATCH", _SUBSCRIPTION + "/owner", KeyKind.APP, EndpointClass.USERS
)


class SubscriptionOperations(ClientCore):
    def create_subscription(
        self, app_id: str, alias_label: str, alias_id: str, request: CreateSubscriptionRequest | Body
    ) -> SubscriptionBody:
        return self._request(
            CREATE_SUBSCRIPTION,
            app_id=app_id,
            path_params={"app_id": app_id, "alias_label": alias_label, "alias_id": alias_id},
            body=to_payload(request),
            record=f"{alias_label}:{alias_id}",
        ).model(SubscriptionBody)

    def update_subscription(
        self, app_id: str, subscription_id: str, request: UpdateSubscriptionRequest | Body
    ) -> EmptyResponse:
        return self._request(
            UPDATE_SUBSCRIPTION,
            app_id=app_id,
            path_params={"app_id": app_id, "subscription_id": subscription_id},
            body=to_payload(request),
            record=subscription_id,
        ).model(EmptyResponse, lenient=True)

    def update_subscription_by_token(
        self, app_id: str, token_type: str, token: str, request: UpdateSubscriptionRequest | Body
    ) -> EmptyResponse:
        """Update the subscription whose push token, email address or phone number is ``token``;
        ``token_type`` is its subscription type ("Email", "SMS", "iOSPush", ...; TOKEN_TYPES)."""
        return self._request(
            UPDATE_SUBSCRIPTION_BY_TOKEN,
            app_id=app_id,
            path_params={"app_id": app_id, "token_type": token_type, "token": token},
            body=to_payload(request),
            record=f"{token_type}:{token}",
        ).model(EmptyResponse, lenient=True)

    def delete_subscription(self, app_id: str, subscription_id: str) -> EmptyResponse:
        return self._request(
            DELETE_SUBSCRIPTION,
            app_id=app_id,
            path_params={"app_id": app_id, "subscription_id": subscription_id},
            record=subscription_id,
        ).model(EmptyResponse, lenient=True)

    def transfer_subscription(
        self, app_id: str, subscription_id: str, request: TransferSubscriptionRequest | Body
    ) -> UserIdentity:
        """Move the subscription to the user named by ``{"identity": {label: id}}``; returns that
        user's aliases."""
        return self._request(
            TRANSFER_SUBSCRIPTION,
            app_id=app_id,
            path_params={"app_id": app_id, "subscription_id": subscription_id},
            body=to_payload(request),
            record=subscription_id,
        ).model(UserIdentity)
