"""The SQL shortcut for built-in segment sends picks exactly the players the general evaluator picks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onesignal_desktop.sandbox.sim.demo import player_items
from onesignal_desktop.sandbox.sim.targeting import notification_channel, resolve_audience
from onesignal_desktop.sandbox.store import Store
from onesignal_desktop.sandbox.store import notifications as records
from onesignal_desktop.sandbox.store.audience import compile_audience

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


# --- filters and created segments: the SQL selection against the general evaluator, by hypothesis -----

ODD_TAGS = ["pro", "PRO", "", " 5 ", "5", "5.0", "1e3", "\u212a", "k", "Ünï", "true", "a,b", "2.1.0"]


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str, list[dict[str, Any]]]]:
    """Players from the demo generator plus tags of every odd kind (numbers, booleans, case, Unicode)."""
    path: Path = tmp_path_factory.mktemp("sql-varied") / "db.sqlite3"
    db = Store(path)
    app = db.create_app("SQL varied", "org", NOW)
    items = list(player_items(600, now=NOW, seed=11))
    for index, item in enumerate(items):
        tags = item.setdefault("user", {}).setdefault("tags", {})
        tags["odd"] = ODD_TAGS[index % len(ODD_TAGS)]
        if index % 7 == 0:
            tags["typed"] = [5, 5.5, True, False, None, "x"][index % 6]
        if index % 5 == 0:
            item["user"]["purchases"] = [{"sku": "gem", "amount": index % 9}]
        if index % 11 == 0:
            item["notification_types"] = -2
    db.bulk_create_players(app.id, items, NOW)
    players = list(records.iter_targeting_players(db, app.id))
    yield db, app.id, players
    db.close()


FIELDS_AND_KEYS = [
    ("tag", "plan"),
    ("tag", "level"),
    ("tag", "odd"),
    ("tag", "typed"),
    ("tag", "missing"),
    ("session_count", None),
    ("session_time", None),
    ("amount_spent", None),
    ("bought_sku", "gem"),
    ("first_session", None),
    ("last_session", None),
    ("language", None),
    ("country", None),
    ("app_version", None),
    ("email", None),
]
RELATIONS = [">", "<", "=", "!=", "exists", "not_exists", "time_elapsed_gt", "time_elapsed_lt", "in_array"]
VALUES = [*ODD_TAGS, "10", "25", "0", "-1", "48", "2000", "en", "US", "1.2", "pro,basic", "3600"]


@st.composite
def filter_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 4))):
        if entries and draw(st.integers(0, 3)) == 0:
            entries.append({"operator": draw(st.sampled_from(["OR", "AND"]))})
        name, key = draw(st.sampled_from(FIELDS_AND_KEYS))
        entry: dict[str, Any] = {"field": name, "relation": draw(st.sampled_from(RELATIONS))}
        if key is not None:
            entry["key"] = key
        value = draw(st.sampled_from(VALUES))
        entry["hours_ago" if name.endswith("_session") else "value"] = value
        entries.append(entry)
    if draw(st.integers(0, 6)) == 0:
        entries.append({"field": "location", "radius": 500_000, "lat": 48.85, "long": 2.35})
    return entries


@given(
    filters=filter_lists(),
    segment=filter_lists(),
    use_segment=st.booleans(),
    extra=st.sampled_from([{}, {"isIos": True}, {"isAndroid": False}, {"include_unsubscribed": True}]),
    exclude=st.sampled_from([[], ["Active Users"], ["Chosen"]]),
)
@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
def test_filters_and_created_segments_in_sql_match_the_general_evaluator(
    varied: tuple[Store, str, list[dict[str, Any]]],
    filters: list[dict[str, Any]],
    segment: list[dict[str, Any]],
    use_segment: bool,
    extra: dict[str, Any],
    exclude: list[str],
) -> None:
    db, app_id, players = varied
    segments = {"Chosen": segment}
    body: dict[str, Any] = dict(extra)
    if use_segment:
        body.update(included_segments=["chosen", "Inactive Users"], excluded_segments=exclude)
    else:
        body["filters"] = filters
    channel = notification_channel(body)
    compiled = compile_audience(app_id, body, channel, segments, NOW)
    assert compiled is not None
    general = resolve_audience(body, players, segments, NOW)
    assert [p["id"] for p in compiled.recipients(db)] == [p["id"] for p in general.recipients]
    assert compiled.count(db) == general.count


def test_a_tag_key_a_json_path_cannot_quote_takes_the_general_path() -> None:
    body = {"filters": [{"field": "tag", "key": 'say "hi"', "relation": "exists"}]}
    assert compile_audience("app", body, "push", {}, NOW) is None
