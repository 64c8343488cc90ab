"""Players tab fixtures: a sandbox holding one app with 700 generated players, the console on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.sandbox.sim.demo import add_large_app

PLAYERS = 700


@pytest.fixture
def sandbox() -> Iterator[Any]:
    with start_sandbox(seed_demo=False) as running:
        add_large_app(
            running.store, organization_id=running.organization_id, now=running.clock.now(), count=PLAYERS
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
def players_tab(qtbot: Any, console: Any, app_id: str) -> Any:
    """The Players tab on screen, its first page loaded."""
    from onesignal_desktop.ui.players.tab import PlayersTab

    window = console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Players"))
    tab = window.current_tab()
    assert isinstance(tab, PlayersTab)
    qtbot.waitUntil(lambda: console.context.current_app_id == app_id, timeout=10_000)
    qtbot.waitUntil(lambda: tab.players.model.loaded_count > 0, timeout=10_000)
    return tab
