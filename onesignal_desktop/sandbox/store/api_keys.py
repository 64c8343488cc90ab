"""An app's API keys (only their hashes: the sandbox never keeps a key itself)."""

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
class ApiKey:
    token_id: str
    app_id: str
    name: str
    ip_allowlist_mode: str = "disabled"
    ip_allowlist: list[str] = field(default_factory=list)
    created_at: float = 0.0
    updated_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "token_id": self.token_id,
            "name": self.name,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "ip_allowlist_mode": self.ip_allowlist_mode,
            "ip_allowlist": list(self.ip_allowlist),
        }


API_KEYS_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    token_id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    ip_allowlist_mode TEXT NOT NULL DEFAULT 'disabled',
    ip_allowlist TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_app ON api_keys(app_id);
"""
register_schema(API_KEYS_SCHEMA)


class ApiKeysStore(StoreBase):
    """API keys."""

    @staticmethod
    def _api_key_from(row: sqlite3.Row) -> ApiKey:
        return ApiKey(
            token_id=row["token_id"],
            app_id=row["app_id"],
            name=row["name"],
            ip_allowlist_mode=row["ip_allowlist_mode"],
            ip_allowlist=_loads(row["ip_allowlist"], []),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def create_api_key(
        self,
        app_id: str,
        name: str,
        key_hash: str,
        now: float,
        *,
        ip_allowlist_mode: str = "disabled",
        ip_allowlist: list[str] | None = None,
    ) -> ApiKey:
        api_key = ApiKey(new_id(), app_id, name, ip_allowlist_mode, list(ip_allowlist or []), now, now)
        with self.write() as db:
            db.execute(
                "INSERT INTO api_keys(token_id, app_id, name, key_hash, ip_allowlist_mode, ip_allowlist, "
                "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    api_key.token_id,
                    app_id,
                    name,
                    key_hash,
                    ip_allowlist_mode,
                    _dumps(api_key.ip_allowlist),
                    now,
                    now,
                ),
            )
        return api_key

    def get_api_key(self, app_id: str, token_id: str) -> ApiKey | None:
        with self.read() as db:
            row = db.execute(
                "SELECT * FROM api_keys WHERE token_id = ? AND app_id = ?", (token_id, app_id)
            ).fetchone()
        return None if row is None else self._api_key_from(row)

    def list_api_keys(self, app_id: str) -> list[ApiKey]:
        with self.read() as db:
            rows = db.execute(
                "SELECT * FROM api_keys WHERE app_id = ? ORDER BY created_at, rowid", (app_id,)
            ).fetchall()
        return [self._api_key_from(row) for row in rows]

    def update_api_key(self, app_id: str, token_id: str, now: float, **changes: Any) -> ApiKey | None:
        allowed = {
            k: v for k, v in changes.items() if k in ("name", "ip_allowlist_mode", "ip_allowlist", "key_hash")
        }
        if "ip_allowlist" in allowed:
            allowed["ip_allowlist"] = _dumps(allowed["ip_allowlist"])
        with self.write() as db:
            assignments = ", ".join(f"{name} = ?" for name in [*allowed, "updated_at"])
            updated = db.execute(
                f"UPDATE api_keys SET {assignments} WHERE token_id = ? AND app_id = ?",
                (*allowed.values(), now, token_id, app_id),
            ).rowcount
        return self.get_api_key(app_id, token_id) if updated else None

    def delete_api_key(self, app_id: str, token_id: str) -> bool:
        with self.write() as db:
            return (
                db.execute(
                    "DELETE FROM api_keys WHERE token_id = ? AND app_id = ?", (token_id, app_id)
                ).rowcount
                > 0
            )

    def find_api_key_by_hash(self, app_id: str, key_hash: str) -> ApiKey | None:
        with self.read() as db:
            row = db.execute(
                "SELECT * FROM api_keys WHERE app_id = ? AND key_hash = ?", (app_id, key_hash)
            ).fetchone()
        return None if row is None else self._api_key_from(row)
