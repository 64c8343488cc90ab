"""API keys: a created or rotated key authenticates; a deleted or rotated-away key does not; hashes only."""

from __future__ import annotations

from typing import Any

import httpx

from onesignal_desktop.sandbox import Sandbox


def _tokens(app: dict[str, Any]) -> str:
    return f"/apps/{app['id']}/auth/tokens"


def _can_list_players(http: httpx.Client, app: dict[str, Any], key: str) -> int:
    return http.get(
        "/players", params={"app_id": app["id"]}, headers={"Authorization": f"Key {key}"}
    ).status_code


def test_lifecycle_create_rotate_delete(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    created = http.post(_tokens(app), json={"name": "CI"}, headers=org_headers)
    assert created.status_code == 200
    token_id, key = created.json()["token_id"], created.json()["formatted_token"]
    assert key.startswith("os_v2_app_")
    assert _can_list_players(http, app, key) == 200

    listing = http.get(_tokens(app), headers=org_headers).json()
    assert [(t["token_id"], t["name"]) for t in listing["tokens"]] == [(token_id, "CI")]
    assert key not in str(listing)

    rotated = http.post(f"{_tokens(app)}/{token_id}/rotate", headers=org_headers).json()
    assert rotated["token_id"] == token_id and rotated["formatted_token"] != key
    assert _can_list_players(http, app, key) == 403
    assert _can_list_players(http, app, rotated["formatted_token"]) == 200

    renamed = http.patch(f"{_tokens(app)}/{token_id}", json={"name": "CI 2"}, headers=org_headers)
    assert renamed.status_code == 200
    assert http.get(_tokens(app), headers=org_headers).json()["tokens"][0]["name"] == "CI 2"

    assert http.delete(f"{_tokens(app)}/{token_id}", headers=org_headers).status_code == 200
    assert _can_list_players(http, app, rotated["formatted_token"]) == 403
    assert http.delete(f"{_tokens(app)}/{token_id}", headers=org_headers).status_code == 404


def test_key_of_one_app_does_not_open_another(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    key = http.post(_tokens(app), json={"name": "k"}, headers=org_headers).json()["formatted_token"]
    other = http.post("/apps", json={"name": "Other"}, headers=org_headers).json()
    assert _can_list_players(http, other, key) == 403


def test_ip_allowlist_is_enforced(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    blocked = http.post(
        _tokens(app),
        json={"name": "b", "ip_allowlist_mode": "explicit", "ip_allowlist": ["10.0.0.0/8"]},
        headers=org_headers,
    ).json()["formatted_token"]
    allowed = http.post(
        _tokens(app),
        json={"name": "a", "ip_allowlist_mode": "explicit", "ip_allowlist": ["127.0.0.1"]},
        headers=org_headers,
    ).json()["formatted_token"]
    assert _can_list_players(http, app, blocked) == 403
    assert _can_list_players(http, app, allowed) == 200


def test_validation(http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]) -> None:
    assert http.post(_tokens(app), json={}, headers=org_headers).status_code == 400
    bad_mode = http.post(_tokens(app), json={"name": "x", "ip_allowlist_mode": "maybe"}, headers=org_headers)
    assert bad_mode.status_code == 400 and "ip_allowlist_mode" in bad_mode.json()["errors"][0]
    bad_ip = http.post(_tokens(app), json={"name": "x", "ip_allowlist": ["not-an-ip"]}, headers=org_headers)
    assert bad_ip.status_code == 400
    missing_app = http.get("/apps/00000000-0000-4000-8000-000000000000/auth/tokens", headers=org_headers)
    assert missing_app.status_code == 404


def test_database_holds_no_key_in_plain_text(
    sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    key = http.post(_tokens(app), json={"name": "secret"}, headers=org_headers).json()["formatted_token"]
    raw = b""
    for path in sandbox.data_dir.glob("sandbox.sqlite3*"):
        raw += path.read_bytes()
    for secret in (key, app["basic_auth_key"], sandbox.org_key):
        assert secret.encode() not in raw
        assert secret[len("os_v2_app_") :].encode() not in raw
