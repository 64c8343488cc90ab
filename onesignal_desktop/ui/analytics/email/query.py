"""What the Email metrics page asks for and what it gets back, without Qt.

One load makes three calls: the reputation (bounce and complaint rates over 24 h / 7 d / 30 d), the
figures per inbox provider for the chosen range, and the same figures per hour, day or month.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    # Not at run time: this page is built with the window, and the API package (httpx, pydantic: ~270 ms)
    # would load on the UI thread before the first paint. The answers are read into the plain records
    # below on the worker that fetches them.
    from onesignal_desktop.api import OneSignalClient
    from onesignal_desktop.api.models.email_analytics import EmailMetrics, Granularity


@dataclass(frozen=True)
class TimeRange:
    value: str
    label: str
    span: timedelta
    granularity: Literal["hourly", "daily", "monthly"]


TIME_RANGES = (
    TimeRange("24h", "Last 24 hours (hourly)", timedelta(hours=24), "hourly"),
    TimeRange("7d", "Last 7 days (daily)", timedelta(days=7), "daily"),
    TimeRange("30d", "Last 30 days (daily)", timedelta(days=30), "daily"),
    # OneSignal refuses a start more than 365 days ago; a day less leaves room for clocks that differ.
    TimeRange("12mo", "Last 12 months (monthly)", timedelta(days=364), "monthly"),
)
TIME_RANGE_BY_VALUE = {item.value: item for item in TIME_RANGES}

#: Names for OneSignal's inbox provider ids (the ids come with the figures; one not here is shown as
#: its id in words), in the order the page lists them.
PROVIDERS = (
    ("gmail", "Gmail"),
    ("google_workspace", "Google Workspace"),
    ("googlers", "Google (internal)"),
    ("outlook_us", "Outlook (US)"),
    ("outlook_eu", "Outlook (EU)"),
    ("outlook_365", "Outlook 365"),
    ("yahoo_us", "Yahoo (US)"),
    ("yahoo_eu", "Yahoo (EU)"),
    ("apple", "Apple (iCloud)"),
    ("comcast", "Comcast"),
    ("att", "AT&T"),
    ("proton", "Proton"),
    ("other_us", "Other (US)"),
    ("other_eu", "Other (EU)"),
    ("other", "Other"),
)
PROVIDER_LABELS = dict(PROVIDERS)
_PROVIDER_ORDER = {name: index for index, (name, _) in enumerate(PROVIDERS)}


def provider_label(name: str) -> str:
    return PROVIDER_LABELS.get(name) or name.replace("_", " ").capitalize()


def provider_order(name: str) -> tuple[int, str]:
    """Known providers in the page's order, then the rest by name ("other" stays last)."""
    if name == "other":
        return (len(PROVIDERS) + 1, name)
    return (_PROVIDER_ORDER.get(name, len(PROVIDERS)), name)


#: The domain every app of the local sandbox sends email from (sandbox/sim/email_metrics.py).
SANDBOX_SENDING_DOMAIN = "mail.sandbox.test"

# Gmail's and Yahoo's bulk-sender rules block senders whose spam complaint rate reaches 0.3 %; a bounce
# rate over 5 % is the usual sign of a stale list that mailbox providers start to throttle.
COMPLAINT_RATE_LIMIT = 0.003
BOUNCE_RATE_LIMIT = 0.05

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
REPUTATION_WINDOW_NAMES = ("last_24_hours", "last_7_days", "last_30_days")
METRIC_NAMES = ("sent", "delivered", "unique_opened", "unique_clicked", "bounced", "complained", "failed")


def sending_domain(text: str) -> str:
    """The domain typed, tidied (lower case, no spaces); ValueError saying what is wrong."""
    domain = text.strip().lower().rstrip(".")
    if not domain:
        raise ValueError("Type the domain your app sends email from, e.g. mail.example.com.")
    if "@" in domain:
        raise ValueError("Type the domain only (the part after @), e.g. mail.example.com.")
    if not _DOMAIN.match(domain):
        raise ValueError(f"“{text.strip()}” is not a domain name: letters, digits, hyphens and dots.")
    return domain


