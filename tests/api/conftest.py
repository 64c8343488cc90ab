"""Fixtures for the API client tests: a client wired to a recording fake server and a fake clock."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

# Tests are imported by path (--import-mode=importlib); make the helpers beside them importable.
sys.path.insert(0, str(Path(__file__).parent))

from api_support import APP_ID, APP_KEY, ORG_KEY, FakeServer, FakeSleep

from onesignal_desktop.api import OneSignalClient, RetryPolicy


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def make_client(server: FakeServer, fake_sleep: FakeSleep) -> Iterator[Callable[..., OneSignalClient]]:
    clients: list[OneSignalClient] = []

    def make(**kwargs: Any) -> OneSignalClient:
        kwargs.setdefault("organization_key", ORG_KEY)
        kwargs.setdefault("app_keys", {APP_ID: APP_KEY})
        kwargs.setdefault("rate_budget", False)
        kwargs.setdefault(
            "retry", RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock, jitter=lambda delay: delay)
        )
        client = OneSignalClient(
            kwargs.pop("base_url", "https://api.onesignal.com"),
            transport=httpx.MockTransport(server.handle),
            **kwargs,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., OneSignalClient]) -> OneSignalClient:
    return make_client()
