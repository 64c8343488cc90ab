"""Custom events: POST /apps/{app_id}/custom_events records events for users (by external_id or
onesignal_id); a journey triggered by one of them starts for that user at once.

Checked as OneSignal documents them: a name of at most 128 characters, an ISO 8601 timestamp (now when
absent), a payload object; plus the sandbox's limits on the batch and on each payload's size.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import bad_request
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim import journeys as engine
from onesignal_desktop.sandbox.store import CustomEventRecord, Store

router = Router()

MAX_EVENT_NAME = 128
MAX_EVENTS_PER_REQUEST = 100
MAX_PAYLOAD_BYTES = 2048
#: An event dated further ahead than this is refused: a clock that far off is a bug in the caller.
MAX_FUTURE_SECONDS = 24 * 3600.0


def _timestamp(value: Any, where: str, now: float) -> float:
    if value is None:
        return now
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{where} must be an ISO 8601 time, like 2026-01-31T09:00:00Z")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{where} must be an ISO 8601 time, like 2026-01-31T09:00:00Z") from None
    if parsed.tzinfo is None:
        raise bad_request(f"{where} must say its time zone (Z or +00:00)")
    stamp = parsed.timestamp()
    if stamp > now + MAX_FUTURE_SECONDS:
        raise bad_request(f"{where} is more than a day in the future")
    return stamp


def _user_id(store: Store, app_id: str, event: dict[str, Any], where: str) -> str:
    external_id, onesignal_id = event.get("external_id"), event.get("onesignal_id")
    for name, value in (("external_id", external_id), ("onesignal_id", onesignal_id)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise bad_request(f"{where}.{name} must be a non-empty string")
    if onesignal_id:
        user = store.get_user(app_id, onesignal_id)
        if user is None:
            raise bad_request(f"{where}.onesignal_id: no user '{onesignal_id}' in this app")
        if external_id and user.external_id != external_id:
            raise bad_request(f"{where}: external_id and onesignal_id name different users")
        return user.id
    if external_id:
        found = store.find_user_id(app_id, "external_id", external_id)
        if found is None:
            raise bad_request(f"{where}.external_id: no user with external_id '{external_id}' in this app")
        return found
    raise bad_request(f"{where} needs the user's external_id or onesignal_id")


def checked_event(store: Store, app_id: str, value: Any, where: str, now: float) -> CustomEventRecord:
    if not isinstance(value, dict):
        raise bad_request(f"{where} must be an object")
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad_request(f"{where}.name is required")
    if len(name) > MAX_EVENT_NAME:
        raise bad_request(f"{where}.name must be at most {MAX_EVENT_NAME} characters")
    payload = value.get("payload")
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise bad_request(f"{where}.payload must be an object of the event's properties")
    size = len(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_PAYLOAD_BYTES:
        raise bad_request(f"{where}.payload is {size} bytes; at most {MAX_PAYLOAD_BYTES} are accepted")
    user_id = _user_id(store, app_id, value, where)
    occurred = _timestamp(value.get("timestamp"), f"{where}.timestamp", now)
    return CustomEventRecord(app_id, user_id, name, occurred, now, dict(payload))


@router.post("/apps/{app_id}/custom_events")
def create_custom_events(req: Request) -> Response:
    app_id = req.params["app_id"]
    require_app_key(req, app_id)
    body = req.json_object()
    events = body.get("events")
    if not isinstance(events, list) or not events:
        raise bad_request("events is required: a list of at least one event")
    if len(events) > MAX_EVENTS_PER_REQUEST:
        raise bad_request(f"events: at most {MAX_EVENTS_PER_REQUEST} events per request")
    store, now = req.ctx.store, req.ctx.clock.now()
    records = [checked_event(store, app_id, event, f"events[{i}]", now) for i, event in enumerate(events)]
    store.add_custom_events(records)
    engine.advance(store, app_id, now)
    return Response.json({})
