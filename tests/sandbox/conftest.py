"""Fixtures for the sandbox tests: a fresh sandbox (no demo data) and httpx clients over real loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from onesignal_desktop.sandbox import Sandbox, start_sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as sb:
        yield sb


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def org_headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Key {sandbox.org_key}"}


@pytest.fixture
def app(http: httpx.Client, org_headers: dict[str, str]) -> dict[str, Any]:
    """A new app, as POST /apps answered it (with its basic_auth_key)."""
    response = http.post("/apps", json={"name": "Test app"}, headers=org_headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.fixture
def app_headers(app: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Key {app['basic_auth_key']}"}