@dataclass
class Figures:
    """The figures of one provider, or one hour/day/month, as the page uses them."""

    sent: int = 0
    delivered: int = 0
    unique_opened: int = 0
    unique_clicked: int = 0
    bounced: int = 0
    complained: int = 0
    failed: int = 0

    @classmethod
    def of(cls, metrics: EmailMetrics | None) -> Figures:
        if metrics is None:
            return cls()
        return cls(**{name: int(getattr(metrics, name, None) or 0) for name in METRIC_NAMES})

    def add(self, other: Figures) -> None:
        for name in METRIC_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def bounce_rate(self) -> float:
        """Of the emails sent."""
        return rate(self.bounced, self.sent)

    @property
    def complaint_rate(self) -> float:
        """Of the emails delivered (only a delivered email can be marked as spam)."""
        return rate(self.complained, self.delivered)

    @property
    def open_rate(self) -> float:
        return rate(self.unique_opened, self.delivered)

    @property
    def click_rate(self) -> float:
        return rate(self.unique_clicked, self.delivered)


def rate(part: int, whole: int) -> float:
    """part / whole; NaN when there is nothing to divide by (no sends: no rate, not a 0 % rate)."""
    return part / whole if whole else math.nan


@dataclass(frozen=True)
class ReputationWindow:
    bounce_rate: float | None = None
    complaint_rate: float | None = None


def percent(value: float | None, digits: int = 2) -> str:
    if value is None or value != value:
        return "—"
    return f"{value * 100:.{digits}f} %"


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class EmailQuery:
    domain: str
    time_range: str
    providers: tuple[str, ...] = ()  # none: all providers

    def window(self, now: datetime) -> tuple[str, str]:
        span = TIME_RANGE_BY_VALUE[self.time_range].span
        return iso_z(now - span), iso_z(now)

    @property
    def granularity(self) -> Granularity:
        return TIME_RANGE_BY_VALUE[self.time_range].granularity

    def fetch(
        self,
        client: OneSignalClient,
        app_id: str,
        *,
        now: datetime | None = None,
        check: Callable[[], None] = lambda: None,
    ) -> EmailReport:
        """The three answers (``check`` between calls lets a cancelled load stop early)."""
        start, end = self.window(now or datetime.now(UTC))
        reputation = client.get_email_reputation(app_id)
        check()
        by_provider = client.get_email_provider_metrics(app_id, self.domain, start, end)
        check()
        series = client.get_email_provider_metrics_timeseries(
            app_id, self.domain, start, end, self.granularity, self.providers or None
        )
        return read_report(self, (start, end), reputation, by_provider, series)


@dataclass
class TimePoint:
    moment: float  # epoch seconds, start of the bucket
    figures: Figures


@dataclass
class EmailReport:
    """The three answers, read into plain records."""

    query: EmailQuery
    window: tuple[str, str]  # start and end asked for (ISO 8601)
    reputation: dict[str, ReputationWindow]  # "last_24_hours", "last_7_days", "last_30_days"
    providers: list[tuple[str, Figures]]  # every provider OneSignal answered with, in the page's order
    points: list[TimePoint]  # oldest first

    def provider_rows(self) -> list[tuple[str, Figures]]:
        """(provider, figures) of the chosen providers (all if none chosen)."""
        chosen = set(self.query.providers)
        return [row for row in self.providers if not chosen or row[0] in chosen]

    def total(self) -> Figures:
        total = Figures()
        for _, figures in self.provider_rows():
            total.add(figures)
        return total

    @property
    def domain_known(self) -> bool:
        """False: OneSignal has no figures at all for the domain (not one of the app's)."""
        return bool(self.providers)

    def is_empty(self) -> bool:
        return self.total().sent == 0


def read_report(
    query: EmailQuery, window: tuple[str, str], reputation: Any, by_provider: Any, series: Any
) -> EmailReport:
    """An :class:`EmailReport` from the client's answers (EmailReputation, EmailProviderMetricsResponse,
    EmailProviderMetricsTimeseries)."""
    windows = {
        name: ReputationWindow(
            getattr(getattr(reputation, name, None), "bounce_rate", None),
            getattr(getattr(reputation, name, None), "complaint_rate", None),
        )
        for name in REPUTATION_WINDOW_NAMES
    }
    providers = sorted(
        ((item.provider or "other", Figures.of(item.metrics)) for item in by_provider.providers),
        key=lambda row: provider_order(row[0]),
    )
    points: list[TimePoint] = []
    for event in series.events:
        if not event.date:
            continue
        try:
            moment = datetime.fromisoformat(event.date.replace("Z", "+00:00"))
        except ValueError:
            continue  # a bucket without a readable time cannot be placed on the chart
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        points.append(TimePoint(moment.timestamp(), Figures.of(event.metrics)))
    points.sort(key=lambda point: point.moment)
    return EmailReport(query, window, windows, providers, points)
