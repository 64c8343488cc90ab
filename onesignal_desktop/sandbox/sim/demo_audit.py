"""The demo's audit log: the changes that made the demo apps what they are, as an organization's log
would show them (who made each, from where, when), so the Audit log page has something to show on a
first run.

Read back from what the demo actually holds: each custom segment's creation, each notification sent
(and canceled) at its own time, plus a few settings changes, by two team members working in the
dashboard and the shop's server sending through its app API key. Only the last 90 days: all the
audit log API returns.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from onesignal_desktop.sandbox.store import AuditEvent, Store
from onesignal_desktop.sandbox.store import notifications as records

DAY = 86400.0
WINDOW = 90 * DAY
DASHBOARD_AGENT = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Safari/605.1.15"
SERVER_AGENT = "demo-shop-backend/3.2 (python-httpx/0.27)"


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    name: str
    email: str | None
    ip: str  # documentation ranges (RFC 5737): never a real address
    user_agent: str


MEMBERS = (
    Actor(
        "9d1c7a52-3f1e-4c1b-9a0e-5b7d2e8f4a11",
        "member",
        "Alex Morgan",
        "alex@demo.example",
        "203.0.113.24",
        DASHBOARD_AGENT,
    ),
    Actor(
        "2b6e9f03-8c4d-4e2a-b1f7-0c9a3d5e7b22",
        "member",
        "Priya Shah",
        "priya@demo.example",
        "203.0.113.87",
        DASHBOARD_AGENT,
    ),
)


def _server(app_id: str, app_name: str) -> Actor:
    return Actor(
        f"demo-server-key:{app_id}", "api_key", f"{app_name} server", None, "198.51.100.10", SERVER_AGENT
    )


def demo_audit_events(store: Store, organization_id: str, now: float, seed: int) -> list[AuditEvent]:
    """The audit events of every app of the organization, oldest first."""
    rng = random.Random(seed)
    events: list[AuditEvent] = []

    def add(
        at: float, action: str, actor: Actor, app_id: str | None, target: tuple[str, str, str | None]
    ) -> None:
        if at < now - WINDOW or at > now:
            return
        kind, target_id, name = target
        events.append(
            AuditEvent(
                organization_id=organization_id,
                occurred_at=at,
                action=action,
                app_id=app_id,
                actor_id=actor.id,
                actor_type=actor.type,
                actor_name=actor.name,
                actor_email=actor.email,
                target_type=kind,
                target_id=target_id,
                target_name=name,
                ip=actor.ip,
                user_agent=actor.user_agent,
                metadata={"source": "dashboard" if actor.type == "member" else "api"},
                id=f"{rng.getrandbits(128):032x}",
            )
        )

    for app in store.list_apps():
        if app.organization_id != organization_id:
            continue
        segments, _ = store.list_segments(app.id, 100, 0)
        for segment in segments:
            if segment.source == "default":
                continue
            actor = rng.choice(MEMBERS)
            add(segment.created_at, "segment.created", actor, app.id, ("segment", segment.id, segment.name))
            if rng.random() < 0.4:  # some were adjusted a few days later
                edited = segment.created_at + rng.uniform(1, 6) * DAY
                add(
                    edited,
                    "segment.updated",
                    rng.choice(MEMBERS),
                    app.id,
                    ("segment", segment.id, segment.name),
                )
        sent, _ = records.list_notifications(store, app.id, limit=1000, offset=0, kind=None)
        for record in sent:
            # kind 1: sent through the API (the app's server); 0 and 3: made in the dashboard.
            actor = _server(app.id, app.name) if record.kind == 1 else rng.choice(MEMBERS)
            body = record.body
            title = str(
                body.get("name") or (body.get("headings") or {}).get("en") or body.get("email_subject") or ""
            )
            target = ("notification", record.id, title or None)
            add(record.queued_at, "notification.sent", actor, app.id, target)
            canceled = record.plan.canceled_at
            if canceled is not None:
                add(canceled, "notification.canceled", rng.choice(MEMBERS), app.id, target)
        for days_ago in (41.5, 17.25, 3.4):
            at = now - (days_ago + rng.uniform(0, 0.5)) * DAY
            add(at, "app.updated", rng.choice(MEMBERS), app.id, ("app", app.id, app.name))
    events.sort(key=lambda event: event.occurred_at)
    return events


def seed_demo_audit_log(store: Store, organization_id: str, now: float, seed: int) -> int:
    """Write the demo's audit events; how many."""
    events = demo_audit_events(store, organization_id, now, seed)
    store.insert_audit_events(events)
    return len(events)
