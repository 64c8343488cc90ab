"""Notifications: create (targeting resolved for real, idempotent), list, get, cancel, history.

Delivery is not a background job: every answer computes the notification's counters from its stored
:class:`DeliveryPlan` and the SandboxClock, so a test that advances the clock sees delivery move forward.
"""

from __future__ import annotations

import base64
import math
import re
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request, invalid_app_id
from onesignal_desktop.sandbox.routes._common import opt_int
from onesignal_desktop.sandbox.routes.exports import publish_export
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim.csv_export import history_csv
from onesignal_desktop.sandbox.sim.delivery import DeliveryPlan, delivery_status
from onesignal_desktop.sandbox.sim.targeting import (
    ID_TARGETS,
    Audience,
    TargetingError,
    needs_tags,
    notification_channel,
    resolve_audience,
    validate_notification,
)
from onesignal_desktop.sandbox.store import Store
from onesignal_desktop.sandbox.store import notifications as records
from onesignal_desktop.sandbox.store.audience import (
    SelectedAudience,
    compile_audience,
    selected_audience,
    selection_key,
)

router = Router()

IDEMPOTENCY_WINDOW = 30 * 86400.0
HISTORY_WINDOW = 7 * 86400.0
HISTORY_SENT_MINIMUM = 1000
KIND_API = 1
MAX_LIST_LIMIT = 50
# Targeting lists are not echoed back (OneSignal does not return them either; they can hold 2,000 ids).
_NOT_ECHOED = {*ID_TARGETS, "idempotency_key", "external_id"}
_create_lock = threading.Lock()


def not_found_notification() -> ApiError:
    return ApiError(404, ["Notification not found"])


# ---------------------------------------------------------------------------------------------- parsing

#: 9999-12-31 23:59:59 UTC: the last moment a date can name.
LATEST_SEND_AFTER = 253_402_300_799.0
_ZONE = re.compile(r"\s*(?:GMT|UTC)\s*([+-]\d{2}):?(\d{2})\s*$")
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%a %b %d %Y %H:%M:%S", "%b %d %Y %H:%M:%S", "%B %d %Y %H:%M:%S", "%Y-%m-%d")


def parse_send_after(value: object) -> float:
    """OneSignal's ``send_after``: epoch seconds, ISO 8601, or "2015-09-24 14:00:00 GMT-0700" style text;
    400 when it is not a moment between 1970 and the year 9999 (1e400 parses to infinity)."""
    moment = _send_after_seconds(value)
    if not 0 <= moment <= LATEST_SEND_AFTER:
        raise bad_request("send_after must be a date between 1970 and 9999")
    return moment


def _send_after_seconds(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str) or not value.strip():
        raise bad_request("send_after must be a date string or a Unix timestamp")
    text = re.sub(r"\s*\([^)]*\)\s*$", "", value.strip())
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    except ValueError:
        pass
    offset = 0
    zone = _ZONE.search(text)
    if zone:
        hours, minutes = int(zone.group(1)), int(zone.group(2))
        offset = hours * 3600 + (minutes * 60 if hours >= 0 else -minutes * 60)
        text = text[: zone.start()]
    elif text.endswith((" UTC", " GMT")):
        text = text[:-4]
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(",", "")
    for fmt in _FORMATS:
        try:
            moment = datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        return moment.timestamp() - offset
    raise bad_request(f"send_after is not a valid date: {value}")


def time_offset_token(send_at: float, record: records.NotificationRecord) -> str:
    send_at = max(send_at, record.queued_at)
    return base64.urlsafe_b64encode(f"{send_at!r}|{record.id}".encode()).decode()


