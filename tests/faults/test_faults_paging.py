"""Paging through a sandbox app's players and notifications while pages fail.

A retried fault on any page (503, reset, truncated answer, 429) is invisible: every item comes exactly
once. A fault that is not retried (500) stops the iteration with the typed error of the page's
operation, after the pages that came before it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from faults_support import FakeSleep, fake_retry

from onesignal_desktop.api import OneSignalClient, ServerError
from onesignal_desktop.sandbox import Sandbox

PLAYERS = 1_000  # 4 pages of 300 (the largest page)
NOTIFICATIONS = 120  # 3 pages of 50


@pytest.fixture(scope="module")
def paged_app(sandbox: Sandbox, setup_client: OneSignalClient) -> tuple[str, set[str], set[str]]:
    app_id = setup_client.create_app({"name": "Paging under faults"}).id
    assert app_id
    now = sandbox.clock.now()
    sandbox.store.bulk_create_players(app_id, ({"device_type": 1} for _ in range(PLAYERS - 1)), now)
    setup_client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token"})
    notifications = {
        setup_client.create_notification(
            {"app_id": app_id, "contents": {"en": f"n{n}"}, "included_segments": ["Subscribed Users"]}
        ).id
        or ""
        for n in range(NOTIFICATIONS)
    }
    players = {player.id or "" for player in setup_client.iter_players(app_id)}
    assert len(players) == PLAYERS and len(notifications) == NOTIFICATIONS
    return app_id, players, notifications


@pytest.fixture(scope="module")
def pager(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(
        sandbox.base_url, app_keys=sandbox.app_key, retry=fake_retry(FakeSleep(), max_attempts=3)
    ) as api:
        yield api


RETRIED = ["503", "502", "reset", "truncate", "429", "html"]


@pytest.mark.parametrize("kind", RETRIED)
@pytest.mark.parametrize("page", [1, 3])
def test_a_retried_fault_on_a_page_is_invisible(
    sandbox: Sandbox, pager: OneSignalClient, paged_app: tuple[str, set[str], set[str]], kind: str, page: int
) -> None:
    app_id, players, notifications = paged_app
    # Faults fire on the next matching request, so let `page` pages through first.
    for _ in range(page):
        sandbox.faults.inject("latency", times=1, method="GET", path="/players", ms=0)
    sandbox.faults.inject(kind, times=2, method="GET", path="/players")
    seen = [player.id or "" for player in pager.iter_players(app_id)]
    assert sorted(seen) == sorted(players)
    assert [fired for fired, _, _ in sandbox.faults.fired].count(kind) == 2

    sandbox.faults.clear()
    for _ in range(page - 1):
        sandbox.faults.inject("latency", times=1, method="GET", path="/notifications", ms=0)
    sandbox.faults.inject(kind, times=1, method="GET", path="/notifications")
    listed = [notification.id or "" for notification in pager.iter_notifications(app_id)]
    assert sorted(listed) == sorted(notifications)


def test_a_page_that_fails_for_good_stops_with_the_typed_error(
    sandbox: Sandbox, pager: OneSignalClient, paged_app: tuple[str, set[str], set[str]]
) -> None:
    app_id, players, _ = paged_app
    sandbox.faults.inject("latency", times=2, method="GET", path="/players", ms=0)
    sandbox.faults.inject("500", times=1, method="GET", path="/players")
    pages = pager.iter_player_pages(app_id)
    received = [next(pages), next(pages)]
    with pytest.raises(ServerError) as raised:
        next(pages)
    assert raised.value.operation == "get_players" and raised.value.status == 500
    assert sum(len(page.items) for page in received) == 600
    assert {player.id for page in received for player in page.items} <= players
