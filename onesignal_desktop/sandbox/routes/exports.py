"""CSV exports: players (``POST /players/csv_export``), notification events (``export_events``), files.

The file is generated when the export is requested (a snapshot), stored, and published at a
``csv_file_url`` on the sandbox itself. Like OneSignal's S3 bucket, that URL answers 404 with a ``NoSuchKey``
XML body until the file is "ready" (``EXPORT_BASE_SECONDS`` plus ~2,000 records per second on the
SandboxClock), then serves the gzip CSV for 3 days. One players/events export at a time per organization.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from onesignal_desktop.sandbox.auth import require_app_key
from onesignal_desktop.sandbox.errors import ApiError, bad_request, invalid_app_id
from onesignal_desktop.sandbox.routing import Request, Response, Router
from onesignal_desktop.sandbox.sim.csv_export import (
    ExportError,
    events_csv,
    no_such_key_body,
    players_csv,
    validate_extra_fields,
)
from onesignal_desktop.sandbox.sim.targeting import in_builtin_segment, is_subscribed, matches_filters
from onesignal_desktop.sandbox.store import notifications as records

router = Router()

EXPORT_BASE_SECONDS = 1.5
RECORDS_PER_SECOND = 2000.0
MAX_GENERATION_SECONDS = 60.0
FILE_LIFETIME = 3 * 86400.0
FILES_PREFIX = "csv_exports"
ALREADY_EXPORTING = "User already running another CSV export."


def publish_export(
    req: Request, app_id: str, kind: str, name: str, data: bytes, *, records_count: int
) -> str:
    """Store a generated file and return its URL; refuses a second players/events export in progress."""
    now = req.ctx.clock.now()
    store = req.ctx.store
    if kind != "history" and records.busy_export(store, req.ctx.organization_id, now) is not None:
        raise bad_request(ALREADY_EXPORTING)
    file_key = f"{FILES_PREFIX}/{app_id}/{name}"
    generation = min(MAX_GENERATION_SECONDS, EXPORT_BASE_SECONDS + records_count / RECORDS_PER_SECOND)
    record = records.ExportRecord(
        token=str(uuid.uuid4()),
        organization_id=req.ctx.organization_id,
        app_id=app_id,
        kind=kind,
        file_key=file_key,
        created_at=now,
        ready_at=now + generation,
        expires_at=now + generation + FILE_LIFETIME,
    )
    records.insert_export(store, record, data)
    return f"{req.server_url}/{file_key}"


def _app_id_arg(req: Request) -> str:
    app_id = req.arg("app_id")
    if not app_id:
        raise invalid_app_id()
    return app_id


@router.post("/players/csv_export")
def export_players(req: Request) -> Response:
    app_id = _app_id_arg(req)
    require_app_key(req, app_id)
    body = req.json_object()
    try:
        extra_fields = validate_extra_fields(body.get("extra_fields"))
    except ExportError as error:
        raise bad_request(str(error)) from None
    since_raw = body.get("last_active_since")
    since: float | None = None
    if since_raw not in (None, ""):
        try:
            since = float(str(since_raw))
        except ValueError:
            raise bad_request("last_active_since must be a Unix timestamp in seconds") from None
    segment_name = body.get("segment_name")
    if segment_name is not None and not isinstance(segment_name, str):
        raise bad_request("segment_name must be a string")
    now = req.ctx.clock.now()
    store = req.ctx.store
    segment_filters = None
    if segment_name and in_builtin_segment(segment_name, {}, now) is None:
        segment = store.find_segment_by_name(app_id, segment_name)
        if segment is None:
            raise bad_request(f"Segment '{segment_name}' does not exist.")
        segment_filters = list(segment.filters)
    include_unsubscribed = bool(body.get("include_unsubscribed"))
    selected = []
    for player in records.iter_targeting_players(store, app_id):
        if since is not None and float(player.get("last_active") or 0) <= since:
            continue
        if segment_name:
            if not include_unsubscribed and not is_subscribed(player):
                continue
            builtin = in_builtin_segment(segment_name, player, now)
            member = builtin if builtin is not None else matches_filters(player, segment_filters or [], now)
            if not member and not (include_unsubscribed and builtin is not None):
                continue
        selected.append(player)
    data = players_csv(selected, extra_fields)
    name = f"{uuid.uuid4()}_{app_id}.csv.gz"
    url = publish_export(req, app_id, "players", name, data, records_count=len(selected))
    return Response.json({"csv_file_url": url})


@router.post("/notifications/{notification_id}/export_events")
def export_events(req: Request) -> Response:
    app_id = _app_id_arg(req)
    require_app_key(req, app_id)
    now = req.ctx.clock.now()
    record = records.get_notification(
        req.ctx.store, app_id, req.params["notification_id"], with_recipients=True
    )
    if record is None:
        raise ApiError(404, ["Notification not found"])
    share = record.plan.processed_share(now)
    sent_ids = record.recipient_ids[: int(len(record.recipient_ids) * share)]
    recipients = records.players_by_id(req.ctx.store, app_id, sent_ids)
    clicks = records.clicks_by_player(record, now)
    received = records.received_by_player(record, now, sent_ids)
    data = events_csv(record.id, recipients, sent_at=record.plan.send_start, clicks=clicks, received=received)
    channel = "push"
    if record.plan.platform_counts and set(record.plan.platform_counts) <= {11}:
        channel = "email"
    elif record.plan.platform_counts and set(record.plan.platform_counts) <= {14}:
        channel = "sms"
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H-%M-%S%pUTC")
    name = f"events_audience-activity-{record.id}-{channel}-{stamp}-{uuid.uuid4()}.csv.gz"
    url = publish_export(
        req, app_id, "events", name, data, records_count=len(recipients) + len(received) + len(clicks)
    )
    return Response.json({"csv_file_url": url})


@router.get(f"/{FILES_PREFIX}/{{app_id}}/{{file_name}}")
def download_export(req: Request) -> Response:
    """The exported file, as the S3 bucket would serve it: no auth, 404 NoSuchKey until ready."""
    file_key = f"{FILES_PREFIX}/{req.params['app_id']}/{req.params['file_name']}"
    found = records.find_export(req.ctx.store, file_key)
    now = req.ctx.clock.now()
    if found is None or now < found[0].ready_at or now > found[0].expires_at:
        return Response(404, no_such_key_body(file_key), content_type="application/xml")
    return Response(
        200,
        found[1],
        content_type="application/gzip",
        headers={"Content-Disposition": f'attachment; filename="{req.params["file_name"]}"'},
    )
