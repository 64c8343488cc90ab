"""Live activities of an app: one row per activity id, started, updated, ended.

Each start and update is also a notification (stored in :mod:`.notifications`, with its own report); this
table keeps which activity it belongs to, the audience its updates reach and whether it has ended.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store.base import StoreBase, _dumps, register_schema

# The table keeps the name it had when it lived in sim/: a sandbox database saved by an earlier version
# still finds its activities.
LIVE_ACTIVITIES_SCHEMA = """
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
register_schema(LIVE_ACTIVITIES_SCHEMA)


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


class LiveActivitiesStore(StoreBase):
    """Live activities."""

    @staticmethod
    def _live_activity_from(app_id: str, activity_id: str, row: sqlite3.Row) -> LiveActivity:
        return LiveActivity(
            app_id=app_id,
            activity_id=activity_id,
            activity_type=str(row["activity_type"]),
            started_at=float(row["started_at"]),
            ended_at=None if row["ended_at"] is None else float(row["ended_at"]),
            targeting=json.loads(row["targeting"]),
            attributes=json.loads(row["attributes"]),
            state=json.loads(row["state"]),
            notification_ids=json.loads(row["notification_ids"]),
        )

    def get_live_activity(self, app_id: str, activity_id: str) -> LiveActivity | None:
        with self.read() as db:
            row = db.execute(
                "SELECT activity_type, started_at, ended_at, targeting, attributes, state, notification_ids "
                "FROM sim_live_activities WHERE app_id = ? AND activity_id = ?",
                (app_id, activity_id),
            ).fetchone()
        return None if row is None else self._live_activity_from(app_id, activity_id, row)

    def save_live_activity(self, activity: LiveActivity) -> None:
        """Insert the activity, or replace the row of the same app and activity id."""
        with self.write() as db:
            db.execute(
                "INSERT OR REPLACE INTO sim_live_activities (app_id, activity_id, activity_type, "
                "started_at, ended_at, targeting, attributes, state, notification_ids) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
