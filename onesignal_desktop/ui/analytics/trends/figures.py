"""The figures of the Trends page, added up from the app's notifications (no Qt here: runs on a worker).

OneSignal has no "per day" endpoint for messages: the trends are the notifications' own counters
(``GET /notifications``, walked oldest first from the range's start by ``time_offset``), each counted on
the UTC day it was sent. Per-platform figures come from each notification's ``platform_delivery_stats``.
A notification's clicks are all its clicks so far, whenever they happened.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from onesignal_desktop.api.models import NotificationWithMeta
from onesignal_desktop.ui.common.charts.data import ChartData, Series, Style, XKind

DAY = 86400
#: (days, label) of the range picker.
RANGES: tuple[tuple[int, str], ...] = ((7, "Last 7 days"), (30, "Last 30 days"), (90, "Last 90 days"))
CHANNELS: tuple[tuple[str, str, str], ...] = (
    ("push", "Push", "#3b7dd8"),
    ("email", "Email", "#e0a030"),
    ("sms", "SMS", "#2e9d5b"),
)
#: (group, label, colour, platform_delivery_stats keys counted in it).
PLATFORM_GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("ios", "iOS", "#3b7dd8", ("ios",)),
    ("android", "Android", "#2e9d5b", ("android",)),
    (
        "web",
        "Web push",
        "#8e5bd8",
        ("chrome_web_push", "firefox_web_push", "safari_web_push", "edge_web_push"),
    ),
    ("email", "Email", "#e0a030", ("email",)),
    ("sms", "SMS", "#d64545", ("sms",)),
)
GROUP_LABELS = {group: label for group, label, _, _ in PLATFORM_GROUPS}
_GROUP_OF_KEY = {key: group for group, _, _, keys in PLATFORM_GROUPS for key in keys}
#: A CTR of 1 click out of 3 deliveries says nothing: the top/bottom lists skip smaller sends.
MIN_DELIVERED_FOR_RANKING = 20
RANKED = 5


def range_start(days: int, now: float) -> float:
    """Midnight UTC of the first day of the last ``days`` days (today included)."""
    today = math.floor(now / DAY) * DAY
    return float(today - (days - 1) * DAY)


def iso_time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class Counters:
    """Delivery counters added up (one day, one platform, a whole range...)."""

    successful: int = 0
    failed: int = 0
    errored: int = 0
    converted: int = 0
    received: int = 0

    @property
    def attempted(self) -> int:
        return self.successful + self.failed + self.errored

    @property
    def delivery_rate(self) -> float:
        """Successful of attempted; NaN (a gap in the line) when nothing was attempted."""
        return self.successful / self.attempted if self.attempted else math.nan

    @property
    def click_through_rate(self) -> float:
        return self.converted / self.successful if self.successful else math.nan

    def add(self, successful: int, failed: int, errored: int, converted: int, received: int) -> None:
        self.successful += successful
        self.failed += failed
        self.errored += errored
        self.converted += converted
        self.received += received

    def add_counters(self, other: Counters) -> None:
        self.add(other.successful, other.failed, other.errored, other.converted, other.received)


@dataclass(frozen=True)
class RankedNotification:
    id: str
    heading: str
    channel: str
    sent_at: float
    successful: int
    converted: int

    @property
    def click_through_rate(self) -> float:
        return self.converted / self.successful if self.successful else 0.0


def _count(value: int | None) -> int:
    return int(value or 0)


def _heading(notification: NotificationWithMeta) -> str:
    for candidate in (
        notification.headings,
        notification.name,
        notification.email_subject,
        notification.contents,
    ):
        if isinstance(candidate, dict):
            text = candidate.get("en") or next((v for v in candidate.values() if v), "")
        else:
            text = candidate or ""
        text = " ".join(str(text).split())
        if text:
            return text
    return "(untitled)"


def counters_by_group(notification: NotificationWithMeta) -> dict[str, Counters]:
    """One notification's counters per platform group (``PLATFORM_GROUPS``), from its
    ``platform_delivery_stats``; without those, the whole notification under its channel."""
    stats = notification.platform_delivery_stats
    platforms = stats.by_platform() if stats is not None else {}
    out: dict[str, Counters] = {}
    if platforms:
        for key, platform in platforms.items():
            group = _GROUP_OF_KEY.get(key, "web" if key.endswith("_web_push") else None)
            if group is None:
                continue
            out.setdefault(group, Counters()).add(
                _count(platform.successful),
                _count(platform.failed),
                _count(platform.errored),
                _count(platform.converted),
                _count(platform.received),
            )
        return out
    channel = notification.channel if notification.channel in ("push", "email", "sms") else "push"
    group = channel if channel in GROUP_LABELS else "android"
    out[group] = Counters(
        _count(notification.successful),
        _count(notification.failed),
        _count(notification.errored),
        _count(notification.converted),
        _count(notification.received),
    )
    return out


@dataclass
class Trends:
    """The figures of one app over ``days`` days from ``start``, as notifications are added."""

    days: int
    start: float
    now: float
    by_day_channel: dict[str, list[int]] = field(default_factory=dict)
    by_day_group: dict[str, list[Counters]] = field(default_factory=dict)
    by_group: dict[str, Counters] = field(default_factory=dict)
    ranked: list[RankedNotification] = field(default_factory=list)
    notifications: int = 0
    complete: bool = False

    def __post_init__(self) -> None:
        for channel, _, _ in CHANNELS:
            self.by_day_channel.setdefault(channel, [0] * self.days)
        for group, _, _, _ in PLATFORM_GROUPS:
            self.by_day_group.setdefault(group, [Counters() for _ in range(self.days)])
            self.by_group.setdefault(group, Counters())

    @classmethod
    def empty(cls, days: int, now: float) -> Trends:
        return cls(days, range_start(days, now), now)

    @property
    def day_starts(self) -> list[float]:
        return [self.start + index * DAY for index in range(self.days)]

    def add_all(self, notifications: Iterable[NotificationWithMeta]) -> None:
        for notification in notifications:
            self.add(notification)

    def add(self, notification: NotificationWithMeta) -> bool:
        """Count one notification on the day it was sent; False if it was not sent in the range."""
        sent_at = notification.send_after or notification.queued_at
        if sent_at is None:
            return False
        moment = float(sent_at.timestamp()) if isinstance(sent_at, datetime) else float(sent_at)
        if moment < self.start or moment > self.now:
            return False
        day = min(self.days - 1, int((moment - self.start) // DAY))
        successful = _count(notification.successful)
        channel = notification.channel if notification.channel in self.by_day_channel else "push"
        self.by_day_channel[channel][day] += successful
        self.notifications += 1
        for group, counters in counters_by_group(notification).items():
            self.by_day_group[group][day].add_counters(counters)
            self.by_group[group].add_counters(counters)
        if successful >= MIN_DELIVERED_FOR_RANKING:
            self.ranked.append(
                RankedNotification(
                    notification.id or "",
                    _heading(notification),
                    channel,
                    moment,
                    successful,
                    _count(notification.converted),
                )
            )
        return True

    # --- what the page shows ------------------------------------------------------------------------
    def groups_shown(self, group: str | None) -> list[tuple[str, str, str]]:
        """(group, label, colour) of the platform groups with sends, or just ``group``."""
        return [
            (name, label, color)
            for name, label, color, _ in PLATFORM_GROUPS
            if (group is None and self.by_group[name].attempted) or name == group
        ]

    def day_counters(self, group: str | None) -> list[Counters]:
        """Each day's counters of one platform group, or of all of them."""
        if group is not None:
            return self.by_day_group[group]
        days = [Counters() for _ in range(self.days)]
        for counters in self.by_day_group.values():
            for day, value in zip(days, counters, strict=True):
                day.add_counters(value)
        return days

    def total(self, group: str | None = None) -> Counters:
        total = Counters()
        for name, counters in self.by_group.items():
            if group is None or name == group:
                total.add_counters(counters)
        return total

    def sent_chart(self) -> ChartData:
        return ChartData(
            "Messages sent per day, by channel",
            self.day_starts,
            [
                Series(label, [float(v) for v in self.by_day_channel[channel]], color)
                for channel, label, color in CHANNELS
                if any(self.by_day_channel[channel])
            ],
            x_kind=XKind.DATES,
            style=Style.BARS if self.days <= 7 else Style.LINES,
            y_label="sent",
        )

    def _rate_chart(self, title: str, group: str | None, rate: str) -> ChartData:
        series = [
            Series(label, [getattr(day, rate) for day in self.by_day_group[name]], color)
            for name, label, color in self.groups_shown(group)
        ]
        if group is None and len(series) > 1:
            series.insert(
                0, Series("All platforms", [getattr(d, rate) for d in self.day_counters(None)], "#7f8c8d")
            )
        return ChartData(
            title, self.day_starts, series, x_kind=XKind.DATES, style=Style.LINES, value_format="{:.1%}"
        )

    def delivery_rate_chart(self, group: str | None = None) -> ChartData:
        return self._rate_chart("Delivery rate per day (successful of attempted)", group, "delivery_rate")

    def ctr_chart(self, group: str | None = None) -> ChartData:
        return self._rate_chart(
            "Click-through rate per day (clicked of delivered)", group, "click_through_rate"
        )

    def clicks_chart(self, group: str | None = None) -> ChartData:
        return ChartData(
            "Clicks per day (of the notifications sent that day)",
            self.day_starts,
            [
                Series(label, [float(day.converted) for day in self.by_day_group[name]], color)
                for name, label, color in self.groups_shown(group)
            ],
            x_kind=XKind.DATES,
            style=Style.BARS if self.days <= 7 else Style.LINES,
            y_label="clicks",
        )

    def platform_chart(self) -> ChartData:
        shown = self.groups_shown(None)
        return ChartData.bars(
            "Delivery rate and CTR by platform (whole range)",
            [label for _, label, _ in shown],
            [
                Series(
                    "Delivery rate", [self.by_group[name].delivery_rate for name, _, _ in shown], "#3b7dd8"
                ),
                Series("CTR", [self.by_group[name].click_through_rate for name, _, _ in shown], "#2e9d5b"),
            ],
            value_format="{:.1%}",
        )

    def top(self, count: int = RANKED) -> list[RankedNotification]:
        return sorted(self.ranked, key=lambda n: (-n.click_through_rate, -n.successful))[:count]

    def bottom(self, count: int = RANKED) -> list[RankedNotification]:
        return sorted(self.ranked, key=lambda n: (n.click_through_rate, -n.successful))[:count]


@dataclass(frozen=True)
class Snapshot:
    """What the worker hands the UI: the figures so far (a copy the worker no longer touches)."""

    trends: Trends
    loaded: int


def copy_of(trends: Trends) -> Trends:
    """A copy that further :meth:`Trends.add` calls on the original leave alone (cheap: the per-day lists)."""
    copy = Trends(
        trends.days,
        trends.start,
        trends.now,
        by_day_channel={k: list(v) for k, v in trends.by_day_channel.items()},
        by_day_group={k: [Counters(**vars(c)) for c in v] for k, v in trends.by_day_group.items()},
        by_group={k: Counters(**vars(c)) for k, c in trends.by_group.items()},
        ranked=list(trends.ranked),
        notifications=trends.notifications,
        complete=trends.complete,
    )
    return copy
