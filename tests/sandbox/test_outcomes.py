"""GET /apps/{app_id}/outcomes over loopback HTTP, driven by a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_support import T0

from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def setup(sim: Sandbox) -> Iterator[tuple[httpx.Client, str, dict[str, str]]]:
    app = sim.store.create_app("Outcomes", sim.organization_id, T0)
    players = [
        {
            "id": f"p{i}",
            "device_type": i % 2,
            "token": f"t{i}",
            "last_active": T0 - 60,
            "created_at": T0 - 86400,
        }
        for i in range(4000)
    ]
    sim.store.bulk_create_players(app.id, players, T0)
    headers = {"Authorization": f"Key {sim.app_key(app.id)}"}
    with httpx.Client(base_url=sim.base_url, timeout=10) as client:
        yield client, app.id, headers


def query(client: httpx.Client, app_id: str, headers: dict[str, str], **params: str) -> dict[str, int]:
    response = client.get(f"/apps/{app_id}/outcomes", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return {f"{o['id']}.{o['aggregation']}": o["value"] for o in response.json()["outcomes"]}


def test_outcomes_follow_clicks_of_delivered_notifications(
    sim: Sandbox, setup: tuple[httpx.Client, str, dict[str, str]]
) -> None:
    client, app_id, headers = setup
    names = "os__click.count,os__session_duration.count,os__session_duration.sum,purchase.count,purchase.sum"
    before = query(client, app_id, headers, outcome_names=names, outcome_time_range="1d")
    assert before["os__click.count"] == 0

    created = client.post(
        "/notifications",
        json={"app_id": app_id, "contents": {"en": "Sale"}, "included_segments": ["Subscribed Users"]},
        headers=headers,
    )
    assert created.json()["recipients"] == 4000
    sim.clock.advance(2 * 3600)

    after = query(client, app_id, headers, outcome_names=names, outcome_time_range="1d")
    notification = client.get(
        f"/notifications/{created.json()['id']}", params={"app_id": app_id}, headers=headers
    ).json()
    assert after["os__click.count"] > 0
    assert abs(after["os__click.count"] - notification["converted"]) <= 2
    assert after["os__session_duration.sum"] > after["os__session_duration.count"] > 0
    assert after["purchase.sum"] == 25 * after["purchase.count"]
    assert query(client, app_id, headers, outcome_names=names, outcome_time_range="1d") == after

    direct = query(client, app_id, headers, outcome_names="os__click.count", outcome_attribution="direct")
    influenced = query(
        client, app_id, headers, outcome_names="os__click.count", outcome_attribution="influenced"
    )
    assert influenced["os__click.count"] == 0
    assert direct["os__click.count"] > 0
    ios = query(
        client,
        app_id,
        headers,
        outcome_names="os__click.count",
        outcome_platforms="0",
        outcome_time_range="1d",
    )
    android = query(
        client,
        app_id,
        headers,
        outcome_names="os__click.count",
        outcome_platforms="1",
        outcome_time_range="1d",
    )
    assert ios["os__click.count"] + android["os__click.count"] == after["os__click.count"]


def test_array_form_and_bad_queries(setup: tuple[httpx.Client, str, dict[str, str]]) -> None:
    client, app_id, headers = setup
    response = client.get(
        f"/apps/{app_id}/outcomes",
        params=[("outcome_names[]", "Sales, Purchase.count"), ("outcome_names[]", "os__click.count")],
        headers=headers,
    )
    assert response.status_code == 200
    assert [o["id"] for o in response.json()["outcomes"]] == ["Sales, Purchase", "os__click"]
    for params in (
        {},
        {"outcome_names": "os__click.sum"},
        {"outcome_names": "os__click.count", "outcome_time_range": "2w"},
    ):
        bad = client.get(f"/apps/{app_id}/outcomes", params=params, headers=headers)
        assert bad.status_code == 400
        assert bad.json()["errors"]
    assert (
        client.get(f"/apps/{app_id}/outcomes", params={"outcome_names": "os__click.count"}).status_code == 400
    )
