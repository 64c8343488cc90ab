"""Journeys and custom events through OneSignal's official Python SDK 5.18.0 against the sandbox: every
journey operation (duplicate_journey included, which only the Python SDK has) and create_custom_events;
the SDK's models read every answer (it checks each field's type), and refusals reach it as ApiException."""

from __future__ import annotations

from typing import Any

import pytest
from onesignal.exceptions import ApiException  # type: ignore[import-untyped]
from onesignal.model.create_journey_request import CreateJourneyRequest  # type: ignore[import-untyped]
from onesignal.model.custom_event import CustomEvent  # type: ignore[import-untyped]
from onesignal.model.custom_events_request import CustomEventsRequest  # type: ignore[import-untyped]
from onesignal.model.duplicate_journey_overrides import (  # type: ignore[import-untyped]
    DuplicateJourneyOverrides,
)
from onesignal.model.duplicate_journey_request import DuplicateJourneyRequest  # type: ignore[import-untyped]
from onesignal.model.journey_audience import JourneyAudience  # type: ignore[import-untyped]
from onesignal.model.journey_node import JourneyNode  # type: ignore[import-untyped]
from onesignal.model.update_journey_node_request import (  # type: ignore[import-untyped]
    UpdateJourneyNodeRequest,
)
from onesignal.model.update_journey_request import UpdateJourneyRequest  # type: ignore[import-untyped]

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox

from .conftest import ANDROID_DEVICES, EMAIL_READERS, IOS_DEVICES


@pytest.fixture
def template_id(client: OneSignalClient, app_id: str) -> str:
    created = client.create_template({"app_id": app_id, "name": "Welcome", "contents": {"en": "Welcome!"}})
    assert created.id
    return str(created.id)


def segment_id(client: OneSignalClient, app_id: str) -> str:
    return str(next(s.id for s in client.get_segments(app_id).segments or [] if s.name == "Subscribed Users"))


def test_every_journey_operation_through_the_sdk(
    sdk: Any, client: OneSignalClient, app_id: str, template_id: str, sandbox: Sandbox
) -> None:
    request = CreateJourneyRequest(
        name="Welcome series",
        audience=JourneyAudience(kind="segment", included_segment_ids=[segment_id(client, app_id)]),
        nodes=[
            JourneyNode(kind="wait", duration_seconds=3600),
            JourneyNode(kind="send_push", template_id=template_id),
        ],
    )
    created = sdk.create_journey(app_id, request)
    assert created.state == "draft" and created.id and len(created.nodes) == 2
    journey_id, push_id = created.id, created.nodes[1].id

    listed = sdk.view_journeys(app_id, limit=10)
    assert [j.id for j in listed.journeys] == [journey_id] and listed.has_more is False
    assert sdk.view_journey(app_id, journey_id).name == "Welcome series"

    active = sdk.update_journey(
        app_id, journey_id, UpdateJourneyRequest(state="active", concurrency_key=created.concurrency_key)
    )
    assert active.state == "active"
    sandbox.clock.advance(3601)
    stats = sdk.view_journey_stats(app_id, journey_id)
    users = IOS_DEVICES + ANDROID_DEVICES + EMAIL_READERS
    assert stats.started == users and stats.completed == users
    assert stats.nodes[push_id].message_stats.totals["sent"] == users

    edited = sdk.update_journey_node(
        app_id, journey_id, push_id, UpdateJourneyNodeRequest(annotation="hello")
    )
    assert edited.nodes[1].annotation == "hello" and edited.nodes[1].id == push_id

    copy = sdk.duplicate_journey(app_id, journey_id)
    assert copy.name == "Welcome series (Copy)" and copy.state == "draft" and copy.id != journey_id
    named = sdk.duplicate_journey(
        app_id,
        journey_id,
        duplicate_journey_request=DuplicateJourneyRequest(overrides=DuplicateJourneyOverrides(name="Spring")),
    )
    assert named.name == "Spring"

    assert sdk.delete_journey(app_id, copy.id).success is True
    with pytest.raises(ApiException) as missing:
        sdk.view_journey(app_id, copy.id)
    assert missing.value.status == 404

    with pytest.raises(ApiException) as stale:
        sdk.update_journey(
            app_id, journey_id, UpdateJourneyRequest(name="x", concurrency_key=created.concurrency_key)
        )
    assert stale.value.status == 409 and "concurrency_key" in stale.value.body


def test_a_custom_event_through_the_sdk_starts_the_journey_it_triggers(
    sdk: Any, client: OneSignalClient, app_id: str, sandbox: Sandbox
) -> None:
    journey = client.create_journey(
        app_id,
        {
            "name": "After purchase",
            "audience": {"kind": "event_trigger", "name": "purchase"},
            "nodes": [{"kind": "wait", "duration_seconds": 600}],
        },
    )
    assert journey.id
    client.update_journey(app_id, journey.id, {"state": "active"})
    user = client.create_user(app_id, {"identity": {"external_id": "buyer-1"}})
    assert user.identity
    sdk.create_custom_events(
        app_id,
        CustomEventsRequest(
            events=[CustomEvent(name="purchase", external_id="buyer-1", payload={"amount": 12})]
        ),
    )
    assert client.view_journey_stats(app_id, journey.id).started == 1
    with pytest.raises(ApiException) as refused:
        sdk.create_custom_events(
            app_id, CustomEventsRequest(events=[CustomEvent(name="x" * 129, external_id="buyer-1")])
        )
    assert refused.value.status == 400 and "events[0].name" in refused.value.body
