"""The first-run demo and generated apps, seen over loopback HTTP like the console sees them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox, SandboxClock, start_sandbox
from onesignal_desktop.sandbox.sim.demo import DAY, player_items
from onesignal_desktop.sandbox.sim.email_metrics import SANDBOX_SENDING_DOMAIN as SANDBOX_DOMAIN
from onesignal_desktop.sandbox.store import iso

T0 = 1_750_000_000.0


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    data_dir = tmp_path_factory.mktemp("demo")
    with start_sandbox(data_dir, clock=SandboxClock(start=T0, frozen=True)) as sb:
        yield sb


def app_by_name(sb: Sandbox, name: str) -> str:
    return next(app.id for app in sb.store.list_apps() if app.name == name)


def all_notifications(sb: Sandbox, app_id: str) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Key {sb.app_key(app_id)}"}
    found: list[dict[str, Any]] = []
    while True:  # every page: the demo has more than one page of history
        response = httpx.get(
            f"{sb.base_url}/notifications",
            params={"app_id": app_id, "offset": len(found)},
            headers=headers,
        )
        assert response.status_code == 200
        page = response.json()
        found += page["notifications"]
        if not page["notifications"] or len(found) >= page["total_count"]:
            return found


def test_demo_has_two_apps_about_a_thousand_players_and_segments(demo: Sandbox) -> None:
    apps = {app.name: app for app in demo.store.list_apps()}
    assert set(apps) == {"Demo Shop", "Demo News"}
    assert sum(app.players for app in apps.values()) == 1000
    assert all(0 < app.messageable_players < app.players for app in apps.values())
    segments, _ = demo.store.list_segments(apps["Demo Shop"].id, 50, 0)
    custom = [s for s in segments if s.source != "default"]
    assert len(custom) == 5
    assert {s.name for s in custom} >= {"VIP Customers", "Europe"}
    built_in = {s.name for s in segments if s.source == "default"}
    assert built_in == {"Subscribed Users", "Active Users", "Inactive Users"}


def test_demo_players_vary_in_device_country_language_and_tags(demo: Sandbox) -> None:
    players, _ = demo.store.list_players(app_by_name(demo, "Demo Shop"), 300, 0)
    assert len({p.device_type for p in players}) >= 5
    assert len({p.country for p in players}) >= 6
    assert len({p.language for p in players}) >= 4
    assert all("level" in p.tags for p in players)


def test_demo_notifications_cover_every_state(demo: Sandbox) -> None:
    shop = all_notifications(demo, app_by_name(demo, "Demo Shop"))
    news = all_notifications(demo, app_by_name(demo, "Demo News"))
    everything = shop + news
    assert len(everything) >= 28
    delivered = [n for n in everything if n["completed_at"] is not None and n["successful"] > 0]
    failed = [n for n in everything if n["completed_at"] is not None and n["successful"] == 0]
    canceled = [n for n in everything if n["canceled"]]
    scheduled = [n for n in everything if n["send_after"] > T0 and not n["canceled"]]
    sending = [n for n in everything if not n["canceled"] and n["remaining"] > 0 and n["successful"] > 0]
    assert len(delivered) >= 15
    assert failed and len(canceled) >= 3 and len(scheduled) >= 3 and sending
    kinds = {
        kind: httpx.get(
            f"{demo.base_url}/notifications",
            params={"app_id": app_by_name(demo, "Demo Shop"), "kind": kind},
            headers={"Authorization": f"Key {demo.app_key(app_by_name(demo, 'Demo Shop'))}"},
        ).json()["total_count"]
        for kind in (0, 1, 3)
    }
    assert all(count > 0 for count in kinds.values())
    assert sum(kinds.values()) == len(shop)


def test_demo_spans_90_days_with_a_send_most_days_on_every_channel(demo: Sandbox) -> None:
    for app_name in ("Demo Shop", "Demo News"):
        sent = [n for n in all_notifications(demo, app_by_name(demo, app_name)) if n["send_after"] <= T0]
        days = {int((T0 - n["send_after"]) // 86400) for n in sent}
        assert max(days) >= 89
        assert len(days & set(range(90))) >= 60, f"{app_name} sends on too few of the last 90 days"
        channels = {
            ("email" if n.get("email_subject") else "sms" if n.get("sms_from") else "push") for n in sent
        }
        assert channels == {"push", "email", "sms"}
        # per-platform rates differ as in life: iOS is clicked more than web push, Android confirms more
        totals: dict[str, list[int]] = {}
        for notification in sent:
            for platform, stats in (notification.get("platform_delivery_stats") or {}).items():
                pair = totals.setdefault(platform, [0, 0, 0])
                pair[0] += stats.get("successful") or 0
                pair[1] += stats.get("converted") or 0
                pair[2] += stats.get("received") or 0
        ctr = {platform: clicks / max(1, delivered) for platform, (delivered, clicks, _) in totals.items()}
        assert ctr["ios"] > ctr["chrome_web_push"]
        assert totals["android"][2] / totals["android"][0] > totals["ios"][2] / totals["ios"][0]


def test_demo_has_outcomes(demo: Sandbox) -> None:
    app_id = app_by_name(demo, "Demo Shop")
    response = httpx.get(
        f"{demo.base_url}/apps/{app_id}/outcomes",
        params={
            "outcome_names": "os__click.count,os__session_duration.sum,purchase.sum",
            "outcome_time_range": "1mo",
        },
        headers={"Authorization": f"Key {demo.app_key(app_id)}"},
    )
    values = {o["id"]: o["value"] for o in response.json()["outcomes"]}
    assert values["os__click"] > 50
    assert values["os__session_duration"] > 0
    assert values["purchase"] > 0


def test_demo_news_sends_a_weekly_email_newsletter_with_figures_per_provider(demo: Sandbox) -> None:
    app_id = app_by_name(demo, "Demo News")
    with OneSignalClient(demo.base_url, app_keys=demo.app_key) as client:
        start, end = iso(T0 - 30 * DAY).replace(".000", ""), iso(T0).replace(".000", "")
        weekly = client.get_email_provider_metrics_timeseries(app_id, SANDBOX_DOMAIN, start, end, "daily")
        providers = client.get_email_provider_metrics(app_id, SANDBOX_DOMAIN, start, end).providers
    days_with_email = [event.date for event in weekly.events if event.metrics and event.metrics.sent]
    assert len(days_with_email) == 4  # one issue a week
    assert all((p.metrics.sent or 0) > 0 for p in providers if p.metrics)
    assert sum(p.metrics.delivered or 0 for p in providers if p.metrics) > 50


def test_demo_has_an_audit_log_of_how_it_was_made(demo: Sandbox) -> None:
    with OneSignalClient(demo.base_url, organization_key=demo.org_key, app_keys=demo.app_key) as client:
        events = []
        cursor = None
        while True:  # 90 days of history: more than a page
            page = client.list_audit_logs(
                demo.organization_id, start_time=iso(T0 - 90 * DAY + 60), cursor=cursor, limit=100
            )
            events += page.audit_logs
            if not page.has_more:
                break
            cursor = page.next_cursor
    actions = {event.action for event in events}
    assert {"segment.created", "notification.sent", "notification.canceled", "app.updated"} <= actions
    shop = app_by_name(demo, "Demo Shop")
    sent = [e for e in events if e.action == "notification.sent" and e.app_id == shop]
    assert len(sent) == len(all_notifications(demo, shop))  # every notification of the shop, once
    assert {e.actor.type for e in events if e.actor} == {"member", "api_key"}
    assert all(e.context and e.context.ip for e in events)
    times = [e.occurred_at for e in events]
    assert times == sorted(times)


def test_demo_is_seeded_once_and_survives_restart(tmp_path: Path) -> None:
    clock = SandboxClock(start=T0, frozen=True)
    with start_sandbox(tmp_path, clock=clock) as first:
        ids = sorted(first.app_ids())
        news = [n["id"] for n in all_notifications(first, app_by_name(first, "Demo News"))]
    assert len(news) > 40  # 90 days of history and the last weeks' sends
    with start_sandbox(tmp_path, clock=clock) as second:
        assert sorted(second.app_ids()) == ids
        assert [n["id"] for n in all_notifications(second, app_by_name(second, "Demo News"))] == news


def test_generated_players_are_deterministic() -> None:
    first = list(player_items(50, now=T0, seed=3))
    again = list(player_items(50, now=T0, seed=3))
    assert first == again
    assert len({item["id"] for item in first}) == 50


def test_generated_app_holds_the_requested_players() -> None:
    # The 100,000-player timing is a benchmark (tests/benchmarks/bench_sandbox.py), not a timed test.
    with start_sandbox(seed_demo=False, players=3_000, clock=SandboxClock(start=T0, frozen=True)) as sb:
        (app,) = sb.store.list_apps()
        assert app.players == 3_000
        headers = {"Authorization": f"Key {sb.app_key(app.id)}"}
        page = httpx.get(f"{sb.base_url}/players", params={"app_id": app.id, "limit": 300}, headers=headers)
        assert page.json()["total_count"] == 3_000
        assert len(page.json()["players"]) == 300
