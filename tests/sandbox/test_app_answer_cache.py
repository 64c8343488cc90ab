"""GET /apps/{id} answers from a cache until the next write: every write shows in the next answer."""

from __future__ import annotations

from typing import Any

import httpx


def test_the_app_answer_follows_every_change(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any]
) -> None:
    url = f"/apps/{app['id']}"
    first = http.get(url, headers=org_headers).json()
    assert http.get(url, headers=org_headers).json() == first  # answered again, unchanged
    renamed = http.put(url, headers=org_headers, json={"name": "Renamed shop"})
    assert renamed.status_code == 200
    assert http.get(url, headers=org_headers).json()["name"] == "Renamed shop"
    added = http.post(
        f"/apps/{app['id']}/users",
        json={"subscriptions": [{"type": "Email", "token": "cache@example.com"}]},
        headers={"Authorization": f"Key {first['basic_auth_key']}"},
    )
    assert added.status_code in (200, 201, 202), added.text
    assert http.get(url, headers=org_headers).json()["players"] == first["players"] + 1


def test_an_unknown_app_stays_unknown_until_created(http: httpx.Client, org_headers: dict[str, str]) -> None:
    missing = http.get("/apps/00000000-0000-4000-8000-000000000000", headers=org_headers)
    assert missing.status_code == 404
    assert http.get("/apps/00000000-0000-4000-8000-000000000000", headers=org_headers).status_code == 404
    created = http.post("/apps", headers=org_headers, json={"name": "Fresh"}).json()
    assert http.get(f"/apps/{created['id']}", headers=org_headers).json()["name"] == "Fresh"
