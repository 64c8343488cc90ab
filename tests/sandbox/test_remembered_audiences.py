"""The sandbox remembers who an audience reaches until players or segments change (issue 18 item 9): every
change made through the API must show in the very next send and estimate, and big audiences stored once
for many sends must still give each notification its own full recipient list."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sandbox_support import T0

from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox.sim.csv_export import read_csv

DAY = 86400.0
PRO = [{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}]


@pytest.fixture
def client(sim: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=30) as http:
        yield http


@pytest.fixture
def app(client: httpx.Client, sim: Sandbox) -> tuple[str, dict[str, str]]:
    created = client.post(
        "/apps", json={"name": "Remembered"}, headers={"Authorization": f"Key {sim.org_key}"}
    )
    assert created.status_code == 200, created.text
    return str(created.json()["id"]), {"Authorization": f"Key {created.json()['basic_auth_key']}"}


_tokens = itertools.count()


def add_player(
    client: httpx.Client, headers: dict[str, str], app_id: str, tags: dict[str, str], **fields: Any
) -> str:
    body = {"app_id": app_id, "device_type": 1, "identifier": f"added-{next(_tokens)}", "tags": tags}
    created = client.post("/players", json={**body, **fields}, headers=headers)
    assert created.status_code == 200, created.text
    return str(created.json()["id"])


def send(client: httpx.Client, headers: dict[str, str], app_id: str, **audience: Any) -> dict[str, Any]:
    answer = client.post(
        "/notifications", json={"app_id": app_id, "contents": {"en": "Hi"}, **audience}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def estimate(client: httpx.Client, headers: dict[str, str], app_id: str, **audience: Any) -> int:
    answer = client.post("/notifications/count-unsaved", json={"app_id": app_id, **audience}, headers=headers)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["count"])


def test_a_tag_changed_between_two_sends_changes_who_the_second_reaches(
    client: httpx.Client, app: tuple[str, dict[str, str]]
) -> None:
    app_id, headers = app
    first = add_player(client, headers, app_id, {"plan": "pro"})
    add_player(client, headers, app_id, {"plan": "pro"})
    later = add_player(client, headers, app_id, {"plan": "free"})
    assert send(client, headers, app_id, filters=PRO)["recipients"] == 2
    assert estimate(client, headers, app_id, filters=PRO) == 2

    edited = client.put(
        f"/players/{later}", json={"app_id": app_id, "tags": {"plan": "pro"}}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    assert estimate(client, headers, app_id, filters=PRO) == 3
    assert send(client, headers, app_id, filters=PRO)["recipients"] == 3

    deleted = client.delete(f"/players/{first}", params={"app_id": app_id}, headers=headers)
    assert deleted.status_code == 200, deleted.text
    assert send(client, headers, app_id, filters=PRO)["recipients"] == 2
    assert estimate(client, headers, app_id, filters=PRO) == 2
    add_player(client, headers, app_id, {"plan": "pro"})
    assert estimate(client, headers, app_id, filters=PRO) == 3
    assert send(client, headers, app_id, included_segments=["Subscribed Users"])["recipients"] == 3


def test_an_edited_segment_is_what_the_next_send_reaches(
    client: httpx.Client, app: tuple[str, dict[str, str]]
) -> None:
    app_id, headers = app
    for plan in ("pro", "pro", "free"):
        add_player(client, headers, app_id, {"plan": plan})
    created = client.post(
        f"/apps/{app_id}/segments", json={"name": "Paying", "filters": PRO}, headers=headers
    )
    assert created.status_code == 201, created.text
    assert send(client, headers, app_id, included_segments=["Paying"])["recipients"] == 2
    free = [{"field": "tag", "key": "plan", "relation": "=", "value": "free"}]
    segment_id = created.json()["id"]
    edited = client.patch(
        f"/apps/{app_id}/segments/{segment_id}", json={"name": "Paying", "filters": free}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    assert estimate(client, headers, app_id, included_segments=["Paying"]) == 1
    assert send(client, headers, app_id, included_segments=["Paying"])["recipients"] == 1


def test_active_users_are_those_active_at_the_time_of_each_send(
    sim: Sandbox, client: httpx.Client, app: tuple[str, dict[str, str]]
) -> None:
    app_id, headers = app
    add_player(client, headers, app_id, {}, last_active=int(T0 - 6 * DAY))
    add_player(client, headers, app_id, {}, last_active=int(T0 - 1 * DAY))
    assert send(client, headers, app_id, included_segments=["Active Users"])["recipients"] == 2
    sim.clock.advance(2 * DAY)  # the first player is now 8 days inactive
    assert estimate(client, headers, app_id, included_segments=["Active Users"]) == 1
    assert send(client, headers, app_id, included_segments=["Active Users"])["recipients"] == 1
    assert send(client, headers, app_id, included_segments=["Inactive Users"])["recipients"] == 1


def sent_ids(sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str, nid: str) -> list[str]:
    url = client.post(
        f"/notifications/{nid}/history", json={"app_id": app_id, "events": "sent"}, headers=headers
    ).json()["csv_file_url"]
    sim.clock.advance(5)
    return [row["player_id"] for row in read_csv(httpx.get(url).content)]


def test_every_send_to_a_big_audience_keeps_its_own_full_recipient_list(
    sim: Sandbox, client: httpx.Client, app: tuple[str, dict[str, str]]
) -> None:
    app_id, headers = app
    players = ({"device_type": 1, "token": f"tok-{index}"} for index in range(1200))
    sim.store.bulk_create_players(app_id, players, T0 - DAY)
    everyone = {"included_segments": ["Subscribed Users"]}
    first = send(client, headers, app_id, **everyone)
    second = send(client, headers, app_id, **everyone)
    newcomer = add_player(client, headers, app_id, {})
    third = send(client, headers, app_id, **everyone)
    assert [first["recipients"], second["recipients"], third["recipients"]] == [1200, 1200, 1201]
    sim.clock.advance(3600)
    lists = [sent_ids(sim, client, headers, app_id, answer["id"]) for answer in (first, second, third)]
    assert len(set(lists[0])) == 1200
    assert lists[1] == lists[0]
    assert sorted(lists[2]) == sorted([*lists[0], newcomer])
