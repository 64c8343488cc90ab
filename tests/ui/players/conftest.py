"""Players tab fixtures: a sandbox holding one app with 700 generated players, the console on it."""

from __future__ import annotations

from typing import Any

import pytest

PLAYERS = 700


@pytest.fixture
def large_app_players() -> int:
    return PLAYERS


@pytest.fixture
def players_tab(qtbot: Any, players_page: Any) -> Any:
    """The Players tab on screen, its first page loaded."""
    qtbot.waitUntil(lambda: players_page.players.model.loaded_count > 0, timeout=10_000)
    return players_page
