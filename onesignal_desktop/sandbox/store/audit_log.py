"""The organization's audit log: one row per change made through the sandbox (who, what, which target,
from where, when), read back oldest first by a (time, sequence) cursor with the spec's filters.

What is logged, and when, is decided by the hook in :mod:`onesignal_desktop.sandbox.sim.audit_log`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.store.base import StoreBase, iso, register_schema

# The table keeps the name it had when it lived in sim/: a sandbox database saved by an earlier version
# keeps its log.
AUDIT_LOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS sim_audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    occurred_at REAL NOT NULL,
    app_id TEXT,
    action TEXT NOT NULL,
    actor_id TEXT,
    actor_type TEXT,
    actor_name TEXT,
    actor_email TEXT,
    target_type TEXT,
    target_id TEXT,
    target_name TEXT,
    ip TEXT,
    user_agent TEXT,
    metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS sim_audit_log_time ON sim_audit_log(organization_id, occurred_at, seq);
"""
register_schema(AUDIT_LOG_SCHEMA)


@dataclass
class AuditEvent:
    organization_id: str
    occurred_at: float
    action: str
    app_id: str | None = None
    actor_id: str | None = None
    actor_type: str | None = None
    actor_name: str | None = None
    actor_email: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    target_name: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    seq: int = 0

    def to_json(self) -> dict[str, Any]:
        """As GET /organizations/{organization_id}/audit_logs answers it (AuditLogEvent). What is not
        known is left out, not null: the spec says "absent if unavailable", and OneSignal's SDKs refuse a
        null where they expect a string."""
        actor = {
            "id": self.actor_id,
            "type": self.actor_type,
            "name": self.actor_name,
            "email": self.actor_email,
        }
        context = {"ip": self.ip, "user_agent": self.user_agent}
        target = {"type": self.target_type, "id": self.target_id, "name": self.target_name}
        answer: dict[str, Any] = {
            "id": self.id,
            "version": 1,
            "action": self.action,
            "occurred_at": iso(self.occurred_at),
            "organization_id": self.organization_id,
            "actor": _present(actor),
            "context": _present(context),
            "targets": [_present(target)] if self.target_type else [],
            "metadata": self.metadata,
        }
        if self.app_id is not None:
            answer["app_id"] = self.app_id  # absent for organization-level events
        return answer


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


@dataclass(frozen=True)
class AuditQuery:
    organization_id: str
    after: tuple[float, int]  # (occurred_at, seq) of the last event already returned
    end_time: float
    limit: int
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)  # filter name -> accepted values


_COLUMNS = (
    "id, organization_id, occurred_at, app_id, action, actor_id, actor_type, actor_name, actor_email, "
    "target_type, target_id, target_name, ip, user_agent, metadata"
)

# The spec's filter names and the column each one matches (app_ids is handled on its own).
AUDIT_FILTER_COLUMNS = {
    "actions": "action",
    "actor_ids": "actor_id",
    "actor_emails": "actor_email",
    "target_types": "target_type",
    "target_ids": "target_id",
    "ip_addresses": "ip",
}


class AuditLogStore(StoreBase):
    """The audit log."""

    def insert_audit_events(self, events: Iterable[AuditEvent]) -> None:
        rows = [
            (
                e.id,
                e.organization_id,
                e.occurred_at,
                e.app_id,
                e.action,
                e.actor_id,
                e.actor_type,
                e.actor_name,
                e.actor_email,
                e.target_type,
                e.target_id,
                e.target_name,
                e.ip,
                e.user_agent,
                json.dumps(e.metadata, separators=(",", ":")),
            )
            for e in events
        ]
        with self.write() as db:
            db.executemany(f"INSERT INTO sim_audit_log ({_COLUMNS}) VALUES ({','.join('?' * 15)})", rows)

    def find_audit_events(self, query: AuditQuery) -> list[AuditEvent]:
        """Up to ``query.limit`` events after ``query.after``, oldest first."""
        conditions = [
            "organization_id = ?",
            "(occurred_at > ? OR (occurred_at = ? AND seq > ?))",
            "occurred_at <= ?",
        ]
        params: list[Any] = [
            query.organization_id,
            query.after[0],
            query.after[0],
            query.after[1],
            query.end_time,
        ]
        for name, values in query.filters.items():
            if not values:
                continue
            marks = ",".join("?" * len(values))
            if name == "app_ids":
                conditions.append(f"(app_id IN ({marks}) OR app_id IS NULL)")  # org-level events always count
            else:
                conditions.append(f"{AUDIT_FILTER_COLUMNS[name]} IN ({marks})")
            params.extend(values)
        with self.read() as db:
            rows = db.execute(
                f"SELECT seq, {_COLUMNS} FROM sim_audit_log WHERE {' AND '.join(conditions)} "
                "ORDER BY occurred_at, seq LIMIT ?",
                (*params, query.limit),
            ).fetchall()
        return [
            AuditEvent(
                seq=row[0],
                id=row[1],
                organization_id=row[2],
                occurred_at=row[3],
                app_id=row[4],
                action=row[5],
                actor_id=row[6],
                actor_type=row[7],
                actor_name=row[8],
                actor_email=row[9],
                target_type=row[10],
                target_id=row[11],
                target_name=row[12],
                ip=row[13],
                user_agent=row[14],
                metadata=json.loads(row[15] or "{}"),
            )
            for row in rows
        ]
