"""Contract: the sandbox-sim endpoints (notifications, outcomes, exports) answer with bodies that validate
against the response schemas of OneSignal's published specs, read at test time from the
copy vendored into tests/data/openapi.

Same reading of the specs as test_contract.py: ``nullable`` -> a "null" type, ``oneOf`` read as ``anyOf``,
and error bodies checked against v5 only (v1 documents ``errors`` items as objects, OneSignal sends strings).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from sandbox_support import T0

from onesignal_desktop.sandbox import Sandbox, SandboxClock, start_sandbox


def check(
    specs: dict[str, dict[str, Any]], method: str, paths: dict[str, str], response: httpx.Response
) -> int:
    """Validate against every era that documents the path; returns how many did."""
    checked = 0
    for era, path in paths.items():
        if response.status_code >= 400 and era == "v1":
            continue
        operation = specs[era]["paths"].get(path, {}).get(method.lower())
        if operation is None:
            continue
        responses = operation["responses"]
        entry = responses.get(str(response.status_code)) or responses.get("default")
        schema = (entry or {}).get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            continue
        jsonschema.validate(response.json(), {**schema, "components": specs[era]["components"]})
        checked += 1
    return checked


@pytest.fixture(scope="module")
def sim() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False, clock=SandboxClock(start=T0, frozen=True)) as sb:
        app = sb.store.create_app("Contract sim", sb.organization_id, T0)
        sb.store.bulk_create_players(
            app.id,
            [
                {"id": f"p{i}", "device_type": i % 3, "token": f"t{i}", "last_active": T0 - 60}
                for i in range(30)
            ]
            + [{"id": "mail", "device_type": 11, "token": "a@example.com"}],
            T0,
        )
        yield sb


def test_every_sim_endpoint_answers_per_the_specs(sim: Sandbox, specs: dict[str, dict[str, Any]]) -> None:
    app_id = sim.app_ids()[0]
    key = {"Authorization": f"Key {sim.app_key(app_id)}"}
    http = httpx.Client(base_url=sim.base_url, timeout=10, headers=key)
    both = {"v1": "/notifications", "v5": "/notifications"}
    one = {"v1": "/notifications/{notification_id}", "v5": "/notifications/{notification_id}"}
    push = {"app_id": app_id, "contents": {"en": "Hi"}, "headings": {"en": "Hello"}}
    with http:
        created = http.post("/notifications", json={**push, "included_segments": ["Subscribed Users"]})
        nid = created.json()["id"]
        scheduled = http.post(
            "/notifications", json={**push, "included_segments": ["All"], "send_after": T0 + 7200}
        )
        email = http.post(
            "/notifications",
            json={
                "app_id": app_id,
                "email_subject": "S",
                "email_body": "<p>b</p>",
                "included_segments": ["All"],
            },
        )
        calls: list[tuple[str, dict[str, str], httpx.Response]] = [
            ("POST", both, created),
            ("POST", both, scheduled),
            ("POST", both, email),
            ("POST", both, http.post("/notifications", json={**push, "include_player_ids": ["p1", "nope"]})),
            ("POST", both, http.post("/notifications", json={**push, "include_player_ids": ["nope"]})),
            (
                "POST",
                both,
                http.post("/notifications", json={"app_id": app_id, "included_segments": ["All"]}),
            ),
        ]
        sim.clock.advance(3600)
        calls += [
            ("GET", one, http.get(f"/notifications/{nid}", params={"app_id": app_id})),
            ("GET", one, http.get("/notifications/nope", params={"app_id": app_id})),
            ("GET", both, http.get("/notifications", params={"app_id": app_id, "limit": 2})),
            (
                "DELETE",
                one,
                http.delete(f"/notifications/{scheduled.json()['id']}", params={"app_id": app_id}),
            ),
            ("DELETE", one, http.delete(f"/notifications/{nid}", params={"app_id": app_id})),
            (
                "POST",
                {
                    "v1": "/notifications/{notification_id}/history",
                    "v5": "/notifications/{notification_id}/history",
                },
                http.post(f"/notifications/{nid}/history", json={"app_id": app_id, "events": "clicked"}),
            ),
            (
                "GET",
                {"v1": "/apps/{app_id}/outcomes", "v5": "/apps/{app_id}/outcomes"},
                http.get(
                    f"/apps/{app_id}/outcomes",
                    params={
                        "outcome_names": "os__click.count,os__session_duration.sum",
                        "outcome_time_range": "1d",
                    },
                ),
            ),
            (
                "POST",
                {"v1": "/players/csv_export?app_id={app_id}", "v5": "/players/csv_export?app_id={app_id}"},
                http.post(
                    "/players/csv_export", params={"app_id": app_id}, json={"extra_fields": ["country"]}
                ),
            ),
        ]
        sim.clock.advance(60)
        calls.append(
            (
                "POST",
                {
                    "v1": "/notifications/{notification_id}/export_events?app_id={app_id}",
                    "v5": "/notifications/{notification_id}/export_events",
                },
                http.post(f"/notifications/{nid}/export_events", params={"app_id": app_id}),
            )
        )
    statuses = [response.status_code for _, _, response in calls]
    assert statuses == [200, 200, 200, 200, 200, 400, 200, 404, 200, 200, 400, 200, 200, 200, 200]
    for method, paths, response in calls:
        assert check(specs, method, paths, response) >= 1, (method, paths, response.text)
