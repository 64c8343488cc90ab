"""Legacy players: create/get/list/update/delete, tags by external user id, paging totals and validation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from onesignal_desktop.sandbox import Sandbox


def _create(http: httpx.Client, headers: dict[str, str], app_id: str, **fields: Any) -> str:
    body = {"app_id": app_id, "device_type": 1, **fields}
    response = http.post("/players", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["success"] is True
    return str(response.json()["id"])


def test_created_player_reads_back(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = _create(
        http,
        app_headers,
        app["id"],
        identifier="tok-1",
        language="fr",
        tags={"level": 3, "vip": True},
        external_user_id="user-1",
        device_model="Pixel 8",
        timezone=3600,
        amount_spent=4.5,
    )
    response = http.get(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers)
    assert response.status_code == 200
    player = response.json()
    assert player["id"] == player_id
    assert player["app_id"] == app["id"]
    assert player["identifier"] == "tok-1"
    assert player["language"] == "fr"
    assert player["tags"] == {"level": "3", "vip": "true"}
    assert player["external_user_id"] == "user-1"
    assert player["device_model"] == "Pixel 8"
    assert player["timezone"] == 3600
    assert player["amount_spent"] == 4.5
    assert player["notification_types"] == 1


def test_player_can_be_read_without_app_id_by_its_apps_key(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = _create(http, app_headers, app["id"])
    assert http.get(f"/players/{player_id}", headers=app_headers).status_code == 200


def test_same_token_answers_the_existing_player(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    first = _create(http, app_headers, app["id"], identifier="same-token")
    second = _create(http, app_headers, app["id"], identifier="same-token", language="de")
    assert first == second
    player = http.get(f"/players/{first}", params={"app_id": app["id"]}, headers=app_headers).json()
    assert player["language"] == "de"


def test_list_pages_with_real_total_count(
    sandbox: Sandbox, http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    sandbox.store.bulk_create_players(
        app["id"], ({"device_type": 1, "token": f"t{i}"} for i in range(450)), sandbox.clock.now()
    )
    first = http.get("/players", params={"app_id": app["id"]}, headers=app_headers).json()
    assert first["total_count"] == 450
    assert first["limit"] == 300 and first["offset"] == 0
    assert len(first["players"]) == 300
    second = http.get(
        "/players", params={"app_id": app["id"], "offset": 300, "limit": 300}, headers=app_headers
    ).json()
    assert len(second["players"]) == 150
    ids = {p["id"] for p in first["players"]} | {p["id"] for p in second["players"]}
    assert len(ids) == 450


@pytest.mark.parametrize(
    ("params", "word"),
    [
        ({"limit": 301}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_out_of_range_paging_is_400(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], params: dict[str, Any], word: str
) -> None:
    response = http.get("/players", params={"app_id": app["id"], **params}, headers=app_headers)
    assert response.status_code == 400
    assert word in response.json()["errors"][0]


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({}, "device_type"),
        ({"device_type": 99}, "device_type"),
        ({"device_type": 11, "identifier": "not-an-email"}, "Email"),
        ({"device_type": 14, "identifier": "555"}, "Phone"),
        ({"device_type": 1, "tags": {"nested": {"a": 1}}}, "nested"),
        ({"device_type": 1, "tags": ["a"]}, "tags"),
        ({"device_type": "one"}, "device_type"),
    ],
)
def test_invalid_player_bodies_are_400_saying_why(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], body: dict[str, Any], word: str
) -> None:
    response = http.post("/players", json={"app_id": app["id"], **body}, headers=app_headers)
    assert response.status_code == 400
    assert word in " ".join(response.json()["errors"])


def test_missing_app_id_is_400(http: httpx.Client, app_headers: dict[str, str]) -> None:
    response = http.get("/players", headers=app_headers)
    assert response.status_code == 400
    assert "app_id" in response.json()["errors"][0]


def test_unknown_player_is_404(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    missing = "00000000-0000-4000-8000-000000000001"
    assert (
        http.get(f"/players/{missing}", params={"app_id": app["id"]}, headers=app_headers).status_code == 404
    )
    response = http.delete(f"/players/{missing}", params={"app_id": app["id"]}, headers=app_headers)
    assert response.status_code == 404
    assert response.json()["success"] is False


def test_update_merges_tags_and_empty_value_deletes(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = _create(http, app_headers, app["id"], tags={"a": "1", "b": "2"})
    response = http.put(
        f"/players/{player_id}",
        json={"app_id": app["id"], "tags": {"b": "", "c": "3"}, "notification_types": -2},
        headers=app_headers,
    )
    assert response.json() == {"success": True}
    player = http.get(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers).json()
    assert player["tags"] == {"a": "1", "c": "3"}
    assert player["notification_types"] == -2


def test_delete_removes_the_player_and_the_total(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = _create(http, app_headers, app["id"])
    _create(http, app_headers, app["id"])
    response = http.delete(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers)
    assert response.json() == {"success": True}
    assert (
        http.get(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers).status_code
        == 404
    )
    listing = http.get("/players", params={"app_id": app["id"]}, headers=app_headers).json()
    assert listing["total_count"] == 1


def test_tags_by_external_user_id(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = _create(http, app_headers, app["id"], external_user_id="ext-9", tags={"keep": "1"})
    response = http.put(
        f"/apps/{app['id']}/users/ext-9", json={"tags": {"plan": "gold"}}, headers=app_headers
    )
    assert response.json() == {"success": True}
    player = http.get(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers).json()
    assert player["tags"] == {"keep": "1", "plan": "gold"}
    missing = http.put(f"/apps/{app['id']}/users/nobody", json={"tags": {"a": "b"}}, headers=app_headers)
    assert missing.status_code == 404


def test_player_of_another_app_is_not_visible_through_this_app(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    other = http.post("/apps", json={"name": "Other"}, headers=org_headers).json()
    other_headers = {"Authorization": f"Key {other['basic_auth_key']}"}
    player_id = _create(http, other_headers, other["id"])
    assert (
        http.get(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers).status_code
        == 404
    )
    assert http.get(f"/players/{player_id}", headers=app_headers).status_code == 403


def test_app_counts_players_and_messageable_players(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    _create(http, app_headers, app["id"])
    _create(http, app_headers, app["id"], notification_types=-2)
    fetched = http.get(f"/apps/{app['id']}", headers=org_headers).json()
    assert fetched["players"] == 2
    assert fetched["messageable_players"] == 1
