"""Users, aliases and subscriptions (current API): behaviour and validation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def _users(app: dict[str, Any]) -> str:
    return f"/apps/{app['id']}/users"


def test_create_then_get_by_alias_and_onesignal_id(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    created = http.post(
        _users(app), json={"identity": {"external_id": "u1", "crm": "c-1"}}, headers=app_headers
    )
    assert created.status_code == 201
    onesignal_id = created.json()["identity"]["onesignal_id"]
    by_crm = http.get(f"{_users(app)}/by/crm/c-1", headers=app_headers).json()
    by_id = http.get(f"{_users(app)}/by/onesignal_id/{onesignal_id}", headers=app_headers).json()
    assert (
        by_crm["identity"]
        == by_id["identity"]
        == {"onesignal_id": onesignal_id, "external_id": "u1", "crm": "c-1"}
    )


def test_creating_with_a_known_alias_answers_the_existing_user(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    first = http.post(_users(app), json={"identity": {"external_id": "u2"}}, headers=app_headers).json()
    again = http.post(_users(app), json={"identity": {"external_id": "u2"}}, headers=app_headers)
    assert again.status_code == 200
    assert again.json()["identity"]["onesignal_id"] == first["identity"]["onesignal_id"]


def test_aliases_of_two_users_conflict_with_409(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(_users(app), json={"identity": {"external_id": "a"}}, headers=app_headers)
    http.post(_users(app), json={"identity": {"external_id": "b"}}, headers=app_headers)
    joined = http.post(_users(app), json={"identity": {"external_id": "a", "x": "1"}}, headers=app_headers)
    assert joined.status_code == 200  # all known aliases have one owner: the new alias joins it
    both = http.post(
        _users(app), json={"identity": {"external_id": "a", "x": "1", "y": "2"}}, headers=app_headers
    )
    assert both.status_code == 200
    split = http.post(_users(app), json={"identity": {"external_id": "b", "x": "1"}}, headers=app_headers)
    assert split.status_code == 409
    assert split.json()["errors"][0]["meta"]["conflicting_aliases"]
    clash = http.patch(
        f"{_users(app)}/by/external_id/b/identity", json={"identity": {"x": "1"}}, headers=app_headers
    )
    assert clash.status_code == 409
    assert clash.json()["errors"]


def test_alias_lifecycle(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    http.post(_users(app), json={"identity": {"external_id": "life"}}, headers=app_headers)
    base = f"{_users(app)}/by/external_id/life/identity"
    added = http.patch(base, json={"identity": {"email_hash": "abc"}}, headers=app_headers)
    assert added.status_code == 200 and added.json()["identity"]["email_hash"] == "abc"
    assert http.get(base, headers=app_headers).json()["identity"]["email_hash"] == "abc"
    removed = http.delete(f"{base}/email_hash", headers=app_headers)
    assert "email_hash" not in removed.json()["identity"]
    assert http.delete(f"{base}/email_hash", headers=app_headers).status_code == 404
    assert http.delete(f"{base}/onesignal_id", headers=app_headers).status_code == 400
    assert http.patch(base, json={"identity": {"onesignal_id": "x"}}, headers=app_headers).status_code == 400


def test_unknown_user_is_404(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    response = http.get(f"{_users(app)}/by/external_id/ghost", headers=app_headers)
    assert response.status_code == 404
    assert "ghost" in response.json()["errors"][0]


def test_subscription_lifecycle_and_transfer(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(_users(app), json={"identity": {"external_id": "from"}}, headers=app_headers)
    http.post(_users(app), json={"identity": {"external_id": "to"}}, headers=app_headers)
    created = http.post(
        f"{_users(app)}/by/external_id/from/subscriptions",
        json={"subscription": {"type": "SMS", "token": "+15555550100"}},
        headers=app_headers,
    )
    assert created.status_code == 201
    sub_id = created.json()["subscription"]["id"]
    subs = f"/apps/{app['id']}/subscriptions/{sub_id}"
    owner = http.get(f"{subs}/user/identity", headers=app_headers).json()
    assert owner["identity"]["external_id"] == "from"
    moved = http.patch(f"{subs}/owner", json={"identity": {"external_id": "to"}}, headers=app_headers)
    assert moved.status_code == 200 and moved.json()["identity"]["external_id"] == "to"
    to_user = http.get(f"{_users(app)}/by/external_id/to", headers=app_headers).json()
    assert [s["id"] for s in to_user["subscriptions"]] == [sub_id]
    assert http.delete(subs, headers=app_headers).status_code == 202
    assert http.get(f"{subs}/user/identity", headers=app_headers).status_code == 404


def test_delete_user_removes_its_subscriptions(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(
        _users(app),
        json={"identity": {"external_id": "gone"}, "subscriptions": [{"type": "AndroidPush", "token": "t"}]},
        headers=app_headers,
    )
    assert http.delete(f"{_users(app)}/by/external_id/gone", headers=app_headers).status_code == 200
    assert http.get(f"{_users(app)}/by/external_id/gone", headers=app_headers).status_code == 404
    assert http.get("/players", params={"app_id": app["id"]}, headers=app_headers).json()["total_count"] == 0


def test_purchases_delta_adds_to_amount_spent(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(_users(app), json={"identity": {"external_id": "buyer"}}, headers=app_headers)
    response = http.patch(
        f"{_users(app)}/by/external_id/buyer",
        json={"deltas": {"purchases": [{"sku": "coins", "amount": "1.50", "iso": "USD", "count": 2}]}},
        headers=app_headers,
    )
    assert response.status_code == 202
    assert response.json()["properties"]["amount_spent"] == 3.0


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"subscriptions": [{"token": "t"}]}, "type"),
        ({"subscriptions": [{"type": "Pigeon"}]}, "type"),
        ({"subscriptions": [{"type": "Email", "token": "nope"}]}, "email"),
        ({"identity": {"external_id": ""}}, "external_id"),
        ({"identity": "bob"}, "identity"),
        ({"properties": {"tags": {"a": {"b": 1}}}}, "nested"),
        ({"properties": {"lat": "north"}}, "lat"),
    ],
)
def test_invalid_user_bodies_are_400(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], body: dict[str, Any], word: str
) -> None:
    response = http.post(_users(app), json=body, headers=app_headers)
    assert response.status_code == 400
    assert word in " ".join(response.json()["errors"])


def test_update_subscription_by_token(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(
        _users(app),
        json={
            "identity": {"external_id": "mail"},
            "subscriptions": [{"type": "Email", "token": "m@example.com"}],
        },
        headers=app_headers,
    )
    response = http.patch(
        f"/apps/{app['id']}/subscriptions_by_token/email/m@example.com",
        json={"subscription": {"enabled": False}},
        headers=app_headers,
    )
    assert response.status_code == 202
    (sub,) = http.get(f"{_users(app)}/by/external_id/mail", headers=app_headers).json()["subscriptions"]
    assert sub["enabled"] is False
