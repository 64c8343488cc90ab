"""Journeys over real HTTP with the project's client: create (a draft with server ids), list by cursor,
view, rename with the concurrency key, activate, archive, update one node, duplicate, delete; bad input is
a 4xx naming the field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from journey_support import JourneyApp, make_app, segment_journey

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    UnprocessableEntityError,
)
from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def client(sim: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sim.base_url, organization_key=sim.org_key, app_keys=sim.app_key) as api:
        yield api


@pytest.fixture
def ja(client: OneSignalClient, sim: Sandbox) -> JourneyApp:
    return make_app(client, sim)


def welcome_nodes(ja: JourneyApp) -> list[dict[str, object]]:
    return [
        {"kind": "wait", "duration_seconds": 3600, "annotation": "an hour later"},
        {"kind": "send_push", "template_id": ja.push_template, "client_node_id": "welcome"},
        {
            "kind": "yes_no",
            "branches": [
                {
                    "condition": {
                        "kind": "on_notification_action",
                        "action": "clicked",
                        "client_node_id": "welcome",
                    }
                },
                {"nodes": [{"kind": "send_email", "template_id": ja.email_template}]},
            ],
        },
    ]


def test_create_is_a_draft_with_server_ids_and_references_resolved(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(ja.app_id, segment_journey(ja, welcome_nodes(ja)))
    assert journey.state == "draft" and journey.id and journey.concurrency_key
    assert journey.created_source == "public_api" and journey.started_at is None
    nodes = journey.nodes or []
    assert [n.kind for n in nodes] == ["wait", "send_push", "yes_no"]
    assert all(n.id for n in nodes)
    branches = nodes[2].branches or []
    assert all(b.id for b in branches)
    condition = branches[0].condition
    assert condition is not None and condition.sending_node_id == nodes[1].id
    assert (branches[1].nodes or [])[0].id
    again = ja.client.view_journey(ja.app_id, journey.id)
    assert again.to_payload() == journey.to_payload()


def test_list_pages_newest_first_by_cursor(ja: JourneyApp) -> None:
    ids = []
    for i in range(5):
        ids.append(ja.client.create_journey(ja.app_id, {"name": f"J{i}"}).id)
        ja.advance(1)
    first = ja.client.view_journeys(ja.app_id, limit=2)
    assert [j.name for j in first.journeys] == ["J4", "J3"] and first.has_more and first.next_cursor
    second = ja.client.view_journeys(ja.app_id, limit=2, cursor=first.next_cursor)
    assert [j.name for j in second.journeys] == ["J2", "J1"]
    walked = [j.id for page in ja.client.iter_journey_pages(ja.app_id, page_size=2) for j in page.items]
    assert walked == list(reversed(ids))
    last = ja.client.view_journeys(ja.app_id, limit=50)
    assert last.has_more is False and last.next_cursor is None
    with pytest.raises(BadRequestError, match="limit"):
        ja.client.view_journeys(ja.app_id, limit=51)
    with pytest.raises(BadRequestError, match="cursor"):
        ja.client.view_journeys(ja.app_id, cursor="not-a-cursor!")


def test_rename_with_a_stale_concurrency_key_is_a_conflict(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(ja.app_id, {"name": "Old name", "description": "keep me"})
    assert journey.id
    renamed = ja.client.update_journey(
        ja.app_id, journey.id, {"name": "New name", "concurrency_key": journey.concurrency_key}
    )
    assert renamed.name == "New name" and renamed.description == "keep me"
    assert renamed.concurrency_key != journey.concurrency_key
    with pytest.raises(ConflictError, match="concurrency_key"):
        ja.client.update_journey(
            ja.app_id, journey.id, {"name": "Lost", "concurrency_key": journey.concurrency_key}
        )
    assert ja.client.view_journey(ja.app_id, journey.id).name == "New name"
    listed = ja.client.view_journeys(ja.app_id).journeys
    assert [j.name for j in listed] == ["New name"]


def test_merge_patch_merges_objects_and_null_clears(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(
        ja.app_id, segment_journey(ja, [], reentry_rules={"duration_seconds": 900})
    )
    assert journey.id
    patched = ja.client.update_journey(
        ja.app_id, journey.id, {"audience": {"excluded_segment_ids": [ja.vip_segment]}}
    )
    assert patched.audience is not None
    assert patched.audience.included_segment_ids == [ja.subscribed_segment]
    assert patched.audience.excluded_segment_ids == [ja.vip_segment]
    cleared = ja.client.update_journey(ja.app_id, journey.id, {"reentry_rules": None})
    assert cleared.reentry_rules is None


def test_activate_needs_audience_and_nodes_and_archive_stops(ja: JourneyApp) -> None:
    empty = ja.client.create_journey(ja.app_id, {"name": "Empty"})
    assert empty.id
    with pytest.raises(UnprocessableEntityError, match="audience"):
        ja.activate(empty.id)
    no_nodes = ja.client.create_journey(ja.app_id, segment_journey(ja, []))
    assert no_nodes.id
    with pytest.raises(UnprocessableEntityError, match="nodes"):
        ja.activate(no_nodes.id)
    journey = ja.client.create_journey(ja.app_id, segment_journey(ja, welcome_nodes(ja)))
    assert journey.id
    active = ja.activate(journey.id)
    assert active.state == "active" and active.started_at
    with pytest.raises(ConflictError, match="nodes"):
        ja.client.update_journey(ja.app_id, journey.id, {"nodes": []})
    archived = ja.client.update_journey(ja.app_id, journey.id, {"state": "archived"})
    assert archived.state == "archived" and archived.archived_at
    with pytest.raises(ConflictError, match="state"):
        ja.client.update_journey(ja.app_id, journey.id, {"state": "draft"})
    with pytest.raises(BadRequestError, match="state must be one of"):
        ja.client.update_journey(ja.app_id, journey.id, {"state": "paused"})


def test_a_scheduled_journey_starts_at_its_start_time(ja: JourneyApp) -> None:
    start = ja.sandbox.clock.now() + 3600
    start_iso = __import__("datetime").datetime.fromtimestamp(start, __import__("datetime").UTC).isoformat()
    journey = ja.client.create_journey(
        ja.app_id,
        segment_journey(ja, [{"kind": "wait", "duration_seconds": 60}], schedule={"start_at": start_iso}),
    )
    assert journey.id
    assert ja.activate(journey.id).state == "scheduled"
    assert ja.stats(journey.id).started == 0
    ja.advance(3600)
    assert ja.client.view_journey(ja.app_id, journey.id).state == "active"
    assert ja.stats(journey.id).started == len(ja.users)


def test_update_one_node_keeps_the_rest(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(ja.app_id, segment_journey(ja, welcome_nodes(ja)))
    assert journey.id and journey.nodes
    push = journey.nodes[1]
    assert push.id
    other = ja.client.create_template({"app_id": ja.app_id, "name": "Other", "contents": {"en": "Hey"}}).id
    updated = ja.client.update_journey_node(
        ja.app_id, journey.id, push.id, {"template_id": other, "annotation": "second try"}
    )
    assert updated.nodes
    changed = updated.nodes[1]
    assert changed.id == push.id and changed.template_id == other and changed.annotation == "second try"
    assert changed.client_node_id == "welcome"
    assert [n.id for n in updated.nodes] == [n.id for n in journey.nodes]
    with pytest.raises(BadRequestError, match="kind"):
        ja.client.update_journey_node(ja.app_id, journey.id, push.id, {"kind": "wait"})
    with pytest.raises(BadRequestError, match=r"nodes\[1\]\.template_id"):
        ja.client.update_journey_node(ja.app_id, journey.id, push.id, {"template_id": ja.email_template})
    with pytest.raises(NotFoundError):
        ja.client.update_journey_node(ja.app_id, journey.id, "no-such-node", {"annotation": "x"})


def test_duplicate_copies_into_a_draft_with_new_ids(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(ja.app_id, segment_journey(ja, welcome_nodes(ja), description="d"))
    assert journey.id and journey.nodes
    ja.activate(journey.id)
    copy = ja.client.duplicate_journey(ja.app_id, journey.id)
    assert copy.id != journey.id and copy.name == "Onboarding (Copy)" and copy.state == "draft"
    assert copy.started_at is None and copy.description == "d"
    assert copy.nodes and [n.kind for n in copy.nodes] == [n.kind for n in journey.nodes]
    assert {n.id for n in copy.nodes}.isdisjoint({n.id for n in journey.nodes})
    copied_condition = (copy.nodes[2].branches or [])[0].condition
    assert copied_condition is not None and copied_condition.sending_node_id == copy.nodes[1].id
    named = ja.client.duplicate_journey(ja.app_id, journey.id, {"overrides": {"name": "Spring"}})
    assert named.name == "Spring"
    with pytest.raises(BadRequestError, match=r"overrides\.state"):
        ja.client.duplicate_journey(ja.app_id, journey.id, {"overrides": {"state": "active"}})
    assert ja.client.view_journey(ja.app_id, journey.id).state == "active"


def test_delete_removes_it(ja: JourneyApp) -> None:
    journey = ja.client.create_journey(ja.app_id, {"name": "Gone"})
    assert journey.id
    assert ja.client.delete_journey(ja.app_id, journey.id).success is True
    with pytest.raises(NotFoundError):
        ja.client.view_journey(ja.app_id, journey.id)
    with pytest.raises(NotFoundError):
        ja.client.delete_journey(ja.app_id, journey.id)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name is required"),
        ({"name": "x" * 301}, "name must be at most 300"),
        ({"name": "n", "state": "active"}, "state is set by the server"),
        ({"name": "n", "audience": {"kind": "everyone"}}, "audience.kind must be one of"),
        (
            {"name": "n", "audience": {"kind": "segment", "included_segment_ids": ["nope"]}},
            r"included_segment_ids\[0\]",
        ),
        ({"name": "n", "audience": {"kind": "event_trigger"}}, "audience.name is required"),
        ({"name": "n", "nodes": [{"kind": "teleport"}]}, r"nodes\[0\]\.kind"),
        ({"name": "n", "nodes": [{"kind": "wait", "duration_seconds": 59}]}, r"nodes\[0\]\.duration_seconds"),
        ({"name": "n", "nodes": [{"kind": "wait", "duration_seconds": 60, "id": "x"}]}, r"nodes\[0\]\.id"),
        (
            {"name": "n", "nodes": [{"kind": "send_push", "template_id": "missing"}]},
            r"nodes\[0\]\.template_id",
        ),
        (
            {"name": "n", "nodes": [{"kind": "split_range", "branches": [{"weight": 50}, {"weight": 40}]}]},
            "sum to 100",
        ),
        ({"name": "n", "nodes": [{"kind": "yes_no", "branches": [{}]}]}, "exactly 2 branches"),
        ({"name": "n", "reentry_rules": {"duration_seconds": 599}}, "reentry_rules.duration_seconds"),
        ({"name": "n", "early_exit": {"rules": {}}}, "early_exit.rules needs at least one rule"),
        ({"name": "n", "schedule": {"start_at": "tomorrow"}}, "schedule.start_at"),
        (
            {"name": "n", "nodes": [{"kind": "tag", "assignments": {"k": "v" * 1025}}]},
            r"nodes\[0\]\.assignments\.k",
        ),
        (
            {
                "name": "n",
                "nodes": [
                    {
                        "kind": "time_window",
                        "relative_to": "schedule_in_timezone",
                        "windows": [{"start": {"hour": 9}, "end": {"hour": 9, "minute": 10}}],
                    }
                ],
            },
            "at least 15 minutes",
        ),
    ],
)
def test_bad_journeys_are_refused_naming_the_field(
    ja: JourneyApp, body: dict[str, object], field: str
) -> None:
    with pytest.raises(BadRequestError, match=field):
        ja.client.create_journey(ja.app_id, body)
    assert ja.client.view_journeys(ja.app_id).journeys == []


def test_another_apps_key_cannot_touch_a_journey(ja: JourneyApp, client: OneSignalClient) -> None:
    journey = ja.client.create_journey(ja.app_id, {"name": "Mine"})
    other = make_app(client, ja.sandbox, users=1)
    assert journey.id
    with pytest.raises(NotFoundError):
        ja.client.view_journey(other.app_id, journey.id)
