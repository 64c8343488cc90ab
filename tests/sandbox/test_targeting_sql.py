"""The SQL shortcut for built-in segment sends picks exactly the players the general evaluator picks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onesignal_desktop.sandbox.sim.demo import player_items
from onesignal_desktop.sandbox.sim.targeting import notification_channel, resolve_audience
from onesignal_desktop.sandbox.store import Store
from onesignal_desktop.sandbox.store import notifications as records

NOW = 1_750_000_000.0


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    path: Path = tmp_path_factory.mktemp("sql") / "db.sqlite3"
    db = Store(path)
    app = db.create_app("SQL", "org", NOW)
    items = list(player_items(800, now=NOW, seed=5))
    items[0]["notification_types"] = 0  # neither subscribed nor unsubscribed by the usual -2
    items[1]["invalid_identifier"] = True
    db.bulk_create_players(app.id, items, NOW)
    yield db, app.id
    db.close()


@pytest.mark.parametrize(
    "body",
    [
        {"included_segments": ["Subscribed Users"]},
        {"included_segments": ["Active Users"]},
        {"included_segments": ["Inactive Users"]},
        {"included_segments": ["Active Users", "Inactive Users"], "excluded_segments": ["Active Users"]},
        {"included_segments": ["All"], "email_subject": "s", "email_body": "b"},
        {"included_segments": ["Total Subscriptions"], "sms_from": "+1555"},
        {"included_segments": ["Subscribed Users"], "excluded_segments": ["Inactive Users"]},
    ],
)
def test_sql_shortcut_matches_the_general_evaluator(store: tuple[Store, str], body: dict[str, Any]) -> None:
    db, app_id = store
    channel = notification_channel(body)
    quick = records.builtin_segment_audience(db, app_id, body, channel, NOW)
    assert quick is not None
    general = resolve_audience(body, list(records.iter_targeting_players(db, app_id)), {}, NOW)
    assert sorted(p["id"] for p in quick) == sorted(p["id"] for p in general.recipients)
    assert general.count > 0


@pytest.mark.parametrize(
    "body",
    [
        {"included_segments": ["My segment"]},
        {"included_segments": ["All"], "isIos": True},
        {"included_segments": ["All"], "filters": []},
        {"include_player_ids": ["x"]},
        {"included_segments": ["All"], "include_unsubscribed": True},
    ],
)
def test_other_bodies_take_the_general_path(store: tuple[Store, str], body: dict[str, Any]) -> None:
    db, app_id = store
    assert records.builtin_segment_audience(db, app_id, body, "push", NOW) is None
