"""CSV exports over loopback HTTP: the URL 404s (S3 NoSuchKey) until ready on the clock, then gzip CSV."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_support import T0

from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox.sim.csv_export import PLAYER_COLUMNS, read_csv


@pytest.fixture
def setup(sim: Sandbox) -> Iterator[tuple[httpx.Client, str, dict[str, str]]]:
    app = sim.store.create_app("Exports", sim.organization_id, T0)
    players = [
        {
            "id": f"p{i}",
            "device_type": 0 if i % 2 else 1,
            "token": f"t{i}",
            "last_active": T0 - (60 if i < 30 else 30 * 86400),
            "created_at": T0 - 40 * 86400,
            "external_user_id": f"user-{i}",
            "user": {"country": "DE" if i % 3 == 0 else "US", "tags": {"n": str(i)}},
        }
        for i in range(40)
    ]
    sim.store.bulk_create_players(app.id, players, T0)
    sim.store.create_segment(app.id, "Germans", [{"field": "country", "relation": "=", "value": "DE"}], T0)
    with httpx.Client(base_url=sim.base_url, timeout=10) as client:
        yield client, app.id, {"Authorization": f"Key {sim.app_key(app.id)}"}


def test_players_export_becomes_available_after_a_moment(
    sim: Sandbox, setup: tuple[httpx.Client, str, dict[str, str]]
) -> None:
    client, app_id, headers = setup
    response = client.post(
        "/players/csv_export",
        params={"app_id": app_id},
        json={"extra_fields": ["country", "external_user_id"]},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    url = response.json()["csv_file_url"]
    assert url.startswith(f"{sim.base_url}/csv_exports/{app_id}/") and url.endswith(".csv.gz")

    pending = httpx.get(url)
    assert pending.status_code == 404
    assert "<Code>NoSuchKey</Code>" in pending.text

    sim.clock.advance(3)
    ready = httpx.get(url)
    assert ready.status_code == 200
    assert ready.content[:2] == b"\x1f\x8b"
    rows = read_csv(ready.content)
    assert len(rows) == 40
    assert list(rows[0]) == [*PLAYER_COLUMNS, "external_user_id", "country"]
    assert {row["external_user_id"] for row in rows} == {f"user-{i}" for i in range(40)}


def test_segment_and_last_active_filters(
    sim: Sandbox, setup: tuple[httpx.Client, str, dict[str, str]]
) -> None:
    client, app_id, headers = setup
    url = client.post(
        "/players/csv_export", params={"app_id": app_id}, json={"segment_name": "Germans"}, headers=headers
    ).json()["csv_file_url"]
    sim.clock.advance(3)
    assert len(read_csv(httpx.get(url).content)) == 14
    url = client.post(
        "/players/csv_export",
        params={"app_id": app_id},
        json={"last_active_since": str(int(T0 - 3600))},
        headers=headers,
    ).json()["csv_file_url"]
    sim.clock.advance(3)
    assert len(read_csv(httpx.get(url).content)) == 30
    url = client.post(
        "/players/csv_export",
        params={"app_id": app_id},
        json={"segment_name": "Active Users"},
        headers=headers,
    ).json()["csv_file_url"]
    sim.clock.advance(3)
    assert len(read_csv(httpx.get(url).content)) == 30


def test_one_export_at_a_time_per_organization(
    sim: Sandbox, setup: tuple[httpx.Client, str, dict[str, str]]
) -> None:
    client, app_id, headers = setup
    assert client.post("/players/csv_export", params={"app_id": app_id}, headers=headers).status_code == 200
    busy = client.post("/players/csv_export", params={"app_id": app_id}, headers=headers)
    assert busy.status_code == 400
    assert "already running" in busy.json()["errors"][0]
    sim.clock.advance(3)
    assert client.post("/players/csv_export", params={"app_id": app_id}, headers=headers).status_code == 200


def test_bad_export_requests(setup: tuple[httpx.Client, str, dict[str, str]]) -> None:
    client, app_id, headers = setup
    for body in (
        {"extra_fields": ["shoe_size"]},
        {"segment_name": "Nope"},
        {"last_active_since": "yesterday"},
    ):
        response = client.post("/players/csv_export", params={"app_id": app_id}, json=body, headers=headers)
        assert response.status_code == 400, body
    assert client.post("/players/csv_export", params={"app_id": app_id}).status_code == 400
    assert client.get(f"/csv_exports/{app_id}/missing.csv.gz").status_code == 404


def test_event_export_lists_sent_and_clicked(
    sim: Sandbox, setup: tuple[httpx.Client, str, dict[str, str]]
) -> None:
    client, app_id, headers = setup
    nid = client.post(
        "/notifications",
        json={"app_id": app_id, "contents": {"en": "Hi"}, "included_segments": ["Subscribed Users"]},
        headers=headers,
    ).json()["id"]
    sim.clock.advance(6 * 3600)
    converted = client.get(f"/notifications/{nid}", params={"app_id": app_id}, headers=headers).json()[
        "converted"
    ]
    response = client.post(f"/notifications/{nid}/export_events", params={"app_id": app_id}, headers=headers)
    assert response.status_code == 200, response.text
    url = response.json()["csv_file_url"]
    assert f"events_audience-activity-{nid}-push-" in url
    sim.clock.advance(3)
    rows = read_csv(httpx.get(url).content)
    assert sum(row["event"] == "sent" for row in rows) == 40
    assert sum(row["event"] == "clicked" for row in rows) == converted
    missing = client.post("/notifications/nope/export_events", params={"app_id": app_id}, headers=headers)
    assert missing.status_code == 404
