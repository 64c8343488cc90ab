"""The payload builder: the form becomes the exact create body, and a body comes back as the same form."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from onesignal_desktop.compose.preflight import preflight
from onesignal_desktop.ui.notifications.composer.payload import (
    ButtonSpec,
    ComposerForm,
    LanguageText,
    build_body,
    default_send_at,
    form_from_body,
)

APP_ID = "5eb5a37e-b458-11e3-ac11-000c2940e62c"


def filled_form() -> ComposerForm:
    form = ComposerForm(app_id=APP_ID, zone="Europe/Berlin")
    form.languages = ["en", "de"]
    form.texts = {
        "en": LanguageText("Flash sale", "Today only", "Half price until midnight"),
        "de": LanguageText("Blitzangebot", "", "Halber Preis bis Mitternacht"),
    }
    form.url = "https://shop.example.com"
    form.buttons = [ButtonSpec("shop", "Shop now"), ButtonSpec()]
    form.data = [("campaign", "42"), ("", "")]
    form.ttl = "3600"
    form.included_segments = ["Subscribed Users"]
    form.delivery = "at"
    form.send_at = datetime(2030, 3, 1, 9, 30)
    return form


def test_a_filled_form_builds_the_exact_create_body() -> None:
    body, problems = build_body(filled_form())
    assert problems == []
    assert body == {
        "app_id": APP_ID,
        "headings": {"en": "Flash sale", "de": "Blitzangebot"},
        "subtitle": {"en": "Today only"},
        "contents": {"en": "Half price until midnight", "de": "Halber Preis bis Mitternacht"},
        "url": "https://shop.example.com",
        "buttons": [{"id": "shop", "text": "Shop now"}],
        "data": {"campaign": "42"},
        "ttl": 3600,
        "included_segments": ["Subscribed Users"],
        "send_after": "2030-03-01 09:30:00 GMT+0100",
    }


def test_a_body_reads_back_into_the_same_form_and_body() -> None:
    body, _ = build_body(filled_form())
    again, _ = build_body(form_from_body(body, zone="Europe/Berlin"))
    assert again == body


def test_fields_the_form_does_not_edit_are_carried_through() -> None:
    duplicated: dict[str, Any] = {
        "app_id": APP_ID,
        "contents": {"en": "Hi"},
        "included_segments": ["All"],
        "android_accent_color": "FF0000FF",
        "id": "old-id",
        "idempotency_key": "old-key",
    }
    body, _ = build_body(form_from_body(duplicated))
    assert body["android_accent_color"] == "FF0000FF"
    assert "id" not in body and "idempotency_key" not in body


def test_typed_numbers_that_are_not_numbers_stay_as_typed_and_preflight_names_them() -> None:
    form = filled_form()
    form.ttl = "three days"
    body, _ = build_body(form)
    assert body["ttl"] == "three days"
    assert any(problem.field == "ttl" for problem in preflight(body, now=0))


def test_a_data_key_used_twice_is_reported_on_its_row() -> None:
    form = filled_form()
    form.data = [("a", "1"), ("a", "2")]
    _, problems = build_body(form)
    assert [problem.field for problem in problems] == ["data.1"]


def test_a_time_skipped_by_daylight_saving_is_reported_on_send_after() -> None:
    form = filled_form()
    form.send_at = datetime(2030, 3, 31, 2, 30)  # Berlin jumps from 02:00 to 03:00
    body, problems = build_body(form)
    assert "send_after" not in body
    assert [problem.field for problem in problems] == ["send_after"]


@pytest.mark.parametrize(
    ("delivery", "expected"),
    [
        ("timezone", {"delayed_option": "timezone", "delivery_time_of_day": "9:00AM"}),
        ("last_active", {"delayed_option": "last-active"}),
        ("now", {}),
    ],
)
def test_delivery_modes_write_their_fields(delivery: str, expected: dict[str, str]) -> None:
    form = filled_form()
    form.delivery = delivery  # type: ignore[assignment]
    form.time_of_day = "9:00AM"
    body, _ = build_body(form)
    names = ("send_after", "delayed_option", "delivery_time_of_day")
    schedule = {key: body[key] for key in names if key in body}
    assert schedule == expected


def test_aliases_carry_the_channel_as_target_channel() -> None:
    form = ComposerForm(app_id=APP_ID, channel="sms")
    form.texts = {"en": LanguageText(message="Code 1234")}
    form.alias_ids = ["user-1", "user-2"]
    body, _ = build_body(form)
    assert body["include_aliases"] == {"external_id": ["user-1", "user-2"]}
    assert body["target_channel"] == "sms"
    assert "headings" not in body


def test_email_channel_sends_email_fields_only() -> None:
    form = filled_form()
    form.channel = "email"
    form.email_subject = "Your receipt"
    form.email_body = "<p>Thanks</p>"
    body, _ = build_body(form)
    assert body["email_subject"] == "Your receipt"
    assert "contents" not in body and "buttons" not in body


def test_default_send_time_is_a_whole_hour_at_least_an_hour_ahead() -> None:
    now = datetime.fromisoformat("2030-01-01T10:20:00+00:00")
    assert default_send_at(now, "UTC") == datetime(2030, 1, 1, 12, 0)
