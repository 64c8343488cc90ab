"""Players, the legacy view of subscriptions: create, get, list (limit <= 300, real total_count), update,
delete, and tags by external user id.

A player is a subscription; its user holds tags, language, country, timezone, amount spent and the
``external_id`` alias that the legacy API calls ``external_user_id`` (see store/people.py).
"""

from __future__ import annotations

import re
from typing import Any

from onesignal_desktop.sandbox.auth import request_key, require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routes._common import (
    COORDINATE_RANGES,
    app_id_of,
    authorized_app,
    opt_float,
    opt_int,
    opt_str,
    tags_of,
)
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import DEVICE_TYPES, Player

router = Router()

MAX_PLAYERS_PAGE = 300
EMAIL_DEVICE_TYPE = 11
SMS_DEVICE_TYPE = 14
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_PATTERN = re.compile(r"^\+[1-9]\d{6,14}$")
# A UTC offset in seconds: UTC-12:00 .. UTC+14:00, the zones that exist.
MIN_TIMEZONE_OFFSET, MAX_TIMEZONE_OFFSET = -12 * 3600, 14 * 3600

# Legacy field -> (where it lives, column)
SUBSCRIPTION_FIELDS = {
    "identifier": "token",
    "game_version": "app_version",
    "device_os": "device_os",
    "device_model": "device_model",
    "ad_id": "ad_id",
    "sdk": "sdk",
    "session_count": "session_count",
    "playtime": "session_time",
    "badge_count": "badge_count",
    "last_active": "last_active",
    "created_at": "created_at",
    "notification_types": "notification_types",
    "test_type": "test_type",
}
INT_FIELDS = {
    "session_count",
    "playtime",
    "badge_count",
    "last_active",
    "created_at",
    "notification_types",
    "test_type",
}
STR_FIELDS = {"identifier", "game_version", "device_os", "device_model", "ad_id", "sdk"}
USER_FIELDS = {
    "language": "language",
    "timezone": "timezone_offset",
    "amount_spent": "amount_spent",
    "lat": "lat",
    "long": "long",
    "country": "country",
    "ip": "ip",
}


def player_not_found() -> ApiError:
    return ApiError(404, ["No user with this id found"], extra={"success": False})


