"""Subscriptions (current API): one channel of a user — a push token, an email address or a phone."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from ._base import OneSignalModel
from .common import Credential, Identity

SubscriptionType: TypeAlias = Literal[
    "iOSPush", "AndroidPush", "FireOSPush", "ChromeExtensionPush", "ChromePush", "WindowsPush",
    "SafariLegacyPush", "FirefoxPush", "macOSPush", "HuaweiPush", "SafariPush", "Email", "SMS",
]  # fmt: skip
SUBSCRIPTION_TYPES: Final[tuple[str, ...]] = get_args(SubscriptionType)
#: Subscription ``token_type`` path values of update-by-token.
TOKEN_TYPES: Final[tuple[str, ...]] = SUBSCRIPTION_TYPES


class Subscription(OneSignalModel):
    """A subscription. ``type`` is kept as a plain string (known values: SUBSCRIPTION_TYPES) so a new
    channel type never breaks parsing. ``token`` is the push token, email address or phone number;
    ``notification_types`` > 0 means subscribed, negative values say why not."""

    id: str | None = None
    type: str | None = None
    token: str | None = None
    enabled: bool | None = None
    notification_types: int | None = None
    session_time: int | None = None
    session_count: int | None = None
    sdk: str | None = None
    device_model: str | None = None
    device_os: str | None = None
    rooted: bool | None = None
    test_type: int | None = None
    app_version: str | None = None
    net_type: int | None = None
    carrier: str | None = None
    web_auth: Credential = None
    web_p256: Credential = None


class SubscriptionBody(OneSignalModel):
    """``{"subscription": {...}}``: body of create/update subscription and the create answer."""

    subscription: Subscription | None = None


class CreateSubscriptionRequest(SubscriptionBody):
    """Body of POST .../users/by/{label}/{id}/subscriptions. ``retain_previous_owner`` (legacy) keeps
    the subscription on its current user too."""

    subscription: Subscription
    retain_previous_owner: bool | None = None


class UpdateSubscriptionRequest(SubscriptionBody):
    """Body of PATCH /apps/{app_id}/subscriptions/{subscription_id}."""

    subscription: Subscription


class TransferSubscriptionRequest(OneSignalModel):
    """Body of PATCH .../subscriptions/{id}/owner: the alias(es) of the user who takes it over."""

    identity: Identity
