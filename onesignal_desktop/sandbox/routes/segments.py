"""Segments: list (paged, real total_count), get (with subscriber_count), create, update, delete.

Filters are validated and counted with the simulation's targeting rules (sandbox/sim/targeting.py), so a
segment counts exactly the players a notification to it would reach.
"""

from __future__ import annotations

from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routes._common import opt_str
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import Segment, StoreConflict

router = Router()

MAX_SEGMENTS_PAGE = 300
MAX_NAME_LENGTH = 128


def segment_not_found(segment_id: str) -> ApiError:
    return ApiError(404, [f"Segment '{segment_id}' not found"], extra={"success": False})


def _filters(value: Any) -> list[dict[str, Any]]:
    from onesignal_desktop.sandbox.sim.targeting import validate_filters

    problems = validate_filters(value)
    if problems:
        raise bad_request(*problems)
    assert isinstance(value, list)
    return [dict(entry) for entry in value]


def _name(body: dict[str, Any], *, required: bool) -> str | None:
    name = opt_str(body, "name")
    if name is None or not name.strip():
        if required:
            raise bad_request("name is required")
        return None
    if len(name) > MAX_NAME_LENGTH:
        raise bad_request(f"name must be at most {MAX_NAME_LENGTH} characters")
    return name.strip()


def subscriber_count(req: Request, segment: Segment) -> int:
    """How many subscribed players the segment holds right now."""
    from onesignal_desktop.sandbox.sim.targeting import in_builtin_segment, is_subscribed, matches_filters
    from onesignal_desktop.sandbox.store.notifications import iter_targeting_players

    now = req.ctx.clock.now()
    count = 0
    for player in iter_targeting_players(req.ctx.store, segment.app_id):
        if segment.source == "default" and not segment.filters:
            member = in_builtin_segment(segment.name, player, now)
            if member is not None:
                count += int(member)
                continue
        if is_subscribed(player) and matches_filters(player, segment.filters, now):
            count += 1
    return count


@router.get("/apps/{app_id}/segments")
def list_segments(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    limit = req.int_arg("limit", default=MAX_SEGMENTS_PAGE, minimum=1, maximum=MAX_SEGMENTS_PAGE)
    offset = req.int_arg("offset", default=0, minimum=0)
    segments, total = req.ctx.store.list_segments(app_id, limit, offset)
    return Response.json(
        {"total_count": total, "offset": offset, "limit": limit, "segments": [s.to_json() for s in segments]}
    )


@router.post("/apps/{app_id}/segments")
def create_segment(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    body = req.json_object()
    name = _name(body, required=True)
    assert name is not None
    if "filters" not in body:
        raise bad_request("filters is required")
    filters = _filters(body["filters"])
    segment_id = opt_str(body, "id") or None
    try:
        segment = req.ctx.store.create_segment(
            app_id, name, filters, req.ctx.clock.now(), segment_id=segment_id
        )
    except StoreConflict as error:
        raise ApiError(409, [str(error)], extra={"success": False}) from None
    return Response.json({"success": True, "id": segment.id}, 201)


@router.get("/apps/{app_id}/segments/{segment_id}")
def get_segment(req: Request) -> Response:
    app_id, segment_id = req.params["app_id"], req.params["segment_id"]
    require_app_key(req, app_id)
    segment = req.ctx.store.get_segment(app_id, segment_id)
    if segment is None:
        raise segment_not_found(segment_id)
    answer: dict[str, Any] = {"subscriber_count": subscriber_count(req, segment)}
    if (req.arg("include-segment-detail") or "").lower() in ("true", "1"):
        answer["payload"] = segment.details_json()
    return Response.json(answer)


@router.patch("/apps/{app_id}/segments/{segment_id}")
def update_segment(req: Request) -> Response:
    app_id, segment_id = req.params["app_id"], req.params["segment_id"]
    require_app_key(req, app_id)
    body = req.json_object()
    segment = req.ctx.store.get_segment(app_id, segment_id)
    if segment is None:
        raise segment_not_found(segment_id)
    if segment.read_only:
        raise ApiError(403, ["This segment is read-only and cannot be changed"])
    name = _name(body, required=True)
    changes: dict[str, Any] = {"name": name}
    if "filters" in body:
        changes["filters"] = _filters(body["filters"])
    req.ctx.store.update_segment(app_id, segment_id, req.ctx.clock.now(), **changes)
    return Response.json({"success": True, "id": segment_id})


@router.delete("/apps/{app_id}/segments/{segment_id}")
def delete_segment(req: Request) -> Response:
    app_id, segment_id = req.params["app_id"], req.params["segment_id"]
    require_app_key(req, app_id)
    if not req.ctx.store.delete_segment(app_id, segment_id):
        raise segment_not_found(segment_id)
    return Response.json({"success": True})
