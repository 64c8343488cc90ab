"""`rate_limits="onesignal"`: OneSignal's per-app limits with 429 + Retry-After; off by default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from onesignal_desktop.sandbox import Sandbox, SandboxClock, start_sandbox


@pytest.fixture
def limited() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False, rate_limits="onesignal", clock=SandboxClock(frozen=True)) as sb:
        yield sb


def _app(http: httpx.Client, sb: Sandbox) -> tuple[dict[str, Any], dict[str, str]]:
    app = http.post("/apps", json={"name": "L"}, headers={"Authorization": f"Key {sb.org_key}"}).json()
    return app, {"Authorization": f"Key {app['basic_auth_key']}"}


def test_view_endpoint_allows_one_per_second(limited: Sandbox) -> None:
    with httpx.Client(base_url=limited.base_url) as http:
        app, headers = _app(http, limited)
        assert http.get("/players", params={"app_id": app["id"]}, headers=headers).status_code == 200
        refused = http.get("/players", params={"app_id": app["id"]}, headers=headers)
        assert refused.status_code == 429
        assert refused.json() == {"errors": ["API rate limit exceeded."]}
        assert int(refused.headers["Retry-After"]) >= 1
        limited.clock.advance(1.0)
        assert http.get("/players", params={"app_id": app["id"]}, headers=headers).status_code == 200


def test_limits_are_per_app(limited: Sandbox) -> None:
    with httpx.Client(base_url=limited.base_url) as http:
        first, first_headers = _app(http, limited)
        second, second_headers = _app(http, limited)
        assert http.get("/players", params={"app_id": first["id"]}, headers=first_headers).status_code == 200
        assert (
            http.get("/players", params={"app_id": second["id"]}, headers=second_headers).status_code == 200
        )


def test_user_endpoints_allow_bursts(limited: Sandbox) -> None:
    with httpx.Client(base_url=limited.base_url) as http:
        app, headers = _app(http, limited)
        statuses = {
            http.post(
                f"/apps/{app['id']}/users", json={"identity": {"external_id": f"u{i}"}}, headers=headers
            ).status_code
            for i in range(30)
        }
        assert statuses == {201}


def test_off_by_default(http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]) -> None:
    statuses = {
        http.get("/players", params={"app_id": app["id"]}, headers=app_headers).status_code for _ in range(5)
    }
    assert statuses == {200}
