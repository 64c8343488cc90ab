"""Players: the legacy (v1) view of a device or channel subscription."""

from __future__ import annotations

from typing import Final, TypeAlias

from ._base import OneSignalModel
from .common import Credential, SuccessResponse, Timestamp

#: A tag value as the API accepts it; an empty string (or null in a tags update) deletes the tag.
TagValue: TypeAlias = str | int | float | bool

#: ``device_type`` numbers OneSignal documents, with a readable name.
DEVICE_TYPES: Final[dict[int, str]] = {
    0: "iOS",
    1: "Android",
    2: "Amazon",
    3: "Windows Phone (MPNS)",
    4: "Chrome App/Extension",
    5: "Chrome Web Push",
    6: "Windows (WNS)",
    7: "Safari",
    8: "Firefox",
    9: "macOS",
    10: "Alexa",
    11: "Email",
    13: "Huawei",
    14: "SMS",
}


def device_type_name(device_type: int | None) -> str:
    """A readable platform name, or "device type N" for a number not in DEVICE_TYPES."""
    if device_type is None:
        return "unknown"
    return DEVICE_TYPES.get(device_type, f"device type {device_type}")


class Player(OneSignalModel):
    """A player as GET /players returns it and POST/PUT /players accept it.

    ``device_type`` is required when creating one (see CreatePlayerRequest). ``created_at`` and
    ``last_active`` are unix seconds.
    """

    id: str | None = None
    app_id: str | None = None
    device_type: int | None = None
    identifier: str | None = None
    invalid_identifier: bool | None = None
    external_user_id: str | None = None
    external_user_id_auth_hash: Credential = None
    email_auth_hash: Credential = None
    language: str | None = None
    timezone: int | None = None
    game_version: str | None = None
    device_model: str | None = None
    device_os: str | None = None
    ad_id: str | None = None
    sdk: str | None = None
    session_count: int | None = None
    tags: dict[str, TagValue | None] | None = None
    amount_spent: float | str | None = None
    created_at: Timestamp | None = None
    playtime: int | None = None
    badge_count: int | None = None
    last_active: Timestamp | None = None
    notification_types: int | None = None
    test_type: int | None = None
    long: float | None = None
    lat: float | None = None
    country: str | None = None
    rooted: bool | None = None
    ip: str | None = None
    web_auth: str | None = None
    web_p256: str | None = None


class CreatePlayerRequest(Player):
    """Body of POST /players: ``device_type`` is mandatory."""

    device_type: int


class PlayerSlice(OneSignalModel):
    """One page of GET /players (limit <= 300)."""

    total_count: int | None = None
    offset: int | None = None
    limit: int | None = None
    players: list[Player] = []


class CreatePlayerResponse(SuccessResponse):
    id: str | None = None


class UpdatePlayerResponse(SuccessResponse):
    pass


class DeletePlayerResponse(SuccessResponse):
    """Answer of DELETE /players/{id}; a 404 carries ``{"success": false}``."""


class UpdatePlayerTagsRequest(OneSignalModel):
    """Body of PUT /apps/{app_id}/users/{external_user_id}: tags to set; "" or null deletes one."""

    tags: dict[str, TagValue | None]


class UpdatePlayerTagsResponse(SuccessResponse):
    pass
