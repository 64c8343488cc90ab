from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onesignal_desktop.compose.preflight import AUDIENCE, channel_of, preflight, url_problem
from onesignal_desktop.compose.problems import Problem, by_field, has_blocking
from onesignal_desktop.compose.schedule import format_send_after

NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
APP_ID = "8250eaf6-1a58-489e-b136-7c74a864b434"


def push(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "app_id": APP_ID,
        "contents": {"en": "Your order shipped"},
        "headings": {"en": "Good news"},
        "included_segments": ["Subscribed Users"],
    }
    body.update(fields)
    return {key: value for key, value in body.items() if value is not None}


def errors(body: dict[str, Any]) -> dict[str, list[str]]:
    return {
        field: [p.message for p in found]
        for field, found in by_field(preflight(body, now=NOW)).items()
        if any(p.blocking for p in found)
    }


def test_a_complete_push_has_no_problems() -> None:
    assert preflight(push(url="https://example.com/orders/{{ order_id }}"), now=NOW) == []


def test_missing_default_language_content_is_reported_on_contents_en() -> None:
    assert list(errors(push(contents={}))) == ["contents.en"]
    spanish_only = errors(push(contents={"es": "Hola"}, headings=None))
    assert "English" in spanish_only["contents.en"][0]
    assert errors(push(contents=None, template_id="be4a8044-bbd6-11e4-a581-000c2940e62c")) == {}
    assert errors(push(contents=None, content_available=True)) == {}


def test_other_default_language_can_be_chosen() -> None:
    problems = preflight(push(contents={"en": "Hi"}), now=NOW, default_language="de")
    assert [p.field for p in problems] == ["contents.de"]


def test_unknown_language_code_is_reported_at_its_key() -> None:
    assert list(errors(push(contents={"en": "Hi", "klingon": "Qapla'"}))) == ["contents.klingon"]


def test_title_without_message_in_that_language_is_a_warning() -> None:
    problems = preflight(push(headings={"en": "Hi", "fr": "Salut"}), now=NOW)
    assert problems == [Problem("headings.fr", problems[0].message, "warning")]
    assert not has_blocking(problems)


def test_no_audience() -> None:
    assert list(errors(push(included_segments=None))) == [AUDIENCE]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"include_subscription_ids": ["1dd608f2-c6a1-11e3-851d-000c2940e62c"]}, "include_subscription_ids"),
        ({"include_aliases": {"external_id": ["u1"]}, "target_channel": "push"}, "include_aliases"),
        ({"filters": [{"field": "tag", "key": "level", "relation": ">", "value": "10"}]}, "filters"),
    ],
)
def test_segments_mixed_with_ids_or_filters_is_refused_on_the_extra_field(
    extra: dict[str, Any], field: str
) -> None:
    found = errors(push(**extra))
    assert list(found) == [field]
    assert "segments" in found[field][0]


def test_two_kinds_of_ids_are_refused_too() -> None:
    found = errors(
        push(
            included_segments=None,
            include_subscription_ids=["1dd608f2-c6a1-11e3-851d-000c2940e62c"],
            include_aliases={"external_id": ["u1"]},
            target_channel="push",
        )
    )
    assert list(found) == ["include_aliases"]


def test_excluded_segments_alone_target_nobody() -> None:
    assert list(errors(push(included_segments=None, excluded_segments=["Churned"]))) == ["included_segments"]


def test_bad_ids_are_reported_at_their_index() -> None:
    found = errors(
        push(
            included_segments=None, include_subscription_ids=["1dd608f2-c6a1-11e3-851d-000c2940e62c", "nope"]
        )
    )
    assert list(found) == ["include_subscription_ids.1"]


def test_too_many_recipients() -> None:
    ids = ["1dd608f2-c6a1-11e3-851d-000c2940e62c"] * 2001
    assert list(errors(push(included_segments=None, include_subscription_ids=ids))) == [
        "include_subscription_ids"
    ]


def test_aliases_without_target_channel_warn() -> None:
    problems = preflight(push(included_segments=None, include_aliases={"external_id": ["u1"]}), now=NOW)
    assert [(p.field, p.severity) for p in problems] == [("target_channel", "warning")]


def test_filters_are_checked_per_entry() -> None:
    found = errors(
        push(
            included_segments=None,
            filters=[
                {"field": "tag", "relation": "=", "value": "x"},
                {"operator": "OR"},
                {"field": "session_count", "relation": "~", "value": "1"},
                {"operator": "AND"},
            ],
        )
    )
    assert set(found) == {"filters.0.key", "filters.2.relation", "filters.3.operator"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "not a link"),
        ("url", "example.com/page"),
        ("url", "https://"),
        ("web_url", "myapp://open"),
        ("big_picture", "ftp://example.com/a.png"),
        ("chrome_web_image", "https://exa mple.com/a.png"),
        ("global_image", "https://example.com:99999/a.png"),
    ],
)
def test_bad_urls_are_reported_on_their_field(field: str, value: str) -> None:
    assert list(errors(push(**{field: value}))) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "myapp://orders/1"),
        ("url", "{{ link }}"),
        ("app_url", "myapp://orders"),
        ("big_picture", "ic_promo_banner"),
        ("big_picture", "https://cdn.example.com/a.png"),
    ],
)
def test_good_links_and_resource_names_pass(field: str, value: str) -> None:
    assert errors(push(**{field: value})) == {}