def parse_time_offset(value: str) -> tuple[float, str]:
    """``time_offset``: an ISO 8601 time (start after it) or a ``next_time_offset`` cursor we issued."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp() - 1e-6, ""
    except ValueError:
        pass
    try:
        stamp, _, last_id = base64.urlsafe_b64decode(value.encode()).decode().partition("|")
        return float(stamp), last_id
    except (ValueError, UnicodeDecodeError):
        raise bad_request("time_offset must be an ISO 8601 time or a next_time_offset value") from None


def _optional_int(body: Mapping[str, Any], name: str) -> int | None:
    if body.get(name) == "":
        return None
    return opt_int(body, name, minimum=0)


def _app_id_arg(req: Request) -> str:
    app_id = req.arg("app_id")
    if not app_id:
        raise invalid_app_id()
    return app_id


# ---------------------------------------------------------------------------------------------- views


def notification_json(record: records.NotificationRecord, now: float) -> dict[str, Any]:
    """The notification as OneSignal's GET answers it (NotificationWithMeta)."""
    data = {k: v for k, v in record.body.items() if k not in _NOT_ECHOED and v is not None}
    status = delivery_status(record.plan, now)
    data.update(status.as_fields())
    data.update(
        id=record.id,
        app_id=record.app_id,
        queued_at=int(record.queued_at),
        send_after=int(record.plan.send_after if record.plan.send_after is not None else record.queued_at),
        throttle_rate_per_minute=record.plan.throttle_rate_per_minute,
        outcomes=[{"id": "os__click", "value": status.totals.converted, "aggregation": "count"}],
    )
    return data


# ---------------------------------------------------------------------------------------------- create