def _parse_player_fields(body: dict[str, Any], *, creating: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a legacy player body into subscription fields and user properties (validated)."""
    subscription: dict[str, Any] = {}
    user: dict[str, Any] = {}
    device_type = opt_int(body, "device_type")
    if creating and device_type is None:
        raise bad_request("device_type is required")
    if device_type is not None:
        if device_type not in DEVICE_TYPES:
            raise bad_request(f"Invalid device_type {device_type}")
        subscription["device_type"] = device_type
    for name, column in SUBSCRIPTION_FIELDS.items():
        if name not in body or body[name] is None:
            continue
        subscription[column] = opt_int(body, name) if name in INT_FIELDS else opt_str(body, name)
    if "notification_types" in subscription:
        subscription["enabled"] = subscription["notification_types"] > 0
    for name, column in USER_FIELDS.items():
        if name not in body or body[name] is None:
            continue
        if name == "timezone":
            user[column] = opt_int(body, name, minimum=MIN_TIMEZONE_OFFSET, maximum=MAX_TIMEZONE_OFFSET)
        elif name in COORDINATE_RANGES:
            low, high = COORDINATE_RANGES[name]
            user[column] = opt_float(body, name, minimum=low, maximum=high)
        elif name == "amount_spent":
            user[column] = opt_float(body, name)
        else:
            user[column] = opt_str(body, name)
    if "tags" in body:
        user["tags"] = tags_of(body["tags"])
    token = subscription.get("token")
    kind = subscription.get("device_type")
    if kind == EMAIL_DEVICE_TYPE and (token is None or not EMAIL_PATTERN.match(token)):
        raise bad_request("Email address is invalid: an email record needs a valid identifier")
    if kind == SMS_DEVICE_TYPE and (token is None or not PHONE_PATTERN.match(token)):
        raise bad_request(
            "Phone number is invalid: an SMS record needs an E.164 identifier like +15555550100"
        )
    return subscription, user


def _external_user_id(body: dict[str, Any]) -> str | None:
    if "external_user_id" not in body:
        return None
    value = body["external_user_id"]
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise bad_request("external_user_id must be a string")
    return str(value)


def _player_for(req: Request, player_id: str, body: dict[str, Any] | None = None) -> Player:
    """The player, after checking the caller holds a key of its app (app_id given or not)."""
    app_id = app_id_of(req, body, required=False)
    if app_id is not None:
        require_app_key(req, app_id)
        player = req.ctx.store.get_player(player_id, app_id)
        if player is None:
            raise player_not_found()
        return player
    request_key(req)
    player = req.ctx.store.get_player(player_id)
    if player is None:
        raise player_not_found()
    require_app_key(req, player.app_id)
    return player


@router.get("/players")
def list_players(req: Request) -> Response:
    app_id = authorized_app(req)
    limit = req.int_arg("limit", default=MAX_PLAYERS_PAGE, minimum=1, maximum=MAX_PLAYERS_PAGE)
    offset = req.int_arg("offset", default=0, minimum=0)
    players, total = req.ctx.store.list_players(app_id, limit, offset)
    return Response.json(
        {"total_count": total, "offset": offset, "limit": limit, "players": [p.to_json() for p in players]}
    )


@router.post("/players")
def create_player(req: Request) -> Response:
    body = req.json_object()
    app_id = authorized_app(req, body)
    subscription, user = _parse_player_fields(body, creating=True)
    external = _external_user_id(body)
    store, now = req.ctx.store, req.ctx.clock.now()
    token = subscription.get("token")
    if token:
        # OneSignal answers an existing device (same app, platform and token) with its id, updated.
        existing = store.find_subscription_by_token(app_id, DEVICE_TYPES[subscription["device_type"]], token)
        if existing is not None:
            store.update_player(
                existing.id, subscription=subscription, user=user, external_user_id=external, now=now
            )
            return Response.json({"success": True, "id": existing.id})
    if "notification_types" not in subscription:
        subscription["notification_types"] = 1
    player = store.create_player(
        app_id, now, subscription=subscription, user=user, external_user_id=external or None
    )
    return Response.json({"success": True, "id": player.id})


@router.get("/players/{player_id}")
def get_player(req: Request) -> Response:
    player = _player_for(req, req.params["player_id"])
    return Response.json(player.to_json())


@router.put("/players/{player_id}")
def update_player(req: Request) -> Response:
    body = req.json_object()
    player = _player_for(req, req.params["player_id"], body)
    subscription, user = _parse_player_fields(body, creating=False)
    external = _external_user_id(body)
    try:
        req.ctx.store.update_player(
            player.id,
            subscription=subscription,
            user=user,
            external_user_id=external,
            now=req.ctx.clock.now(),
        )
    except ValueError as error:
        raise bad_request(str(error)) from None
    return Response.json({"success": True})


@router.delete("/players/{player_id}")
def delete_player(req: Request) -> Response:
    player = _player_for(req, req.params["player_id"])
    req.ctx.store.delete_player(player.id)
    return Response.json({"success": True})


@router.put("/apps/{app_id}/users/{external_user_id}")
def update_tags_by_external_user_id(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    body = req.json_object()
    if "tags" not in body:
        raise bad_request("tags is required")
    tags = tags_of(body["tags"])
    store = req.ctx.store
    user_id = store.find_user_id(app_id, "external_id", req.params["external_user_id"])
    if user_id is None:
        raise ApiError(404, ["No user with this external_user_id found"], extra={"success": False})
    store.update_user(app_id, user_id, {"tags": tags})
    return Response.json({"success": True})
