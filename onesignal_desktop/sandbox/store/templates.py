"""Message templates (push, email, SMS) of an app."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store.base import (
    StoreBase,
    _dumps,
    _loads,
    iso,
    new_id,
    register_schema,
)


@dataclass
class Template:
    id: str
    app_id: str
    name: str
    channel: str
    content: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    updated_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "channel": self.channel,
            "content": dict(self.content),
        }


TEMPLATES_SCHEMA = """
CREATE TABLE IF NOT EXISTS templates (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    channel TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS templates_app ON templates(app_id);
"""
register_schema(TEMPLATES_SCHEMA)


class TemplatesStore(StoreBase):
    """Templates."""

    @staticmethod
    def _template_from(row: sqlite3.Row) -> Template:
        return Template(
            id=row["id"],
            app_id=row["app_id"],
            name=row["name"],
            channel=row["channel"],
            content=_loads(row["content"], {}),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def create_template(
        self, app_id: str, name: str, channel: str, content: dict[str, Any], now: float
    ) -> Template:
        template = Template(new_id(), app_id, name, channel, dict(content), now, now)
        with self.write() as db:
            db.execute(
                "INSERT INTO templates(id, app_id, name, channel, content, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (template.id, app_id, name, channel, _dumps(content), now, now),
            )
        return template

    def get_template(self, app_id: str, template_id: str) -> Template | None:
        with self.read() as db:
            row = db.execute(
                "SELECT * FROM templates WHERE id = ? AND app_id = ?", (template_id, app_id)
            ).fetchone()
        return None if row is None else self._template_from(row)

    def list_templates(
        self, app_id: str, limit: int, offset: int, channel: str | None = None
    ) -> tuple[list[Template], int]:
        where, params = "WHERE app_id = ?", [app_id]
        if channel:
            where += " AND channel = ?"
            params.append(channel)
        with self.read() as db:
            total = int(db.execute(f"SELECT COUNT(*) FROM templates {where}", params).fetchone()[0])
            rows = db.execute(
                f"SELECT * FROM templates {where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [self._template_from(row) for row in rows], total

    def update_template(
        self,
        app_id: str,
        template_id: str,
        now: float,
        *,
        name: str | None = None,
        channel: str | None = None,
        content: dict[str, Any] | None = None,
    ) -> Template | None:
        current = self.get_template(app_id, template_id)
        if current is None:
            return None
        merged = dict(current.content)
        merged.update(content or {})
        with self.write() as db:
            db.execute(
                "UPDATE templates SET name = ?, channel = ?, content = ?, updated_at = ? WHERE id = ?",
                (name or current.name, channel or current.channel, _dumps(merged), now, template_id),
            )
        return self.get_template(app_id, template_id)

    def delete_template(self, app_id: str, template_id: str) -> bool:
        with self.write() as db:
            return (
                db.execute(
                    "DELETE FROM templates WHERE id = ? AND app_id = ?", (template_id, app_id)
                ).rowcount
                > 0
            )
