from __future__ import annotations

from typing import Any

import pytest

from onesignal_desktop.sandbox.sim import targeting as t

NOW = 1_700_000_000.0
DAY = 86400


def player(pid: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": pid,
        "device_type": 1,
        "identifier": f"token-{pid}",
        "invalid_identifier": False,
        "notification_types": 1,
        "tags": {},
        "language": "en",
        "country": "US",
        "session_count": 1,
        "playtime": 0,
        "amount_spent": 0.0,
        "last_active": NOW - 3600,
        "created_at": NOW - 30 * DAY,
        "game_version": "1.0",
    }
    base.update(fields)
    return base


def ids(audience: t.Audience) -> list[str]:
    return sorted(str(p["id"]) for p in audience.recipients)


@pytest.fixture
def players() -> list[dict[str, Any]]:
    return [
        player(
            "a",
            tags={"level": "10", "vip": "yes"},
            session_count=12,
            amount_spent=9.99,
            country="FR",
            language="fr",
            external_user_id="user-a",
        ),
        player(
            "b",
            tags={"level": "3"},
            last_active=NOW - 10 * DAY,
            game_version="2.1.0",
            external_user_id="user-b",
        ),
        player("c", invalid_identifier=True, external_user_id="user-c"),
        player("d", device_type=11, identifier="d@example.com", external_user_id="user-a"),
        player("e", device_type=0, tags={"signup": str(int(NOW - 2 * DAY))}, lat=48.8566, long=2.3522),
        player("f", notification_types=-2),
    ]


def test_builtin_segments_split_subscribed_players_by_activity(players: list[dict[str, Any]]) -> None:
    active = t.resolve_audience({"included_segments": ["Active Users"]}, players, {}, NOW)
    inactive = t.resolve_audience({"included_segments": ["Inactive Users"]}, players, {}, NOW)
    subscribed = t.resolve_audience({"included_segments": ["Subscribed Users"]}, players, {}, NOW)
    assert ids(active) == ["a", "e"]
    assert ids(inactive) == ["b"]
    assert ids(subscribed) == ["a", "b", "e"]  # push only: d is email, c and f unsubscribed


def test_email_notification_reaches_email_subscriptions_only(players: list[dict[str, Any]]) -> None:
    body = {"included_segments": ["Subscribed Users"], "email_subject": "Hi", "email_body": "<p>x</p>"}
    assert ids(t.resolve_audience(body, players, {}, NOW)) == ["d"]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"field": "tag", "key": "level", "relation": ">", "value": "5"}, ["a"]),
        ({"field": "tag", "key": "level", "relation": "<", "value": "5"}, ["b"]),
        ({"field": "tag", "key": "level", "relation": "=", "value": "3"}, ["b"]),
        ({"field": "tag", "key": "level", "relation": "!=", "value": "3"}, ["a", "e"]),
        ({"field": "tag", "key": "vip", "relation": "exists"}, ["a"]),
        ({"field": "tag", "key": "vip", "relation": "not_exists"}, ["b", "e"]),
        ({"field": "tag", "key": "signup", "relation": "time_elapsed_gt", "value": str(DAY)}, ["e"]),
        ({"field": "tag", "key": "signup", "relation": "time_elapsed_lt", "value": str(DAY)}, []),
        ({"field": "tag", "key": "level", "relation": "in_array", "value": "3, 10"}, ["a", "b"]),
        ({"field": "session_count", "relation": ">", "value": "10"}, ["a"]),
        ({"field": "amount_spent", "relation": ">", "value": "1"}, ["a"]),
        ({"field": "language", "relation": "=", "value": "fr"}, ["a"]),
        ({"field": "language", "relation": "!=", "value": "fr"}, ["b", "e"]),
        ({"field": "country", "relation": "=", "value": "FR"}, ["a"]),
        ({"field": "app_version", "relation": ">", "value": "1.9"}, ["b"]),
        ({"field": "last_session", "relation": ">", "hours_ago": "48"}, ["b"]),
        ({"field": "last_session", "relation": "<", "hours_ago": "48"}, ["a", "e"]),
        ({"field": "first_session", "relation": "<", "hours_ago": "24"}, []),
        ({"field": "location", "radius": 5000, "lat": 48.86, "long": 2.35}, ["e"]),
    ],
)
def test_each_filter_relation_selects_the_right_players(
    players: list[dict[str, Any]], flt: dict[str, Any], expected: list[str]
) -> None:
    assert t.validate_filters([flt]) == []
    body = {"filters": [flt], "contents": {"en": "x"}}
    assert ids(t.resolve_audience(body, players, {}, NOW)) == expected


