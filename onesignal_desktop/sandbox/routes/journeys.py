"""Journeys (beta API): list by cursor, create (a draft), view, update (JSON Merge Patch, state changes,
concurrency key), delete, stats, update one node, duplicate.

Before answering about a journey the engine (sim/journeys.py) catches the app's journeys up with the
sandbox clock, so what a read shows is where users stand at "now".
"""

from __future__ import annotations

import base64
import binascii
import copy
import uuid
from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim import journey_graph as graph
from onesignal_desktop.sandbox.sim import journeys as engine
from onesignal_desktop.sandbox.store import JourneyRecord, Store

router = Router()

MAX_JOURNEYS_PAGE = 50
WRITABLE = ("name", "description", "audience", "early_exit", "reentry_rules", "schedule", "nodes")
READ_ONLY = ("id", "app_id", "created_at", "updated_at", "started_at", "archived_at", "created_source")
MERGED_OBJECTS = ("audience", "early_exit", "reentry_rules", "schedule")
#: state a journey may be set to, from which states.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "active": ("draft", "scheduled", "archived", "active"),
    "archived": ("draft", "scheduled", "processing", "active", "archived"),
    "draft": ("draft", "scheduled"),
}


def journey_not_found(journey_id: str) -> ApiError:
    return ApiError(404, [f"Journey '{journey_id}' not found"])


def _app(req: Request) -> str:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    return app_id


def _journey(req: Request, app_id: str) -> JourneyRecord:
    journey = req.ctx.store.get_journey(app_id, req.params["journey_id"])
    if journey is None:
        raise journey_not_found(req.params["journey_id"])
    return journey


def graph_context(store: Store, app_id: str, journey: JourneyRecord | None = None) -> graph.GraphContext:
    segments, _ = store.list_segments(app_id, 100_000, 0)
    templates, _ = store.list_templates(app_id, 100_000, 0)
    ctx = graph.GraphContext(
        segment_ids={segment.id for segment in segments},
        template_channels={template.id: template.channel for template in templates},
        creating=journey is None,
    )
    if journey is not None:
        ctx.existing_node_ids = {str(node["id"]) for _, node in graph.iter_nodes(journey.nodes)}
        ctx.existing_branch_ids = {str(b["id"]) for b in graph.iter_branches(journey.nodes)}
    return ctx


def _refuse_server_fields(body: dict[str, Any], where: str = "") -> None:
    for name in (*READ_ONLY, "state", "concurrency_key"):
        if name in body:
            raise bad_request(f"{where}{name} is set by the server and cannot be sent here")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396: objects merge key by key, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def checked_fields(
    body: dict[str, Any],
    ctx: graph.GraphContext,
    now: float,
    *,
    base: JourneyRecord | None = None,
    where: str = "",
) -> dict[str, Any]:
    """The writable fields of ``body`` checked (merged onto ``base`` for an update)."""
    fields: dict[str, Any] = {}
    if "name" in body or base is None:
        name = graph._text(body.get("name"), f"{where}name", maximum=graph.MAX_NAME, required=True)
        fields["name"] = str(name).strip()
    if "description" in body:
        fields["description"] = (
            graph._text(body["description"], f"{where}description", maximum=graph.MAX_DESCRIPTION) or ""
        )
    for part in MERGED_OBJECTS:
        if part not in body:
            continue
        value = body[part]
        if base is not None and value is not None:
            value = merge_patch(getattr(base, part) or {}, value)
        if part == "audience":
            fields[part] = graph.check_audience(value, ctx, f"{where}audience")
        elif part == "early_exit":
            fields[part] = graph.check_early_exit(value, ctx, f"{where}early_exit")
        elif part == "reentry_rules":
            fields[part] = graph.check_reentry(value, f"{where}reentry_rules")
        else:
            fields[part] = graph.check_schedule(value, now, f"{where}schedule")
    if "nodes" in body:
        fields["nodes"] = graph.check_nodes(
            body["nodes"] if body["nodes"] is not None else [], ctx, f"{where}nodes"
        )
    return fields


# ---------------------------------------------------------------------------------------------- list, create


