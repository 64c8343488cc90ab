"""Journeys of an app (definitions), and the engine's state: who is where in which journey, and counts.

The definition is kept as the wire JSON of its parts (audience, nodes, ...). ``version`` grows with every
change and is what ``concurrency_key`` carries. The run tables belong to the journey engine
(sim/journeys.py): one row per user and entry (``run``), and counters per node, branch and message.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store.base import StoreBase, _dumps, _loads, iso, new_id, register_schema

JOURNEY_JSON_PARTS = ("audience", "early_exit", "reentry_rules", "schedule", "nodes")


@dataclass
class JourneyRecord:
    id: str
    app_id: str
    name: str
    description: str = ""
    state: str = "draft"
    created_at: float = 0.0
    updated_at: float = 0.0
    started_at: float | None = None
    archived_at: float | None = None
    created_source: str = "public_api"
    audience: dict[str, Any] | None = None
    early_exit: dict[str, Any] | None = None
    reentry_rules: dict[str, Any] | None = None
    schedule: dict[str, Any] | None = None
    nodes: list[dict[str, Any]] = field(default_factory=list)
    version: int = 1
    rowid: int = 0

    @property
    def concurrency_key(self) -> str:
        return f"{self.id[:8]}-v{self.version}"

    def summary_json(self) -> dict[str, Any]:
        """As view_journeys lists it (JourneyListItem)."""
        return {
            "id": self.id,
            "app_id": self.app_id,
            "name": self.name,
            "state": self.state,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "started_at": None if self.started_at is None else iso(self.started_at),
            "archived_at": None if self.archived_at is None else iso(self.archived_at),
            "created_source": self.created_source,
            "schedule": self.schedule,
            "audience": {"kind": (self.audience or {}).get("kind")} if self.audience else None,
            "reentry_rules": self.reentry_rules,
        }

    def to_json(self) -> dict[str, Any]:
        """The full journey (Journey)."""
        data = self.summary_json()
        data.update(
            {
                "description": self.description,
                "audience": self.audience,
                "early_exit": self.early_exit,
                "nodes": self.nodes,
                "concurrency_key": self.concurrency_key,
            }
        )
        return data


@dataclass
class JourneyRun:
    """One user's pass through a journey: ``position`` is the path to the current node (top-level index,
    then branch index and node index per nesting level); ``due_at`` is when a holding node lets go."""

    journey_id: str
    user_id: str
    run: int
    position: list[int]
    node_id: str
    node_since: float
    due_at: float | None
    entered_at: float
    status: str = "active"  # active | completed | exited
    finished_at: float | None = None


JOURNEYS_SCHEMA = """
CREATE TABLE IF NOT EXISTS journeys (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    started_at REAL,
    archived_at REAL,
    created_source TEXT NOT NULL,
    audience TEXT,
    early_exit TEXT,
    reentry_rules TEXT,
    schedule TEXT,
    nodes TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    engine_event_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS journeys_app ON journeys(app_id, created_at);
CREATE TABLE IF NOT EXISTS journey_runs (
    journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    run INTEGER NOT NULL,
    position TEXT NOT NULL,
    node_id TEXT NOT NULL,
    node_since REAL NOT NULL,
    due_at REAL,
    entered_at REAL NOT NULL,
    status TEXT NOT NULL,
    finished_at REAL,
    PRIMARY KEY (journey_id, user_id, run)
);
CREATE INDEX IF NOT EXISTS journey_runs_active ON journey_runs(journey_id, status, due_at);
CREATE TABLE IF NOT EXISTS journey_counters (
    journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (journey_id, key)
);
"""
register_schema(JOURNEYS_SCHEMA)


class JourneysStore(StoreBase):
    """Journey definitions and the engine's runs and counters."""

    @staticmethod
    def _journey_from(row: sqlite3.Row) -> JourneyRecord:
        return JourneyRecord(
            id=row["id"],
            app_id=row["app_id"],
            name=row["name"],
            description=row["description"],
            state=row["state"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            started_at=row["started_at"],
            archived_at=row["archived_at"],
            created_source=row["created_source"],
            audience=_loads(row["audience"], None),
            early_exit=_loads(row["early_exit"], None),
            reentry_rules=_loads(row["reentry_rules"], None),
            schedule=_loads(row["schedule"], None),
            nodes=_loads(row["nodes"], []),
            version=row["version"],
            rowid=row["rowid"],
        )

    def create_journey(self, app_id: str, fields: Mapping[str, Any], now: float) -> JourneyRecord:
        """A new draft; ``fields["id"]`` is for the demo's fixed ids (the API never passes one)."""
        journey = JourneyRecord(
            id=str(fields.get("id") or new_id()),
            app_id=app_id,
            name=str(fields["name"]),
            description=str(fields.get("description") or ""),
            created_at=now,
            updated_at=now,
            created_source=str(fields.get("created_source") or "public_api"),
            audience=fields.get("audience"),
            early_exit=fields.get("early_exit"),
            reentry_rules=fields.get("reentry_rules"),
            schedule=fields.get("schedule"),
            nodes=list(fields.get("nodes") or []),
        )
        with self.write() as db:
            db.execute(
                "INSERT INTO journeys(id, app_id, name, description, state, created_at, updated_at, "
                "created_source, audience, early_exit, reentry_rules, schedule, nodes) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    journey.id,
                    app_id,
                    journey.name,
                    journey.description,
                    journey.state,
                    now,
                    now,
                    journey.created_source,
                    *(_nullable_json(getattr(journey, part)) for part in JOURNEY_JSON_PARTS),
                ),
            )
        created = self.get_journey(app_id, journey.id)
        assert created is not None
        return created

    def get_journey(self, app_id: str, journey_id: str) -> JourneyRecord | None:
        with self.read() as db:
            row = db.execute(
                "SELECT rowid, * FROM journeys WHERE id = ? AND app_id = ?", (journey_id, app_id)
            ).fetchone()
        return None if row is None else self._journey_from(row)

    def list_journeys(
        self, app_id: str, limit: int, before: tuple[float, int] | None = None
    ) -> list[JourneyRecord]:
        """Up to ``limit`` journeys, newest first, older than ``before`` ((created_at, rowid)) if given."""
        where, params = "WHERE app_id = ?", list[Any]([app_id])
        if before is not None:
            where += " AND (created_at < ? OR (created_at = ? AND rowid < ?))"
            params.extend([before[0], before[0], before[1]])
        with self.read() as db:
            rows = db.execute(
                f"SELECT rowid, * FROM journeys {where} ORDER BY created_at DESC, rowid DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [self._journey_from(row) for row in rows]

    def journeys_in_states(self, app_id: str, states: Iterable[str]) -> list[JourneyRecord]:
        wanted = list(states)
        marks = ",".join("?" * len(wanted))
        with self.read() as db:
            rows = db.execute(
                f"SELECT rowid, * FROM journeys WHERE app_id = ? AND state IN ({marks}) ORDER BY rowid",
                (app_id, *wanted),
            ).fetchall()
        return [self._journey_from(row) for row in rows]

    def save_journey(self, journey: JourneyRecord, now: float) -> JourneyRecord:
        """Write every field back, one version later."""
        with self.write() as db:
            db.execute(
                "UPDATE journeys SET name = ?, description = ?, state = ?, updated_at = ?, started_at = ?, "
                "archived_at = ?, audience = ?, early_exit = ?, reentry_rules = ?, schedule = ?, nodes = ?, "
                "version = version + 1 WHERE id = ?",
                (
                    journey.name,
                    journey.description,
                    journey.state,
                    now,
                    journey.started_at,
                    journey.archived_at,
                    *(_nullable_json(getattr(journey, part)) for part in JOURNEY_JSON_PARTS),
                    journey.id,
                ),
            )
        saved = self.get_journey(journey.app_id, journey.id)
        assert saved is not None
        return saved

    def delete_journey(self, app_id: str, journey_id: str) -> bool:
        with self.write() as db:
            return (
                db.execute("DELETE FROM journeys WHERE id = ? AND app_id = ?", (journey_id, app_id)).rowcount
                > 0
            )

    def users_of_subscriptions(self, subscription_ids: Iterable[str]) -> set[str]:
        """The users owning these subscriptions (segment membership is per user in a journey)."""
        ids = list(subscription_ids)
        users: set[str] = set()
        with self.read() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT DISTINCT user_id FROM subscriptions WHERE id IN ({marks})", chunk)
                users.update(str(row[0]) for row in rows.fetchall())
        return users

    def subscriptions_of_users(self, user_ids: Iterable[str]) -> list[str]:
        """Their subscription ids in the store's order (the order a send over the whole app meets them)."""
        ids = list(user_ids)
        found: list[tuple[int, str]] = []
        with self.read() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT rowid, id FROM subscriptions WHERE user_id IN ({marks})", chunk)
                found.extend((int(row[0]), str(row[1])) for row in rows.fetchall())
        return [subscription_id for _, subscription_id in sorted(found)]

    # -- the engine's state -----------------------------------------------------------------------

    def journey_event_seq(self, journey_id: str) -> int:
        with self.read() as db:
            row = db.execute("SELECT engine_event_seq FROM journeys WHERE id = ?", (journey_id,)).fetchone()
        return 0 if row is None else int(row[0])

    def set_journey_event_seq(self, journey_id: str, seq: int) -> None:
        with self.write() as db:
            db.execute("UPDATE journeys SET engine_event_seq = ? WHERE id = ?", (seq, journey_id))

    @staticmethod
    def _run_from(row: sqlite3.Row) -> JourneyRun:
        return JourneyRun(
            journey_id=row["journey_id"],
            user_id=row["user_id"],
            run=row["run"],
            position=_loads(row["position"], []),
            node_id=row["node_id"],
            node_since=row["node_since"],
            due_at=row["due_at"],
            entered_at=row["entered_at"],
            status=row["status"],
            finished_at=row["finished_at"],
        )

    def journey_runs(self, journey_id: str, *, active_only: bool = False) -> list[JourneyRun]:
        where = "WHERE journey_id = ?" + (" AND status = 'active'" if active_only else "")
        with self.read() as db:
            rows = db.execute(
                f"SELECT * FROM journey_runs {where} ORDER BY entered_at, user_id", (journey_id,)
            )
            return [self._run_from(row) for row in rows.fetchall()]

    def latest_runs(self, journey_id: str) -> dict[str, JourneyRun]:
        """Each user's latest run in the journey."""
        latest: dict[str, JourneyRun] = {}
        for run in self.journey_runs(journey_id):
            current = latest.get(run.user_id)
            if current is None or run.run > current.run:
                latest[run.user_id] = run
        return latest

    def save_runs(self, runs: Iterable[JourneyRun]) -> None:
        rows = [
            (
                r.journey_id,
                r.user_id,
                r.run,
                _dumps(r.position),
                r.node_id,
                r.node_since,
                r.due_at,
                r.entered_at,
                r.status,
                r.finished_at,
            )
            for r in runs
        ]
        with self.write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO journey_runs(journey_id, user_id, run, position, node_id, "
                "node_since, "
                "due_at, entered_at, status, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )

    def add_journey_counts(self, journey_id: str, counts: Mapping[str, float]) -> None:
        with self.write() as db:
            db.executemany(
                "INSERT INTO journey_counters(journey_id, key, value) VALUES (?,?,?) "
                "ON CONFLICT(journey_id, key) DO UPDATE SET value = value + excluded.value",
                [(journey_id, key, value) for key, value in counts.items() if value],
            )

    def journey_counts(self, journey_id: str) -> dict[str, float]:
        with self.read() as db:
            rows = db.execute("SELECT key, value FROM journey_counters WHERE journey_id = ?", (journey_id,))
            return {str(row[0]): float(row[1]) for row in rows.fetchall()}

    def journey_status_counts(self, journey_id: str) -> tuple[dict[str, int], dict[str, int]]:
        """(runs per status, active runs per node id)."""
        with self.read() as db:
            statuses = db.execute(
                "SELECT status, COUNT(*) FROM journey_runs WHERE journey_id = ? GROUP BY status",
                (journey_id,),
            ).fetchall()
            waiting = db.execute(
                "SELECT node_id, COUNT(*) FROM journey_runs WHERE journey_id = ? AND status = 'active' "
                "GROUP BY node_id",
                (journey_id,),
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in statuses}, {str(r[0]): int(r[1]) for r in waiting}


def _nullable_json(value: Any) -> str | None:
    return None if value is None else _dumps(value)
