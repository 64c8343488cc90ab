"""Users, aliases and subscriptions (the current API), over the same rows as the legacy players.

Users are addressed by any alias: ``/apps/{app_id}/users/by/{alias_label}/{alias_id}``, where the label
``onesignal_id`` is the user's own id and ``external_id`` is the legacy ``external_user_id``.
"""

from __future__ import annotations

import re
from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routes._common import (
    COORDINATE_RANGES,
    conflict_error,
    opt_bool,
    opt_float,
    opt_int,
    opt_object,
    opt_str,
    tags_of,
)
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import SUBSCRIPTION_TYPES, StoreConflict, Subscription, User

router = Router()

USER_PATH = "/apps/{app_id}/users/by/{alias_label}/{alias_id}"
SUB_PATH = "/apps/{app_id}/subscriptions/{subscription_id}"
RESERVED_LABELS = {"onesignal_id"}
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9_\-.]{1,64}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_PATTERN = re.compile(r"^\+[1-9]\d{6,14}$")
TOKEN_TYPES = {"email": "Email", "sms": "SMS"}

PROPERTY_STRINGS = ("language", "timezone_id", "country", "ip")
PROPERTY_NUMBERS = ("lat", "long", "amount_spent")
PROPERTY_INTS = ("first_active", "last_active")
SUB_STRINGS = ("token", "sdk", "device_model", "device_os", "app_version", "carrier", "web_auth", "web_p256")
SUB_INTS = ("notification_types", "session_time", "session_count", "test_type", "net_type")


def user_not_found(label: str, value: str) -> ApiError:
    return ApiError(404, [f"User with {label} '{value}' not found"])


def subscription_not_found(subscription_id: str) -> ApiError:
    return ApiError(404, [f"Subscription '{subscription_id}' not found"])


def user_json(req: Request, user: User) -> dict[str, Any]:
    return {
        "properties": user.properties_json(),
        "identity": user.identity(),
        "subscriptions": [sub.to_json() for sub in req.ctx.store.user_subscriptions(user.id)],
    }


def _user(req: Request) -> User:
    app_id, label, value = req.params["app_id"], req.params["alias_label"], req.params["alias_id"]
    require_app_key(req, app_id)
    user = req.ctx.store.find_user(app_id, label, value)
    if user is None:
        raise user_not_found(label, value)
    return user


def _subscription(req: Request) -> Subscription:
    app_id, sub_id = req.params["app_id"], req.params["subscription_id"]
    require_app_key(req, app_id)
    sub = req.ctx.store.get_subscription(app_id, sub_id)
    if sub is None:
        raise subscription_not_found(sub_id)
    return sub


def _identity(value: Any, *, required: bool = False) -> dict[str, str]:
    if value is None:
        if required:
            raise bad_request("identity is required")
        return {}
    if not isinstance(value, dict) or (required and not value):
        raise bad_request("identity must be an object of alias labels to ids")
    identity: dict[str, str] = {}
    for label, alias in value.items():
        if not isinstance(alias, str | int) or isinstance(alias, bool) or str(alias) == "":
            raise bad_request(f"The alias '{label}' must be a non-empty string")
        if not LABEL_PATTERN.match(str(label)):
            raise bad_request(f"Invalid alias label '{label}'")
        identity[str(label)] = str(alias)
    return identity


def _settable_identity(value: Any) -> dict[str, str]:
    identity = _identity(value, required=True)
    for label in identity:
        if label in RESERVED_LABELS:
            raise bad_request(f"The alias label '{label}' is reserved and cannot be set")
    return identity


