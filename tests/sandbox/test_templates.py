"""Templates: create (push/email/sms), list with channel filter and limits, view, update, delete, copy."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def test_template_lifecycle(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    created = http.post(
        "/templates",
        json={"app_id": app["id"], "name": "Welcome", "contents": {"en": "Hi"}, "headings": {"en": "Hello"}},
        headers=app_headers,
    )
    assert created.status_code == 200
    template = created.json()
    assert template["channel"] == "push"
    assert template["content"]["contents"] == {"en": "Hi"}
    params = {"app_id": app["id"]}
    assert (
        http.get(f"/templates/{template['id']}", params=params, headers=app_headers).json()["name"]
        == "Welcome"
    )
    updated = http.patch(
        f"/templates/{template['id']}",
        params=params,
        json={"name": "Welcome 2", "contents": {"en": "Yo"}},
        headers=app_headers,
    )
    assert updated.json()["name"] == "Welcome 2"
    assert updated.json()["content"]["contents"] == {"en": "Yo"}
    assert updated.json()["content"]["headings"] == {"en": "Hello"}
    assert http.delete(f"/templates/{template['id']}", params=params, headers=app_headers).json() == {
        "success": True
    }
    assert http.get(f"/templates/{template['id']}", params=params, headers=app_headers).status_code == 404


def test_list_filters_by_channel_and_limits(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    http.post(
        "/templates", json={"app_id": app["id"], "name": "P", "contents": {"en": "p"}}, headers=app_headers
    )
    http.post(
        "/templates",
        json={
            "app_id": app["id"],
            "name": "E",
            "contents": {"en": "e"},
            "isEmail": True,
            "email_subject": "S",
            "email_body": "<p>B</p>",
        },
        headers=app_headers,
    )
    http.post(
        "/templates",
        json={"app_id": app["id"], "name": "T", "contents": {"en": "t"}, "isSMS": True},
        headers=app_headers,
    )
    everything = http.get("/templates", params={"app_id": app["id"]}, headers=app_headers).json()
    assert len(everything["templates"]) == 3
    emails = http.get(
        "/templates", params={"app_id": app["id"], "channel": "email"}, headers=app_headers
    ).json()
    assert [t["name"] for t in emails["templates"]] == ["E"]
    too_many = http.get("/templates", params={"app_id": app["id"], "limit": 51}, headers=app_headers)
    assert too_many.status_code == 400


@pytest.mark.parametrize(
    ("body", "status", "word"),
    [
        ({"contents": {"en": "x"}}, 400, "name"),
        ({"name": "x"}, 400, "contents"),
        ({"name": "x", "contents": "hi"}, 400, "contents"),
        ({"name": "x", "contents": {"en": "x"}, "isEmail": True}, 422, "email_subject"),
    ],
)
def test_invalid_templates(
    http: httpx.Client,
    app: dict[str, Any],
    app_headers: dict[str, str],
    body: dict[str, Any],
    status: int,
    word: str,
) -> None:
    response = http.post("/templates", json={"app_id": app["id"], **body}, headers=app_headers)
    assert response.status_code == status
    assert word in " ".join(response.json()["errors"])


def test_copy_to_app_needs_the_org_key(
    http: httpx.Client, org_headers: dict[str, str], app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    template_id = http.post(
        "/templates", json={"app_id": app["id"], "name": "C", "contents": {"en": "c"}}, headers=app_headers
    ).json()["id"]
    other = http.post("/apps", json={"name": "Target"}, headers=org_headers).json()
    url = f"/templates/{template_id}/copy_to_app"
    assert (
        http.post(
            url, params={"app_id": app["id"]}, json={"target_app_id": other["id"]}, headers=app_headers
        ).status_code
        == 403
    )
    copied = http.post(
        url, params={"app_id": app["id"]}, json={"target_app_id": other["id"]}, headers=org_headers
    )
    assert copied.status_code == 200
    other_headers = {"Authorization": f"Key {other['basic_auth_key']}"}
    listing = http.get("/templates", params={"app_id": other["id"]}, headers=other_headers).json()
    assert [t["id"] for t in listing["templates"]] == [copied.json()["id"]]
