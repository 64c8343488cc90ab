from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onesignal_desktop.compose.schedule import (
    Arrival,
    Schedule,
    ScheduleError,
    arrival_preview,
    check_schedule,
    format_send_after,
    format_time_of_day,
    parse_send_after,
    parse_time_of_day,
    send_after_for,
)

NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def test_send_after_string_carries_the_zone_offset_of_the_chosen_zone() -> None:
    assert (
        send_after_for(datetime(2026, 12, 24, 18, 30), "America/Los_Angeles")
        == "2026-12-24 18:30:00 GMT-0800"
    )
    assert send_after_for(datetime(2026, 7, 1, 9, 0), "Europe/Berlin") == "2026-07-01 09:00:00 GMT+0200"
    assert send_after_for(datetime(2026, 7, 1, 9, 0), "Asia/Kolkata") == "2026-07-01 09:00:00 GMT+0530"


def test_time_skipped_by_daylight_saving_is_refused() -> None:
    with pytest.raises(ScheduleError, match="does not exist"):
        send_after_for(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")


def test_repeated_hour_picks_first_or_second_occurrence() -> None:
    wall = datetime(2026, 10, 25, 2, 30)
    assert send_after_for(wall, "Europe/Berlin") == "2026-10-25 02:30:00 GMT+0200"
    assert send_after_for(wall, "Europe/Berlin", fold=1) == "2026-10-25 02:30:00 GMT+0100"


def test_unknown_zone_is_a_schedule_error() -> None:
    with pytest.raises(ScheduleError, match="unknown time zone"):
        send_after_for(datetime(2026, 7, 1, 9), "Mars/Olympus_Mons")


@pytest.mark.parametrize(
    "text",
    [
        "Thu Sep 24 2015 14:00:00 GMT-0700 (PDT)",
        "September 24th 2015, 2:00:00 pm UTC-07:00",
        "2015-09-24 14:00:00 GMT-0700",
        "Sept 24 2015 14:00:00 GMT-0700",
        "Thu Sep 24 2015 14:00:00 GMT-0700 (Pacific Daylight Time)",
        "2015-09-24T21:00:00Z",
        "2015-09-24T14:00:00-07:00",
    ],
)
def test_parses_every_spelling_the_api_documents(text: str) -> None:
    assert parse_send_after(text) == datetime(2015, 9, 24, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "2015-13-01 10:00:00 GMT+0000", "Foo 24 2015 14:00:00", "2015-09-24"]
)
def test_unreadable_send_after_is_none(text: str) -> None:
    assert parse_send_after(text) is None


def test_offsetless_send_after_is_read_as_utc_minus_eleven_like_onesignal() -> None:
    assert parse_send_after("2015-09-24 14:00:00") == datetime(2015, 9, 25, 1, 0, tzinfo=UTC)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    st.sampled_from(["UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Adelaide", "Pacific/Chatham"]),
)
def test_written_send_after_parses_back_to_the_same_moment(wall: datetime, zone: str) -> None:
    moment = wall.replace(microsecond=0, tzinfo=ZoneInfo(zone))
    parsed = parse_send_after(format_send_after(moment))
    # Compared in UTC: Python never finds a wall time in a DST fold or gap equal to one in another zone
    # (PEP 495), even at the same instant (2004-03-28 02:00 in Adelaide was one).
    assert parsed is not None and parsed.astimezone(UTC) == moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "text"),
    [(time(9, 0), "9:00AM"), (time(0, 5), "12:05AM"), (time(12, 30), "12:30PM"), (time(21, 45), "9:45PM")],
)
def test_time_of_day_uses_the_documented_spelling(moment: time, text: str) -> None:
    assert format_time_of_day(moment) == text


@given(st.times().map(lambda t: t.replace(microsecond=0)))
def test_time_of_day_round_trips(moment: time) -> None:
    assert parse_time_of_day(format_time_of_day(moment)) == moment


@pytest.mark.parametrize("text", ["21:45", "9:45:30", "9:00 am", "9:00AM"])
def test_parses_documented_times_of_day(text: str) -> None:
    assert parse_time_of_day(text) is not None


@pytest.mark.parametrize("text", ["25:00", "13:00PM", "9", "nine", "9:60"])
def test_rejects_bad_times_of_day(text: str) -> None:
    assert parse_time_of_day(text) is None


