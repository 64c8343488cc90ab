"""What Compare shows, no Qt: 2-5 notifications' counters and rates side by side (overall and per platform)
and their click curves aligned on each one's own send (t = 0 is its first send, from its event export).

The counters are each notification's own, since it was sent (``GET /notifications/{id}``); the curves
come from the same event export as the report's Over time section (``timeline/events.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from onesignal_desktop.ui.analytics.trends.figures import PLATFORM_GROUPS, Counters, counters_by_group
from onesignal_desktop.ui.common.charts.data import COLORS, ChartData, Series, Style, XKind
from onesignal_desktop.ui.notifications.status import NotificationRow
from onesignal_desktop.ui.notifications.timeline.events import Timeline, curve_points

MIN_COMPARED, MAX_COMPARED = 2, 5
LABEL_LENGTH = 32


def selection_problem(count: int) -> str | None:
    """Why ``count`` selected notifications cannot be compared, in words (None: they can)."""
    if count < MIN_COMPARED:
        chosen = "none is" if count == 0 else "only one is"
        return (
            f"Compare needs {MIN_COMPARED} to {MAX_COMPARED} notifications and {chosen} selected: "
            "Ctrl+click (or Shift+click) rows to add them."
        )
    if count > MAX_COMPARED:
        return (
            f"Compare takes at most {MAX_COMPARED} notifications and {count} are selected: "
            "Ctrl+click rows to leave some out."
        )
    return None


class CurveKind(Enum):
    CTR = "CTR so far (clicked of delivered)"
    CLICKS = "Clicks so far"
    SHARE = "Share of its clicks so far"


@dataclass
class Compared:
    """One notification of the comparison: its row (counters as last read), and its curve once
    exported, or why there is none."""

    row: NotificationRow
    color: str
    label: str = ""
    timeline: Timeline | None = None
    curve_problem: str | None = None

    @property
    def attempted(self) -> int:
        return self.row.successful + self.row.failed + self.row.errored

    @property
    def platforms(self) -> dict[str, Counters]:
        return counters_by_group(self.row.notification)

    def half_of_clicks_hours(self) -> float | None:
        return self.timeline.half_of_clicks_hours() if self.timeline is not None else None


def _short(text: str) -> str:
    text = " ".join(text.split()) or "(untitled)"
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"


def _percent(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value:.1%}"


def duration_text(hours: float | None) -> str:
    if hours is None:
        return "—"
    minutes = round(hours * 60)
    if minutes < 90:
        return f"{max(1, minutes)} min"
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


class Comparison:
    """The notifications compared, in the order chosen; each with a colour and a label of its own."""

    def __init__(self, rows: list[NotificationRow]) -> None:
        self.items = [Compared(row, COLORS[index % len(COLORS)]) for index, row in enumerate(rows)]
        self._label_all()

    def _label_all(self) -> None:
        seen: dict[str, int] = {}
        for item in self.items:
            base = _short(item.row.heading)
            seen[base] = seen.get(base, 0) + 1
        counted: dict[str, int] = {}
        for item in self.items:
            base = _short(item.row.heading)
            if seen[base] > 1:  # two journeys' "Welcome": the send time tells them apart
                counted[base] = counted.get(base, 0) + 1
                when = item.row.when_epoch
                stamp = datetime.fromtimestamp(when).strftime("%m-%d %H:%M") if when else str(counted[base])
                item.label = f"{base} ({stamp})"
            else:
                item.label = base

    def item(self, notification_id: str) -> Compared | None:
        return next((item for item in self.items if item.row.id == notification_id), None)

    def replace_row(self, row: NotificationRow) -> None:
        found = self.item(row.id)
        if found is not None:
            found.row = row
            self._label_all()

    # --- the table ------------------------------------------------------------------------------
    def table(self) -> list[tuple[str, list[str], str]]:
        """(figure, one text per notification, tooltip) rows, in the order the table shows them."""
        items = self.items

        def per(text_of: object) -> list[str]:
            return [text_of(item) for item in items]  # type: ignore[operator]

        rows: list[tuple[str, list[str], str]] = [
            ("Channel", per(lambda i: i.row.channel), ""),
            ("Status", per(lambda i: i.row.status.value), ""),
            (
                "Sent",
                per(lambda i: i.row.when_text if not i.row.never_sent else "never sent"),
                "When it was sent (your local time)",
            ),
            ("Recipients", per(lambda i: f"{i.row.recipients:,}"), "Devices it was sent to"),
            ("Attempted", per(lambda i: f"{i.attempted:,}"), "Successful + failed + errored sends"),
            ("Delivered", per(lambda i: f"{i.row.successful:,}"), "Successful sends"),
            ("Confirmed delivered", per(lambda i: f"{i.row.received:,}"), "Devices that confirmed receipt"),
            (
                "Clicked",
                per(lambda i: f"{i.row.converted:,}"),
                "Clicks on this notification since it was sent",
            ),
            (
                "Delivery rate",
                per(lambda i: _percent(i.row.delivery_rate)),
                "Delivered of attempted",
            ),
            ("CTR", per(lambda i: _percent(i.row.click_through_rate)), "Clicked of delivered"),
            ("Best platform (CTR)", per(best_platform), "The platform with the highest CTR (10+ delivered)"),
            (
                "Half of the clicks within",
                per(lambda i: _half_text(i)),
                "From its event export: time from its first send until half of its clicks had come",
            ),
        ]
        return rows

    def best_by_ctr(self) -> Compared | None:
        rated = [item for item in self.items if item.row.click_through_rate is not None]
        return max(rated, key=lambda item: item.row.click_through_rate or 0.0, default=None)

    # --- charts -----------------------------------------------------------------------------------
    def groups_shown(self) -> list[tuple[str, str]]:
        """(group, label) of the platforms any of them was sent to."""
        present = {group for item in self.items for group, c in item.platforms.items() if c.attempted}
        return [(group, label) for group, label, _, _ in PLATFORM_GROUPS if group in present]

    def platform_chart(self, rate: str) -> ChartData:
        groups = self.groups_shown()
        title = (
            "CTR by platform (clicked of delivered)"
            if rate == "click_through_rate"
            else "Delivery rate by platform (delivered of attempted)"
        )
        series = []
        for item in self.items:
            platforms = item.platforms
            series.append(
                Series(
                    item.label,
                    [getattr(platforms.get(group, Counters()), rate) for group, _ in groups],
                    item.color,
                )
            )
        return ChartData.bars(title, [label for _, label in groups], series, value_format="{:.1%}")

    def curves_drawn(self) -> list[Compared]:
        return [item for item in self.items if item.timeline is not None]

    def curve_span_minutes(self) -> int:
        """How far the curves go: until the slowest of them had 99 % of its clicks (a notification of
        last month would otherwise squash the first hours, where the clicks are, into a sliver)."""
        ends = []
        for item in self.curves_drawn():
            timeline = item.timeline
            assert timeline is not None
            clicks = sorted(timeline.counts.get("clicked", {}).items())
            total = sum(number for _, number in clicks)
            running = 0
            for minute, number in clicks:
                running += number
                if running >= total * 0.99:
                    ends.append((minute - int(timeline.sent_at)) // 60 + 1)
                    break
        return max(60, round(max(ends, default=60) * 1.1))

    def curve_chart(self, kind: CurveKind) -> ChartData:
        """Each one's clicks since its own first send, on one axis of hours since sent."""
        drawn = self.curves_drawn()
        points = curve_points(self.curve_span_minutes())
        series = []
        for item in drawn:
            assert item.timeline is not None
            cumulative = item.timeline.cumulative("clicked", points)
            if kind is CurveKind.CTR:
                delivered = item.row.successful
                values = [value / delivered if delivered else math.nan for value in cumulative]
            elif kind is CurveKind.SHARE:
                total = item.timeline.total("clicked")
                values = [value / total if total else math.nan for value in cumulative]
            else:
                values = cumulative
            series.append(Series(item.label, values, item.color))
        return ChartData(
            f"{kind.value}, hours since each one was sent",
            [point / 60 for point in points],
            series,
            x_kind=XKind.HOURS,
            style=Style.LINES,
            x_label="hours since sent (t = 0 at each one's first send)",
            value_format="{:,.0f}" if kind is CurveKind.CLICKS else "{:.1%}",
        )


def _half_text(item: Compared) -> str:
    if item.timeline is None:
        return item.curve_problem or "not exported yet"
    if not item.timeline.total("clicked"):
        return "no clicks exported"
    return duration_text(item.half_of_clicks_hours())


def best_platform(item: Compared) -> str:
    labels = {group: label for group, label, _, _ in PLATFORM_GROUPS}
    rated = [(c.click_through_rate, group) for group, c in item.platforms.items() if c.successful >= 10]
    if not rated:
        return "—"
    rate, group = max(rated)
    return f"{labels[group]} ({rate:.1%})"
