"""Players (the seed-era device records): create, view, page, change, tag, delete (app REST key)."""

from __future__ import annotations

from typing import Any

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.errors import APIStatusError
from onesignal_desktop.api.models import (
    CreatePlayerRequest,
    CreatePlayerResponse,
    DeletePlayerResponse,
    Player,
    PlayerSlice,
    UpdatePlayerResponse,
    UpdatePlayerTagsRequest,
    UpdatePlayerTagsResponse,
)
from onesignal_desktop.api.rate_budget import EndpointClass

__all__ = ["MAX_PLAYERS_PAGE", "PlayerOperations"]

MAX_PLAYERS_PAGE = 300

CREATE_PLAYER = Operation("create_player", "POST", "/players", KeyKind.APP, EndpointClass.USERS)
GET_PLAYER = Operation("get_player", "GET", "/players/{player_id}", KeyKind.APP, EndpointClass.VIEW)
GET_PLAYERS = Operation("get_players", "GET", "/players", KeyKind.APP, EndpointClass.VIEW)
UPDATE_PLAYER = Operation("update_player", "PUT", "/players/{player_id}", KeyKind.APP, EndpointClass.USERS)
UPDATE_PLAYER_TAGS = Operation(
    "update_player_tags", "PUT", "/apps/{app_id}/users/{external_user_id}", KeyKind.APP, EndpointClass.USERS
)
DELETE_PLAYER = Operation("delete_player", "DELETE", "/players/{player_id}", KeyKind.APP, EndpointClass.USERS)


def _app_id_of(payload: dict[str, Any]) -> str | None:
    app_id = payload.get("app_id")
    return app_id if isinstance(app_id, str) and app_id else None


class PlayerOperations(ClientCore):
    def create_player(self, player: CreatePlayerRequest | Player | Body) -> CreatePlayerResponse:
        """Register a device; the body must carry ``app_id`` and ``device_type``."""
        payload = to_payload(player)
        return self._request(CREATE_PLAYER, app_id=_app_id_of(payload), body=payload).model(
            CreatePlayerResponse
        )

    def get_player(self, app_id: str, player_id: str, email_auth_hash: str | None = None) -> Player:
        return self._request(
            GET_PLAYER,
            app_id=app_id,
            path_params={"player_id": player_id},
            params={"app_id": app_id, "email_auth_hash": email_auth_hash},
        ).model(Player)

    def get_players(self, app_id: str, limit: int | None = None, offset: int | None = None) -> PlayerSlice:
        """One page of players (``limit`` at most 300)."""
        if limit is not None and not 1 <= limit <= MAX_PLAYERS_PAGE:
            raise ValueError(f"limit must be between 1 and {MAX_PLAYERS_PAGE}, got {limit}")
        return self._request(
            GET_PLAYERS, app_id=app_id, params={"app_id": app_id, "limit": limit, "offset": offset}
        ).model(PlayerSlice)

    def update_player(self, player_id: str, player: Player | Body) -> UpdatePlayerResponse:
        """Change a device record; the body must carry ``app_id`` (it selects the key)."""
        payload = to_payload(player)
        return self._request(
            UPDATE_PLAYER,
            app_id=_app_id_of(payload),
            path_params={"player_id": player_id},
            body=payload,
            record=player_id,
        ).model(UpdatePlayerResponse)

    def update_player_tags(
        self, app_id: str, external_user_id: str, request: UpdatePlayerTagsRequest | Body
    ) -> UpdatePlayerTagsResponse:
        """Set tags (``{"tags": {...}}``; an empty value deletes a tag) on the user with this external id."""
        return self._request(
            UPDATE_PLAYER_TAGS,
            app_id=app_id,
            path_params={"app_id": app_id, "external_user_id": external_user_id},
            body=to_payload(request),
            record=external_user_id,
        ).model(UpdatePlayerTagsResponse)

    def delete_player(self, app_id: str, player_id: str) -> DeletePlayerResponse:
        reply = self._request(
            DELETE_PLAYER,
            app_id=app_id,
            path_params={"player_id": player_id},
            params={"app_id": app_id},
            record=player_id,
        )
        result = reply.model(DeletePlayerResponse)
        if result.success is False:
            raise APIStatusError("delete_player", ["the server reported success: false"], status=reply.status)
        return result
