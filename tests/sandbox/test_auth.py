"""Auth like OneSignal: org key for apps and API keys, app keys for app calls, refusals in its shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def _other_app(http: httpx.Client, org_headers: dict[str, str]) -> dict[str, Any]:
    return dict(http.post("/apps", json={"name": "Other"}, headers=org_headers).json())


@pytest.mark.parametrize("scheme", ["Key", "Basic", "Bearer"])
def test_every_scheme_is_accepted(http: httpx.Client, app: dict[str, Any], scheme: str) -> None:
    response = http.get(
        "/players",
        params={"app_id": app["id"]},
        headers={"Authorization": f"{scheme} {app['basic_auth_key']}"},
    )
    assert response.status_code == 200


def test_bearer_token_equals_form_is_accepted(http: httpx.Client, app: dict[str, Any]) -> None:
    header = {"Authorization": f'Bearer token="{app["basic_auth_key"]}"'}
    assert http.get("/players", params={"app_id": app["id"]}, headers=header).status_code == 200


def test_missing_key_is_400_saying_how_to_authenticate(http: httpx.Client, app: dict[str, Any]) -> None:
    response = http.get("/players", params={"app_id": app["id"]})
    assert response.status_code == 400
    (message,) = response.json()["errors"]
    assert "Authorization" in message


def test_wrong_key_is_403_access_denied(http: httpx.Client, app: dict[str, Any]) -> None:
    response = http.get(
        "/players", params={"app_id": app["id"]}, headers={"Authorization": "Key os_v2_app_" + "a" * 52}
    )
    assert response.status_code == 403
    assert response.json()["errors"][0].startswith("Access denied")


def test_another_apps_key_is_refused(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    other = _other_app(http, org_headers)
    response = http.get(
        "/players", params={"app_id": app["id"]}, headers={"Authorization": f"Key {other['basic_auth_key']}"}
    )
    assert response.status_code == 403


def test_org_key_does_not_open_app_calls(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    assert http.get("/players", params={"app_id": app["id"]}, headers=org_headers).status_code == 403


def test_app_key_does_not_open_app_management(
    http: httpx.Client, app_headers: dict[str, str], app: dict[str, Any]
) -> None:
    assert http.get("/apps", headers=app_headers).status_code == 403
    assert http.post("/apps", json={"name": "x"}, headers=app_headers).status_code == 403
    assert http.get(f"/apps/{app['id']}/auth/tokens", headers=app_headers).status_code == 403


def test_unknown_scheme_counts_as_missing(http: httpx.Client, app: dict[str, Any]) -> None:
    response = http.get(
        "/players", params={"app_id": app["id"]}, headers={"Authorization": f"Token {app['basic_auth_key']}"}
    )
    assert response.status_code == 400


def test_unknown_app_is_404_naming_it(http: httpx.Client, app_headers: dict[str, str]) -> None:
    response = http.get("/apps/00000000-0000-4000-8000-000000000000/segments", headers=app_headers)
    assert response.status_code == 404
    assert "00000000-0000-4000-8000-000000000000" in response.json()["errors"][0]


def test_keys_look_like_onesignal_v2_keys(sandbox: Any, app: dict[str, Any]) -> None:
    import re

    assert re.fullmatch(r"os_v2_org_[a-z2-7]{52}", sandbox.org_key)
    assert re.fullmatch(r"os_v2_app_[a-z2-7]{52}", app["basic_auth_key"])
    assert sandbox.app_key(app["id"]) == app["basic_auth_key"]


def test_refusal_bodies_do_not_echo_the_key(http: httpx.Client, app: dict[str, Any]) -> None:
    bogus = "os_v2_app_" + "b" * 52
    response = http.get("/players", params={"app_id": app["id"]}, headers={"Authorization": f"Key {bogus}"})
    assert bogus not in response.text
