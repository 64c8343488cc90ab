"""Live Activities: start one (POST /apps/{app_id}/activities/activity/{activity_type}), then update or
end it (POST /apps/{app_id}/live_activities/{activity_id}/notifications).

Every start and update is a notification of its own (with a report like any other send) to the iOS
devices of the start's audience. An ended activity takes no more updates, as OneSignal refuses them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request
from onesignal_desktop.sandbox.routes._common import opt_float, opt_int, opt_object, opt_str
from onesignal_desktop.sandbox.routes.notifications import IDEMPOTENCY_WINDOW, create_notification_record
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.store import LiveActivity
from onesignal_desktop.sandbox.store import notifications as records

router = Router()

# APNs refuses a Live Activity payload over 4 KB: attributes and content state must fit in it.
MAX_PAYLOAD_BYTES = 4096
MAX_ACTIVITY_ID = 128
APNS_PRIORITIES = (5, 10)
_ACTIVITY_TYPE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_TARGETING = (
    "include_aliases",
    "include_subscription_ids",
    "included_segments",
    "excluded_segments",
    "filters",
)


def _required_str(body: Mapping[str, Any], name: str) -> str:
    value = opt_str(body, name)
    if value is None or not value.strip():
        raise bad_request(f"{name} is required")
    return value


def _required_object(body: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = opt_object(body, name)
    if value is None:
        raise bad_request(f"{name} is required (an object)")
    return value


def _language_map(body: Mapping[str, Any], name: str, *, required: bool) -> dict[str, str] | None:
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request(f'{name} is required, like {{"en": "Your order is on its way"}}')
        return None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise bad_request(f'{name} must be an object of language codes to text, like {{"en": "Hello"}}')
    if required and not value.get("en"):
        raise bad_request(f"{name} must have English (en) text")
    return dict(value)


def _payload_size(*parts: Mapping[str, Any]) -> int:
    return sum(len(json.dumps(part, separators=(",", ":")).encode()) for part in parts)


def _delivery_options(body: Mapping[str, Any]) -> dict[str, Any]:
    """stale_date, dismissal_date (Unix seconds), priority (APNs 5 or 10), ios_relevance_score (0..1)."""
    options: dict[str, Any] = {}
    for name in ("stale_date", "dismissal_date"):
        value = opt_int(body, name)
        if value is not None:
            if value < 0:
                raise bad_request(f"{name} must be a Unix time in seconds")
            options[name] = value
    priority = opt_int(body, "priority")
    if priority is not None:
        if priority not in APNS_PRIORITIES:
            raise bad_request("priority must be 5 (normal) or 10 (immediate)")
        options["priority"] = priority
    score = opt_float(body, "ios_relevance_score")
    if score is not None:
        if not 0.0 <= score <= 1.0:
            raise bad_request("ios_relevance_score must be between 0 and 1")
        options["ios_relevance_score"] = score
    for name in ("sound", "ios_sound"):
        sound = opt_str(body, name)
        if sound is not None:
            options[name] = sound
    return options


def _send(req: Request, app_id: str, body: dict[str, Any], idempotency_key: str | None) -> tuple[str, Any]:
    """Store the notification carrying a start or update: (its id, or "" when it reached nobody; errors)."""
    store, now = req.ctx.store, req.ctx.clock.now()
    if idempotency_key:
        earlier = records.find_by_idempotency_key(store, app_id, idempotency_key, now - IDEMPOTENCY_WINDOW)
        if earlier is not None:
            return earlier.id, None
        body["idempotency_key"] = idempotency_key
    answer, record = create_notification_record(store, app_id, body, now)
    return (record.id if record else ""), answer.get("errors")


@router.post("/apps/{app_id}/activities/activity/{activity_type}")
def start_live_activity(req: Request) -> Response:
    app_id, activity_type = req.params["app_id"], req.params["activity_type"]
    require_app_key(req, app_id)
    if not _ACTIVITY_TYPE.match(activity_type):
        raise bad_request(
            "activity_type must be the name of the attributes struct in your app (letters, digits, _)"
        )
    body = req.json_object()
    name = _required_str(body, "name")
    if body.get("event") != "start":
        raise bad_request('event must be "start"')
    activity_id = _required_str(body, "activity_id")
    if len(activity_id) > MAX_ACTIVITY_ID:
        raise bad_request(f"activity_id must be at most {MAX_ACTIVITY_ID} characters")
    attributes = _required_object(body, "event_attributes")
    state = _required_object(body, "event_updates")
    if _payload_size(attributes, state) > MAX_PAYLOAD_BYTES:
        raise bad_request(
            f"event_attributes and event_updates together exceed {MAX_PAYLOAD_BYTES} bytes (the APNs limit)"
        )
    contents = _language_map(body, "contents", required=True)
    headings = _language_map(body, "headings", required=True)
    options = _delivery_options(body)
    key = opt_str(body, "idempotency_key")
    existing = req.ctx.store.get_live_activity(app_id, activity_id)
    if existing is not None and existing.ended_at is None and not key:
        raise ApiError(409, [f"Live Activity '{activity_id}' is already running: update or end it instead"])
    targeting = {field: body[field] for field in _TARGETING if body.get(field) is not None}
    notification = {
        "name": name,
        "contents": contents,
        "headings": headings,
        **targeting,
        **options,
        "isIos": True,
        "target_channel": "push",
        "live_activity": {
            "event": "start",
            "activity_id": activity_id,
            "activity_type": activity_type,
            "event_attributes": attributes,
            "event_updates": state,
        },
    }
    notification_id, errors = _send(req, app_id, notification, key)
    if existing is None or existing.ended_at is not None:
        activity = LiveActivity(
            app_id=app_id,
            activity_id=activity_id,
            activity_type=activity_type,
            started_at=req.ctx.clock.now(),
            ended_at=None,
            targeting=targeting,
            attributes=attributes,
            state=state,
            notification_ids=[notification_id] if notification_id else [],
        )
        req.ctx.store.save_live_activity(activity)
    answer: dict[str, Any] = {"notification_id": notification_id}
    if errors:
        answer["errors"] = errors
    return Response.json(answer, 201)


@router.post("/apps/{app_id}/live_activities/{activity_id}/notifications")
def update_live_activity(req: Request) -> Response:
    app_id, activity_id = req.params["app_id"], req.params["activity_id"]
    require_app_key(req, app_id)
    body = req.json_object()
    name = _required_str(body, "name")
    event = body.get("event")
    if event not in ("update", "end"):
        raise bad_request('event must be "update" or "end"')
    state = _required_object(body, "event_updates")
    contents = _language_map(body, "contents", required=False)
    headings = _language_map(body, "headings", required=False)
    options = _delivery_options(body)
    activity = req.ctx.store.get_live_activity(app_id, activity_id)
    if activity is None:
        raise ApiError(404, [f"Live Activity '{activity_id}' not found: start it first"])
    if activity.ended_at is not None:
        raise bad_request(
            f"Live Activity '{activity_id}' has ended: it takes no update or end after its end event"
        )
    if _payload_size(activity.attributes, state) > MAX_PAYLOAD_BYTES:
        raise bad_request(
            f"event_updates is too large: the payload exceeds {MAX_PAYLOAD_BYTES} bytes (the APNs limit)"
        )
    notification: dict[str, Any] = {
        "name": name,
        **activity.targeting,
        **options,
        "isIos": True,
        "target_channel": "push",
        "live_activity": {
            "event": event,
            "activity_id": activity_id,
            "activity_type": activity.activity_type,
            "event_updates": state,
        },
    }
    if contents:
        notification["contents"] = contents
        if headings:
            notification["headings"] = headings
    else:
        notification["content_available"] = True  # a silent update: only the content state changes
    notification_id, _ = _send(req, app_id, notification, None)
    activity.state = state
    if notification_id:
        activity.notification_ids.append(notification_id)
    if event == "end":
        activity.ended_at = req.ctx.clock.now()
    req.ctx.store.save_live_activity(activity)
    return Response.json({"id": notification_id})
