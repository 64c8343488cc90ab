"""Notifications over real loopback HTTP against the sandbox, with a frozen clock moved by hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sandbox_support import T0

from onesignal_desktop.sandbox import Sandbox

DAY = 86400.0


@pytest.fixture
def client(sim: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=10) as http:
        yield http


@pytest.fixture
def app_id(sim: Sandbox) -> str:
    app = sim.store.create_app("Sim app", sim.organization_id, T0)
    store = sim.store

    def add(
        pid: str,
        device_type: int = 1,
        *,
        external: str | None = None,
        enabled: bool = True,
        last_active: float = T0 - 3600,
        tags: dict[str, str] | None = None,
        token: str | None = None,
        country: str = "US",
    ) -> None:
        store.create_player(
            app.id,
            T0 - 30 * DAY,
            subscription={
                "id": pid,
                "device_type": device_type,
                "token": token or f"tok-{pid}",
                "enabled": enabled,
                "notification_types": 1 if enabled else -2,
                "last_active": last_active,
            },
            user={"tags": tags or {}, "country": country, "language": "en", "last_active": last_active},
            external_user_id=external,
        )

    add("p-ios", 0, external="alice", tags={"level": "7"})
    add("p-android", 1, external="bob", tags={"level": "2"}, country="FR")
    add("p-web", 5, last_active=T0 - 20 * DAY)
    add("p-off", 1, external="carol", enabled=False)
    add("p-mail", 11, external="alice", token="alice@example.com")
    return app.id


@pytest.fixture
def headers(sim: Sandbox, app_id: str) -> dict[str, str]:
    return {"Authorization": f"Key {sim.app_key(app_id)}"}


def send(client: httpx.Client, headers: dict[str, str], app_id: str, **body: Any) -> httpx.Response:
    payload: dict[str, Any] = {"app_id": app_id, "contents": {"en": "Hello"}, **body}
    return client.post("/notifications", json=payload, headers=headers)


def get(client: httpx.Client, headers: dict[str, str], app_id: str, nid: str) -> dict[str, Any]:
    response = client.get(f"/notifications/{nid}", params={"app_id": app_id}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_segment_send_reaches_subscribed_push_players_and_delivers_over_time(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    created = send(client, headers, app_id, included_segments=["Subscribed Users"])
    assert created.status_code == 200, created.text
    answer = created.json()
    assert answer["recipients"] == 3
    assert "errors" not in answer
    nid = answer["id"]

    queued = get(client, headers, app_id, nid)
    assert queued["remaining"] == 3
    assert queued["successful"] == 0
    assert queued["completed_at"] is None
    assert queued["contents"] == {"en": "Hello"}

    sim.clock.advance(30)
    done = get(client, headers, app_id, nid)
    assert done["remaining"] == 0
    assert done["successful"] + done["failed"] + done["errored"] == 3
    assert done["completed_at"] is not None
    assert done["canceled"] is False
    assert set(done["platform_delivery_stats"]) == {"ios", "android", "chrome_web_push"}
    assert get(client, headers, app_id, nid) == done  # deterministic at a given clock time


def test_active_users_and_filters(client: httpx.Client, headers: dict[str, str], app_id: str) -> None:
    assert send(client, headers, app_id, included_segments=["Active Users"]).json()["recipients"] == 2
    assert send(client, headers, app_id, included_segments=["Inactive Users"]).json()["recipients"] == 1
    filters = [
        {"field": "tag", "key": "level", "relation": ">", "value": "5"},
        {"operator": "OR"},
        {"field": "country", "relation": "=", "value": "FR"},
    ]
    assert send(client, headers, app_id, filters=filters).json()["recipients"] == 2


def test_created_segment_is_evaluated(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    sim.store.create_segment(app_id, "Levelled", [{"field": "tag", "key": "level", "relation": "exists"}], T0)
    answer = send(
        client, headers, app_id, included_segments=["Levelled"], excluded_segments=["Inactive Users"]
    )
    assert answer.json()["recipients"] == 2


def test_ids_that_are_not_subscribed_come_back_invalid(
    client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    answer = send(client, headers, app_id, include_player_ids=["p-ios", "p-off", "nope"]).json()
    assert answer["recipients"] == 1
    assert answer["errors"] == {"invalid_player_ids": ["p-off", "nope"]}
    answer = send(client, headers, app_id, include_external_user_ids=["bob", "carol"]).json()
    assert answer["recipients"] == 1
    assert answer["errors"] == {"invalid_external_user_ids": ["carol"]}


def test_aliases_with_target_channel_email(
    client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    answer = client.post(
        "/notifications",
        json={
            "app_id": app_id,
            "include_aliases": {"external_id": ["alice"]},
            "target_channel": "email",
            "email_subject": "Hi",
            "email_body": "<p>Hi</p>",
        },
        headers=headers,
    ).json()
    assert answer["recipients"] == 1


def test_nobody_subscribed_is_200_with_empty_id(
    client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    response = send(client, headers, app_id, include_player_ids=["p-off"])
    assert response.status_code == 200
    assert response.json()["id"] == ""
    assert response.json()["errors"] == ["All included players are not subscribed"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "You must include which players"),
        ({"included_segments": ["Subscribed Users"], "contents": None}, "English language content"),
        ({"included_segments": ["All"], "include_player_ids": ["p-ios"]}, "Incompatible"),
        ({"included_segments": ["Nope"]}, "does not exist"),
        ({"included_segments": ["All"], "send_after": "someday"}, "send_after"),
        ({"included_segments": ["All"], "delayed_option": "whenever"}, "delayed_option"),
    ],
)
def test_bad_requests_are_refused_with_400(
    client: httpx.Client, headers: dict[str, str], app_id: str, body: dict[str, Any], fragment: str
) -> None:
    response = send(client, headers, app_id, **body)
    assert response.status_code == 400
    assert any(fragment in message for message in response.json()["errors"])


def test_missing_app_id_and_wrong_key_are_refused(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    response = client.post("/notifications", json={"contents": {"en": "x"}}, headers=headers)
    assert response.status_code == 400
    other = sim.store.create_app("Other", sim.organization_id, T0)
    response = send(
        client, {"Authorization": f"Key {sim.app_key(other.id)}"}, app_id, included_segments=["All"]
    )
    assert response.status_code == 403


def test_idempotency_key_replays_the_first_answer(
    client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    first = send(client, headers, app_id, included_segments=["All"], idempotency_key="k-1")
    again = send(client, headers, app_id, included_segments=["Active Users"], idempotency_key="k-1")
    assert again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert "Idempotent-Replayed" not in first.headers
    legacy = send(client, headers, app_id, included_segments=["All"], external_id="ext-1")
    legacy_again = send(client, headers, app_id, included_segments=["All"], external_id="ext-1")
    assert legacy_again.json()["id"] == legacy.json()["id"]
    assert legacy.json()["external_id"] == "ext-1"
    listed = client.get("/notifications", params={"app_id": app_id}, headers=headers).json()
    assert listed["total_count"] == 2


def test_idempotency_expires_after_30_days(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    first = send(client, headers, app_id, included_segments=["All"], idempotency_key="k-2").json()
    sim.clock.advance(31 * DAY)
    later = send(client, headers, app_id, included_segments=["All"], idempotency_key="k-2")
    assert "Idempotent-Replayed" not in later.headers
    assert later.json()["id"] != first["id"]


def test_send_after_stays_scheduled_until_then_and_cancel_works_before_completion(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    nid = send(client, headers, app_id, included_segments=["All"], send_after=T0 + 3600).json()["id"]
    sim.clock.advance(3000)
    scheduled = get(client, headers, app_id, nid)
    assert scheduled["send_after"] == int(T0 + 3600)
    assert scheduled["remaining"] == 3
    assert scheduled["successful"] == 0

    canceled = client.delete(f"/notifications/{nid}", params={"app_id": app_id}, headers=headers)
    assert canceled.status_code == 200
    assert canceled.json() == {"success": True}
    sim.clock.advance(3600)
    after = get(client, headers, app_id, nid)
    assert after["canceled"] is True
    assert after["successful"] == 0
    again = client.delete(f"/notifications/{nid}", params={"app_id": app_id}, headers=headers)
    assert again.status_code == 400


def test_send_after_string_formats(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    nid = send(
        client, headers, app_id, included_segments=["All"], send_after="2025-06-15 16:26:40 GMT+0000"
    ).json()["id"]
    assert get(client, headers, app_id, nid)["send_after"] == 1_750_004_800


def test_cancel_after_completion_is_refused(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    nid = send(client, headers, app_id, included_segments=["All"]).json()["id"]
    sim.clock.advance(60)
    response = client.delete(f"/notifications/{nid}", params={"app_id": app_id}, headers=headers)
    assert response.status_code == 400
    assert "already been sent" in response.json()["errors"][0]
    unknown = client.delete("/notifications/does-not-exist", params={"app_id": app_id}, headers=headers)
    assert unknown.status_code == 404


def test_list_pages_newest_first_with_real_total_and_limit_checks(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    ids = []
    for _ in range(4):
        ids.append(send(client, headers, app_id, included_segments=["All"]).json()["id"])
        sim.clock.advance(10)
    page = client.get("/notifications", params={"app_id": app_id, "limit": 3, "offset": 1}, headers=headers)
    assert page.status_code == 200
    data = page.json()
    assert data["total_count"] == 4
    assert (data["limit"], data["offset"]) == (3, 1)
    assert [n["id"] for n in data["notifications"]] == list(reversed(ids))[1:4]
    assert (
        client.get("/notifications", params={"app_id": app_id, "kind": 0}, headers=headers).json()[
            "total_count"
        ]
        == 0
    )
    assert (
        client.get("/notifications", params={"app_id": app_id, "kind": 1}, headers=headers).json()[
            "total_count"
        ]
        == 4
    )
    too_many = client.get("/notifications", params={"app_id": app_id, "limit": 51}, headers=headers)
    assert too_many.status_code == 400
    assert client.get("/api/v1/notifications", params={"app_id": app_id}, headers=headers).status_code == 200


def test_history_gives_a_csv_url_for_clicked_players(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    nid = send(client, headers, app_id, included_segments=["All"]).json()["id"]
    sim.clock.advance(3600)
    response = client.post(
        f"/notifications/{nid}/history", json={"app_id": app_id, "events": "clicked"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["success"] is True
    url = response.json()["destination_url"]
    assert url.startswith(sim.base_url)
    assert httpx.get(url).status_code == 404
    sim.clock.advance(5)
    assert httpx.get(url).status_code == 200
    bad = client.post(
        f"/notifications/{nid}/history", json={"app_id": app_id, "events": "opened"}, headers=headers
    )
    assert bad.status_code == 400


def test_time_offset_pages_oldest_first_by_send_time(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    later = send(client, headers, app_id, included_segments=["All"], send_after=T0 + 500).json()["id"]
    first = send(client, headers, app_id, included_segments=["All"]).json()["id"]
    sim.clock.advance(10)
    second = send(client, headers, app_id, included_segments=["All"]).json()["id"]
    params: dict[str, Any] = {"app_id": app_id, "limit": 2, "time_offset": "2025-06-15T15:00:00.000Z"}
    page = client.get("/notifications", params=params, headers=headers).json()
    assert [n["id"] for n in page["notifications"]] == [first, second]
    params["time_offset"] = page["next_time_offset"]
    page = client.get("/notifications", params=params, headers=headers).json()
    assert [n["id"] for n in page["notifications"]] == [later]
    params["time_offset"] = page["next_time_offset"]
    assert client.get("/notifications", params=params, headers=headers).json()["notifications"] == []
    params["offset"] = 5
    assert client.get("/notifications", params=params, headers=headers).status_code == 400


def test_template_content_is_used_and_unknown_template_refused(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    template = sim.store.create_template(
        app_id, "Promo", "push", {"contents": {"en": "From the template"}, "headings": {"en": "Promo"}}, T0
    )
    created = client.post(
        "/notifications",
        json={"app_id": app_id, "template_id": template.id, "included_segments": ["All"]},
        headers=headers,
    )
    assert created.json()["recipients"] == 3
    shown = get(client, headers, app_id, created.json()["id"])
    assert shown["contents"] == {"en": "From the template"}
    assert shown["template_id"] == template.id
    unknown = client.post(
        "/notifications",
        json={"app_id": app_id, "template_id": "nope", "included_segments": ["All"]},
        headers=headers,
    )
    assert unknown.status_code == 400


def test_cancel_while_sending_keeps_what_went_out(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    nid = send(client, headers, app_id, included_segments=["All"], throttle_rate_per_minute=1).json()["id"]
    # Three recipients at one a minute: the sending takes three minutes; stop once some went out.
    sending = get(client, headers, app_id, nid)
    while sending["remaining"] == 3:
        sim.clock.advance(1)
        sending = get(client, headers, app_id, nid)
    assert sending["throttle_rate_per_minute"] == 1
    assert sim.clock.now() < T0 + 180
    assert 0 < sending["remaining"] < 3
    assert (
        client.delete(f"/notifications/{nid}", params={"app_id": app_id}, headers=headers).status_code == 200
    )
    sim.clock.advance(600)
    after = get(client, headers, app_id, nid)
    assert after["canceled"] is True
    assert after["completed_at"] is None
    assert after["successful"] + after["failed"] + after["errored"] == 3 - sending["remaining"]


def test_history_of_sent_events_is_empty_under_a_thousand_recipients(
    sim: Sandbox, client: httpx.Client, headers: dict[str, str], app_id: str
) -> None:
    from onesignal_desktop.sandbox.sim.csv_export import read_csv

    nid = send(client, headers, app_id, included_segments=["All"]).json()["id"]
    sim.clock.advance(60)
    url = client.post(
        f"/notifications/{nid}/history", json={"app_id": app_id, "events": "sent"}, headers=headers
    ).json()["csv_file_url"]
    sim.clock.advance(5)
    assert read_csv(httpx.get(url).content) == []
    sim.clock.advance(8 * DAY)
    late = client.post(
        f"/notifications/{nid}/history", json={"app_id": app_id, "events": "sent"}, headers=headers
    )
    assert late.status_code == 400
