"""Live Activities over real HTTP with the project's client: a start and each update are notifications
with their own report to the iOS devices of the start's audience; an end ends it and later updates are
refused; bad input is a 400 naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import BadRequestError, NotFoundError, OneSignalError
from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


@pytest.fixture
def app_id(sandbox: Sandbox, client: OneSignalClient) -> str:
    app = client.create_app({"name": "Deliveries"})
    assert app.id
    players = [{"device_type": 0, "token": f"ios{i}"} for i in range(12)]
    players += [{"device_type": 1, "token": f"android{i}"} for i in range(5)]
    sandbox.store.bulk_create_players(app.id, players, sandbox.clock.now())
    return app.id


def start_body(activity_id: str = "order-42", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Order 42",
        "event": "start",
        "activity_id": activity_id,
        "event_attributes": {"order": "42"},
        "event_updates": {"status": "preparing", "eta_minutes": 25},
        "contents": {"en": "Your order is being prepared"},
        "headings": {"en": "Order 42"},
        "included_segments": ["Subscribed Users"],
    }
    body.update(changes)
    return body


def test_start_update_end_each_a_notification_with_its_report(client: OneSignalClient, app_id: str) -> None:
    started = client.start_live_activity(app_id, "OrderAttributes", start_body())
    assert started.notification_id
    report = client.get_notification(app_id, started.notification_id)
    assert (report.model_extra or {})["live_activity"]["event"] == "start"
    update = client.update_live_activity(
        app_id, "order-42", {"name": "eta", "event": "update", "event_updates": {"status": "on the way"}}
    )
    assert update.id and update.id != started.notification_id
    update_report = client.get_notification(app_id, update.id)
    assert (update_report.model_extra or {})["live_activity"]["event_updates"] == {"status": "on the way"}
    ended = client.update_live_activity(
        app_id,
        "order-42",
        {"name": "done", "event": "end", "event_updates": {"status": "delivered"}, "dismissal_date": 1},
    )
    assert ended.id
    with pytest.raises(BadRequestError) as refused:
        client.update_live_activity(
            app_id, "order-42", {"name": "late", "event": "update", "event_updates": {}}
        )
    assert "has ended" in str(refused.value)


def test_the_start_reaches_only_ios_devices(client: OneSignalClient, app_id: str, sandbox: Sandbox) -> None:
    started = client.start_live_activity(app_id, "OrderAttributes", start_body("ios-only"))
    assert started.notification_id
    sandbox.clock.advance(3600)
    report = client.get_notification(app_id, started.notification_id)
    stats = report.platform_delivery_stats
    assert stats is not None and set(stats.model_dump(exclude_none=True)) == {"ios"}


def test_update_of_an_unknown_activity_is_not_found(client: OneSignalClient, app_id: str) -> None:
    with pytest.raises(NotFoundError) as missing:
        client.update_live_activity(app_id, "nope", {"name": "x", "event": "update", "event_updates": {}})
    assert "nope" in str(missing.value)


def test_a_running_activity_cannot_be_started_twice(client: OneSignalClient, app_id: str) -> None:
    client.start_live_activity(app_id, "OrderAttributes", start_body("twice"))
    with pytest.raises(OneSignalError) as again:
        client.start_live_activity(app_id, "OrderAttributes", start_body("twice"))
    assert "already running" in str(again.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"event": "update"}, "event"),
        ({"activity_id": ""}, "activity_id"),
        ({"event_updates": "not an object"}, "event_updates"),
        ({"event_attributes": None}, "event_attributes"),
        ({"headings": {"fr": "Commande"}}, "headings"),
        ({"priority": 7}, "priority"),
        ({"ios_relevance_score": 3}, "ios_relevance_score"),
        ({"event_updates": {"blob": "x" * 5000}}, "event_updates"),
    ],
)
def test_bad_starts_are_400s_naming_the_field(
    client: OneSignalClient, app_id: str, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(BadRequestError) as refused:
        client.start_live_activity(app_id, "OrderAttributes", start_body(**changes))
    assert refused.value.status == 400 and field in str(refused.value)


def test_bad_updates_are_400s_naming_the_field(client: OneSignalClient, app_id: str) -> None:
    client.start_live_activity(app_id, "OrderAttributes", start_body("bad-updates"))
    for body, field in [
        ({"name": "x", "event": "start", "event_updates": {}}, "event"),
        ({"name": "x", "event": "update"}, "event_updates"),
        ({"event": "update", "event_updates": {}}, "name"),
        ({"name": "x", "event": "update", "event_updates": {}, "dismissal_date": "soon"}, "dismissal_date"),
    ]:
        with pytest.raises(BadRequestError) as refused:
            client.update_live_activity(app_id, "bad-updates", body)
        assert field in str(refused.value), body
