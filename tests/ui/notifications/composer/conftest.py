"""A console on a sandbox with a frozen clock, an app with three subscribed players, and a composer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.retry import RetryPolicy
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.notifications.composer.window import ComposerWindow

PLAYERS = 3


@dataclass
class ComposerEnv:
    console: Any
    sandbox: Any
    client: OneSignalClient
    app_id: str
    data_dir: Path
    player_ids: list[str]

    def notifications(self) -> list[Any]:
        return list(self.client.get_notifications(self.app_id, limit=50).notifications or [])

    def open(self, qtbot: Any, draft: Any = None) -> ComposerWindow:
        window = open_composer(self.console.context, self.console.window, draft)
        qtbot.waitUntil(lambda: window.audience.segments_state == "loaded", timeout=10_000)
        return window


@pytest.fixture
def env(qtbot, console, sandbox, tmp_path: Path) -> Iterator[ComposerEnv]:
    sandbox.clock.freeze()
    client = OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key)
    app = client.create_app({"name": "Composer Test"})
    assert app.id
    player_ids = [
        str(client.create_player({"app_id": app.id, "device_type": 1, "identifier": f"token-{index}"}).id)
        for index in range(PLAYERS)
    ]
    context = console.context
    context.data_dir = tmp_path / "data"
    # Fewer, instant retries: a test that exhausts them must not wait for real backoff.
    context.connection.client.retry_policy = RetryPolicy(max_attempts=2, sleep=lambda _s: None)
    context.catalog.reload()
    qtbot.waitUntil(lambda: context.catalog.app(app.id) is not None, timeout=10_000)
    context.set_current_app(app.id)
    yield ComposerEnv(console, sandbox, client, app.id, tmp_path / "data", player_ids)
    client.close()