def test_schedule_fields_and_apply_replace_an_earlier_schedule() -> None:
    body = {"contents": {"en": "Hi"}, "send_after": "old", "delivery_time_of_day": "old"}
    scheduled = Schedule.per_timezone(time(9)).apply(body)
    assert scheduled == {
        "contents": {"en": "Hi"},
        "delayed_option": "timezone",
        "delivery_time_of_day": "9:00AM",
    }
    assert Schedule.intelligent().fields() == {"delayed_option": "last-active"}
    assert Schedule.now().apply(scheduled) == {"contents": {"en": "Hi"}}
    at = Schedule.at(datetime(2026, 12, 1, 8, 15), "Asia/Tokyo")
    assert at.fields() == {"send_after": "2026-12-01 08:15:00 GMT+0900"}
    assert Schedule.from_body(at.apply(body)) == at
    assert Schedule.from_body(scheduled) == Schedule.per_timezone(time(9))


def test_timezone_delivery_preview_shows_next_occurrence_in_each_zone() -> None:
    arrivals = arrival_preview(Schedule.per_timezone(time(9)), ["America/New_York", "Asia/Tokyo"], now=NOW)
    # 07:00 UTC is 02:00 in New York (9:00 still ahead today) and 16:00 in Tokyo (tomorrow then).
    assert [(a.zone, a.local_time.replace(tzinfo=None)) for a in arrivals] == [
        ("America/New_York", datetime(2026, 11, 26, 9, 0)),
        ("Asia/Tokyo", datetime(2026, 11, 27, 9, 0)),
    ]


def test_at_preview_is_the_same_instant_in_local_times() -> None:
    schedule = Schedule.at(datetime(2026, 11, 27, 12, 0), "UTC")
    arrivals = arrival_preview(schedule, ["Europe/Berlin", "America/Los_Angeles"], now=NOW)
    assert [a.local_time.strftime("%d %H:%M") for a in arrivals] == ["27 13:00", "27 04:00"]
    assert {a.local_time for a in arrivals} == {schedule.send_after}


def test_intelligent_delivery_preview_is_a_24_hour_window_from_the_start() -> None:
    start = NOW + timedelta(hours=2)
    (arrival,) = arrival_preview(Schedule.intelligent(starting=start), ["Asia/Kolkata"], now=NOW.timestamp())
    assert arrival == Arrival("Asia/Kolkata", start.astimezone(ZoneInfo("Asia/Kolkata")), arrival.until)
    assert arrival.until is not None and arrival.until - arrival.local_time == timedelta(hours=24)
    assert arrival.city == "Kolkata"


def _fields(body: dict[str, object]) -> list[tuple[str, str]]:
    return [(p.field, p.severity) for p in check_schedule(body, now=NOW)]


def test_checks_past_and_too_far_ahead() -> None:
    assert _fields({"send_after": format_send_after(NOW - timedelta(minutes=1))}) == [("send_after", "error")]
    assert _fields({"send_after": format_send_after(NOW + timedelta(days=31))}) == [("send_after", "error")]
    assert _fields({"send_after": format_send_after(NOW + timedelta(days=29))}) == []
    assert "past" in check_schedule({"send_after": "2020-01-01 00:00:00 GMT+0000"}, now=NOW)[0].message


def test_checks_timezone_delivery_without_time_of_day_and_bad_values() -> None:
    assert _fields({"delayed_option": "timezone"}) == [("delivery_time_of_day", "error")]
    assert _fields({"delayed_option": "timezone", "delivery_time_of_day": "9:00AM"}) == []
    assert _fields({"delayed_option": "timezone", "delivery_time_of_day": "noon"}) == [
        ("delivery_time_of_day", "error")
    ]
    assert _fields({"delayed_option": "whenever"}) == [("delayed_option", "error")]
    assert _fields({"send_after": "next week"}) == [("send_after", "error")]
    assert _fields({"delivery_time_of_day": "9:00AM"}) == [("delivery_time_of_day", "warning")]


def test_offsetless_send_after_gets_a_warning() -> None:
    later = (NOW + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
    assert _fields({"send_after": later}) == [("send_after", "warning")]


def test_arrivals_describe_themselves_for_the_preview_list() -> None:
    (exact,) = arrival_preview(Schedule.per_timezone(time(9)), ["Asia/Tokyo"], now=NOW)
    assert exact.describe() == "Fri 27 Nov, 09:00 (GMT+09:00)"
    (window,) = arrival_preview(Schedule.intelligent(), ["America/St_Johns"], now=NOW)
    assert window.describe() == (
        "Thu 26 Nov, 03:30 to Fri 27 Nov, 03:30 (GMT-03:30), at each person's usual time"
    )
    assert window.city == "St Johns"
