"""Demo data for a first run, and large generated apps for benchmarks (``--players N``).

Hooks called by ``start_sandbox`` (see sandbox/__init__.py):
- :func:`seed_demo` (first run, empty store): two apps ("Demo Shop" with 600 players, "Demo News" with 400)
  across device types, countries, languages and tags; 7 segments (5 on the shop); 30 notifications in every
  state (delivered, sending, scheduled, canceled, failed) created over the past weeks, so outcomes have data;
  and 90 days of history (a push most days, a weekly email, SMS now and then: :func:`_history`), so
  the Analytics tab's 7/30/90-day trends have something to show;
  Demo News sends a weekly email newsletter, so email metrics have data; and the audit log of how all of
  it was made (``sim/demo_audit.py``).
- :func:`generate_players` (``players=N``): an app "Load test (N players)" filled in one transaction by the
  store's bulk insert, plus two delivered notifications to all of it. Runs once per N and data dir.

Everything is drawn from a seeded ``random.Random``, so two seeded stores hold the same players.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from onesignal_desktop.sandbox.routing import ServerContext
from onesignal_desktop.sandbox.sim.delivery import DeliveryPlan
from onesignal_desktop.sandbox.sim.demo_audit import seed_demo_audit_log
from onesignal_desktop.sandbox.sim.demo_journeys import seed_demo_journeys
from onesignal_desktop.sandbox.sim.targeting import EMAIL_DEVICE_TYPE, SMS_DEVICE_TYPE
from onesignal_desktop.sandbox.store import Store
from onesignal_desktop.sandbox.store import notifications as records

DAY = 86400.0
DEMO_SEED = 20_240_601
LARGE_SEED = 424_242

# (device_type, weight, device models, OS versions)
DEVICES: list[tuple[int, int, tuple[str, ...], tuple[str, ...]]] = [
    (1, 44, ("Pixel 8", "Galaxy S23", "Galaxy A54", "OnePlus 11"), ("12", "13", "14")),
    (0, 30, ("iPhone15,2", "iPhone14,5", "iPhone16,1", "iPad13,4"), ("16.6", "17.2", "17.4")),
    (5, 10, ("Linux x86_64", "Win32", "MacIntel"), ("118", "120", "122")),
    (8, 3, ("Win32", "Linux x86_64"), ("121", "123")),
    (17, 4, ("MacIntel",), ("17.2", "17.4")),
    (EMAIL_DEVICE_TYPE, 7, ("",), ("",)),
    (SMS_DEVICE_TYPE, 2, ("",), ("",)),
]
# (country, weight, language, utc offset seconds, lat, long)
COUNTRIES: list[tuple[str, int, str, int, float, float]] = [
    ("US", 34, "en", -18000, 39.8, -98.6),
    ("GB", 10, "en", 0, 52.4, -1.5),
    ("DE", 9, "de", 3600, 51.2, 10.4),
    ("FR", 8, "fr", 3600, 46.6, 2.4),
    ("BR", 9, "pt", -10800, -14.2, -51.9),
    ("IN", 10, "en", 19800, 21.1, 78.0),
    ("JP", 6, "ja", 32400, 36.2, 138.3),
    ("ES", 5, "es", 3600, 40.4, -3.7),
    ("MX", 5, "es", -21600, 23.6, -102.6),
    ("CA", 4, "en", -18000, 56.1, -106.3),
]
PLANS = ("free", "free", "free", "pro", "pro", "enterprise")
CATEGORIES = ("shoes", "electronics", "books", "garden", "toys", "fashion")
TOPICS = ("breaking", "sports", "tech", "politics", "culture")
APP_VERSIONS = ("2.4.0", "2.5.1", "3.0.0", "3.1.2", "3.2.0")


def _uuid(rng: random.Random) -> str:
    """What ``str(uuid.UUID(int=rng.getrandbits(128), version=4))`` gives, formatted directly (a third of
    the time: generating 100,000 players makes as many)."""
    number = (rng.getrandbits(128) & _UUID_KEEP) | _UUID_SET
    text = f"{number:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# The bits uuid.UUID(version=4) overwrites: the variant (RFC 4122) and the version number.
_UUID_KEEP = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_UUID_SET = (0x8000 << 48) | (4 << 76)


def _pick(rng: random.Random, weighted: list[Any]) -> Any:
    return rng.choices(weighted, weights=[item[1] for item in weighted])[0]


def player_items(
    count: int, *, now: float, seed: int, flavor: str = "shop", prefix: str = "user"
) -> Iterator[dict[str, Any]]:
    """Items for ``Store.bulk_create_players``: subscription fields, ``user`` properties, external id."""
    rng = random.Random(seed)
    device_cum = _cumulative([weight for _, weight, _, _ in DEVICES])
    country_cum = _cumulative([weight for _, weight, _, _, _, _ in COUNTRIES])
    for index in range(count):
        device_type, _, models, versions = rng.choices(DEVICES, cum_weights=device_cum)[0]
        country, _, language, offset, lat, long = rng.choices(COUNTRIES, cum_weights=country_cum)[0]
        created = now - rng.uniform(2, 365) * DAY
        # 60% active within the week, the rest up to three months ago.
        if rng.random() < 0.6:
            last_active = now - rng.uniform(0.01, 6.9) * DAY
        else:
            last_active = now - rng.uniform(8, 90) * DAY
        last_active = max(last_active, created)
        subscribed = rng.random() >= 0.08
        external = f"{prefix}-{index:06d}" if rng.random() < 0.7 else None
        if device_type == EMAIL_DEVICE_TYPE:
            token = f"{prefix}{index}@example.com"
        elif device_type == SMS_DEVICE_TYPE:
            token = f"+1555{index:07d}"
        else:
            token = f"{rng.getrandbits(128):032x}"
        tags: dict[str, str] = {"level": str(rng.randint(1, 50)), "signup_at": str(int(created))}
        if flavor == "shop":
            tags["plan"] = rng.choice(PLANS)
            tags["favorite_category"] = rng.choice(CATEGORIES)
            if rng.random() < 0.3:
                tags["cart_items"] = str(rng.randint(1, 6))
        else:
            tags["topic"] = rng.choice(TOPICS)
            tags["reads_at_night"] = "true" if rng.random() < 0.35 else "false"
        session_count = max(1, int(rng.expovariate(1 / 25)))
        spent = round(rng.uniform(1, 400), 2) if flavor == "shop" and rng.random() < 0.25 else 0.0
        yield {
            "id": _uuid(rng),
            "device_type": device_type,
            "token": token,
            "enabled": subscribed,
            "notification_types": 1 if subscribed else -2,
            "session_count": session_count,
            "session_time": session_count * rng.randint(30, 600),
            "device_model": models[rng.randrange(len(models))] or None,
            "device_os": versions[rng.randrange(len(versions))] or None,
            "app_version": rng.choice(APP_VERSIONS) if device_type in (0, 1) else None,
            "sdk": "050100",
            "created_at": created,
            "last_active": last_active,
            "external_user_id": external,
            "user": {
                "tags": tags,
                "language": language,
                "country": country,
                "timezone_offset": offset,
                "lat": round(lat + rng.uniform(-3, 3), 4),
                "long": round(long + rng.uniform(-3, 3), 4),
                "amount_spent": spent,
                "first_active": created,
                "last_active": last_active,
            },
        }


def _cumulative(weights: list[int]) -> list[int]:
    total, out = 0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


SHOP_SEGMENTS: list[tuple[str, list[dict[str, Any]]]] = [
    ("VIP Customers", [{"field": "amount_spent", "relation": ">", "value": "50"}]),
    (
        "Power Users",
        [
            {"field": "session_count", "relation": ">", "value": "40"},
            {"operator": "AND"},
            {"field": "last_session", "relation": "<", "hours_ago": "168"},
        ],
    ),
    (
        "Europe",
        [
            {"field": "country", "relation": "=", "value": "DE"},
            {"operator": "OR"},
            {"field": "country", "relation": "=", "value": "FR"},
            {"operator": "OR"},
            {"field": "country", "relation": "=", "value": "GB"},
            {"operator": "OR"},
            {"field": "country", "relation": "=", "value": "ES"},
        ],
    ),
    ("Pro Plan", [{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}]),
    ("Lapsed Shoppers", [{"field": "last_session", "relation": ">", "hours_ago": "720"}]),
]
NEWS_SEGMENTS: list[tuple[str, list[dict[str, Any]]]] = [
    ("Breaking News Fans", [{"field": "tag", "key": "topic", "relation": "=", "value": "breaking"}]),
    ("Night Readers", [{"field": "tag", "key": "reads_at_night", "relation": "=", "value": "true"}]),
]


def _push(heading: str, text: str, **targeting: Any) -> dict[str, Any]:
    return {"headings": {"en": heading}, "contents": {"en": text}, **targeting}


def _cancel_mid_send(seconds: float) -> Any:
    def adjust(plan: DeliveryPlan) -> None:
        plan.canceled_at = plan.send_start + seconds

    return adjust


def _cancel_before_send(plan: DeliveryPlan) -> None:
    plan.canceled_at = plan.queued_at + 60


def _fail(plan: DeliveryPlan) -> None:
    plan.forced_error_rate = 1.0


# (days ago, kind, body, plan adjustment)
ShopNotification = tuple[float, int, dict[str, Any], Any]


def _shop_notifications(now: float) -> list[ShopNotification]:
    subscribed = {"included_segments": ["Subscribed Users"]}
    return [
        (24.5, 0, _push("Spring sale", "Up to 40% off everything this weekend", **subscribed), None),
        (
            22.1,
            1,
            _push(
                "Your cart misses you",
                "Items in your cart are selling fast",
                filters=[{"field": "tag", "key": "cart_items", "relation": "exists"}],
            ),
            None,
        ),
        (
            20.0,
            3,
            _push("Welcome!", "Here is 10% off your first order", included_segments=["Active Users"]),
            None,
        ),
        (
            18.3,
            0,
            _push("VIP preview", "Early access to the new collection", included_segments=["VIP Customers"]),
            None,
        ),
        (
            16.7,
            1,
            _push(
                "Back in stock",
                "Your favourite shoes are back",
                filters=[{"field": "tag", "key": "favorite_category", "relation": "=", "value": "shoes"}],
            ),
            None,
        ),
        (15.2, 0, _push("Europe only", "Free shipping across the EU", included_segments=["Europe"]), None),
        (
            13.9,
            3,
            _push("We miss you", "Come back for a surprise", included_segments=["Lapsed Shoppers"]),
            None,
        ),
        (12.4, 1, _push("Pro perks", "New perks for Pro members", included_segments=["Pro Plan"]), None),
        (10.8, 0, _push("Flash sale", "Two hours only", **subscribed), None),
        (
            9.1,
            1,
            _push(
                "Level up",
                "You reached a new level",
                filters=[{"field": "tag", "key": "level", "relation": ">", "value": "30"}],
            ),
            None,
        ),
        (7.6, 1, _push("Broken campaign", "This one could not be delivered", **subscribed), _fail),
        (6.2, 0, _push("Power hour", "Double points for an hour", included_segments=["Power Users"]), None),
        (4.9, 1, _push("Canceled mid-send", "Wrong price in this one", **subscribed), _cancel_mid_send(1.0)),
        (
            3.3,
            3,
            _push(
                "Weekly digest",
                "Your picks for this week",
                included_segments=["Active Users"],
                excluded_segments=["VIP Customers"],
            ),
            None,
        ),
        (
            1.8,
            0,
            _push(
                "Garden week",
                "Everything for your garden",
                filters=[
                    {"field": "tag", "key": "favorite_category", "relation": "=", "value": "garden"},
                    {"operator": "OR"},
                    {"field": "country", "relation": "=", "value": "GB"},
                ],
            ),
            None,
        ),
        (0.9, 1, _push("Yesterday's deals", "Last chance for yesterday's deals", **subscribed), None),
        (
            0.2,
            1,
            {
                "email_subject": "Your monthly receipt",
                "email_body": "<p>Thanks for shopping!</p>",
                "included_segments": ["Subscribed Users"],
            },
            None,
        ),
        (
            0.1,
            1,
            {
                "contents": {"en": "Your code: 4821"},
                "sms_from": "+15550001111",
                "included_segments": ["Subscribed Users"],
            },
            None,
        ),
        # Still sending: spread over each user's timezone, and a slow throttle.
        (
            0.05,
            0,
            _push(
                "Good morning",
                "Breakfast deals near you",
                delayed_option="timezone",
                delivery_time_of_day="9:00AM",
                **subscribed,
            ),
            None,
        ),
        (
            0.02,
            1,
            _push("Slow drip", "Throttled announcement", throttle_rate_per_minute=2, **subscribed),
            None,
        ),
        # Scheduled (one of them canceled before it went out).
        (
            0.01,
            0,
            _push("Black Friday", "Doors open at midnight", send_after=now + 3 * DAY, **subscribed),
            None,
        ),
        (
            0.01,
            1,
            _push("Reminder", "Sale ends tomorrow", send_after=now + 1 * DAY, included_segments=["Pro Plan"]),
            None,
        ),
        (
            0.01,
            1,
            _push("Old plan", "Replaced by another campaign", send_after=now + 2 * DAY, **subscribed),
            _cancel_before_send,
        ),
    ]


def _newsletter(issue: int) -> dict[str, Any]:
    return {
        "name": f"Weekly newsletter #{issue}",
        "email_subject": f"The week in review, issue {issue}",
        "email_body": "<h1>The week in review</h1><p>The stories you read most, and what comes next.</p>",
        "included_segments": ["Subscribed Users"],
    }


def _news_notifications(now: float) -> list[ShopNotification]:
    subscribed = {"included_segments": ["Subscribed Users"]}
    return [
        (21.0, 0, _push("Breaking", "Major storm expected this weekend", **subscribed), None),
        # The weekly newsletter, by email (to the app's email subscriptions only).
        *((days_ago, 0, _newsletter(n), None) for n, days_ago in enumerate((27.6, 20.6, 13.6, 6.6), 1)),
        (
            14.0,
            3,
            _push("Morning briefing", "Five things to know today", included_segments=["Active Users"]),
            None,
        ),
        (
            9.5,
            1,
            _push("Breaking", "Election results are in", included_segments=["Breaking News Fans"]),
            None,
        ),
        (5.0, 0, _push("Late edition", "Tonight's long read", included_segments=["Night Readers"]), None),
        (
            2.2,
            1,
            _push(
                "Sports",
                "Final score from last night",
                filters=[{"field": "tag", "key": "topic", "relation": "=", "value": "sports"}],
            ),
            None,
        ),
        (
            0.6,
            1,
            _push(
                "Tech",
                "A new phone was announced",
                filters=[{"field": "tag", "key": "topic", "relation": "=", "value": "tech"}],
            ),
            _cancel_mid_send(0.5),
        ),
        (0.01, 0, _push("Weekend edition", "Coming Saturday", send_after=now + 2 * DAY, **subscribed), None),
        (0.01, 1, _push("Podcast", "New episode tomorrow", send_after=now + 1 * DAY, **subscribed), None),
    ]


#: (heading, text) of the history's pushes, drawn in turn; a few segments to vary the audience.
HISTORY_PUSHES: dict[str, tuple[tuple[str, str], ...]] = {
    "shop": (
        ("Deal of the day", "Today only: 30% off a bestseller"),
        ("New arrivals", "Fresh picks just landed"),
        ("Price drop", "Something on your wishlist got cheaper"),
        ("Weekend sale", "Up to 50% off until Sunday"),
        ("Free shipping", "On every order today"),
        ("Back in stock", "Popular items are back"),
        ("Members' hour", "An hour of extra points"),
    ),
    "news": (
        ("Morning briefing", "Five things to know today"),
        ("Breaking", "A developing story"),
        ("Evening digest", "The day in ten minutes"),
        ("Sports", "Last night's results"),
        ("Tech", "What launched this week"),
        ("Culture", "The weekend's best reads"),
    ),
}
HISTORY_SEGMENTS = {
    "shop": ("Subscribed Users", "Subscribed Users", "Active Users", "Europe", "VIP Customers"),
    "news": ("Subscribed Users", "Subscribed Users", "Active Users", "Breaking News Fans"),
}
HISTORY_FIRST_DAY, HISTORY_LAST_DAY = 1, 90
#: The last month's emails are the hand-written ones (Demo News' newsletter: email metrics count them).
HISTORY_EMAILS_FROM = 30


def _history(flavor: str, seed: int) -> list[ShopNotification]:
    """Days 1 to 90 ago (beside the hand-written sends of the last weeks): a push on most days (sometimes
    two), a weekly email before the last month and an SMS every other week, at a believable hour."""
    rng = random.Random(seed)
    pushes = HISTORY_PUSHES[flavor]
    segments = HISTORY_SEGMENTS[flavor]
    out: list[ShopNotification] = []
    for day in range(HISTORY_FIRST_DAY, HISTORY_LAST_DAY):
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            heading, text = pushes[rng.randrange(len(pushes))]
            hour = rng.uniform(0.3, 0.6)  # a fraction of the day back from now
            segment = segments[rng.randrange(len(segments))]
            kind = rng.choice((0, 1, 1, 3))
            out.append((day + hour, kind, _push(heading, text, included_segments=[segment]), None))
        if day % 7 == 3 and day >= HISTORY_EMAILS_FROM:
            out.append(
                (
                    day + 0.4,
                    0,
                    {
                        "name": f"Weekly email, day -{day}",
                        "email_subject": "This week's picks" if flavor == "shop" else "The week in review",
                        "email_body": "<p>What you missed this week.</p>",
                        "included_segments": ["Subscribed Users"],
                    },
                    None,
                )
            )
        if day % 14 == 5:
            out.append(
                (
                    day + 0.45,
                    1,
                    {
                        "contents": {"en": "Flash offer: reply STOP to opt out"},
                        "sms_from": "+15550001111",
                        "included_segments": ["Subscribed Users"],
                    },
                    None,
                )
            )
    return out


def _seed_app(
    ctx: ServerContext,
    name: str,
    players: int,
    seed: int,
    flavor: str,
    segments: list[tuple[str, list[dict[str, Any]]]],
    notifications: list[ShopNotification],
    history: list[ShopNotification] | None = None,
) -> str:
    from onesignal_desktop.sandbox.routes.notifications import create_notification_record

    store = ctx.store
    now = ctx.clock.now()
    app = store.create_app(name, ctx.organization_id, now - 400 * DAY)
    # Like every OneSignal app (and apps made through POST /apps here), the demo apps have the built-ins.
    store.create_default_segments(app.id, now - 400 * DAY)
    store.bulk_create_players(
        app.id, player_items(players, now=now, seed=seed, flavor=flavor, prefix=flavor), now
    )
    for index, (segment_name, filters) in enumerate(segments):
        store.create_segment(app.id, segment_name, filters, now - (60 - index) * DAY)
    rng = random.Random(seed + 1)
    # Nothing below changes a player: read them once instead of once per notification.
    targeting_players = list(records.iter_targeting_players(store, app.id))
    _seed_history(store, app.id, now, rng, history or [], targeting_players)
    for days_ago, kind, body, adjust in notifications:
        create_notification_record(
            store,
            app.id,
            {"app_id": app.id, **body},
            now - days_ago * DAY,
            kind=kind,
            notification_id=_uuid(rng),
            adjust_plan=adjust,
            targeting_players=targeting_players,
        )
    return app.id


def _audience_key(body: dict[str, Any]) -> str:
    channel = "email" if "email_subject" in body else "sms" if "sms_from" in body else "push"
    return f"{channel}:{','.join(body.get('included_segments', []))}"


def _seed_history(
    store: Store,
    app_id: str,
    now: float,
    rng: random.Random,
    history: list[ShopNotification],
    targeting_players: list[dict[str, Any]],
) -> None:
    """The history's notifications, stored in one transaction: each audience (channel and segment) is
    resolved once, by the first send to it, and the later sends to it reuse its recipients (resolving
    a segment per send tripled the demo's seeding time)."""
    from onesignal_desktop.sandbox.routes.notifications import create_notification_record

    resolved: dict[str, records.NotificationRecord | None] = {}
    later: list[records.NotificationRecord] = []
    for days_ago, kind, body, _adjust in history:
        queued = now - days_ago * DAY
        new_id = _uuid(rng)
        key = _audience_key(body)
        if key not in resolved:
            _answer, resolved[key] = create_notification_record(
                store,
                app_id,
                {"app_id": app_id, **body},
                queued,
                kind=kind,
                notification_id=new_id,
                targeting_players=targeting_players,
            )
            continue
        first = resolved[key]
        if first is None:
            continue
        plan = DeliveryPlan(
            notification_id=new_id, queued_at=queued, platform_counts=dict(first.plan.platform_counts)
        )
        later.append(
            records.NotificationRecord(
                id=new_id,
                app_id=app_id,
                kind=kind,
                queued_at=queued,
                idempotency_key=None,
                body={"app_id": app_id, **body},
                plan=plan,
                response={"id": new_id, "recipients": plan.recipients, "external_id": None},
                recipient_ids=list(first.recipient_ids),
            )
        )
    records.insert_notifications(store, later)


def seed_demo(ctx: ServerContext) -> None:
    """The first-run demo (called by start_sandbox on an empty store)."""
    now = ctx.clock.now()
    shop_history, news_history = _history("shop", DEMO_SEED + 3), _history("news", DEMO_SEED + 5)
    shop = _seed_app(
        ctx, "Demo Shop", 600, DEMO_SEED, "shop", SHOP_SEGMENTS, _shop_notifications(now), shop_history
    )
    seed_demo_journeys(ctx.store, shop, now, DEMO_SEED + 13)
    _seed_app(
        ctx, "Demo News", 400, DEMO_SEED + 7, "news", NEWS_SEGMENTS, _news_notifications(now), news_history
    )
    seed_demo_audit_log(ctx.store, ctx.organization_id, now, DEMO_SEED + 11)
    ctx.store.set_meta("demo_seeded", "1")


def generate_players(ctx: ServerContext, count: int) -> None:
    """An app with ``count`` generated players (once per count and data dir), for benchmarks."""
    add_large_app(ctx.store, organization_id=ctx.organization_id, now=ctx.clock.now(), count=count)


def add_large_app(
    store: Store, *, organization_id: str, now: float, count: int, seed: int = LARGE_SEED
) -> str:
    marker = f"generated_app:{count}"
    existing = store.get_meta(marker)
    if existing and store.app_exists(existing):
        return existing
    app = store.create_app(f"Load test ({count:,} players)", organization_id, now - 30 * DAY)
    store.create_default_segments(app.id, now - 30 * DAY)
    items = list(player_items(count, now=now, seed=seed, prefix="load"))
    store.bulk_create_players(app.id, items, now)
    reachable = [item for item in items if item["enabled"] and item["device_type"] not in (11, 14)]
    device_counts: dict[int, int] = {}
    for item in reachable:
        device_counts[item["device_type"]] = device_counts.get(item["device_type"], 0) + 1
    rng = random.Random(seed + 1)
    notes = []
    for days_ago, heading in ((3.0, "Load test blast"), (0.5, "Load test follow-up")):
        nid = _uuid(rng)
        queued = now - days_ago * DAY
        body = {
            "app_id": app.id,
            "headings": {"en": heading},
            "contents": {"en": heading},
            "included_segments": ["Subscribed Users"],
        }
        plan = DeliveryPlan(notification_id=nid, queued_at=queued, platform_counts=dict(device_counts))
        notes.append(
            records.NotificationRecord(
                id=nid,
                app_id=app.id,
                kind=1,
                queued_at=queued,
                idempotency_key=None,
                body=body,
                plan=plan,
                response={"id": nid, "recipients": plan.recipients, "external_id": None},
                recipient_ids=[str(item["id"]) for item in reachable],
            )
        )
    records.insert_notifications(store, notes)
    store.set_meta(marker, app.id)
    return app.id
