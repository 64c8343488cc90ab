"""Custom events recorded per user (POST /apps/{app_id}/custom_events), in the order they arrived.

``seq`` orders them as the journey engine reads them; ``received_at`` is the sandbox clock when the event
arrived (the engine's time for it), ``occurred_at`` the event's own timestamp.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store.base import StoreBase, _dumps, _loads, iso, register_schema


@dataclass
class CustomEventRecord:
    app_id: str
    user_id: str
    name: str
    occurred_at: float
    received_at: float
    payload: dict[str, Any] = field(default_factory=dict)
    seq: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "onesignal_id": self.user_id,
            "timestamp": iso(self.occurred_at),
            "payload": dict(self.payload),
        }


CUSTOM_EVENTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS custom_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    occurred_at REAL NOT NULL,
    received_at REAL NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS custom_events_app ON custom_events(app_id, seq);
CREATE INDEX IF NOT EXISTS custom_events_user ON custom_events(user_id, seq);
"""
register_schema(CUSTOM_EVENTS_SCHEMA)


class CustomEventsStore(StoreBase):
    """Custom events."""

    def add_custom_events(self, events: Iterable[CustomEventRecord]) -> int:
        """Store the events (one transaction); returns the seq of the last one."""
        last = 0
        with self.write() as db:
            for event in events:
                cursor = db.execute(
                    "INSERT INTO custom_events(app_id, user_id, name, occurred_at, received_at, payload) "
                    "VALUES (?,?,?,?,?,?)",
                    (
                        event.app_id,
                        event.user_id,
                        event.name,
                        event.occurred_at,
                        event.received_at,
                        _dumps(event.payload),
                    ),
                )
                event.seq = int(cursor.lastrowid or 0)
                last = event.seq
        return last

    def custom_events_after(self, app_id: str, seq: int, limit: int = 10_000) -> list[CustomEventRecord]:
        """The app's events that arrived after ``seq``, in arrival order."""
        with self.read() as db:
            rows = db.execute(
                "SELECT * FROM custom_events WHERE app_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (app_id, seq, limit),
            ).fetchall()
        return [self._event_from(row) for row in rows]

    def user_custom_events(self, user_id: str, limit: int = 100) -> list[CustomEventRecord]:
        """A user's latest events, newest first."""
        with self.read() as db:
            rows = db.execute(
                "SELECT * FROM custom_events WHERE user_id = ? ORDER BY seq DESC LIMIT ?", (user_id, limit)
            ).fetchall()
        return [self._event_from(row) for row in rows]

    def last_custom_event_seq(self, app_id: str) -> int:
        with self.read() as db:
            row = db.execute("SELECT MAX(seq) FROM custom_events WHERE app_id = ?", (app_id,)).fetchone()
        return int(row[0] or 0)

    @staticmethod
    def _event_from(row: Any) -> CustomEventRecord:
        return CustomEventRecord(
            app_id=row["app_id"],
            user_id=row["user_id"],
            name=row["name"],
            occurred_at=row["occurred_at"],
            received_at=row["received_at"],
            payload=_loads(row["payload"], {}),
            seq=row["seq"],
        )
