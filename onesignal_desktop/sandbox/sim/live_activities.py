"""Live activities of the sandbox: one row per activity id, started, updated, ended (its own table).

Each start and update is also a notification (stored by the notifications route, with its own report);
this table keeps which activity it belongs to and whether the activity has ended.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store import Store, register_schema

SCHEMA = """
CREATE TABLE IF NOT EXISTS sim_live_activities (
    app_id TEXT NOT NULL,
    activity_id TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    started_at REAL NOT NULL,
    ended_at REAL,
    targeting TEXT NOT NULL,
    attributes TEXT NOT NULL,
    state TEXT NOT NULL,
    notification_ids TEXT NOT NULL,
    PRIMARY KEY (app_id, activity_id)
);
"""

register_schema(SCHEMA)

_ready: weakref.WeakSet[Store] = weakref.WeakSet()
_ready_lock = threading.Lock()


def ensure_schema(store: Store) -> None:
    with _ready_lock:
        if store in _ready:
            return
        with store.write() as db:
            db.execute(SCHEMA.strip().rstrip(";"))
        _ready.add(store)


@dataclass
class LiveActivity:
    app_id: str
    activity_id: str
    activity_type: str
    started_at: float
    ended_at: float | None
    targeting: dict[str, Any]  # the start's audience: updates reach the same devices
    attributes: dict[str, Any]
    state: dict[str, Any]  # the latest content state (event_updates)
    notification_ids: list[str] = field(default_factory=list)


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def get_activity(store: Store, app_id: str, activity_id: str) -> LiveActivity | None:
    ensure_schema(store)
    with store.read() as db:
        row = db.execute(
            "SELECT activity_type, started_at, ended_at, targeting, attributes, state, notification_ids "
            "FROM sim_live_activities WHERE app_id = ? AND activity_id = ?",
            (app_id, activity_id),
        ).fetchone()
    if row is None:
        return None
    return LiveActivity(
        app_id=app_id,
        activity_id=activity_id,
        activity_type=str(row[0]),
        started_at=float(row[1]),
        ended_at=None if row[2] is None else float(row[2]),
        targeting=json.loads(row[3]),
        attributes=json.loads(row[4]),
        state=json.loads(row[5]),
        notification_ids=json.loads(row[6]),
    )


def save_activity(store: Store, activity: LiveActivity) -> None:
    ensure_schema(store)
    with store.write() as db:
        db.execute(
            "INSERT OR REPLACE INTO sim_live_activities (app_id, activity_id, activity_type, started_at, "
            "ended_at, targeting, attributes, state, notification_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                activity.app_id,
                activity.activity_id,
                activity.activity_type,
                activity.started_at,
                activity.ended_at,
                _dumps(activity.targeting),
                _dumps(activity.attributes),
                _dumps(activity.state),
                _dumps(activity.notification_ids),
            ),
        )
