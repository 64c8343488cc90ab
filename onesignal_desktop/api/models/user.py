"""Users (current API): properties, identity (aliases) and subscriptions."""

from __future__ import annotations

from ._base import OneSignalModel
from .common import Identity, Timestamp
from .player import TagValue
from .subscription import Subscription


class Purchase(OneSignalModel):
    """One in-app purchase. ``amount`` is a decimal string such as "1.99"; ``iso`` the currency."""

    sku: str
    amount: str | float
    iso: str
    count: int | None = None


class UserProperties(OneSignalModel):
    """A user's properties. ``first_active``/``last_active`` are unix seconds."""

    tags: dict[str, TagValue | None] | None = None
    language: str | None = None
    timezone_id: str | None = None
    lat: float | None = None
    long: float | None = None
    country: str | None = None
    first_active: Timestamp | None = None
    last_active: Timestamp | None = None
    amount_spent: float | str | None = None
    purchases: list[Purchase] | None = None
    ip: str | None = None


class PropertiesDeltas(OneSignalModel):
    """Increments applied to a user (sessions, time, purchases) instead of values to set."""

    session_time: int | None = None
    session_count: int | None = None
    purchases: list[Purchase] | None = None


class SubscriptionOptions(OneSignalModel):
    retain_previous_owner: bool | None = None


class User(OneSignalModel):
    """A user: GET .../users/by/{label}/{id} returns it, POST /apps/{app_id}/users takes and returns it.

    ``identity`` maps alias labels ("external_id", "onesignal_id", custom labels) to ids.
    """

    properties: UserProperties | None = None
    identity: Identity | None = None
    subscriptions: list[Subscription] | None = None
    subscription_options: SubscriptionOptions | None = None

    @property
    def onesignal_id(self) -> str | None:
        return (self.identity or {}).get("onesignal_id")

    @property
    def external_id(self) -> str | None:
        return (self.identity or {}).get("external_id")


class UpdateUserRequest(OneSignalModel):
    """Body of PATCH .../users/by/{label}/{id}."""

    properties: UserProperties | None = None
    refresh_device_metadata: bool | None = None
    deltas: PropertiesDeltas | None = None


class PropertiesBody(OneSignalModel):
    """``{"properties": {...}}``: the answer of update_user."""

    properties: UserProperties | None = None


class UserIdentity(OneSignalModel):
    """``{"identity": {label: id}}``: body of create_alias and the answer of the alias and transfer calls."""

    identity: Identity