def _cursor(journey: JourneyRecord) -> str:
    return base64.urlsafe_b64encode(f"{journey.created_at!r}:{journey.rowid}".encode()).decode().rstrip("=")


def _parse_cursor(value: str) -> tuple[float, int]:
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        created, rowid = text.split(":")
        return float(created), int(rowid)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise bad_request("cursor is not a next_cursor this server gave") from None


@router.get("/apps/{app_id}/journeys")
def view_journeys(req: Request) -> Response:
    app_id = _app(req)
    limit = req.int_arg("limit", default=MAX_JOURNEYS_PAGE, minimum=1, maximum=MAX_JOURNEYS_PAGE)
    cursor = req.arg("cursor")
    before = _parse_cursor(cursor) if cursor else None
    engine.advance(req.ctx.store, app_id, req.ctx.clock.now())
    journeys = req.ctx.store.list_journeys(app_id, limit + 1, before)
    has_more = len(journeys) > limit
    page = journeys[:limit]
    answer: dict[str, Any] = {"journeys": [j.summary_json() for j in page], "has_more": has_more}
    if has_more:
        answer["next_cursor"] = _cursor(page[-1])
    return Response.json(answer)


@router.post("/apps/{app_id}/journeys")
def create_journey(req: Request) -> Response:
    app_id = _app(req)
    body = req.json_object()
    _refuse_server_fields(body)
    now = req.ctx.clock.now()
    fields = checked_fields(body, graph_context(req.ctx.store, app_id), now)
    journey = req.ctx.store.create_journey(app_id, fields, now)
    return Response.json(journey.to_json(), status=201)


# ---------------------------------------------------------------------------------------------- one journey


@router.get("/apps/{app_id}/journeys/{journey_id}")
def view_journey(req: Request) -> Response:
    app_id = _app(req)
    engine.advance(req.ctx.store, app_id, req.ctx.clock.now())
    return Response.json(_journey(req, app_id).to_json())


def _set_state(journey: JourneyRecord, state: Any, now: float) -> None:
    target = graph._one_of(state, "state", tuple(TRANSITIONS))
    if journey.state not in TRANSITIONS[target]:
        raise ApiError(409, [f"state: a {journey.state} journey cannot be set to {target}"])
    if target == "active" and journey.state != "active":
        if not journey.audience:
            raise graph.unprocessable("audience: a journey needs an entry audience before it is activated")
        if not journey.nodes:
            raise graph.unprocessable("nodes: a journey needs at least one node before it is activated")
        start_at = (journey.schedule or {}).get("start_at")
        if start_at and graph.is_later(graph.parse_iso(start_at, "schedule.start_at"), now):
            journey.state = "scheduled"
        else:
            journey.state = "active"
            journey.started_at = journey.started_at or now
            journey.archived_at = None
    elif target == "archived" and journey.state != "archived":
        journey.state, journey.archived_at = "archived", now
    elif target == "draft":
        journey.state = "draft"


@router.patch("/apps/{app_id}/journeys/{journey_id}")
def update_journey(req: Request) -> Response:
    app_id = _app(req)
    store, now = req.ctx.store, req.ctx.clock.now()
    engine.advance(store, app_id, now)
    journey = _journey(req, app_id)
    body = req.json_object()
    for name in READ_ONLY:
        if name in body:
            raise bad_request(f"{name} is set by the server and cannot be changed")
    key = body.get("concurrency_key")
    if key is not None and key != journey.concurrency_key:
        raise ApiError(409, ["concurrency_key: the journey changed since it was read; read it again"])
    if "nodes" in body and journey.state in ("active", "processing", "scheduled"):
        raise ApiError(409, ["nodes: stop (archive) the journey before replacing its nodes"])
    if "name" in body and body["name"] is None:
        raise bad_request("name cannot be cleared")
    fields = checked_fields(body, graph_context(store, app_id, journey), now, base=journey)
    for name, value in fields.items():
        setattr(journey, name, value)
    if "state" in body:
        was = journey.state
        _set_state(journey, body["state"], now)
        if journey.state in ("active", "scheduled") and was not in ("active", "scheduled"):
            # Events sent before the activation never start it: the engine reads only later ones.
            store.set_journey_event_seq(journey.id, store.last_custom_event_seq(app_id))
    saved = store.save_journey(journey, now)
    engine.advance(store, app_id, now)
    return Response.json(saved.to_json())


