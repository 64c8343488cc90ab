"""Apps: the organization's apps, with cached player counts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

from onesignal_desktop.sandbox.store.base import StoreBase, _dumps, _loads, iso, new_id, register_schema


@dataclass
class App:
    id: str
    name: str
    organization_id: str
    created_at: float
    updated_at: float
    settings: dict[str, Any] = field(default_factory=dict)
    players: int = 0
    messageable_players: int = 0

    def to_json(self, basic_auth_key: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "players": self.players,
            "messageable_players": self.messageable_players,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "organization_id": self.organization_id,
        }
        data.update(self.settings)
        if basic_auth_key is not None:
            data["basic_auth_key"] = basic_auth_key
        return data


APPS_SCHEMA = """
CREATE TABLE IF NOT EXISTS apps (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    settings TEXT NOT NULL DEFAULT '{}'
);
"""
register_schema(APPS_SCHEMA)


class AppsStore(StoreBase):
    """Apps."""

    def app_exists(self, app_id: str) -> bool:
        with self.read() as db:
            return db.execute("SELECT 1 FROM apps WHERE id = ?", (app_id,)).fetchone() is not None

    def create_app(
        self,
        name: str,
        organization_id: str,
        now: float,
        settings: dict[str, Any] | None = None,
        app_id: str | None = None,
    ) -> App:
        app = App(app_id or new_id(), name, organization_id, now, now, dict(settings or {}))
        with self.write() as db:
            db.execute(
                "INSERT INTO apps(id, name, organization_id, created_at, updated_at, settings) "
                "VALUES (?,?,?,?,?,?)",
                (app.id, app.name, organization_id, now, now, _dumps(app.settings)),
            )
        return app

    def _app_counts(self, db: sqlite3.Connection, app_ids: list[str]) -> dict[str, tuple[int, int]]:
        if not app_ids:
            return {}
        return self.cached(  # type: ignore[no-any-return]
            "app_counts", "\x00".join(app_ids), lambda: self._count_apps(db, app_ids)
        )

    def _count_apps(self, db: sqlite3.Connection, app_ids: list[str]) -> dict[str, tuple[int, int]]:
        marks = ",".join("?" * len(app_ids))
        rows = db.execute(
            "SELECT app_id, COUNT(*), SUM(CASE WHEN enabled = 1 AND (notification_types IS NULL OR "
            f"notification_types > 0) THEN 1 ELSE 0 END) FROM subscriptions WHERE app_id IN ({marks}) "
            "GROUP BY app_id",
            app_ids,
        ).fetchall()
        return {row[0]: (int(row[1]), int(row[2] or 0)) for row in rows}

    def _app_from(self, row: sqlite3.Row, counts: dict[str, tuple[int, int]]) -> App:
        players, messageable = counts.get(row["id"], (0, 0))
        return App(
            id=row["id"],
            name=row["name"],
            organization_id=row["organization_id"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            settings=_loads(row["settings"], {}),
            players=players,
            messageable_players=messageable,
        )

    def get_app(self, app_id: str) -> App | None:
        # Remembered until the next write (GET /apps/{id} is the sandbox's most frequent request: its
        # query and player counts were ~90 us of ~220); each caller gets its own copy to change.
        app: App | None = self.cached("app", app_id, lambda: self._read_app(app_id))
        return None if app is None else replace(app, settings=dict(app.settings))

    def _read_app(self, app_id: str) -> App | None:
        with self.read() as db:
            row = db.execute("SELECT * FROM apps WHERE id = ?", (app_id,)).fetchone()
            if row is None:
                return None
            return self._app_from(row, self._app_counts(db, [app_id]))

    def list_apps(self) -> list[App]:
        with self.read() as db:
            rows = db.execute("SELECT * FROM apps ORDER BY created_at, rowid").fetchall()
            counts = self._app_counts(db, [row["id"] for row in rows])
            return [self._app_from(row, counts) for row in rows]

    def update_app(
        self, app_id: str, now: float, name: str | None = None, settings: dict[str, Any] | None = None
    ) -> App | None:
        with self.write() as db:
            row = db.execute("SELECT * FROM apps WHERE id = ?", (app_id,)).fetchone()
            if row is None:
                return None
            merged = _loads(row["settings"], {})
            merged.update(settings or {})
            db.execute(
                "UPDATE apps SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
                (name if name is not None else row["name"], _dumps(merged), now, app_id),
            )
        return self.get_app(app_id)
