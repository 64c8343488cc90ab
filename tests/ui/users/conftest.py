"""Users view fixtures: a sandbox app with generated players (each with a user), the console on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.sandbox.sim.demo import add_large_app


@pytest.fixture
def sandbox() -> Iterator[Any]:
    with start_sandbox(seed_demo=False) as running:
        add_large_app(
            running.store, organization_id=running.organization_id, now=running.clock.now(), count=50
        )
        yield running


@pytest.fixture
def app_id(sandbox: Any) -> str:
    (only,) = sandbox.app_ids()
    return str(only)


@pytest.fixture
def app_client(sandbox: Any) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as client:
        yield client


@pytest.fixture
def users_view(qtbot: Any, console: Any, app_id: str) -> Any:
    """The Players tab's users view on screen, for the sandbox app."""
    from onesignal_desktop.ui.players.tab import PlayersTab

    window = console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Players"))
    tab = window.current_tab()
    assert isinstance(tab, PlayersTab)
    qtbot.waitUntil(lambda: console.context.current_app_id == app_id, timeout=10_000)
    tab.views.setCurrentWidget(tab.users)
    return tab.users
