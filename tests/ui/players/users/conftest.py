"""Users view fixtures: a sandbox app with generated players (each with a user), the console on it."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def large_app_players() -> int:
    return 50


@pytest.fixture
def users_view(players_page: Any) -> Any:
    """The Players tab's users view on screen, for the sandbox app."""
    players_page.views.setCurrentWidget(players_page.users)
    return players_page.users
