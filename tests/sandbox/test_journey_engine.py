"""The journey engine on the sandbox clock, over real HTTP: users enter (segment members, trigger
events), wait, get real notifications (with reports), branch, exit early, re-enter by the rules; stats
per node and per branch move as the clock does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from journey_support import JourneyApp, event_journey, make_app, segment_journey

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def client(sim: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sim.base_url, organization_key=sim.org_key, app_keys=sim.app_key) as api:
        yield api


@pytest.fixture
def ja(client: OneSignalClient, sim: Sandbox) -> JourneyApp:
    return make_app(client, sim)


def node_ids(ja: JourneyApp, journey_id: str) -> list[str]:
    from onesignal_desktop.api.models.journey import JourneyNode

    def walk(nodes: list[JourneyNode]) -> list[str]:
        found: list[str] = []
        for node in nodes:
            assert node.id
            found.append(node.id)
            for branch in node.branches or []:
                found.extend(walk(branch.nodes or []))
        return found

    return walk(ja.client.view_journey(ja.app_id, journey_id).nodes or [])


def test_segment_members_wait_then_get_a_real_notification(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        segment_journey(
            ja,
            [
                {"kind": "wait", "duration_seconds": 3600},
                {"kind": "send_push", "template_id": ja.push_template},
            ],
        ),
    )
    assert journey.id
    wait_id, push_id = node_ids(ja, journey.id)
    ja.activate(journey.id)
    stats = ja.stats(journey.id)
    assert stats.started == 5 and stats.completed == 0
    assert stats.nodes is not None and stats.nodes[wait_id].waiting == 5
    ja.advance(3599)
    assert ja.stats(journey.id).completed == 0
    ja.advance(1)
    stats = ja.stats(journey.id)
    assert stats.completed == 5
    assert stats.nodes is not None
    assert stats.nodes[wait_id].waiting == 0 and stats.nodes[wait_id].completed == 5
    push = stats.nodes[push_id]
    assert push.kind == "send_push" and push.completed == 5
    assert push.message_stats is not None and push.message_stats.totals is not None
    assert push.message_stats.totals["sent"] == 5
    sent = ja.client.get_notifications(ja.app_id, 50, 0, kind=3).notifications
    assert len(sent) == 1 and sent[0].contents == {"en": "Welcome!"}
    ja.advance(3600)
    report = ja.client.get_notification(ja.app_id, str(sent[0].id))
    assert report.successful and report.successful > 0
    totals = ja.stats(journey.id).nodes[push_id].message_stats.totals  # type: ignore[index,union-attr]
    assert totals is not None and totals["delivered"] == report.successful


def test_future_additions_only_lets_only_newcomers_in(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        {
            "name": "New VIPs",
            "audience": {
                "kind": "segment",
                "included_segment_ids": [ja.vip_segment],
                "future_additions_only": True,
            },
            "nodes": [{"kind": "wait", "duration_seconds": 60}],
        },
    )
    assert journey.id
    ja.activate(journey.id)
    assert ja.stats(journey.id).started == 0
    ja.client.update_user(ja.app_id, "external_id", "user-4", {"properties": {"tags": {"vip": "1"}}})
    ja.advance(10)
    assert ja.stats(journey.id).started == 1


def test_a_trigger_event_with_matching_properties_starts_the_journey(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        event_journey(
            "purchase",
            [{"kind": "wait", "duration_seconds": 600}],
            audience={
                "kind": "event_trigger",
                "name": "purchase",
                "attributes": [[{"key": "amount", "operator": "greater", "value": "10"}]],
            },
        ),
    )
    assert journey.id
    ja.event("user-0", "purchase", amount=50)  # before activation: does not count
    ja.activate(journey.id)
    assert ja.stats(journey.id).started == 0
    ja.event("user-1", "purchase", amount=5)
    ja.event("user-2", "browse", amount=50)
    assert ja.stats(journey.id).started == 0
    ja.event("user-1", "purchase", amount=11)
    stats = ja.stats(journey.id)
    assert stats.started == 1
    ja.event("user-1", "purchase", amount=99)  # already in it
    ja.advance(601)
    ja.event("user-1", "purchase", amount=99)  # no re-entry rules: never again
    stats = ja.stats(journey.id)
    assert stats.started == 1 and stats.completed == 1


def test_reentry_after_the_rules_duration(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        event_journey(
            "login", [{"kind": "wait", "duration_seconds": 60}], reentry_rules={"duration_seconds": 600}
        ),
    )
    assert journey.id
    ja.activate(journey.id)
    ja.event("user-0", "login")
    ja.advance(120)
    ja.event("user-0", "login")  # finished, but only 120 s since entering
    assert ja.stats(journey.id).started == 1
    ja.advance(600)
    ja.event("user-0", "login")
    stats = ja.stats(journey.id)
    assert stats.started == 2 and stats.completed == 1


def test_early_exit_on_an_event_applies_its_tag(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        event_journey(
            "cart",
            [
                {"kind": "wait", "duration_seconds": 86400},
                {"kind": "send_push", "template_id": ja.push_template},
            ],
            early_exit={"rules": {"on_event": {"name": "checkout"}}, "tag_on_early_exit": {"cart": "done"}},
        ),
    )
    assert journey.id
    wait_id, _ = node_ids(ja, journey.id)
    ja.activate(journey.id)
    ja.event("user-3", "cart")
    ja.event("user-4", "cart")
    ja.advance(60)
    ja.event("user-3", "checkout")
    stats = ja.stats(journey.id)
    assert stats.exited_early == 1 and stats.nodes is not None
    assert stats.nodes[wait_id].exited_early == 1 and stats.nodes[wait_id].waiting == 1
    user = ja.client.get_user(ja.app_id, "external_id", "user-3")
    assert user.properties is not None and (user.properties.tags or {}).get("cart") == "done"
    ja.advance(86400)
    assert ja.stats(journey.id).completed == 1


def test_yes_no_on_a_segment_and_split_by_weight_move_branch_stats(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        segment_journey(
            ja,
            [
                {
                    "kind": "yes_no",
                    "branches": [
                        {
                            "condition": {
                                "kind": "segment_membership",
                                "included_segment_ids": [ja.vip_segment],
                            },
                            "nodes": [{"kind": "tag", "assignments": {"path": "vip"}}],
                        },
                        {"nodes": [{"kind": "tag", "assignments": {"path": "regular"}}]},
                    ],
                },
                {"kind": "split_range", "branches": [{"weight": 50}, {"weight": 50}]},
            ],
        ),
    )
    assert journey.id and journey.nodes
    yes, no = [b.id for b in journey.nodes[0].branches or []]
    first, second = [b.id for b in journey.nodes[1].branches or []]
    ja.activate(journey.id)
    stats = ja.stats(journey.id)
    assert stats.branches is not None
    assert stats.branches[str(yes)].completed == 2 and stats.branches[str(no)].completed == 3
    split = (stats.branches[str(first)].completed or 0) + (stats.branches[str(second)].completed or 0)
    assert split == 5 and stats.completed == 5
    vip = ja.client.get_user(ja.app_id, "external_id", "user-0").properties
    regular = ja.client.get_user(ja.app_id, "external_id", "user-4").properties
    assert vip is not None and (vip.tags or {})["path"] == "vip"
    assert regular is not None and (regular.tags or {})["path"] == "regular"


def test_wait_until_an_event_or_its_expiration(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        event_journey(
            "signup",
            [
                {
                    "kind": "wait_until",
                    "branches": [
                        {
                            "condition": {"kind": "event_trigger", "name": "verified"},
                            "nodes": [{"kind": "send_push", "template_id": ja.push_template}],
                        }
                    ],
                    "expiration": {"duration_seconds": 3600, "exits": True},
                },
                {"kind": "wait", "duration_seconds": 60},
            ],
        ),
    )
    assert journey.id and journey.nodes
    until_id = journey.nodes[0].id
    branch_id = (journey.nodes[0].branches or [])[0].id
    ja.activate(journey.id)
    ja.event("user-0", "signup")
    ja.event("user-1", "signup")
    ja.advance(100)
    ja.event("user-0", "verified")
    stats = ja.stats(journey.id)
    assert stats.branches is not None and stats.nodes is not None
    assert stats.branches[str(branch_id)].completed == 1
    assert stats.nodes[str(until_id)].waiting == 1
    ja.advance(3600)
    stats = ja.stats(journey.id)
    assert stats.completed == 2  # user-0 went on to the end, user-1 timed out and exited


def test_an_archived_journey_stops_moving_and_a_stop_time_archives_it(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id, event_journey("ping", [{"kind": "wait", "duration_seconds": 600}])
    )
    assert journey.id
    ja.activate(journey.id)
    ja.event("user-0", "ping")
    ja.client.update_journey(ja.app_id, journey.id, {"state": "archived"})
    ja.event("user-1", "ping")
    ja.advance(700)
    stats = ja.stats(journey.id)
    assert stats.started == 1 and stats.completed == 0


def test_deleting_a_journey_drops_its_users(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id, segment_journey(ja, [{"kind": "wait", "duration_seconds": 600}])
    )
    assert journey.id
    ja.activate(journey.id)
    assert ja.stats(journey.id).started == 5
    ja.client.delete_journey(ja.app_id, journey.id)
    with ja.sandbox.store.read() as db:
        assert (
            db.execute("SELECT COUNT(*) FROM journey_runs WHERE journey_id = ?", (journey.id,)).fetchone()[0]
            == 0
        )


def test_early_exit_on_a_session_ends_the_wait_of_who_came_back(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id,
        event_journey(
            "lapsed",
            [
                {"kind": "wait", "duration_seconds": 86400},
                {"kind": "send_push", "template_id": ja.push_template},
            ],
            early_exit={"rules": {"on_session": True}, "tag_on_early_exit": {"winback": "returned"}},
        ),
    )
    assert journey.id
    wait_id, push_id = node_ids(ja, journey.id)
    ja.activate(journey.id)
    ja.event("user-3", "lapsed")
    ja.event("user-4", "lapsed")
    ja.advance(3600)
    ja.client.update_user(
        ja.app_id, "external_id", "user-3", {"deltas": {"session_count": 1, "session_time": 60}}
    )
    ja.advance(60)

    stats = ja.stats(journey.id)
    assert stats.exited_early == 1 and stats.nodes is not None
    assert stats.nodes[wait_id].exited_early == 1 and stats.nodes[wait_id].waiting == 1
    user = ja.client.get_user(ja.app_id, "external_id", "user-3")
    assert user.properties is not None and (user.properties.tags or {}).get("winback") == "returned"
    ja.advance(86400)
    stats = ja.stats(journey.id)
    assert stats.completed == 1 and stats.nodes is not None and stats.nodes[push_id].completed == 1