def test_http_click_url_warns_about_ios() -> None:
    problems = preflight(push(url="http://example.com"), now=NOW)
    assert [(p.field, p.severity) for p in problems] == [("url", "warning")]


def test_web_button_and_ios_attachment_urls_are_checked() -> None:
    found = errors(
        push(
            web_buttons=[{"id": "a", "text": "Read", "url": "no link"}],
            ios_attachments={"pic": "file name.png"},
        )
    )
    assert set(found) == {"web_buttons.0.url", "ios_attachments.pic"}


def test_too_many_buttons_and_incomplete_buttons() -> None:
    four = [{"id": f"b{i}", "text": f"Button {i}"} for i in range(4)]
    assert list(errors(push(buttons=four))) == ["buttons"]
    found = errors(push(buttons=[{"id": "a", "text": ""}, {"id": "a", "text": "Again"}, {"text": "No id"}]))
    assert set(found) == {"buttons.0.text", "buttons.1.id", "buttons.2.id"}
    assert errors(push(buttons=four[:3])) == {}


def test_schedule_problems_come_through() -> None:
    assert list(errors(push(send_after=format_send_after(NOW - timedelta(hours=1))))) == ["send_after"]
    assert list(errors(push(send_after=format_send_after(NOW + timedelta(days=40))))) == ["send_after"]
    assert list(errors(push(delayed_option="timezone"))) == ["delivery_time_of_day"]


def test_email_needs_subject_and_body() -> None:
    body = {"app_id": APP_ID, "include_aliases": {"external_id": ["u1"]}, "target_channel": "email"}
    assert set(errors(body)) == {"email_subject", "email_body"}
    body |= {"email_subject": "Hello", "email_body": "<p>Hi</p><a href='[unsubscribe_url]'>x</a>"}
    assert preflight(body, now=NOW) == []
    no_unsubscribe = preflight(body | {"email_body": "<p>Hi</p>"}, now=NOW)
    assert [(p.field, p.severity) for p in no_unsubscribe] == [("email_body", "warning")]


def test_sms_needs_text_and_name() -> None:
    body = {"app_id": APP_ID, "include_phone_numbers": ["+15555550100"], "sms_from": "+15555550199"}
    assert channel_of(body) == "sms"
    found = errors(body)
    assert set(found) == {"contents.en", "name"}
    assert "SMS" in found["contents.en"][0]
    assert errors(body | {"contents": {"en": "Code 1234"}, "name": "otp"}) == {}


def test_push_options_ranges() -> None:
    found = errors(
        push(
            ttl=3_000_000,
            priority="high",
            collapse_id="x" * 65,
            data={"blob": "y" * 3000},
            ios_badgeType="Up",
        )
    )
    assert set(found) == {"ttl", "priority", "collapse_id", "data", "ios_badgeType"}


def test_app_id_must_be_a_uuid() -> None:
    assert list(errors(push(app_id=None))) == ["app_id"]
    assert list(errors(push(app_id="my-app"))) == ["app_id"]


def test_channel_inference() -> None:
    assert channel_of({"email_subject": "x"}) == "email"
    assert channel_of({"target_channel": "sms", "email_subject": "x"}) == "sms"
    assert channel_of({}) == "push"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "app_id", "contents", "headings", "subtitle", "included_segments", "excluded_segments", "filters",
        "include_aliases", "include_subscription_ids", "buttons", "web_buttons", "url", "web_url",
        "big_picture", "ios_attachments", "send_after", "delayed_option", "delivery_time_of_day", "ttl",
        "data", "email_subject", "email_body", "sms_media_urls", "target_channel", "throttle_rate_per_minute",
    ]
)  # fmt: skip


@given(st.dictionaries(field_names, json_values, max_size=8))
def test_any_json_body_yields_problems_never_an_exception(body: dict[str, Any]) -> None:
    for problem in preflight(body, now=NOW):
        assert problem.field and problem.message
        assert problem.field.split(".")[0] in body or problem.field in (
            AUDIENCE,
            "app_id",
            "contents.en",
            "name",
            "delivery_time_of_day",
            "email_subject",
            "email_body",
            "target_channel",
            "included_segments",
        )


@given(st.text(max_size=40))
def test_url_problem_never_raises(text: str) -> None:
    assert url_problem(text, web_only=True) is None or isinstance(url_problem(text, web_only=True), str)


def test_recipient_entries_are_checked_by_kind() -> None:
    found = errors(
        {
            "app_id": APP_ID,
            "target_channel": "email",
            "email_subject": "Hi",
            "email_body": "Hi [unsubscribe_url]",
            "email_to": ["ann@example.com", "not-an-address"],
        }
    )
    assert list(found) == ["email_to.1"]
    sms = {"app_id": APP_ID, "name": "otp", "contents": {"en": "1234"}, "sms_from": "5550100"}
    found = errors(sms | {"include_phone_numbers": ["+15555550100", "555-0100"]})
    assert set(found) == {"include_phone_numbers.1", "sms_from"}
    aliases = {"onesignal_id": ["1dd608f2-c6a1-11e3-851d-000c2940e62c", "x"], "external_id": ["anything"]}
    found = errors(push(included_segments=None, include_aliases=aliases, target_channel="push"))
    assert list(found) == ["include_aliases.onesignal_id.1"]
