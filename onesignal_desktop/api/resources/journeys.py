"""Journeys (beta): list by cursor, create, view, update (merge patch), delete, stats, one node, duplicate."""

from __future__ import annotations

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.errors import APIStatusError
from onesignal_desktop.api.models.common import SuccessResponse
from onesignal_desktop.api.models.journey import (
    CreateJourneyRequest,
    DuplicateJourneyRequest,
    Journey,
    JourneyListResponse,
    JourneyStats,
    UpdateJourneyNodeRequest,
    UpdateJourneyRequest,
)

__all__ = ["JourneyOperations"]

_JOURNEYS = "/apps/{app_id}/journeys"
_JOURNEY = _JOURNEYS + "/{journey_id}"
VIEW_JOURNEYS = Operation("view_journeys", "GET", _JOURNEYS, KeyKind.APP)
CREATE_JOURNEY = Operation("create_journey", "POST", _JOURNEYS, KeyKind.APP)
VIEW_JOURNEY = Operation("view_journey", "GET", _JOURNEY, KeyKind.APP)
UPDATE_JOURNEY = Operation("update_journey", "PATCH", _JOURNEY, KeyKind.APP)
DELETE_JOURNEY = Operation("delete_journey", "DELETE", _JOURNEY, KeyKind.APP)
VIEW_JOURNEY_STATS = Operation("view_journey_stats", "GET", _JOURNEY + "/stats", KeyKind.APP)
UPDATE_JOURNEY_NODE = Operation("update_journey_node", "PATCH", _JOURNEY + "/nodes/{node_id}", KeyKind.APP)
DUPLICATE_JOURNEY = Operation("duplicate_journey", "POST", _JOURNEY + "/duplicate", KeyKind.APP)


class JourneyOperations(ClientCore):
    def view_journeys(
        self, app_id: str, *, cursor: str | None = None, limit: int | None = None
    ) -> JourneyListResponse:
        """One page, newest first (``limit`` 1..50); pass the answer's ``next_cursor`` for the next."""
        return self._request(
            VIEW_JOURNEYS,
            app_id=app_id,
            path_params={"app_id": app_id},
            params={"cursor": cursor, "limit": limit},
        ).model(JourneyListResponse)

    def create_journey(self, app_id: str, journey: CreateJourneyRequest | Body) -> Journey:
        """Create a journey (always a draft); the answer carries the server's node and branch ids."""
        return self._request(
            CREATE_JOURNEY, app_id=app_id, path_params={"app_id": app_id}, body=to_payload(journey)
        ).model(Journey)

    def view_journey(self, app_id: str, journey_id: str) -> Journey:
        return self._request(
            VIEW_JOURNEY, app_id=app_id, path_params={"app_id": app_id, "journey_id": journey_id}
        ).model(Journey)

    def update_journey(self, app_id: str, journey_id: str, changes: UpdateJourneyRequest | Body) -> Journey:
        """Merge ``changes`` into the journey (``state`` "active" activates, "archived" stops it); a
        ``concurrency_key`` older than the journey's answers 409 (ConflictError)."""
        return self._request(
            UPDATE_JOURNEY,
            app_id=app_id,
            path_params={"app_id": app_id, "journey_id": journey_id},
            body=to_payload(changes),
        ).model(Journey)

    def delete_journey(self, app_id: str, journey_id: str) -> SuccessResponse:
        reply = self._request(
            DELETE_JOURNEY, app_id=app_id, path_params={"app_id": app_id, "journey_id": journey_id}
        )
        result = reply.model(SuccessResponse)
        if result.success is False:
            raise APIStatusError(
                "delete_journey", ["the server reported success: false"], status=reply.status
            )
        return result

    def view_journey_stats(self, app_id: str, journey_id: str) -> JourneyStats:
        """Entered, completed, exited early; per node (waiting, completed, messages) and per branch."""
        return self._request(
            VIEW_JOURNEY_STATS, app_id=app_id, path_params={"app_id": app_id, "journey_id": journey_id}
        ).model(JourneyStats)

    def update_journey_node(
        self, app_id: str, journey_id: str, node_id: str, changes: UpdateJourneyNodeRequest | Body
    ) -> Journey:
        """Merge ``changes`` into one node (by its server id); answers with the whole journey."""
        return self._request(
            UPDATE_JOURNEY_NODE,
            app_id=app_id,
            path_params={"app_id": app_id, "journey_id": journey_id, "node_id": node_id},
            body=to_payload(changes),
        ).model(Journey)

    def duplicate_journey(
        self, app_id: str, journey_id: str, request: DuplicateJourneyRequest | Body | None = None
    ) -> Journey:
        """Copy a journey into a new draft named "<name> (Copy)" unless ``overrides`` say otherwise."""
        return self._request(
            DUPLICATE_JOURNEY,
            app_id=app_id,
            path_params={"app_id": app_id, "journey_id": journey_id},
            body=to_payload(request) if request is not None else {},
        ).model(Journey)
