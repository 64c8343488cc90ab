"""Custom events over real HTTP: stored per user (by external_id or onesignal_id) with their timestamp and
payload; bad events are a 400 naming the field, and a refused batch stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from journey_support import JourneyApp, make_app

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import BadRequestError, ForbiddenError, NotFoundError
from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def client(sim: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sim.base_url, organization_key=sim.org_key, app_keys=sim.app_key) as api:
        yield api


@pytest.fixture
def ja(client: OneSignalClient, sim: Sandbox) -> JourneyApp:
    return make_app(client, sim, users=2)


def stored(ja: JourneyApp, external_id: str) -> list[dict[str, Any]]:
    user_id = ja.sandbox.store.find_user_id(ja.app_id, "external_id", external_id)
    assert user_id
    return [event.to_json() for event in ja.sandbox.store.user_custom_events(user_id)]


def test_events_are_stored_per_user_with_timestamp_and_payload(ja: JourneyApp) -> None:
    onesignal_id = ja.sandbox.store.find_user_id(ja.app_id, "external_id", "user-1")
    answer = ja.client.create_custom_events(
        ja.app_id,
        {
            "events": [
                {"name": "purchase", "external_id": "user-0", "payload": {"sku": "A1", "amount": 12.5}},
                {"name": "level_up", "onesignal_id": onesignal_id, "timestamp": "2025-06-15T10:00:00Z"},
            ]
        },
    )
    assert answer.to_payload() == {}
    (purchase,) = stored(ja, "user-0")
    assert purchase["name"] == "purchase" and purchase["payload"] == {"sku": "A1", "amount": 12.5}
    (level,) = stored(ja, "user-1")
    assert level["timestamp"] == "2025-06-15T10:00:00.000Z" and level["payload"] == {}


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (None, "events is required"),
        ([], "events is required"),
        ([{"external_id": "user-0"}], r"events\[0\]\.name is required"),
        ([{"name": "x" * 129, "external_id": "user-0"}], r"events\[0\]\.name must be at most 128"),
        ([{"name": "e"}], r"events\[0\] needs the user's external_id or onesignal_id"),
        ([{"name": "e", "external_id": "nobody"}], r"events\[0\]\.external_id: no user"),
        ([{"name": "e", "onesignal_id": "nobody"}], r"events\[0\]\.onesignal_id: no user"),
        ([{"name": "e", "external_id": "user-0", "timestamp": "yesterday"}], r"events\[0\]\.timestamp"),
        ([{"name": "e", "external_id": "user-0", "timestamp": "2025-01-01T00:00:00"}], "time zone"),
        ([{"name": "e", "external_id": "user-0", "payload": [1]}], r"events\[0\]\.payload must be an object"),
        (
            [
                {"name": "ok", "external_id": "user-0"},
                {"name": "e", "external_id": "user-0", "payload": {"k": "v" * 3000}},
            ],
            r"events\[1\]\.payload is \d+ bytes; at most 2048",
        ),
        ([{"name": "e", "external_id": "user-0"}] * 101, "at most 100 events"),
    ],
)
def test_bad_events_are_refused_naming_the_field(ja: JourneyApp, events: Any, message: str) -> None:
    body = {} if events is None else {"events": events}
    with pytest.raises(BadRequestError, match=message):
        ja.client.create_custom_events(ja.app_id, body)
    assert stored(ja, "user-0") == []


def test_events_need_the_apps_key(ja: JourneyApp, client: OneSignalClient, sim: Sandbox) -> None:
    other = make_app(client, sim, users=1)
    wrong = OneSignalClient(sim.base_url, app_keys=lambda _app: sim.app_key(other.app_id))
    with wrong, pytest.raises(ForbiddenError):
        wrong.create_custom_events(ja.app_id, {"events": [{"name": "e", "external_id": "user-0"}]})
    with pytest.raises(NotFoundError):
        client.create_custom_events("00000000-0000-4000-8000-000000000000", {"events": [{"name": "e"}]})
