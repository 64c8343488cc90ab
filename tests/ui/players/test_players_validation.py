"""The checks behind the player form, tags editor and user lookup (plain functions, no Qt)."""

from __future__ import annotations

import pytest

from onesignal_desktop.ui.players.validation import (
    check_alias,
    check_identifier,
    check_tags,
    check_timezone,
    check_uuid,
    tags_delta,
)


@pytest.mark.parametrize("value", ["true", "false", "null", "3", "-2.5", "gold", "", "{not json", "[draft]"])
def test_text_and_numbers_are_good_tag_values(value: str) -> None:
    assert check_tags([("key", value)]) == {}


@pytest.mark.parametrize("value", ['{"a": 1}', "[1, 2]", " [] ", "x" * 256])
def test_lists_objects_and_long_values_are_refused(value: str) -> None:
    assert check_tags([("key", value)])[0][0] == "value"


def test_keys_must_be_present_and_unique() -> None:
    problems = check_tags([("a", "1"), ("", "2"), ("a", "3")])
    assert problems[1] == ("key", "A tag needs a key.")
    assert problems[2][0] == "key" and "already tag 1" in problems[2][1]


def test_tags_delta_sends_removed_keys_as_empty_values() -> None:
    before = {"level": "3", "plan": "gold", "gone": "x"}
    after = {"level": "4", "plan": "gold", "new": "y"}
    assert tags_delta(before, after) == {"level": "4", "new": "y", "gone": ""}


def test_identifiers_timezones_and_ids() -> None:
    assert check_identifier(11, "not-an-email") is not None
    assert check_identifier(11, "a@example.com") is None
    assert check_identifier(14, "+15555550123") is None
    assert check_identifier(14, "5555550123") is not None
    assert check_timezone("3600") is None and check_timezone("99999") is not None
    assert check_uuid("1dd608f2-c6a1-11e3-851d-000c2940e62c") is None
    assert check_uuid("1dd608f2") is not None
    assert check_alias("onesignal_id", "nope") == {"id": check_uuid("nope", "A OneSignal id")}
    assert check_alias("crm id", "x").keys() == {"label"}
