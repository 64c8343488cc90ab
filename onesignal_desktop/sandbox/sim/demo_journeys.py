"""The demo's journeys: a welcome series running for three days, a cart reminder triggered by custom
events, and a draft, so the Journeys tab has users moving through real graphs on first start."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from onesignal_desktop.sandbox.sim import journey_graph as graph
from onesignal_desktop.sandbox.sim import journeys as engine
from onesignal_desktop.sandbox.store import CustomEventRecord, Store

DAY = 86400.0
HOUR = 3600.0


def _fixed_ids(rng: random.Random) -> Callable[[], str]:
    """Ids drawn from the demo's seed: the same journeys, nodes and so the same sends on every seed."""
    return lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _checked(
    store: Store, app_id: str, nodes: list[dict[str, Any]], rng: random.Random
) -> list[dict[str, Any]]:
    segments, _ = store.list_segments(app_id, 1000, 0)
    templates, _ = store.list_templates(app_id, 1000, 0)
    ctx = graph.GraphContext(
        {s.id for s in segments}, {t.id: t.channel for t in templates}, new_id=_fixed_ids(rng)
    )
    return graph.check_nodes(nodes, ctx)


def seed_demo_journeys(store: Store, app_id: str, now: float, seed: int) -> None:
    rng = random.Random(seed)
    fixed_id = _fixed_ids(rng)
    welcome = store.create_template(
        app_id,
        "Welcome push",
        "push",
        {"headings": {"en": "Welcome!"}, "contents": {"en": "Glad you're here."}},
        now - 40 * DAY,
    )
    tips = store.create_template(
        app_id,
        "Getting started email",
        "email",
        {"email_subject": "Three tips to get started", "email_body": "<p>Here is how to begin…</p>"},
        now - 40 * DAY,
    )
    offer = store.create_template(
        app_id,
        "10 % off",
        "push",
        {"headings": {"en": "A gift"}, "contents": {"en": "10 % off today"}},
        now - 40 * DAY,
    )
    reminder = store.create_template(
        app_id,
        "Cart reminder",
        "push",
        {"contents": {"en": "You left something in your cart"}},
        now - 40 * DAY,
    )
    subscribed = store.find_segment_by_name(app_id, "Subscribed Users")
    if subscribed is None:
        return
    series = store.create_journey(
        app_id,
        {
            "id": fixed_id(),
            "name": "Welcome series",
            "description": "New subscribers: a welcome push, then tips by email if they do not open it.",
            "audience": {"kind": "segment", "included_segment_ids": [subscribed.id]},
            "reentry_rules": None,
            "nodes": _checked(
                store,
                app_id,
                [
                    {"kind": "wait", "duration_seconds": int(HOUR), "annotation": "one hour after joining"},
                    {"kind": "send_push", "template_id": welcome.id, "client_node_id": "welcome"},
                    {"kind": "wait", "duration_seconds": int(DAY)},
                    {
                        "kind": "yes_no",
                        "branches": [
                            {
                                "condition": {
                                    "kind": "on_notification_action",
                                    "action": "clicked",
                                    "client_node_id": "welcome",
                                },
                                "nodes": [{"kind": "tag", "assignments": {"onboarded": "yes"}}],
                            },
                            {
                                "nodes": [
                                    {"kind": "send_email", "template_id": tips.id},
                                    {"kind": "wait", "duration_seconds": int(45 * DAY)},
                                ]
                            },
                        ],
                    },
                    {
                        "kind": "split_range",
                        "annotation": "offer test",
                        "branches": [
                            {"weight": 50, "nodes": [{"kind": "send_push", "template_id": offer.id}]},
                            {"weight": 50},
                        ],
                    },
                ],
                rng,
            ),
        },
        now - 32 * DAY,
    )
    # Started a month ago, so its messages sit below the demo's recent notifications in the list.
    series.state, series.started_at = "active", now - 30 * DAY
    store.save_journey(series, now - 30 * DAY)
    cart = store.create_journey(
        app_id,
        {
            "id": fixed_id(),
            "name": "Cart reminder",
            "audience": {"kind": "event_trigger", "name": "cart_abandoned"},
            "early_exit": {"rules": {"on_event": {"name": "purchase"}}},
            "reentry_rules": {"duration_seconds": int(DAY)},
            "nodes": _checked(
                store,
                app_id,
                [
                    {"kind": "wait", "duration_seconds": int(2 * HOUR)},
                    {"kind": "send_push", "template_id": reminder.id},
                ],
                rng,
            ),
        },
        now - 32 * DAY,
    )
    cart.state, cart.started_at = "active", now - 31 * DAY
    store.save_journey(cart, now - 31 * DAY)
    store.create_journey(
        app_id,
        {
            "id": fixed_id(),
            "name": "Win-back (draft)",
            "audience": {"kind": "segment", "included_segment_ids": [subscribed.id]},
            "nodes": _checked(store, app_id, [{"kind": "send_push", "template_id": offer.id}], rng),
        },
        now - DAY,
    )
    # Custom events: carts left behind a month ago (some bought after all), and a few in the last hour,
    # whose reminder is still to come.
    with store.read() as db:
        users = [
            str(row[0]) for row in db.execute("SELECT id FROM users WHERE app_id = ? LIMIT 24", (app_id,))
        ]
    events: list[CustomEventRecord] = []
    for index, user in enumerate(users):
        recent = index % 8 == 0
        at = now - rng.random() * HOUR if recent else now - 30 * DAY + rng.random() * 2 * DAY
        events.append(CustomEventRecord(app_id, user, "cart_abandoned", at, at, {"items": rng.randint(1, 4)}))
        if not recent and rng.random() < 0.3:
            later = at + rng.random() * 3 * HOUR
            events.append(
                CustomEventRecord(app_id, user, "purchase", later, later, {"amount": rng.randint(10, 90)})
            )
    events.sort(key=lambda event: event.received_at)
    store.add_custom_events(events)
    engine.advance(store, app_id, now)
