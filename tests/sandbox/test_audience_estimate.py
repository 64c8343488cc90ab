"""POST /notifications/count-unsaved over real HTTP: the count a send with the same targeting reaches,
per channel, with nothing sent; bad targeting is a 400 naming what is wrong."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import BadRequestError
from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


@pytest.fixture
def app_id(sandbox: Sandbox, client: OneSignalClient) -> str:
    app = client.create_app({"name": "Estimate"})
    assert app.id
    now = sandbox.clock.now()
    players = [{"device_type": 1, "token": f"a{i}", "user": {"tags": {"plan": "pro"}}} for i in range(30)]
    players += [{"device_type": 0, "token": f"i{i}", "user": {"tags": {"plan": "free"}}} for i in range(20)]
    players += [{"device_type": 11, "token": f"u{i}@example.com"} for i in range(7)]
    players += [{"device_type": 14, "token": f"+1555000{i:04d}"} for i in range(3)]
    sandbox.store.bulk_create_players(app.id, players, now)
    return app.id


def test_estimate_counts_each_channel_of_the_audience(client: OneSignalClient, app_id: str) -> None:
    counts = {
        channel: client.estimate_notification_recipients(
            {"app_id": app_id, "included_segments": ["Subscribed Users"], "target_channel": channel}
        ).count
        for channel in ("push", "email", "sms")
    }
    assert counts == {"push": 50, "email": 7, "sms": 3}


def test_estimate_equals_what_the_send_then_reaches_and_sends_nothing(
    client: OneSignalClient, app_id: str
) -> None:
    filters = [{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}]
    estimate = client.estimate_notification_recipients(
        {"app_id": app_id, "filters": filters, "target_channel": "push"}
    )
    assert estimate.count == 30 and estimate.uncapped_count == 30 and estimate.cap_applied is False
    assert client.get_notifications(app_id).total_count == 0  # counting sent nothing
    sent = client.create_notification({"app_id": app_id, "filters": filters, "contents": {"en": "Hi"}})
    assert sent.recipients == estimate.count


def test_estimate_follows_segments_and_exclusions(client: OneSignalClient, app_id: str) -> None:
    free = [{"field": "tag", "key": "plan", "relation": "=", "value": "free"}]
    client.create_segments(app_id, {"name": "Free", "filters": free})
    estimate = client.estimate_notification_recipients(
        {"app_id": app_id, "included_segments": ["Subscribed Users"], "excluded_segments": ["Free"]}
    )
    assert estimate.count == 30


def test_estimate_needs_no_content_but_an_audience(client: OneSignalClient, app_id: str) -> None:
    with pytest.raises(BadRequestError) as missing:
        client.estimate_notification_recipients({"app_id": app_id})
    assert "segments" in str(missing.value)
    with pytest.raises(BadRequestError) as unknown:
        client.estimate_notification_recipients({"app_id": app_id, "included_segments": ["Nope"]})
    assert "Segment 'Nope' does not exist" in str(unknown.value)
    with pytest.raises(BadRequestError) as channel:
        client.estimate_notification_recipients(
            {"app_id": app_id, "included_segments": ["All"], "target_channel": "fax"}
        )
    assert "target_channel" in str(channel.value)


def test_estimate_is_not_taken_for_a_notification_id(sandbox: Sandbox, app_id: str) -> None:
    answer = httpx.post(
        sandbox.base_url + "/notifications/count-unsaved",
        json={"app_id": app_id, "included_segments": ["All"]},
        headers={"Authorization": f"Key {sandbox.app_key(app_id)}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["count"] == 50  # push, the default channel
