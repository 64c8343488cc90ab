"""Fixtures of the fault tests: one sandbox per module, a fault-free setup client, a counting transport."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests are imported by path (--import-mode=importlib); make the helpers beside them importable.
sys.path.insert(0, str(Path(__file__).parent))

from faults_support import World

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox, start_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture(scope="module")
def setup_client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    """Makes what the operation under test needs; faults are never active while it runs."""
    with OneSignalClient(
        sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key
    ) as client:
        yield client


@pytest.fixture(scope="module")
def world(sandbox: Sandbox, setup_client: OneSignalClient) -> World:
    return World.create(
        setup_client,
        sandbox.clock,
        organization_id=sandbox.organization_id,
        unsubscribe_token=sandbox.unsubscribe_token,
    )


@pytest.fixture(autouse=True)
def no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts and ends with the sandbox behaving (faults are per test)."""
    if "sandbox" not in request.fixturenames:
        yield
        return
    sandbox: Sandbox = request.getfixturevalue("sandbox")
    sandbox.faults.clear()
    yield
    sandbox.faults.clear()