@router.delete("/apps/{app_id}/journeys/{journey_id}")
def delete_journey(req: Request) -> Response:
    app_id = _app(req)
    journey = _journey(req, app_id)
    req.ctx.store.delete_journey(app_id, journey.id)
    return Response.json({"success": True})


@router.get("/apps/{app_id}/journeys/{journey_id}/stats")
def view_journey_stats(req: Request) -> Response:
    app_id = _app(req)
    now = req.ctx.clock.now()
    engine.advance(req.ctx.store, app_id, now)
    return Response.json(engine.journey_stats(req.ctx.store, _journey(req, app_id), now))


@router.patch("/apps/{app_id}/journeys/{journey_id}/nodes/{node_id}")
def update_journey_node(req: Request) -> Response:
    app_id = _app(req)
    store, now = req.ctx.store, req.ctx.clock.now()
    engine.advance(store, app_id, now)
    journey = _journey(req, app_id)
    node_id = req.params["node_id"]
    position = graph.position_of(journey.nodes, node_id)
    if position is None:
        raise ApiError(404, [f"Node '{node_id}' not found in this journey"])
    body = req.json_object()
    for name in ("kind", "id"):
        if name in body:
            raise bad_request(f"{name}: a node's {name} cannot be changed")
    key = body.pop("concurrency_key", None)
    if key is not None and key != journey.concurrency_key:
        raise ApiError(409, ["concurrency_key: the journey changed since it was read; read it again"])
    current = graph.node_at(journey.nodes, position)
    assert current is not None
    merged = merge_patch(current, body)
    nodes = copy.deepcopy(journey.nodes)
    _replace(nodes, position, merged)
    ctx = graph_context(store, app_id, journey)
    journey.nodes = graph.check_nodes(nodes, ctx)
    saved = store.save_journey(journey, now)
    return Response.json(saved.to_json())


def _replace(nodes: list[dict[str, Any]], position: list[int], node: dict[str, Any]) -> None:
    level = nodes
    for depth in range(0, len(position) - 1, 2):
        level = level[position[depth]]["branches"][position[depth + 1]]["nodes"]
    level[position[-1]] = node


@router.post("/apps/{app_id}/journeys/{journey_id}/duplicate")
def duplicate_journey(req: Request) -> Response:
    app_id = _app(req)
    store, now = req.ctx.store, req.ctx.clock.now()
    source = _journey(req, app_id)
    body = req.json_object()
    for name in body:
        if name != "overrides":
            raise bad_request(f"{name}: only overrides can be sent when duplicating")
    overrides = body.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise bad_request("overrides must be an object")
    _refuse_server_fields(overrides, "overrides.")
    fields: dict[str, Any] = {
        "name": (source.name + " (Copy)")[: graph.MAX_NAME],
        "description": source.description,
        "audience": source.audience,
        "early_exit": source.early_exit,
        "reentry_rules": source.reentry_rules,
        "nodes": fresh_ids(source.nodes),
        "created_source": source.created_source,
    }
    ctx = graph_context(store, app_id)
    fields.update(checked_fields(overrides, ctx, now, base=source, where="overrides."))
    if "name" not in overrides:
        fields["name"] = (source.name + " (Copy)")[: graph.MAX_NAME]
    copy_ = store.create_journey(app_id, fields, now)
    return Response.json(copy_.to_json(), status=201)


def fresh_ids(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy of the graph with new node and branch ids, references to sending nodes following them."""
    copied = copy.deepcopy(nodes)
    renamed: dict[str, str] = {}
    for _, node in graph.iter_nodes(copied):
        renamed[str(node["id"])] = node["id"] = str(uuid.uuid4())
        for branch in node.get("branches") or []:
            branch["id"] = str(uuid.uuid4())
    for _, node in graph.iter_nodes(copied):
        for branch in node.get("branches") or []:
            condition = branch.get("condition") or {}
            if condition.get("sending_node_id") in renamed:
                condition["sending_node_id"] = renamed[condition["sending_node_id"]]
    return copied