def test_and_binds_tighter_than_or() -> None:
    people = [
        player("x", country="US", language="en"),
        player("y", country="FR", language="fr"),
        player("z", country="US", language="fr"),
    ]
    filters = [
        {"field": "country", "relation": "=", "value": "US"},
        {"operator": "AND"},
        {"field": "language", "relation": "=", "value": "en"},
        {"operator": "OR"},
        {"field": "country", "relation": "=", "value": "FR"},
    ]
    assert ids(t.resolve_audience({"filters": filters}, people, {}, NOW)) == ["x", "y"]


def test_created_segment_and_exclusion(players: list[dict[str, Any]]) -> None:
    segments = {"Level players": [{"field": "tag", "key": "level", "relation": "exists"}]}
    body = {"included_segments": ["Level players"], "excluded_segments": ["Inactive Users"]}
    assert ids(t.resolve_audience(body, players, segments, NOW)) == ["a"]


def test_player_ids_report_unsubscribed_and_unknown_as_invalid(players: list[dict[str, Any]]) -> None:
    audience = t.resolve_audience({"include_player_ids": ["a", "c", "nope"]}, players, {}, NOW)
    assert ids(audience) == ["a"]
    assert audience.invalid_player_ids == ["c", "nope"]
    assert audience.errors() == {"invalid_player_ids": ["c", "nope"]}


def test_external_ids_and_aliases_respect_target_channel(players: list[dict[str, Any]]) -> None:
    push = t.resolve_audience({"include_external_user_ids": ["user-a", "user-c"]}, players, {}, NOW)
    assert ids(push) == ["a"]
    assert push.invalid_external_user_ids == ["user-c"]
    email = t.resolve_audience(
        {"include_aliases": {"external_id": ["user-a"]}, "target_channel": "email"}, players, {}, NOW
    )
    assert ids(email) == ["d"]


def test_no_subscribed_match_gives_the_onesignal_error(players: list[dict[str, Any]]) -> None:
    audience = t.resolve_audience({"include_player_ids": ["c"]}, players, {}, NOW)
    assert audience.count == 0
    assert audience.errors() == [t.NO_SUBSCRIBERS]


def test_platform_flags_narrow_push(players: list[dict[str, Any]]) -> None:
    body = {"included_segments": ["Subscribed Users"], "isIos": True}
    assert ids(t.resolve_audience(body, players, {}, NOW)) == ["e"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"contents": {"en": "x"}}, "You must include which players"),
        ({"included_segments": ["Subscribed Users"]}, "English language content"),
        (
            {"included_segments": ["All"], "include_player_ids": ["a"], "contents": {"en": "x"}},
            "Incompatible",
        ),
        ({"included_segments": ["Nope"], "contents": {"en": "x"}}, "does not exist"),
        ({"include_aliases": {"external_id": ["a"]}, "contents": {"en": "x"}}, "target_channel is required"),
        ({"filters": [{"field": "tag", "relation": "="}], "contents": {"en": "x"}}, "requires a key"),
        ({"include_player_ids": ["a"] * 2001, "contents": {"en": "x"}}, "limited to 2000"),
    ],
)
def test_requests_onesignal_refuses(body: dict[str, Any], fragment: str) -> None:
    with pytest.raises(t.TargetingError) as caught:
        t.validate_notification(body, ["Level players"])
    assert any(fragment in message for message in caught.value.messages)


def test_valid_requests_pass_validation() -> None:
    t.validate_notification({"included_segments": ["Active Users"], "contents": {"en": "x"}}, [])
    t.validate_notification({"include_player_ids": ["a"], "template_id": "tpl"}, [])
    t.validate_notification({"filters": [], "contents": {"en": "x"}}, [])


def test_each_recipient_counts_once(players: list[dict[str, Any]]) -> None:
    twice = t.resolve_audience({"include_player_ids": ["a", "a", "b"]}, players, {}, NOW)
    assert ids(twice) == ["a", "b"]
    aliases = t.resolve_audience(
        {"include_aliases": {"external_id": ["user-a", "user-a"]}, "target_channel": "push"}, players, {}, NOW
    )
    assert ids(aliases) == ["a"]