def _properties(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request("properties must be an object")
    props: dict[str, Any] = {}
    for name in PROPERTY_STRINGS:
        if value.get(name) is not None:
            props[name] = opt_str(value, name)
    for name in PROPERTY_NUMBERS:
        if value.get(name) is not None:
            low, high = COORDINATE_RANGES.get(name, (None, None))
            props[name] = opt_float(value, name, minimum=low, maximum=high)
    for name in PROPERTY_INTS:
        if value.get(name) is not None:
            props[name] = float(opt_int(value, name) or 0)
    if "tags" in value:
        props["tags"] = tags_of(value["tags"])
    if value.get("purchases") is not None:
        props["purchases"] = _purchases(value["purchases"])
    return props


def _purchases(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise bad_request("purchases must be a list of objects")
    for item in value:
        if not item.get("sku"):
            raise bad_request("each purchase needs a sku")
    return list(value)


def _subscription_fields(value: Any, *, creating: bool) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request("subscription must be an object")
    fields: dict[str, Any] = {}
    sub_type = opt_str(value, "type")
    if sub_type is not None:
        if sub_type not in SUBSCRIPTION_TYPES:
            raise bad_request(
                f"Invalid subscription type '{sub_type}' (one of {', '.join(SUBSCRIPTION_TYPES)})"
            )
        fields["type"] = sub_type
    elif creating:
        raise bad_request("subscription.type is required")
    for name in SUB_STRINGS:
        if value.get(name) is not None:
            fields[name] = opt_str(value, name)
    for name in SUB_INTS:
        if value.get(name) is not None:
            fields[name] = opt_int(value, name)
    enabled = opt_bool(value, "enabled")
    rooted = opt_bool(value, "rooted")
    if rooted is not None:
        fields["rooted"] = rooted
    # Keep the two switches consistent: enabled <-> notification_types > 0.
    if enabled is not None:
        fields["enabled"] = enabled
        if "notification_types" not in fields:
            fields["notification_types"] = 1 if enabled else -2
    elif "notification_types" in fields:
        fields["enabled"] = fields["notification_types"] > 0
    elif creating:
        fields["enabled"], fields["notification_types"] = True, 1
    token = fields.get("token")
    if fields.get("type") == "Email" and (token is None or not EMAIL_PATTERN.match(token)):
        raise bad_request("An Email subscription needs a valid email address as token")
    if fields.get("type") == "SMS" and (token is None or not PHONE_PATTERN.match(token)):
        raise bad_request("An SMS subscription needs an E.164 phone number as token, like +15555550100")
    return fields


def _attach(req: Request, app_id: str, user_id: str, fields: dict[str, Any]) -> tuple[Subscription, bool]:
    """Create the subscription on the user, or move the existing one with the same type and token."""
    store, now = req.ctx.store, req.ctx.clock.now()
    token = fields.get("token")
    if token:
        existing = store.find_subscription_by_token(app_id, fields["type"], token)
        if existing is not None:
            store.move_subscription(existing.id, user_id)
            updated = store.update_subscription(existing.id, fields)
            assert updated is not None
            return updated, False
    return store.create_subscription(user_id, app_id, now, fields), True


@router.post("/apps/{app_id}/users")
def create_user(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    body = req.json_object()
    identity = _identity(body.get("identity"))
    for label in identity:
        if label in RESERVED_LABELS:
            raise bad_request(f"The alias label '{label}' is reserved and cannot be set")
    properties = _properties(body.get("properties"))
    raw_subs = body.get("subscriptions") or []
    if not isinstance(raw_subs, list):
        raise bad_request("subscriptions must be a list")
    subscriptions = [_subscription_fields(item, creating=True) for item in raw_subs]
    store = req.ctx.store
    owners = {label: store.find_user_id(app_id, label, value) for label, value in identity.items()}
    found = {owner for owner in owners.values() if owner is not None}
    if len(found) > 1:
        raise conflict_error(
            "Aliases belong to different users", "user-2", {k: v for k, v in identity.items() if owners[k]}
        )
    if found:
        user_id, status = found.pop(), 200
        try:
            store.set_aliases(app_id, user_id, identity)
        except StoreConflict as error:
            raise conflict_error(str(error), "user-2", identity) from None
        if properties:
            store.update_user(app_id, user_id, properties)
    else:
        user_id, status = (
            store.create_user(app_id, req.ctx.clock.now(), aliases=identity, properties=properties).id,
            201,
        )
    for fields in subscriptions:
        _attach(req, app_id, user_id, fields)
    user = store.get_user(app_id, user_id)
    assert user is not None
    return Response.json(user_json(req, user), status)


@router.get(USER_PATH)
def get_user(req: Request) -> Response:
    return Response.json(user_json(req, _user(req)))


@router.patch(USER_PATH)
def update_user(req: Request) -> Response:
    user = _user(req)
    body = req.json_object()
    properties = _properties(body.get("properties"))
    deltas = opt_object(body, "deltas") or {}
    store, now = req.ctx.store, req.ctx.clock.now()
    purchases = _purchases(deltas["purchases"]) if deltas.get("purchases") is not None else []
    if purchases:
        properties["purchases"] = [*user.purchases, *purchases]
        spent = sum(float(item.get("amount") or 0) * int(item.get("count") or 1) for item in purchases)
        properties["amount_spent"] = float(properties.get("amount_spent", user.amount_spent)) + spent
    updated = store.update_user(user.app_id, user.id, properties) if properties else user
    session_time, session_count = opt_int(deltas, "session_time") or 0, opt_int(deltas, "session_count") or 0
    if session_time or session_count:
        store.add_session_deltas(user.id, session_time, session_count, now)
        updated = store.get_user(user.app_id, user.id)
    assert updated is not None
    return Response.json({"properties": updated.properties_json()}, 202)


@router.delete(USER_PATH)
def delete_user(req: Request) -> Response:
    user = _user(req)
    req.ctx.store.delete_user(user.app_id, user.id)
    return Response.json({})


@router.get(USER_PATH + "/identity")
def get_aliases(req: Request) -> Response:
    return Response.json({"identity": _user(req).identity()})


@router.patch(USER_PATH + "/identity")
def create_alias(req: Request) -> Response:
    user = _user(req)
    return _add_aliases(req, user.app_id, user.id)


def _add_aliases(req: Request, app_id: str, user_id: str) -> Response:
    """The body's aliases added to the user (found by alias or by one of its subscriptions)."""
    identity = _settable_identity(req.json_object().get("identity"))
    try:
        updated = req.ctx.store.set_aliases(app_id, user_id, identity)
    except StoreConflict as error:
        raise ApiError(409, [str(error)]) from None
    assert updated is not None
    return Response.json({"identity": updated.identity()})


@router.delete(USER_PATH + "/identity/{alias_label_to_delete}")
def delete_alias(req: Request) -> Response:
    user = _user(req)
    label = req.params["alias_label_to_delete"]
    if label in RESERVED_LABELS:
        raise bad_request(f"The alias label '{label}' cannot be deleted")
    if label not in user.aliases:
        raise ApiError(404, [f"The user has no alias '{label}'"])
    req.ctx.store.delete_alias(user.id, label)
    updated = req.ctx.store.get_user(user.app_id, user.id)
    assert updated is not None
    return Response.json({"identity": updated.identity()})


@router.post(USER_PATH + "/subscriptions")
def create_subscription(req: Request) -> Response:
    user = _user(req)
    body = req.json_object()
    fields = _subscription_fields(body.get("subscription"), creating=True)
    sub, created = _attach(req, user.app_id, user.id, fields)
    return Response.json({"subscription": sub.to_json()}, 201 if created else 200)


@router.patch(SUB_PATH)
def update_subscription(req: Request) -> Response:
    sub = _subscription(req)
    fields = _subscription_fields(req.json_object().get("subscription"), creating=False)
    if "token" in fields and "type" not in fields:
        fields["type"] = sub.type
        fields = _subscription_fields(fields, creating=False)
    updated = req.ctx.store.update_subscription(sub.id, fields)
    assert updated is not None
    return Response.json({"subscription": updated.to_json()})


@router.delete(SUB_PATH)
def delete_subscription(req: Request) -> Response:
    sub = _subscription(req)
    req.ctx.store.delete_player(sub.id)
    return Response.json({}, 202)


@router.get(SUB_PATH + "/user/identity")
def get_aliases_by_subscription(req: Request) -> Response:
    sub = _subscription(req)
    user = req.ctx.store.get_user(sub.app_id, sub.user_id)
    assert user is not None
    return Response.json({"identity": user.identity()})


@router.patch(SUB_PATH + "/user/identity")
def create_alias_by_subscription(req: Request) -> Response:
    sub = _subscription(req)
    return _add_aliases(req, sub.app_id, sub.user_id)


@router.patch(SUB_PATH + "/owner")
def transfer_subscription(req: Request) -> Response:
    sub = _subscription(req)
    identity = _identity(req.json_object().get("identity"), required=True)
    if len(identity) != 1:
        raise bad_request("identity must name exactly one alias of the new owner")
    ((label, value),) = identity.items()
    store = req.ctx.store
    owner = store.find_user_id(sub.app_id, label, value)
    if owner is None:
        raise user_not_found(label, value)
    store.move_subscription(sub.id, owner)
    user = store.get_user(sub.app_id, owner)
    assert user is not None
    return Response.json({"identity": user.identity()})


@router.patch("/apps/{app_id}/subscriptions_by_token/{token_type}/{token}")
def update_subscription_by_token(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    token_type = req.params["token_type"]
    sub_type = TOKEN_TYPES.get(token_type.lower(), token_type)
    if sub_type not in SUBSCRIPTION_TYPES:
        raise bad_request(f"Invalid token type '{token_type}'")
    sub = req.ctx.store.find_subscription_by_token(app_id, sub_type, req.params["token"])
    if sub is None:
        raise subscription_not_found(req.params["token"])
    fields = _subscription_fields(req.json_object().get("subscription"), creating=False)
    req.ctx.store.update_subscription(sub.id, fields)
    return Response.json({}, 202)


@router.get(SUB_PATH + "/iams")
def get_eligible_iams(req: Request) -> Response:
    _subscription(req)
    # The sandbox has no in-app messages; the answer keeps OneSignal's shape.
    return Response.json({"in_app_messages": []})