def with_template(store: Store, app_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """The body with its template's content filled in (the body's own fields win), as OneSignal sends it."""
    template_id = body.get("template_id")
    if template_id is None:
        return body
    template = store.get_template(app_id, str(template_id)) if isinstance(template_id, str) else None
    if template is None:
        raise bad_request(f"template_id '{template_id}' does not exist in this app")
    merged = {key: value for key, value in template.content.items() if value is not None}
    if template.channel in ("sms",) and "target_channel" not in body and not body.get("sms_from"):
        merged.setdefault("target_channel", "sms")
    merged.update({key: value for key, value in body.items() if value is not None})
    return merged


def send_audience(
    store: Store,
    app_id: str,
    body: Mapping[str, Any],
    now: float,
    segments: Mapping[str, Sequence[Mapping[str, Any]]],
    targeting_players: Sequence[dict[str, Any]] | None = None,
) -> Audience:
    """Who a send of the (validated) ``body`` reaches now: the one path both a send and count-unsaved
    take, so an estimate is exactly what the send will do."""
    ids = body.get("include_player_ids") or body.get("include_subscription_ids")
    channel = notification_channel(body)
    key = selection_key("send", app_id, body, channel, segments, now)
    if key is not None:

        def select() -> SelectedAudience | None:
            quick = records.builtin_segment_audience(store, app_id, body, channel, now)
            if quick is not None:
                return selected_audience(channel, quick)
            compiled = compile_audience(app_id, body, channel, segments, now)
            return None if compiled is None else selected_audience(channel, compiled.recipients(store))

        selected: SelectedAudience | None = store.cached_audience(key, select)
        if selected is not None:
            return selected
    if ids is not None and (
        body.get("include_player_ids") is not None or body.get("include_subscription_ids") is not None
    ):
        return resolve_audience(body, records.players_by_id(store, app_id, ids), segments, now)
    aliases = body.get("include_aliases")
    other_labels = isinstance(aliases, Mapping) and any(
        label not in ("external_id", "onesignal_id") for label in aliases
    )
    if targeting_players is not None and not other_labels:
        players = list(targeting_players)
    else:
        players = list(
            records.iter_targeting_players(
                store, app_id, with_aliases=other_labels, with_tags=needs_tags(body)
            )
        )
    return resolve_audience(body, players, segments, now)


def create_notification_record(
    store: Store,
    app_id: str,
    body: dict[str, Any],
    now: float,
    *,
    kind: int = KIND_API,
    notification_id: str | None = None,
    adjust_plan: Callable[[DeliveryPlan], None] | None = None,
    targeting_players: Sequence[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], records.NotificationRecord | None]:
    """Validate, resolve and store a notification (see :func:`prepare_notification_record`)."""
    answer, record = prepare_notification_record(
        store,
        app_id,
        body,
        now,
        kind=kind,
        notification_id=notification_id,
        adjust_plan=adjust_plan,
        targeting_players=targeting_players,
    )
    if record is not None:
        records.insert_notifications(store, [record])
    return answer, record


def prepare_notification_record(
    store: Store,
    app_id: str,
    body: dict[str, Any],
    now: float,
    *,
    kind: int = KIND_API,
    notification_id: str | None = None,
    adjust_plan: Callable[[DeliveryPlan], None] | None = None,
    targeting_players: Sequence[dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], records.NotificationRecord | None]:
    """Validate and resolve a notification, storing nothing; returns the create answer and the record to
    store (None if nobody is reached). Raises ApiError for what OneSignal refuses. The demo seeding passes
    ``adjust_plan`` to make a notification fail or be canceled, and ``targeting_players`` (the app's players
    as ``records.iter_targeting_players`` gives them, with tags) so a batch of sends reads them only once."""
    segments = records.segment_filters(store, app_id)
    body = with_template(store, app_id, body)
    try:
        validate_notification(body, segments)
    except TargetingError as error:
        raise bad_request(*error.messages) from None
    send_after = None if body.get("send_after") in (None, "") else parse_send_after(body.get("send_after"))
    delayed_option = body.get("delayed_option")
    if delayed_option not in (None, "", "timezone", "last-active"):
        raise bad_request("delayed_option must be one of timezone, last-active")
    if delayed_option == "timezone" and not body.get("delivery_time_of_day"):
        raise bad_request("delivery_time_of_day is required when delayed_option is timezone")
    throttle = _optional_int(body, "throttle_rate_per_minute")
    audience = send_audience(store, app_id, body, now, segments, targeting_players)
    external_id = body.get("external_id") if isinstance(body.get("external_id"), str) else None
    answer: dict[str, Any] = {"id": "", "recipients": audience.count, "external_id": external_id}
    errors = audience.errors()
    if errors is not None:
        answer["errors"] = errors
    if audience.count == 0:
        return answer, None
    new_id = notification_id or str(uuid.uuid4())
    answer["id"] = new_id
    plan = DeliveryPlan(
        notification_id=new_id,
        queued_at=now,
        platform_counts=audience.platform_counts(),
        send_after=send_after,
        delayed_option=delayed_option or None,
        throttle_rate_per_minute=throttle if throttle else None,
    )
    if adjust_plan is not None:
        adjust_plan(plan)
    key = body.get("idempotency_key") or external_id
    stored_body = {k: v for k, v in body.items() if v is not None}
    record = records.NotificationRecord(
        id=new_id,
        app_id=app_id,
        kind=kind,
        queued_at=now,
        idempotency_key=str(key) if key else None,
        body=stored_body,
        plan=plan,
        response=answer,
        recipient_ids=audience.recipient_ids(),
        shared_recipients=audience.shared if isinstance(audience, SelectedAudience) else None,
    )
    return answer, record


@router.post("/notifications")
def create_notification(req: Request) -> Response:
    body = req.json_object()
    app_id = body.get("app_id")
    if not isinstance(app_id, str) or not app_id:
        raise invalid_app_id()
    require_app_key(req, app_id)
    now = req.ctx.clock.now()
    key = body.get("idempotency_key") or body.get("external_id")
    if key is not None and not isinstance(key, str):
        raise bad_request("idempotency_key must be a string")
    store = req.ctx.store
    if key:
        replay = _replay(store, app_id, key, now)
        if replay is not None:
            return replay
    # Validation and targeting run outside the lock, so concurrent sends resolve their audiences in
    # parallel; the lock covers only "is this key new?" and the insert, which keeps a key to one send.
    answer, record = prepare_notification_record(store, app_id, body, now)
    if record is not None:
        # One write transaction: its reads see every send committed before it (no stale snapshot).
        with _create_lock, store.write():
            if key:
                replay = _replay(store, app_id, key, now)
                if replay is not None:
                    return replay
            records.insert_notifications(store, [record])
    return Response.json(answer)


def _replay(store: Store, app_id: str, key: str, now: float) -> Response | None:
    """The first answer for an idempotency key used within the last 30 days, replayed."""
    earlier = records.find_by_idempotency_key(store, app_id, key, now - IDEMPOTENCY_WINDOW)
    if earlier is None:
        return None
    return Response.json(earlier.response, headers={"Idempotent-Replayed": "true"})


# ---------------------------------------------------------------------------------------------- read


@router.get("/notifications")
def list_notifications(req: Request) -> Response:
    app_id = _app_id_arg(req)
    require_app_key(req, app_id)
    limit = req.int_arg("limit", default=MAX_LIST_LIMIT, minimum=1, maximum=MAX_LIST_LIMIT)
    offset = req.int_arg("offset", default=0, minimum=0)
    kind_arg = req.arg("kind")
    kind: int | None = None
    if kind_arg not in (None, ""):
        if kind_arg not in ("0", "1", "3"):
            raise bad_request("kind must be 0 (dashboard), 1 (API) or 3 (automated)")
        kind = int(str(kind_arg))
    now = req.ctx.clock.now()
    time_offset = req.arg("time_offset")
    if time_offset:
        if req.arg("offset") not in (None, "", "0"):
            raise bad_request("offset cannot be used together with time_offset")
        after, after_id = parse_time_offset(time_offset)
        page = records.notifications_after(
            req.ctx.store, app_id, after=after, after_id=after_id, limit=limit, kind=kind
        )
        answer: dict[str, Any] = {
            "total_count": len(page),
            "offset": 0,
            "limit": limit,
            "notifications": [notification_json(record, now) for record in page],
        }
        if page:
            last = page[-1]
            answer["next_time_offset"] = time_offset_token(last.plan.send_after or last.queued_at, last)
        return Response.json(answer)
    found, total = records.list_notifications(req.ctx.store, app_id, limit=limit, offset=offset, kind=kind)
    return Response.json(
        {
            "total_count": total,
            "offset": offset,
            "limit": limit,
            "notifications": [notification_json(record, now) for record in found],
        }
    )


@router.get("/notifications/{notification_id}")
def get_notification(req: Request) -> Response:
    app_id = _app_id_arg(req)
    require_app_key(req, app_id)
    record = records.get_notification(req.ctx.store, app_id, req.params["notification_id"])
    if record is None:
        raise not_found_notification()
    return Response.json(notification_json(record, req.ctx.clock.now()))


# ---------------------------------------------------------------------------------------------- cancel


@router.delete("/notifications/{notification_id}")
def cancel_notification(req: Request) -> Response:
    app_id = _app_id_arg(req)
    require_app_key(req, app_id)
    now = req.ctx.clock.now()
    with _create_lock:
        record = records.get_notification(req.ctx.store, app_id, req.params["notification_id"])
        if record is None:
            raise not_found_notification()
        plan = record.plan
        if plan.canceled_at is not None:
            raise bad_request("Notification has already been canceled")
        if plan.is_complete(now):
            raise bad_request(
                "Notification has already been sent to all recipients and can no longer be canceled"
            )
        plan.canceled_at = now
        records.save_plan(req.ctx.store, plan)
    return Response.json({"success": True})


# ---------------------------------------------------------------------------------------------- history


@router.post("/notifications/{notification_id}/history")
def notification_history(req: Request) -> Response:
    body = req.json_object()
    app_id = body.get("app_id") or req.arg("app_id")
    if not isinstance(app_id, str) or not app_id:
        raise invalid_app_id()
    require_app_key(req, app_id)
    events = body.get("events")
    if events not in ("sent", "clicked"):
        raise bad_request('events must be "sent" or "clicked"')
    now = req.ctx.clock.now()
    record = records.get_notification(
        req.ctx.store, app_id, req.params["notification_id"], with_recipients=True
    )
    if record is None:
        raise not_found_notification()
    if now - record.plan.send_start > HISTORY_WINDOW:
        raise bad_request("Notification history is only available for 7 days after sending")
    if events == "clicked":
        rows = sorted(records.clicks_by_player(record, now).items(), key=lambda item: item[1])
    elif record.plan.recipients < HISTORY_SENT_MINIMUM:
        rows = []  # OneSignal records no "sent" events for messages to fewer than 1,000 recipients
    else:
        share = record.plan.processed_share(now)
        sent = record.recipient_ids[: math.floor(len(record.recipient_ids) * share)]
        rows = [(pid, record.plan.send_start) for pid in sent]
    data = history_csv(rows)
    name = f"{record.id}-{events}-{uuid.uuid4()}.csv.gz"
    url = publish_export(req, app_id, "history", name, data, records_count=len(rows))
    return Response.json({"success": True, "destination_url": url, "csv_file_url": url})
