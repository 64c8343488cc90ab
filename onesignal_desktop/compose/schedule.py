"""Delivery scheduling: the exact strings OneSignal accepts, and when a notification will reach people.

OneSignal schedules with three body fields:

- ``send_after``: a moment, as a string with an explicit UTC offset. We always write
  ``"2015-09-24 14:00:00 GMT-0700"``, one of the spellings the API documents.
- ``delayed_option="timezone"`` + ``delivery_time_of_day`` (``"9:00AM"``): each user gets it at that
  time of day in their own time zone (after ``send_after`` when both are given).
- ``delayed_option="last-active"`` (intelligent delivery): each user gets it within 24 hours, at the
  time of day they last used the app.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .problems import Problem

DeliveryMode = Literal["now", "at", "timezone", "last_active"]

#: OneSignal refuses schedules further ahead than this.
MAX_AHEAD: Final = timedelta(days=30)

#: What OneSignal assumes for a ``send_after`` without an offset ("API defaults to UTC -1100").
OFFSETLESS_DEFAULT: Final = timezone(timedelta(hours=-11))

#: Intelligent delivery reaches each user within this window after it starts.
INTELLIGENT_WINDOW: Final = timedelta(hours=24)

#: A spread of zones for arrival previews, west to east.
DEFAULT_PREVIEW_ZONES: Final = (
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)

SCHEDULE_FIELDS: Final = ("send_after", "delayed_option", "delivery_time_of_day")


class ScheduleError(ValueError):
    """A date, time or zone the user picked cannot be turned into a schedule."""


def zone_of(zone: str | tzinfo) -> tzinfo:
    """A tzinfo for an IANA name (``"Europe/Berlin"``) or a tzinfo passed through."""
    if isinstance(zone, tzinfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {zone!r}") from exc


def as_aware(moment: datetime | float | None) -> datetime:
    """``moment`` as an aware UTC datetime; epoch seconds and None (meaning now) are accepted."""
    if moment is None:
        return datetime.now(UTC)
    if isinstance(moment, int | float):
        return datetime.fromtimestamp(moment, UTC)
    if moment.tzinfo is None:
        raise ScheduleError("a naive datetime has no zone; pass an aware one or epoch seconds")
    return moment.astimezone(UTC)


def localize(wall: datetime, zone: str | tzinfo, *, fold: int = 0) -> datetime:
    """Attach ``zone`` to the wall-clock time ``wall``.

    Raises :class:`ScheduleError` for a time skipped by a daylight-saving jump (it never happens on
    the clocks there). For a time that happens twice, ``fold=0`` picks the first, ``fold=1`` the second.
    """
    tz = zone_of(zone)
    if wall.tzinfo is not None:
        return wall.astimezone(tz)
    candidate = wall.replace(tzinfo=tz, fold=fold)
    round_trip = candidate.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != wall:
        raise ScheduleError(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {getattr(tz, 'key', tz)}: "
            "the clocks skip it for daylight saving time"
        )
    return candidate


def format_send_after(moment: datetime) -> str:
    """The ``send_after`` string for an aware moment, in its own offset: ``2015-09-24 14:00:00 GMT-0700``."""
    if moment.tzinfo is None:
        raise ScheduleError("send_after needs an aware datetime")
    return moment.strftime("%Y-%m-%d %H:%M:%S GMT") + moment.strftime("%z")


def send_after_for(wall: datetime, zone: str | tzinfo, *, fold: int = 0) -> str:
    """The exact ``send_after`` string for the wall-clock ``wall`` in ``zone``."""
    return format_send_after(localize(wall, zone, fold=fold))


_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_TRAILING_NAME = re.compile(r"\s*\([^)]*\)\s*$")
_SEND_AFTER = re.compile(
    r"""^(?:(?P<iso>\d{4}-\d{2}-\d{2})|(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})\s+(?P<year>\d{4}))
    (?:[ T]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?
    \s*(?P<ampm>[ap]\.?m\.?)?
    \s*(?P<zone>z|(?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?|gmt|utc)?$""",
    re.IGNORECASE | re.VERBOSE,
)


def _offset(text: str) -> tzinfo:
    text = text.strip().lower()
    if text in ("z", "gmt", "utc"):
        return UTC
    text = text.removeprefix("gmt").removeprefix("utc").strip()
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_send_after(text: str) -> datetime | None:
    """The moment a ``send_after`` string means, or None if OneSignal's documented spellings don't fit.

    Understands ISO 8601 and the API's examples (``Thu Sep 24 2015 14:00:00 GMT-0700 (PDT)``,
    ``September 24th 2015, 2:00:00 pm UTC-07:00``, ``2015-09-24 14:00:00 GMT-0700``, ...). A string
    without an offset is read the way OneSignal reads it, as UTC-11:00.
    """
    cleaned = _TRAILING_NAME.sub("", text.strip())
    cleaned = _WEEKDAY.sub("", cleaned)
    cleaned = _ORDINAL.sub(r"\1", cleaned).replace(",", " ")
    cleaned = " ".join(cleaned.split())
    match = _SEND_AFTER.match(cleaned)
    if match is None:
        return None
    try:
        if match["iso"]:
            day = date.fromisoformat(match["iso"])
        else:
            month = _MONTHS.get(match["month"][:3].lower())
            if month is None:
                return None
            day = date(int(match["year"]), month, int(match["day"]))
        hour, minute = int(match["hour"]), int(match["minute"])
        second = int(match["second"] or 0)
        if match["ampm"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
        zone = _offset(match["zone"]) if match["zone"] else OFFSETLESS_DEFAULT
        return datetime.combine(day, time(hour, minute, second), tzinfo=zone)
    except ValueError:
        return None


def format_time_of_day(moment: time) -> str:
    """``delivery_time_of_day`` as OneSignal's examples write it: ``9:00AM``, ``12:30PM``.

    Seconds, when set, use the 24-hour form the API also documents (``21:45:30``).
    """
    if moment.second:
        return f"{moment.hour}:{moment.minute:02d}:{moment.second:02d}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'AM' if moment.hour < 12 else 'PM'}"


_TIME_OF_DAY = re.compile(
    r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?$", re.IGNORECASE
)


def parse_time_of_day(text: str) -> time | None:
    """The time a ``delivery_time_of_day`` string means (``9:00AM``, ``21:45``, ``9:45:30``), or None."""
    match = _TIME_OF_DAY.match(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


@dataclass(frozen=True)
class Schedule:
    """When a notification goes out, in the composer's terms.

    ``send_after`` (aware) is the moment for ``"at"``, and the start for ``"timezone"`` and
    ``"last_active"`` (None: as soon as it is sent).
    """

    mode: DeliveryMode = "now"
    send_after: datetime | None = None
    time_of_day: time | None = None

    @classmethod
    def now(cls) -> Schedule:
        return cls()

    @classmethod
    def at(cls, wall: datetime, zone: str | tzinfo, *, fold: int = 0) -> Schedule:
        """At the wall-clock time ``wall`` in ``zone`` (a date/time picker plus a zone box)."""
        return cls("at", localize(wall, zone, fold=fold))

    @classmethod
    def per_timezone(cls, time_of_day: time | None, *, starting: datetime | None = None) -> Schedule:
        """At ``time_of_day`` in each user's own time zone."""
        return cls("timezone", starting, time_of_day)

    @classmethod
    def intelligent(cls, *, starting: datetime | None = None) -> Schedule:
        """Intelligent delivery: each user at the time of day they were last active."""
        return cls("last_active", starting)

    def fields(self) -> dict[str, str]:
        """The body fields for this schedule (empty for "now")."""
        fields: dict[str, str] = {}
        if self.send_after is not None:
            fields["send_after"] = format_send_after(self.send_after)
        if self.mode == "timezone":
            fields["delayed_option"] = "timezone"
            if self.time_of_day is not None:
                fields["delivery_time_of_day"] = format_time_of_day(self.time_of_day)
        elif self.mode == "last_active":
            fields["delayed_option"] = "last-active"
        return fields

    def apply(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``body`` scheduled this way (any earlier schedule fields removed)."""
        updated = {key: value for key, value in body.items() if key not in SCHEDULE_FIELDS}
        updated.update(self.fields())
        return updated

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> Schedule:
        """The schedule a body asks for; unreadable values are left out (preflight reports them)."""
        raw_send_after = body.get("send_after")
        send_after = parse_send_after(raw_send_after) if isinstance(raw_send_after, str) else None
        option = body.get("delayed_option")
        raw_time = body.get("delivery_time_of_day")
        time_of_day = parse_time_of_day(raw_time) if isinstance(raw_time, str) else None
        if option == "timezone":
            return cls("timezone", send_after, time_of_day)
        if option == "last-active":
            return cls("last_active", send_after)
        if send_after is not None:
            return cls("at", send_after)
        return cls()


@dataclass(frozen=True)
class Arrival:
    """When people in ``zone`` get the notification: at ``local_time``, or at some moment up to
    ``until`` (intelligent delivery picks each user's own time within a window)."""

    zone: str
    local_time: datetime
    until: datetime | None = None

    @property
    def city(self) -> str:
        """``"Los Angeles"`` for ``"America/Los_Angeles"``."""
        return self.zone.rsplit("/", 1)[-1].replace("_", " ")

    def describe(self) -> str:
        """``"Thu 27 Nov, 09:00 (GMT+09:00)"``, or for a window
        ``"Thu 27 Nov, 09:00 to Fri 28 Nov, 09:00 (GMT+09:00), at each person's usual time"``."""
        start = _short(self.local_time)
        if self.until is None:
            return f"{start} ({_gmt(self.local_time)})"
        return f"{start} to {_short(self.until)} ({_gmt(self.local_time)}), at each person's usual time"


def _short(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M}"


def _gmt(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"GMT{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _next_wall_time(start: datetime, time_of_day: time, tz: tzinfo) -> datetime:
    local_start = start.astimezone(tz)
    for day_offset in (0, 1, 2):
        day = local_start.date() + timedelta(days=day_offset)
        # Normalising through UTC moves a time skipped by a DST jump to where the clocks show it.
        candidate = datetime.combine(day, time_of_day, tzinfo=tz).astimezone(UTC).astimezone(tz)
        if candidate >= local_start:
            return candidate
    raise AssertionError("a time of day recurs within two days")  # pragma: no cover


def arrival_preview(
    schedule: Schedule,
    zones: Sequence[str] = DEFAULT_PREVIEW_ZONES,
    *,
    now: datetime | float | None = None,
) -> list[Arrival]:
    """When the notification reaches people in each of ``zones``, in their local time."""
    current = as_aware(now)
    start = max(schedule.send_after, current) if schedule.send_after is not None else current
    arrivals: list[Arrival] = []
    for name in zones:
        tz = zone_of(name)
        if schedule.mode == "timezone" and schedule.time_of_day is not None:
            arrivals.append(Arrival(name, _next_wall_time(start, schedule.time_of_day, tz)))
        elif schedule.mode == "last_active":
            arrivals.append(Arrival(name, start.astimezone(tz), (start + INTELLIGENT_WINDOW).astimezone(tz)))
        else:
            arrivals.append(Arrival(name, start.astimezone(tz)))
    return arrivals


def check_schedule(body: Mapping[str, Any], *, now: datetime | float | None = None) -> list[Problem]:
    """Schedule problems in a create body: unreadable values, past or too far ahead, a timezone
    delivery without its time of day."""
    problems: list[Problem] = []
    current = as_aware(now)
    raw_send_after = body.get("send_after")
    if raw_send_after not in (None, ""):
        moment = parse_send_after(raw_send_after) if isinstance(raw_send_after, str) else None
        if moment is None:
            problems.append(
                Problem("send_after", f"{raw_send_after!r} is not a date and time OneSignal understands")
            )
        else:
            if moment < current:
                problems.append(Problem("send_after", "The scheduled time is in the past"))
            elif moment - current > MAX_AHEAD:
                problems.append(
                    Problem("send_after", "OneSignal schedules at most 30 days ahead; pick an earlier date")
                )
            if isinstance(raw_send_after, str) and not _has_offset(raw_send_after):
                problems.append(
                    Problem(
                        "send_after",
                        "No time zone given: OneSignal reads this time as UTC-11:00",
                        "warning",
                    )
                )
    option = body.get("delayed_option")
    raw_time = body.get("delivery_time_of_day")
    if option not in (None, "", "timezone", "last-active"):
        problems.append(
            Problem("delayed_option", f"{option!r} is not a delivery option (timezone or last-active)")
        )
    if option == "timezone" and raw_time in (None, ""):
        problems.append(
            Problem("delivery_time_of_day", "Delivery in each user's time zone needs a time of day")
        )
    if raw_time not in (None, ""):
        if not isinstance(raw_time, str) or parse_time_of_day(raw_time) is None:
            problems.append(
                Problem("delivery_time_of_day", f"{raw_time!r} is not a time of day like 9:00AM or 21:45")
            )
        elif option != "timezone":
            problems.append(
                Problem(
                    "delivery_time_of_day",
                    "A time of day only applies to delivery in each user's time zone",
                    "warning",
                )
            )
    return problems


def _has_offset(text: str) -> bool:
    parsed = parse_send_after(text)
    return parsed is not None and parsed.tzinfo is not OFFSETLESS_DEFAULT
