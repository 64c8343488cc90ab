"""OneSignal's official Python SDK (``onesignal-python-api``) pointed at the sandbox over loopback HTTP.

The SDK is OneSignal's own generated client: if it can call an operation against the sandbox and read
the answer into its models (it checks every field's type), the sandbox speaks the real API's dialect.

Fixtures: ``sandbox`` (a fresh one, no demo), ``client`` (this project's client, for setting up and for
checking), ``app_id`` (an app with iOS, Android and email subscriptions), ``sdk`` (the SDK's
``DefaultApi`` holding the app's REST key and the organization key).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import onesignal  # type: ignore[import-untyped]
import pytest
from onesignal.api import default_api  # type: ignore[import-untyped]

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox, start_sandbox

IOS_DEVICES = 12
ANDROID_DEVICES = 5
EMAIL_READERS = 300


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


@pytest.fixture
def app_id(sandbox: Sandbox, client: OneSignalClient) -> str:
    app = client.create_app({"name": "SDK check"})
    assert app.id
    players: list[dict[str, Any]] = [{"device_type": 0, "token": f"ios{i:03d}"} for i in range(IOS_DEVICES)]
    players += [{"device_type": 1, "token": f"android{i:03d}"} for i in range(ANDROID_DEVICES)]
    players += [{"device_type": 11, "token": f"reader{i}@example.com"} for i in range(EMAIL_READERS)]
    sandbox.store.bulk_create_players(app.id, players, sandbox.clock.now())
    return str(app.id)


@pytest.fixture
def sdk(sandbox: Sandbox, app_id: str) -> Iterator[Any]:
    configuration = onesignal.Configuration(
        host=str(sandbox.base_url).rstrip("/"),
        rest_api_key=sandbox.app_key(app_id),
        organization_api_key=sandbox.org_key,
    )
    with onesignal.ApiClient(configuration) as api_client:
        yield default_api.DefaultApi(api_client)
