"""Segments: default segments, create/get/update/delete, paging totals, real subscriber counts, validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox.store import Store

DETAIL = {"include-segment-detail": "true"}


def _base(app: dict[str, Any]) -> str:
    return f"/apps/{app['id']}/segments"


def test_new_app_has_the_default_segments(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    listing = http.get(_base(app), headers=app_headers).json()
    assert listing["total_count"] == 3
    assert {s["name"] for s in listing["segments"]} == {"Subscribed Users", "Active Users", "Inactive Users"}


def test_create_get_update_delete(
    sandbox: Sandbox, http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    now = sandbox.clock.now()
    sandbox.store.bulk_create_players(
        app["id"],
        [
            {"device_type": 1, "token": "a", "user": {"tags": {"level": "5"}}},
            {"device_type": 1, "token": "b", "user": {"tags": {"level": "1"}}},
            {"device_type": 1, "token": "c", "notification_types": -2, "user": {"tags": {"level": "9"}}},
        ],
        now,
    )
    filters = [{"field": "tag", "key": "level", "relation": ">", "value": "2"}]
    created = http.post(_base(app), json={"name": "High level", "filters": filters}, headers=app_headers)
    assert created.status_code == 201
    assert created.json()["success"] is True
    segment_id = created.json()["id"]
    fetched = http.get(
        f"{_base(app)}/{segment_id}", params={"include-segment-detail": "true"}, headers=app_headers
    )
    assert fetched.status_code == 200
    assert fetched.json()["subscriber_count"] == 1  # the level-9 player is unsubscribed
    assert fetched.json()["payload"]["filters"] == filters
    assert fetched.json()["payload"]["name"] == "High level"
    updated = http.patch(
        f"{_base(app)}/{segment_id}",
        json={"name": "Any level", "filters": [{"field": "tag", "key": "level", "relation": "exists"}]},
        headers=app_headers,
    )
    assert updated.json() == {"success": True, "id": segment_id}
    assert http.get(f"{_base(app)}/{segment_id}", headers=app_headers).json()["subscriber_count"] == 2
    assert http.delete(f"{_base(app)}/{segment_id}", headers=app_headers).json() == {"success": True}
    gone = http.get(f"{_base(app)}/{segment_id}", headers=app_headers)
    assert gone.status_code == 404
    assert http.delete(f"{_base(app)}/{segment_id}", headers=app_headers).status_code == 404


def test_paging_totals(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    for n in range(5):
        http.post(_base(app), json={"name": f"S{n}", "filters": []}, headers=app_headers)
    page = http.get(_base(app), params={"limit": 2, "offset": 6}, headers=app_headers).json()
    assert page["total_count"] == 8
    assert len(page["segments"]) == 2
    assert http.get(_base(app), params={"limit": 301}, headers=app_headers).status_code == 400


def test_duplicate_id_conflicts(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    body = {"id": "7c1f4b6e-0000-4000-8000-000000000001", "name": "Fixed", "filters": []}
    assert http.post(_base(app), json=body, headers=app_headers).status_code == 201
    again = http.post(_base(app), json=body, headers=app_headers)
    assert again.status_code == 409
    assert again.json()["success"] is False


def test_segment_ids_are_per_app_and_tell_nothing_about_other_apps(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], org_headers: dict[str, str]
) -> None:
    other = http.post("/apps", json={"name": "Someone else's app"}, headers=org_headers).json()
    other_headers = {"Authorization": f"Key {other['basic_auth_key']}"}
    theirs = http.post(_base(other), json={"name": "Theirs", "filters": []}, headers=other_headers).json()[
        "id"
    ]

    mine = http.post(_base(app), json={"id": theirs, "name": "Mine", "filters": []}, headers=app_headers)
    assert mine.status_code == 201, mine.text
    assert mine.json()["id"] == theirs
    assert (
        http.get(f"{_base(app)}/{theirs}", params=DETAIL, headers=app_headers).json()["payload"]["name"]
        == "Mine"
    )
    assert (
        http.get(f"{_base(other)}/{theirs}", params=DETAIL, headers=other_headers).json()["payload"]["name"]
        == "Theirs"
    )
    assert (
        http.post(
            _base(app), json={"id": theirs, "name": "Mine again", "filters": []}, headers=app_headers
        ).status_code
        == 409
    )
    assert http.delete(f"{_base(app)}/{theirs}", headers=app_headers).json() == {"success": True}
    assert (
        http.get(f"{_base(other)}/{theirs}", params=DETAIL, headers=other_headers).json()["payload"]["name"]
        == "Theirs"
    )


def test_a_database_with_global_segment_ids_is_migrated_keeping_its_segments(tmp_path: Path) -> None:
    path = tmp_path / "earlier.sqlite3"
    store = Store(path)
    try:
        app = store.create_app("Earlier", "org-1", 1.0)
        kept = store.create_segment(
            app.id, "Kept", [{"field": "session_count", "relation": ">", "value": "1"}], 2.0
        )
        with store.write() as db:  # the table as earlier versions wrote it: ids unique over all apps
            db.execute("ALTER TABLE segments RENAME TO segments_new_style")
            db.execute(
                "CREATE TABLE segments (id TEXT PRIMARY KEY, app_id TEXT NOT NULL, name TEXT NOT NULL, "
                "description TEXT, filters TEXT NOT NULL DEFAULT '[]', "
                "source TEXT NOT NULL DEFAULT 'custom', "
                "is_active INTEGER NOT NULL DEFAULT 1, read_only INTEGER NOT NULL DEFAULT 0, "
                "created_at REAL NOT NULL, updated_at REAL NOT NULL)"
            )
            db.execute("INSERT INTO segments SELECT * FROM segments_new_style")
            db.execute("DROP TABLE segments_new_style")
    finally:
        store.close()
    store = Store(path)
    try:
        assert store.get_segment(app.id, kept.id) == kept
        other = store.create_app("Other", "org-1", 3.0)
        assert store.create_segment(other.id, "Same id", [], 4.0, segment_id=kept.id).app_id == other.id
        assert store.get_segment(app.id, kept.id) == kept
    finally:
        store.close()


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"filters": []}, "name"),
        ({"name": "x"}, "filters"),
        ({"name": "x", "filters": [{"field": "nope", "relation": "="}]}, "field"),
        ({"name": "x", "filters": [{"field": "tag", "relation": "=", "value": "1"}]}, "key"),
        ({"name": "x", "filters": "all"}, "filters"),
    ],
)
def test_invalid_segments_are_400(
    http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str], body: dict[str, Any], word: str
) -> None:
    response = http.post(_base(app), json=body, headers=app_headers)
    assert response.status_code == 400
    assert word in " ".join(response.json()["errors"])


def test_update_requires_a_name(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    segment_id = http.post(_base(app), json={"name": "N", "filters": []}, headers=app_headers).json()["id"]
    response = http.patch(f"{_base(app)}/{segment_id}", json={"filters": []}, headers=app_headers)
    assert response.status_code == 400
