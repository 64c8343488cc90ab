"""The sandbox's audit log: every change made through it (apps, API keys, segments, templates, journeys,
notifications, live activities), with actor (which key), action, target, IP and time. The log's table
and queries live in :mod:`onesignal_desktop.sandbox.store.audit_log`; this module decides what is logged.

One hook, :func:`record_change`, runs after every successful POST/PUT/PATCH/DELETE (the server calls it),
so a new route is logged without calling anything. What is logged, and as which action, is read from the
route's path pattern; data-plane calls (players, users, subscriptions, events, exports, counts) are not
changes an organization audits and are left out.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from onesignal_desktop.sandbox.auth import hash_key, parse_authorization
from onesignal_desktop.sandbox.store import AuditEvent

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.routing import Request, Response

# Literal path parts naming an audited resource, and the target type each stands for.
RESOURCES = {
    "apps": "app",
    "notifications": "notification",
    "segments": "segment",
    "templates": "template",
    "tokens": "api_key",
    "journeys": "journey",
    "nodes": "journey_node",
}
# Any of these in a path makes it a data-plane or read-only call: not audited.
NOT_AUDITED = frozenset(
    {
        "players",
        "users",
        "subscriptions",
        "custom_events",
        "outcomes",
        "count-unsaved",
        "history",
        "export",
        "export_events",
        "csv_export",
        "unsubscribe",
        "on_session",
        "on_purchase",
        "on_focus",
        "stats",
    }
)
# Trailing verbs of action paths, as the action they record.
VERBS = {"rotate": "rotated", "copy_to_app": "copied", "duplicate": "duplicated"}
# Paths the generic reading gets wrong.
SPECIAL = {
    ("POST", "/notifications"): ("notification", "notification.sent", None),
    ("DELETE", "/notifications/{notification_id}"): (
        "notification",
        "notification.canceled",
        "notification_id",
    ),
    ("POST", "/apps/{app_id}/activities/activity/{activity_type}"): (
        "live_activity",
        "live_activity.started",
        None,
    ),
    ("POST", "/apps/{app_id}/live_activities/{activity_id}/notifications"): (
        "live_activity",
        "live_activity.updated",
        "activity_id",
    ),
}
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# ---------------------------------------------------------------------------------------------- the hook


def classify(method: str, pattern: str) -> tuple[str, str, str | None] | None:
    """(target type, action, path parameter holding the target id) of a change, None if not audited."""
    special = SPECIAL.get((method, pattern))
    if special is not None:
        return special
    parts = [part for part in pattern.strip("/").split("/") if part]
    if any(part in NOT_AUDITED for part in parts):
        return None
    resource: str | None = None
    id_param: str | None = None
    verb: str | None = None
    for part in parts:
        if part.startswith("{"):
            if resource is not None:
                id_param = part[1:-1]
        elif part in RESOURCES:
            resource, id_param, verb = RESOURCES[part], None, None
        else:
            verb = part
    if resource is None:
        return None
    if verb is not None and verb in VERBS:
        action = VERBS[verb]
    elif verb is not None:
        return None  # an unknown action path: better unlogged than logged as something it is not
    elif method == "POST":
        action = "created" if id_param is None else "updated"
    elif method == "DELETE":
        action = "deleted"
    else:
        action = "updated"
    return resource, f"{resource}.{action}", id_param


def _actor(req: Request, app_id: str | None) -> tuple[str, str, str]:
    """(id, type, name) of the key that made the change; the key itself is never stored."""
    key = parse_authorization(req.header("Authorization"))
    if key is None:
        return "unknown", "unknown", "No key"
    if req.ctx.keys.is_org_key(key):
        return "organization-api-key", "organization_api_key", "Organization API key"
    if app_id is not None:
        record = req.ctx.store.find_api_key_by_hash(app_id, hash_key(key))
        if record is not None:
            return record.token_id, "app_api_key", record.name
        return f"legacy-rest-api-key:{app_id}", "app_api_key", "Legacy REST API key"
    return "unknown", "unknown", "Unknown key"


def _answer(response: Response) -> dict[str, Any]:
    try:
        data = json.loads(response.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def record_change(req: Request, response: Response) -> None:
    """Log the change ``req`` made (called by the server after each successful mutating request)."""
    if req.method not in MUTATING or not 200 <= response.status < 300:
        return
    kind = classify(req.method, req.pattern)
    if kind is None:
        return
    target_type, action, id_param = kind
    body = req.json() if req.body.strip() else None
    body = body if isinstance(body, dict) else {}
    answer = _answer(response)
    app_id = req.params.get("app_id") or req.arg("app_id") or body.get("app_id")
    if target_type == "app" and req.method == "POST" and not app_id:
        app_id = answer.get("id")
    target_id = req.params.get(id_param) if id_param else None
    if target_id is None and target_type == "live_activity":
        target_id = body.get("activity_id")
    if target_id is None:
        found = answer.get("id") or answer.get("token_id") or answer.get("notification_id")
        target_id = str(found) if found else None
    if target_type == "live_activity" and body.get("event") == "end":
        action = "live_activity.ended"
    name = body.get("name")
    app = str(app_id) if isinstance(app_id, str) and app_id else None
    actor_id, actor_type, actor_name = _actor(req, app)
    event = AuditEvent(
        organization_id=req.ctx.organization_id,
        occurred_at=req.ctx.clock.now(),
        action=action,
        app_id=app,
        actor_id=actor_id,
        actor_type=actor_type,
        actor_name=actor_name,
        target_type=target_type,
        target_id=str(target_id) if target_id else None,
        target_name=name if isinstance(name, str) else None,
        ip=req.client_ip,
        user_agent=req.header("User-Agent"),
        metadata={"method": req.method, "path": req.path},
    )
    req.ctx.store.insert_audit_events([event])
