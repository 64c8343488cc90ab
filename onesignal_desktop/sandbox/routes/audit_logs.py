"""GET /organizations/{organization_id}/audit_logs: the organization's changes, oldest first, by cursor.

As the spec says: ``start_time`` is required unless ``cursor`` is given (then start and end come from
the cursor), at most 90 days ago; ``end_time`` defaults to now and must follow ``start_time``; ``limit``
is clamped to 1..100; each filter takes at most 10 values (``actions`` 20).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from onesignal_desktop.sandbox.auth import require_org_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import AuditQuery

router = Router()

MAX_PAGE = 100
DEFAULT_PAGE = 50
MAX_AGE_SECONDS = 90 * 86400
FILTER_LIMITS = {
    "app_ids": 10,
    "actions": 20,
    "actor_ids": 10,
    "actor_emails": 10,
    "target_types": 10,
    "target_ids": 10,
    "ip_addresses": 10,
}


def _time(req: Request, name: str) -> float | None:
    raw = req.arg(name)
    if raw is None or raw == "":
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{name} must be an ISO 8601 time, like 2026-02-01T00:00:00Z") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _cursor(after: tuple[float, int], end: float) -> str:
    return base64.urlsafe_b64encode(f"{after[0]!r}|{after[1]}|{end!r}".encode()).decode()


def _parse_cursor(value: str) -> tuple[tuple[float, int], float]:
    try:
        stamp, seq, end = base64.urlsafe_b64decode(value.encode()).decode().split("|")
        return (float(stamp), int(seq)), float(end)
    except (ValueError, UnicodeDecodeError):
        raise bad_request("cursor is not a next_cursor this server returned") from None


def _filters(req: Request) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for name, limit in FILTER_LIMITS.items():
        values = [
            v for raw in req.query.get(name, []) + req.query.get(name + "[]", []) for v in raw.split(",") if v
        ]
        if len(values) > limit:
            raise bad_request(f"{name} accepts at most {limit} values")
        if values:
            filters[name] = values
    return filters


@router.get("/organizations/{organization_id}/audit_logs")
def list_audit_logs(req: Request) -> Response:
    require_org_key(req)
    if req.params["organization_id"] != req.ctx.organization_id:
        raise ApiError(403, ["organization_id does not match the organization of this Organization API key"])
    now = req.ctx.clock.now()
    raw_limit = req.int_arg("limit", default=DEFAULT_PAGE)
    limit = min(max(raw_limit, 1), MAX_PAGE)  # the spec: clamped, not refused
    filters = _filters(req)
    cursor = req.arg("cursor")
    if cursor:
        after, end = _parse_cursor(cursor)
    else:
        start = _time(req, "start_time")
        if start is None:
            raise bad_request("start_time is required unless cursor is given")
        if start < now - MAX_AGE_SECONDS:
            raise bad_request("start_time must be within the last 90 days")
        end_arg = _time(req, "end_time")
        end = now if end_arg is None else end_arg
        if end <= start:
            raise bad_request("end_time must be after start_time")
        after = (start - 1e-6, 0)
    query = AuditQuery(req.ctx.organization_id, after, end, limit + 1, filters)
    events = req.ctx.store.find_audit_events(query)
    has_more = len(events) > limit
    page = events[:limit]
    answer: dict[str, object] = {"audit_logs": [event.to_json() for event in page], "has_more": has_more}
    if has_more:
        last = page[-1]
        answer["next_cursor"] = _cursor((last.occurred_at, last.seq), end)
    return Response.json(answer)
