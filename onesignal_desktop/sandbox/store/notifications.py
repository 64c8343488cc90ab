"""Notifications and exports: the simulation's tables on the sandbox store, and player dicts for targeting.

The tables are registered with ``store.register_schema`` at import time and also created on first use
(:func:`ensure_schema`), so they exist whatever the order in which the store and the routes are set up.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from onesignal_desktop.sandbox.sim.delivery import (
    CLICK_MEAN_SECONDS,
    DeliveryPlan,
    delivery_status,
    unit_random,
)
from onesignal_desktop.sandbox.sim.targeting import ACTIVE_WINDOW, ID_TARGETS, PLATFORM_FLAGS
from onesignal_desktop.sandbox.store import Player, Store, register_schema
from onesignal_desktop.sandbox.store.base import register_migration

_ID_AND_FILTER_KEYS = ("filters", *ID_TARGETS)

SIM_SCHEMA = """
CREATE TABLE IF NOT EXISTS sim_notifications (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    kind INTEGER NOT NULL DEFAULT 1,
    queued_at REAL NOT NULL,
    idempotency_key TEXT,
    body TEXT NOT NULL,
    plan TEXT NOT NULL,
    response TEXT NOT NULL,
    recipients TEXT NOT NULL DEFAULT '',
    recipients_list INTEGER
);
CREATE TABLE IF NOT EXISTS sim_recipient_lists (
    id INTEGER PRIMARY KEY,
    app_id TEXT NOT NULL,
    ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sim_notifications_app ON sim_notifications(app_id, queued_at);
CREATE INDEX IF NOT EXISTS sim_notifications_idem ON sim_notifications(app_id, idempotency_key);
CREATE TABLE IF NOT EXISTS sim_exports (
    token TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL,
    app_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    file_key TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    ready_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sim_exports_org ON sim_exports(organization_id, ready_at);
"""

register_schema(SIM_SCHEMA)


def add_recipients_list_column(db: sqlite3.Connection) -> None:
    """Databases written before recipient lists were shared have no ``recipients_list`` column."""
    columns = {str(row[1]) for row in db.execute("PRAGMA table_info(sim_notifications)")}
    if columns and "recipients_list" not in columns:
        db.execute("ALTER TABLE sim_notifications ADD COLUMN recipients_list INTEGER")


register_migration(add_recipients_list_column)

_ready: weakref.WeakSet[Store] = weakref.WeakSet()
_ready_lock = threading.Lock()


def ensure_schema(store: Store) -> None:
    with _ready_lock:
        if store in _ready:
            return
        with store.write() as db:
            for statement in SIM_SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            add_recipients_list_column(db)
        _ready.add(store)


# ---------------------------------------------------------------------------------------------- players


def targeting_dict(player: Player) -> dict[str, Any]:
    """A player as targeting.py reads it: the legacy JSON plus aliases, onesignal_id and bought SKUs."""
    data = player.to_json()
    data["aliases"] = dict(player.user.aliases)
    data["onesignal_id"] = player.user.id
    bought: dict[str, float] = {}
    for purchase in player.user.purchases:
        sku = purchase.get("sku")
        if sku:
            bought[str(sku)] = bought.get(str(sku), 0.0) + float(purchase.get("amount") or 0)
    data["bought_skus"] = bought
    return data


_TARGETING_SELECT = (
    "SELECT s.id, s.app_id, s.device_type, s.token, s.enabled, s.notification_types, s.invalid_identifier, "
    "s.session_count, s.session_time, s.app_version, s.device_os, s.device_model, s.ad_id, s.badge_count, "
    "s.rooted, s.web_auth, s.web_p256, s.created_at, s.last_active, u.id AS user_id, u.tags, u.language, "
    "u.country, u.lat, u.long, u.ip, u.timezone_offset, u.amount_spent, u.purchases, a.value AS external_id "
    "FROM subscriptions s JOIN users u ON u.id = s.user_id "
    "LEFT JOIN aliases a ON a.user_id = u.id AND a.label = 'external_id' "
)


def _targeting_row(row: Mapping[str, Any], with_tags: bool = True) -> dict[str, Any]:
    enabled, types = bool(row["enabled"]), row["notification_types"]
    if not (enabled and (types is None or types > 0)):
        types = -2 if types is None or types >= 0 else types
    elif types is None:
        types = 1
    purchases = row["purchases"]
    bought: dict[str, float] = {}
    if purchases and purchases != "[]":
        for purchase in json.loads(purchases):
            sku = purchase.get("sku")
            if sku:
                bought[str(sku)] = bought.get(str(sku), 0.0) + float(purchase.get("amount") or 0)
    tags = row["tags"]
    return {
        "id": row["id"],
        "app_id": row["app_id"],
        "device_type": row["device_type"],
        "identifier": row["token"],
        "notification_types": types,
        "invalid_identifier": bool(row["invalid_identifier"]),
        "session_count": row["session_count"],
        "playtime": row["session_time"],
        "game_version": row["app_version"],
        "device_os": row["device_os"],
        "device_model": row["device_model"],
        "ad_id": row["ad_id"],
        "badge_count": row["badge_count"],
        "rooted": bool(row["rooted"]),
        "web_auth": row["web_auth"],
        "web_p256": row["web_p256"],
        "created_at": int(row["created_at"]),
        "last_active": int(row["last_active"]),
        "onesignal_id": row["user_id"],
        "tags": json.loads(tags) if with_tags and tags and tags != "{}" else {},
        "language": row["language"],
        "country": row["country"],
        "lat": row["lat"],
        "long": row["long"],
        "ip": row["ip"],
        "timezone": row["timezone_offset"],
        "amount_spent": row["amount_spent"] or 0.0,
        "bought_skus": bought,
        "external_user_id": row["external_id"],
    }


_SUBSCRIBED_SQL = (
    "s.enabled = 1 AND s.invalid_identifier = 0 "
    "AND (s.notification_types IS NULL OR s.notification_types > 0) "
    "AND (s.device_type NOT IN (11, 14) OR (s.token IS NOT NULL AND s.token != ''))"
)
_CHANNEL_SQL = {
    "push": "s.device_type NOT IN (11, 14)",
    "email": "s.device_type = 11",
    "sms": "s.device_type = 14",
}


def _builtin_segment_where(
    app_id: str, body: Mapping[str, Any], channel: str, now: float
) -> tuple[str, list[Any]] | None:
    """The SQL condition selecting the recipients of a body that targets built-in segments alone (None when
    it needs the general path)."""
    if body.get("include_unsubscribed") or any(flag in body for flag in PLATFORM_FLAGS):
        return None
    if any(body.get(key) is not None for key in _ID_AND_FILTER_KEYS):
        return None
    conditions = ["s.app_id = ?", _SUBSCRIBED_SQL, _CHANNEL_SQL[channel]]
    params: list[Any] = [app_id]
    active = "(? - CAST(s.last_active AS INTEGER) <= ?)"
    included = []
    for name in body.get("included_segments") or []:
        lowered = str(name).strip().lower()
        if lowered in ("subscribed users", "total subscriptions", "all"):
            included.append("1")
        elif lowered == "active users":
            included.append(active)
            params += [now, ACTIVE_WINDOW]
        elif lowered == "inactive users":
            included.append(f"NOT {active}")
            params += [now, ACTIVE_WINDOW]
        else:
            return None
    if not included:
        return None
    conditions.append("(" + " OR ".join(included) + ")")
    for name in body.get("excluded_segments") or []:
        lowered = str(name).strip().lower()
        if lowered in ("subscribed users", "total subscriptions", "all"):
            return "0", []
        if lowered == "active users":
            conditions.append(f"NOT {active}")
        elif lowered == "inactive users":
            conditions.append(active)
        else:
            return None
        params += [now, ACTIVE_WINDOW]
    return " AND ".join(conditions), params


def builtin_segment_audience(
    store: Store, app_id: str, body: Mapping[str, Any], channel: str, now: float
) -> list[dict[str, Any]] | None:
    """Recipients (``id`` and ``device_type`` only) of a send that targets built-in segments alone, selected
    in SQL; None when the body needs the general path (filters, ids, created segments, platform flags...).
    Gives the same audience as targeting.resolve_audience for those bodies, only much faster."""
    where = _builtin_segment_where(app_id, body, channel, now)
    if where is None:
        return None
    with store.read() as db:
        rows = db.execute(
            f"SELECT s.id, s.device_type FROM subscriptions s WHERE {where[0]} ORDER BY s.rowid", where[1]
        ).fetchall()
    return [{"id": row[0], "device_type": row[1]} for row in rows]


def builtin_segment_count(
    store: Store, app_id: str, body: Mapping[str, Any], channel: str, now: float
) -> int | None:
    """How many builtin_segment_audience would return, counted in SQL (count-unsaved needs no list)."""
    where = _builtin_segment_where(app_id, body, channel, now)
    if where is None:
        return None
    with store.read() as db:
        row = db.execute(f"SELECT COUNT(*) FROM subscriptions s WHERE {where[0]}", where[1]).fetchone()
    return int(row[0])


def _add_aliases(store: Store, players: list[dict[str, Any]]) -> None:
    by_user: dict[str, dict[str, str]] = {}
    user_ids = sorted({str(p["onesignal_id"]) for p in players})
    with store.read() as db:
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(
                f"SELECT user_id, label, value FROM aliases WHERE user_id IN ({marks})", chunk
            ):
                by_user.setdefault(str(row[0]), {})[str(row[1])] = str(row[2])
    for player in players:
        player["aliases"] = by_user.get(str(player["onesignal_id"]), {})


def iter_targeting_players(
    store: Store, app_id: str, *, with_aliases: bool = False, with_tags: bool = True
) -> Iterator[dict[str, Any]]:
    """Every player of the app as a targeting dict, read in batches straight from SQL (fast for 100k).
    ``with_tags=False`` leaves ``tags`` empty (decoding them is the slow part, and most sends need none)."""
    last_rowid = -1
    while True:
        with store.read() as db:
            rows = db.execute(
                _TARGETING_SELECT.replace("SELECT ", "SELECT s.rowid AS rid, ", 1)
                + "WHERE s.app_id = ? AND s.rowid > ? ORDER BY s.rowid LIMIT 5000",
                (app_id, last_rowid),
            ).fetchall()
        if not rows:
            return
        batch = [_targeting_row(row, with_tags) for row in rows]
        if with_aliases:
            _add_aliases(store, batch)
        yield from batch
        last_rowid = rows[-1]["rid"]


def players_by_id(store: Store, app_id: str, player_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The app's players with these ids, in the order given (unknown ids left out)."""
    ids = list(dict.fromkeys(player_ids))
    found: dict[str, dict[str, Any]] = {}
    with store.read() as db:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(
                _TARGETING_SELECT + f"WHERE s.app_id = ? AND s.id IN ({marks})", (app_id, *chunk)
            ):
                found[str(row["id"])] = _targeting_row(row)
    return [found[pid] for pid in ids if pid in found]


def subscribed_by_device(store: Store, app_id: str) -> dict[int, int]:
    with store.read() as db:
        rows = db.execute(
            "SELECT device_type, COUNT(*) FROM subscriptions WHERE app_id = ? AND enabled = 1 "
            "AND invalid_identifier = 0 AND (notification_types IS NULL OR notification_types > 0) "
            "GROUP BY device_type",
            (app_id,),
        ).fetchall()
    return {int(row[0]): int(row[1]) for row in rows}


def segment_filters(store: Store, app_id: str) -> dict[str, list[dict[str, Any]]]:
    """The app's created segments by name, remembered until the next write to segments (or players)."""

    def read() -> dict[str, list[dict[str, Any]]]:
        segments, _ = store.list_segments(app_id, 100_000, 0)
        return {segment.name: list(segment.filters) for segment in segments}

    remembered: dict[str, list[dict[str, Any]]] = store.cached_audience(("segments", app_id), read)
    return {name: list(filters) for name, filters in remembered.items()}


# ---------------------------------------------------------------------------------------------- notifications


#: A list of at least this many recipients is stored once for every send that reaches exactly it (the
#: same audience, players unchanged) instead of in each notification's row: 10,000 ids are ~370 KB, and
#: writing them was most of a send's time. Smaller lists stay in the row.
SHARED_LIST_MINIMUM = 1000


class SharedRecipients:
    """One audience's recipient ids, for every send of it (see :data:`SHARED_LIST_MINIMUM`); knows the
    row of ``sim_recipient_lists`` it was stored in once that row is committed."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.row_id: int | None = None
        self._lock = threading.Lock()

    def row_in(self, store: Store, db: sqlite3.Connection, app_id: str) -> int:
        """The list's row, written now if it is not there yet (inside the caller's write transaction)."""
        with self._lock:
            known = self.row_id
        if known is not None:
            found = db.execute("SELECT app_id FROM sim_recipient_lists WHERE id = ?", (known,)).fetchone()
            if found is not None and found[0] == app_id:
                return known
        row_id = int(
            db.execute(
                "INSERT INTO sim_recipient_lists(app_id, ids) VALUES (?, ?)", (app_id, "\n".join(self.ids))
            ).lastrowid
            or 0
        )

        def remember() -> None:  # only once committed: a rolled back row must not be pointed at
            with self._lock:
                self.row_id = row_id

        store.after_commit(remember)
        return row_id


@dataclass
class NotificationRecord:
    id: str
    app_id: str
    kind: int
    queued_at: float
    idempotency_key: str | None
    body: dict[str, Any]
    plan: DeliveryPlan
    response: dict[str, Any]
    recipient_ids: list[str]
    shared_recipients: SharedRecipients | None = None


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def insert_notifications(store: Store, records: Sequence[NotificationRecord]) -> None:
    ensure_schema(store)
    with store.write() as db:
        rows = []
        for r in records:
            shared = r.shared_recipients
            if shared is not None and len(shared.ids) >= SHARED_LIST_MINIMUM:
                recipients, list_id = "", shared.row_in(store, db, r.app_id)
            else:
                recipients, list_id = "\n".join(r.recipient_ids), None
            rows.append(
                (
                    r.id,
                    r.app_id,
                    r.kind,
                    r.queued_at,
                    r.idempotency_key,
                    _dumps(r.body),
                    _dumps(r.plan.to_dict()),
                    _dumps(r.response),
                    recipients,
                    list_id,
                )
            )
        db.executemany(
            "INSERT INTO sim_notifications(id, app_id, kind, queued_at, idempotency_key, body, plan, "
            "response, recipients, recipients_list) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )


def _record_from(row: Mapping[str, Any], with_recipients: bool) -> NotificationRecord:
    recipients = str(row["recipients"] or "") if with_recipients else ""
    return NotificationRecord(
        id=str(row["id"]),
        app_id=str(row["app_id"]),
        kind=int(row["kind"]),
        queued_at=float(row["queued_at"]),
        idempotency_key=row["idempotency_key"],
        body=json.loads(row["body"]),
        plan=DeliveryPlan.from_dict(json.loads(row["plan"])),
        response=json.loads(row["response"]),
        recipient_ids=recipients.split("\n") if recipients else [],
    )


_LIGHT_COLUMNS = "id, app_id, kind, queued_at, idempotency_key, body, plan, response"


def get_notification(
    store: Store, app_id: str, notification_id: str, *, with_recipients: bool = False
) -> NotificationRecord | None:
    ensure_schema(store)
    with store.read() as db:
        if with_recipients:  # in the row, or in the shared list it points at
            row = db.execute(
                f"SELECT {_LIGHT_COLUMNS}, CASE WHEN recipients_list IS NULL THEN recipients "
                "ELSE (SELECT ids FROM sim_recipient_lists WHERE id = recipients_list) END AS recipients "
                "FROM sim_notifications WHERE id = ? AND app_id = ?",
                (notification_id, app_id),
            ).fetchone()
        else:
            row = db.execute(
                f"SELECT {_LIGHT_COLUMNS} FROM sim_notifications WHERE id = ? AND app_id = ?",
                (notification_id, app_id),
            ).fetchone()
    return None if row is None else _record_from(row, with_recipients)


def find_by_idempotency_key(store: Store, app_id: str, key: str, since: float) -> NotificationRecord | None:
    ensure_schema(store)
    with store.read() as db:
        row = db.execute(
            f"SELECT {_LIGHT_COLUMNS} FROM sim_notifications WHERE app_id = ? AND idempotency_key = ? "
            "AND queued_at >= ? ORDER BY queued_at LIMIT 1",
            (app_id, key, since),
        ).fetchone()
    return None if row is None else _record_from(row, False)


def list_notifications(
    store: Store, app_id: str, *, limit: int, offset: int, kind: int | None
) -> tuple[list[NotificationRecord], int]:
    """Newest first (by queued_at), with the real total."""
    ensure_schema(store)
    where, params = "WHERE app_id = ?", [app_id]
    if kind is not None:
        where += " AND kind = ?"
        params.append(str(kind))
    with store.read() as db:
        total = int(db.execute(f"SELECT COUNT(*) FROM sim_notifications {where}", params).fetchone()[0])
        rows = db.execute(
            f"SELECT {_LIGHT_COLUMNS} FROM sim_notifications {where} ORDER BY queued_at DESC, rowid DESC "
            "LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
    return [_record_from(row, False) for row in rows], total


_SEND_AT = (
    "(CASE WHEN json_extract(plan, '$.send_after') > queued_at "
    "THEN json_extract(plan, '$.send_after') ELSE queued_at END)"
)


def notifications_after(
    store: Store, app_id: str, *, after: float, after_id: str, limit: int, kind: int | None
) -> list[NotificationRecord]:
    """Time-offset paging: notifications whose send time (send_after, else queued_at) and id come after
    ``(after, after_id)``, oldest first."""
    ensure_schema(store)
    where = f"WHERE app_id = ? AND ({_SEND_AT} > ? OR ({_SEND_AT} = ? AND id > ?))"
    params: list[Any] = [app_id, after, after, after_id]
    if kind is not None:
        where += " AND kind = ?"
        params.append(kind)
    with store.read() as db:
        rows = db.execute(
            f"SELECT {_LIGHT_COLUMNS} FROM sim_notifications {where} ORDER BY {_SEND_AT}, id LIMIT ?",
            (*params, limit),
        ).fetchall()
    return [_record_from(row, False) for row in rows]


def delivery_plans(store: Store, app_id: str, since: float) -> list[DeliveryPlan]:
    ensure_schema(store)
    with store.read() as db:
        rows = db.execute(
            "SELECT plan FROM sim_notifications WHERE app_id = ? AND queued_at >= ?", (app_id, since)
        ).fetchall()
    return [DeliveryPlan.from_dict(json.loads(row[0])) for row in rows]


def clicks_by_player(record: NotificationRecord, now: float) -> dict[str, float]:
    """Which recipients clicked by ``now`` and when: a stable pick of ``converted`` recipients."""
    converted = delivery_status(record.plan, now).totals.converted
    if converted <= 0 or not record.recipient_ids:
        return {}
    ranked = sorted(record.recipient_ids, key=lambda pid: unit_random(record.id, pid, "click"))
    start = record.plan.send_start
    span = max(1.0, now - start)
    # Each click's delay since the send is drawn from the counters' own curve (exponential, mean
    # CLICK_MEAN_SECONDS), cut at ``now``: the export's clicks pile up in the first hour as the
    # counter does, and a notification sent long ago keeps the same click times from read to read.
    reached = 1.0 - math.exp(-span / CLICK_MEAN_SECONDS)
    clicks: dict[str, float] = {}
    for pid in ranked[:converted]:
        share = unit_random(record.id, pid, "click-at") * reached
        delay = min(span, -CLICK_MEAN_SECONDS * math.log1p(-share))
        clicks[pid] = start + math.floor(delay)
    return clicks


def received_by_player(record: NotificationRecord, now: float, sent_ids: Sequence[str]) -> dict[str, float]:
    """Which of the devices sent to confirmed delivery by ``now`` and when: a stable pick of the
    notification's ``received`` count, each a few seconds after the send."""
    received = delivery_status(record.plan, now).totals.received
    if received <= 0 or not sent_ids:
        return {}
    ranked = sorted(sent_ids, key=lambda pid: unit_random(record.id, pid, "receive"))
    start = record.plan.send_start
    return {
        pid: start
        + min(max(0.0, now - start), 1 + math.floor(30 * unit_random(record.id, pid, "receive-at")))
        for pid in ranked[:received]
    }


def save_plan(store: Store, plan: DeliveryPlan) -> None:
    with store.write() as db:
        db.execute(
            "UPDATE sim_notifications SET plan = ? WHERE id = ?",
            (_dumps(plan.to_dict()), plan.notification_id),
        )


# ---------------------------------------------------------------------------------------------- exports


@dataclass
class ExportRecord:
    token: str
    organization_id: str
    app_id: str
    kind: str
    file_key: str
    created_at: float
    ready_at: float
    expires_at: float


def busy_export(store: Store, organization_id: str, now: float) -> ExportRecord | None:
    """An export of the organization still being generated (kind 'history' does not count)."""
    ensure_schema(store)
    with store.read() as db:
        row = db.execute(
            "SELECT token, organization_id, app_id, kind, file_key, created_at, ready_at, expires_at "
            "FROM sim_exports WHERE organization_id = ? AND ready_at > ? AND kind != 'history' LIMIT 1",
            (organization_id, now),
        ).fetchone()
    return None if row is None else ExportRecord(*row)


def insert_export(store: Store, record: ExportRecord, data: bytes) -> None:
    ensure_schema(store)
    with store.write() as db:
        db.execute("DELETE FROM sim_exports WHERE expires_at < ?", (record.created_at,))
        db.execute(
            "INSERT INTO sim_exports(token, organization_id, app_id, kind, file_key, created_at, ready_at, "
            "expires_at, data) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                record.token,
                record.organization_id,
                record.app_id,
                record.kind,
                record.file_key,
                record.created_at,
                record.ready_at,
                record.expires_at,
                data,
            ),
        )


def find_export(store: Store, file_key: str) -> tuple[ExportRecord, bytes] | None:
    ensure_schema(store)
    with store.read() as db:
        row = db.execute(
            "SELECT token, organization_id, app_id, kind, file_key, created_at, ready_at, expires_at, data "
            "FROM sim_exports WHERE file_key = ?",
            (file_key,),
        ).fetchone()
    if row is None:
        return None
    return ExportRecord(*tuple(row)[:8]), bytes(row[8])
