"""Email analytics of the sandbox, computed from the app's email sends on the sandbox clock.

The figures come from each email notification's own delivery (``delivery.platform_counts`` for device
type 11, the numbers its report shows), split between inbox providers by a believable market share with
a per-provider tilt: Outlook and Yahoo bounce more than Gmail, Apple opens more (Mail Privacy
Protection), complaints are a fraction of a percent. Every figure is stable for a given notification.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from onesignal_desktop.sandbox.sim.delivery import DeliveryPlan, platform_counts, unit_random
from onesignal_desktop.sandbox.sim.targeting import EMAIL_DEVICE_TYPE

#: The sending domain every sandbox app has configured (real apps have their own).
SANDBOX_SENDING_DOMAIN = "mail.sandbox.test"
OPEN_RATE = 0.35


@dataclass(frozen=True)
class Provider:
    name: str
    share: float
    bounce_tilt: float
    open_tilt: float
    complaint_rate: float


# OneSignal's own provider names (the Python SDK 5.18.0 lists them for providers[]); the sandbox's
# inboxes are spread over the big ones, every other name is accepted and counts nothing.
PROVIDERS = (
    Provider("gmail", 0.40, 0.7, 1.0, 0.0008),
    Provider("google_workspace", 0.06, 0.5, 1.1, 0.0005),
    Provider("outlook_us", 0.12, 1.6, 0.85, 0.0020),
    Provider("outlook_365", 0.07, 1.2, 0.9, 0.0012),
    Provider("yahoo_us", 0.11, 1.9, 0.8, 0.0025),
    Provider("apple", 0.14, 0.8, 1.9, 0.0004),
    Provider("other", 0.10, 2.2, 0.7, 0.0015),
)
ALL_PROVIDER_NAMES = (
    "apple", "att", "canadian", "chinese", "comcast", "free_fr", "french", "german", "gmail",
    "google_workspace", "googlers", "inbox_lv", "italian", "japanese", "outlook_365", "outlook_eu",
    "outlook_us", "proton", "rackspace", "russian", "uk", "united_online", "yahoo_eu", "yahoo_us",
    "other_eu", "other_us", "other",
)  # fmt: skip
PROVIDER_NAMES = tuple(provider.name for provider in PROVIDERS)


@dataclass
class EmailMetrics:
    sent: int = 0
    delivered: int = 0
    opened: int = 0
    clicked: int = 0
    unique_opened: int = 0
    unique_clicked: int = 0
    failed: int = 0
    bounced: int = 0
    complained: int = 0

    def add(self, other: EmailMetrics) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_json(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


def split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` divided in proportion to ``weights`` (largest remainders, so the parts sum to it)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * weight / whole for weight in weights]
    parts = [math.floor(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def is_email_send(plan: DeliveryPlan) -> bool:
    return plan.platform_counts.get(EMAIL_DEVICE_TYPE, 0) > 0


def provider_metrics(plan: DeliveryPlan, now: float) -> dict[str, EmailMetrics]:
    """The email figures of one send by inbox provider, as they stand at ``now``."""
    counts = platform_counts(plan, EMAIL_DEVICE_TYPE, now)
    jitter = [0.9 + 0.2 * unit_random(plan.notification_id, p.name, "share") for p in PROVIDERS]
    shares = [p.share * j for p, j in zip(PROVIDERS, jitter, strict=True)]
    sent = split(counts.processed, shares)
    bounced = split(counts.failed, [s * p.bounce_tilt for s, p in zip(sent, PROVIDERS, strict=True)])
    failed = split(counts.errored, sent)
    delivered = split(counts.received, [max(s - b, 0) for s, b in zip(sent, bounced, strict=True)])
    opens_total = math.floor(counts.received * OPEN_RATE)
    opened = split(opens_total, [d * p.open_tilt for d, p in zip(delivered, PROVIDERS, strict=True)])
    clicked = split(counts.converted, delivered)
    result: dict[str, EmailMetrics] = {}
    for i, provider in enumerate(PROVIDERS):
        complaint = provider.complaint_rate * (0.5 + unit_random(plan.notification_id, provider.name, "spam"))
        unique_opened = min(opened[i], delivered[i])
        result[provider.name] = EmailMetrics(
            sent=sent[i],
            delivered=delivered[i],
            opened=opened[i] + math.floor(opened[i] * 0.3),  # repeat opens
            clicked=clicked[i] + math.floor(clicked[i] * 0.2),
            unique_opened=unique_opened,
            unique_clicked=min(clicked[i], unique_opened),
            failed=failed[i],
            bounced=bounced[i],
            complained=min(delivered[i], round(delivered[i] * complaint)),
        )
    return result


def totals(plans: Iterable[DeliveryPlan], now: float, providers: Sequence[str] | None = None) -> EmailMetrics:
    total = EmailMetrics()
    for plan in plans:
        for name, metrics in provider_metrics(plan, now).items():
            if providers is None or name in providers:
                total.add(metrics)
    return total


def by_provider(plans: Iterable[DeliveryPlan], now: float) -> dict[str, EmailMetrics]:
    result = {name: EmailMetrics() for name in PROVIDER_NAMES}
    for plan in plans:
        for name, metrics in provider_metrics(plan, now).items():
            result[name].add(metrics)
    return result


def bucket_start(moment: float, granularity: str) -> float:
    """The start of the hour, day (UTC) or month that holds ``moment``."""
    when = datetime.fromtimestamp(moment, UTC)
    if granularity == "hourly":
        when = when.replace(minute=0, second=0, microsecond=0)
    elif granularity == "daily":
        when = when.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        when = when.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return when.timestamp()


def next_bucket(start: float, granularity: str) -> float:
    if granularity == "hourly":
        return start + 3600
    if granularity == "daily":
        return start + 86400
    when = datetime.fromtimestamp(start, UTC)
    year, month = (when.year + 1, 1) if when.month == 12 else (when.year, when.month + 1)
    return when.replace(year=year, month=month).timestamp()


def bucket_starts(start: float, end: float, granularity: str) -> list[float]:
    starts: list[float] = []
    moment = bucket_start(start, granularity)
    while moment < end:
        starts.append(moment)
        moment = next_bucket(moment, granularity)
    return starts
