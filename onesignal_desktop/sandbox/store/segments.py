"""Segments: OneSignal's built-in ones and the app's own, with their filters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store.base import (
    StoreBase,
    StoreConflict,
    _dumps,
    _loads,
    iso,
    new_id,
    register_migration,
    register_schema,
)

DEFAULT_SEGMENTS = ("Subscribed Users", "Active Users", "Inactive Users")


@dataclass
class Segment:
    id: str
    app_id: str
    name: str
    filters: list[dict[str, Any]] = field(default_factory=list)
    description: str | None = None
    source: str = "custom"
    is_active: bool = True
    read_only: bool = False
    created_at: float = 0.0
    updated_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The segments-list entry."""
        return {
            "id": self.id,
            "name": self.name,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "app_id": self.app_id,
            "read_only": self.read_only,
            "is_active": self.is_active,
        }

    def details_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": int(self.created_at),
            "source": self.source,
            "filters": list(self.filters),
        }


#: Segment ids are unique per app, as OneSignal's are to its callers: an app can never learn from a
#: refusal that another app has a segment with some id.
_SEGMENTS_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    id TEXT NOT NULL,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    filters TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL DEFAULT 'custom',
    is_active INTEGER NOT NULL DEFAULT 1,
    read_only INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (app_id, id)
);
"""
SEGMENTS_SCHEMA = (
    _SEGMENTS_TABLE.format(name="segments") + "CREATE INDEX IF NOT EXISTS segments_app ON segments(app_id);\n"
)
_COLUMNS = "id, app_id, name, description, filters, source, is_active, read_only, created_at, updated_at"


def migrate_segment_ids_per_app(db: sqlite3.Connection) -> None:
    """Databases of earlier versions keyed segments by id alone (ids global across apps): rebuild the
    table with the per-app key, keeping every row and its order."""
    keyed = [row[1] for row in db.execute("PRAGMA table_info(segments)") if row[5]]
    if keyed != ["id"]:
        return
    db.executescript(
        "BEGIN IMMEDIATE;"
        + _SEGMENTS_TABLE.format(name="segments_per_app")
        + f"INSERT INTO segments_per_app({_COLUMNS}) SELECT {_COLUMNS} FROM segments ORDER BY rowid;"
        "DROP TABLE segments;"
        "ALTER TABLE segments_per_app RENAME TO segments;"
        "CREATE INDEX IF NOT EXISTS segments_app ON segments(app_id);"
        "COMMIT;"
    )


register_schema(SEGMENTS_SCHEMA)
register_migration(migrate_segment_ids_per_app)


class SegmentsStore(StoreBase):
    """Segments."""

    @staticmethod
    def _segment_from(row: sqlite3.Row) -> Segment:
        return Segment(
            id=row["id"],
            app_id=row["app_id"],
            name=row["name"],
            filters=_loads(row["filters"], []),
            description=row["description"],
            source=row["source"],
            is_active=bool(row["is_active"]),
            read_only=bool(row["read_only"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def create_segment(
        self,
        app_id: str,
        name: str,
        filters: list[dict[str, Any]],
        now: float,
        *,
        segment_id: str | None = None,
        description: str | None = None,
        source: str = "custom",
        read_only: bool = False,
    ) -> Segment:
        segment = Segment(
            segment_id or new_id(),
            app_id,
            name,
            list(filters),
            description,
            source,
            True,
            read_only,
            now,
            now,
        )
        with self.write() as db:
            try:
                db.execute(
                    "INSERT INTO segments(id, app_id, name, description, filters, source, is_active, "
                    "read_only, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        segment.id,
                        app_id,
                        name,
                        description,
                        _dumps(segment.filters),
                        source,
                        1,
                        int(read_only),
                        now,
                        now,
                    ),
                )
            except sqlite3.IntegrityError:
                raise StoreConflict(f"A segment with id {segment.id} already exists in this app") from None
        return segment

    def create_default_segments(self, app_id: str, now: float) -> list[Segment]:
        """The segments every new OneSignal app starts with (membership is built in, see sim/targeting)."""
        return [self.create_segment(app_id, name, [], now, source="default") for name in DEFAULT_SEGMENTS]

    def get_segment(self, app_id: str, segment_id: str) -> Segment | None:
        with self.read() as db:
            row = db.execute(
                "SELECT * FROM segments WHERE id = ? AND app_id = ?", (segment_id, app_id)
            ).fetchone()
        return None if row is None else self._segment_from(row)

    def find_segment_by_name(self, app_id: str, name: str) -> Segment | None:
        with self.read() as db:
            row = db.execute(
                "SELECT * FROM segments WHERE app_id = ? AND name = ? ORDER BY rowid LIMIT 1", (app_id, name)
            ).fetchone()
        return None if row is None else self._segment_from(row)

    def list_segments(self, app_id: str, limit: int, offset: int) -> tuple[list[Segment], int]:
        with self.read() as db:
            total = int(db.execute("SELECT COUNT(*) FROM segments WHERE app_id = ?", (app_id,)).fetchone()[0])
            rows = db.execute(
                "SELECT * FROM segments WHERE app_id = ? ORDER BY created_at, rowid LIMIT ? OFFSET ?",
                (app_id, limit, offset),
            ).fetchall()
        return [self._segment_from(row) for row in rows], total

    def update_segment(self, app_id: str, segment_id: str, now: float, **changes: Any) -> Segment | None:
        allowed = {k: v for k, v in changes.items() if k in ("name", "filters", "description", "is_active")}
        if "filters" in allowed:
            allowed["filters"] = _dumps(allowed["filters"])
        with self.write() as db:
            assignments = ", ".join(f"{name} = ?" for name in [*allowed, "updated_at"])
            updated = db.execute(
                f"UPDATE segments SET {assignments} WHERE id = ? AND app_id = ?",
                (*allowed.values(), now, segment_id, app_id),
            ).rowcount
        return self.get_segment(app_id, segment_id) if updated else None

    def delete_segment(self, app_id: str, segment_id: str) -> bool:
        with self.write() as db:
            return (
                db.execute("DELETE FROM segments WHERE id = ? AND app_id = ?", (segment_id, app_id)).rowcount
                > 0
            )
