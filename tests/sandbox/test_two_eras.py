"""One store, two eras: a player is a subscription, external_user_id is the external_id alias, tags live on
the user; a change made through either API shows through the other."""

from __future__ import annotations

from typing import Any

import httpx


def _player(http: httpx.Client, headers: dict[str, str], app_id: str, player_id: str) -> dict[str, Any]:
    response = http.get(f"/players/{player_id}", params={"app_id": app_id}, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _user(http: httpx.Client, headers: dict[str, str], app_id: str, label: str, value: str) -> dict[str, Any]:
    response = http.get(f"/apps/{app_id}/users/by/{label}/{value}", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_legacy_player_shows_as_a_user_with_a_subscription(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    created = http.post(
        "/players",
        json={
            "app_id": app["id"],
            "device_type": 0,
            "identifier": "apns-token",
            "external_user_id": "alice",
            "tags": {"plan": "pro"},
            "language": "es",
            "session_count": 4,
        },
        headers=app_headers,
    ).json()
    user = _user(http, app_headers, app["id"], "external_id", "alice")
    assert user["identity"]["external_id"] == "alice"
    assert user["properties"]["tags"] == {"plan": "pro"}
    assert user["properties"]["language"] == "es"
    (subscription,) = user["subscriptions"]
    assert subscription["id"] == created["id"]
    assert subscription["type"] == "iOSPush"
    assert subscription["token"] == "apns-token"
    assert subscription["session_count"] == 4
    assert subscription["enabled"] is True


def test_user_created_through_current_api_lists_as_players(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    response = http.post(
        f"/apps/{app['id']}/users",
        json={
            "identity": {"external_id": "bob"},
            "properties": {"tags": {"tier": "1"}, "country": "DE"},
            "subscriptions": [
                {"type": "AndroidPush", "token": "fcm-1"},
                {"type": "Email", "token": "bob@example.com"},
            ],
        },
        headers=app_headers,
    )
    assert response.status_code == 201
    listing = http.get("/players", params={"app_id": app["id"]}, headers=app_headers).json()
    assert listing["total_count"] == 2
    by_type = {p["device_type"]: p for p in listing["players"]}
    assert set(by_type) == {1, 11}
    for player in listing["players"]:
        assert player["external_user_id"] == "bob"
        assert player["tags"] == {"tier": "1"}
        assert player["country"] == "DE"
    assert by_type[11]["identifier"] == "bob@example.com"


def test_tags_changed_on_a_player_show_on_the_user_and_its_other_players(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    ids = [
        http.post(
            "/players",
            json={
                "app_id": app["id"],
                "device_type": t,
                "identifier": f"tok{t}",
                "external_user_id": "carol",
            },
            headers=app_headers,
        ).json()["id"]
        for t in (1, 5)
    ]
    http.put(f"/players/{ids[0]}", json={"app_id": app["id"], "tags": {"color": "red"}}, headers=app_headers)
    assert _user(http, app_headers, app["id"], "external_id", "carol")["properties"]["tags"] == {
        "color": "red"
    }
    assert _player(http, app_headers, app["id"], ids[1])["tags"] == {"color": "red"}


def test_user_patch_shows_through_the_player(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = http.post(
        "/players",
        json={"app_id": app["id"], "device_type": 1, "external_user_id": "dave"},
        headers=app_headers,
    ).json()["id"]
    response = http.patch(
        f"/apps/{app['id']}/users/by/external_id/dave",
        json={"properties": {"tags": {"score": "10"}, "language": "it"}, "deltas": {"session_count": 2}},
        headers=app_headers,
    )
    assert response.status_code == 202
    player = _player(http, app_headers, app["id"], player_id)
    assert player["tags"] == {"score": "10"}
    assert player["language"] == "it"
    assert player["session_count"] == 3


def test_setting_external_user_id_on_a_player_identifies_it(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(f"/apps/{app['id']}/users", json={"identity": {"external_id": "erin"}}, headers=app_headers)
    player_id = http.post(
        "/players", json={"app_id": app["id"], "device_type": 1, "identifier": "x"}, headers=app_headers
    ).json()["id"]
    http.put(
        f"/players/{player_id}", json={"app_id": app["id"], "external_user_id": "erin"}, headers=app_headers
    )
    user = _user(http, app_headers, app["id"], "external_id", "erin")
    assert [s["id"] for s in user["subscriptions"]] == [player_id]


def test_subscription_disabled_in_current_api_is_unsubscribed_player(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = http.post(
        "/players", json={"app_id": app["id"], "device_type": 1, "identifier": "y"}, headers=app_headers
    ).json()["id"]
    response = http.patch(
        f"/apps/{app['id']}/subscriptions/{player_id}",
        json={"subscription": {"enabled": False}},
        headers=app_headers,
    )
    assert response.status_code == 200
    assert _player(http, app_headers, app["id"], player_id)["notification_types"] == -2


def test_deleting_the_subscription_deletes_the_player(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = http.post(
        "/players", json={"app_id": app["id"], "device_type": 1}, headers=app_headers
    ).json()["id"]
    assert http.delete(f"/apps/{app['id']}/subscriptions/{player_id}", headers=app_headers).status_code == 202
    assert (
        http.get(f"/players/{player_id}", params={"app_id": app["id"]}, headers=app_headers).status_code
        == 404
    )


def test_removing_external_id_alias_clears_external_user_id(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    player_id = http.post(
        "/players",
        json={"app_id": app["id"], "device_type": 1, "external_user_id": "frank"},
        headers=app_headers,
    ).json()["id"]
    response = http.delete(
        f"/apps/{app['id']}/users/by/external_id/frank/identity/external_id", headers=app_headers
    )
    assert response.status_code == 200
    assert "external_user_id" not in _player(http, app_headers, app["id"], player_id)
