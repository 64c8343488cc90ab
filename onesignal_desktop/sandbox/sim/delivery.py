"""Delivery of a notification simulated over time, deterministically from its id and the clock.

A notification is described by a :class:`DeliveryPlan` fixed when it is created (its audience per device
type, when it was queued, ``send_after``, delivery options and a cancel time if any). :func:`delivery_status`
turns a plan and "now" into the counters OneSignal reports. Timeline:

- before ``send_after``: scheduled, everything ``remaining``;
- ``QUEUE_SECONDS`` after the send time: queued (still nothing sent);
- then sending for a few seconds (longer for big audiences, for ``throttle_rate_per_minute``, and over 24
  hours for ``delayed_option`` "timezone"/"last-active"), the processed share growing linearly;
- then delivered with ``completed_at`` set. Clicks (``converted``) keep arriving after delivery, following an
  exponential curve with mean ``CLICK_MEAN_SECONDS``.

Rates (failed, errored, received, click-through) are drawn per platform from a hash of the notification id, so
the same notification always reports the same numbers at the same clock time.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

QUEUE_SECONDS = 1.0
BASE_SENDING_SECONDS = 2.0
SENDS_PER_SECOND = 20_000.0
SPREAD_SECONDS = 24 * 3600.0
CLICK_MEAN_SECONDS = 20 * 60.0

# device_type -> key of platform_delivery_stats (device types with no key there count in the totals only).
PLATFORM_KEYS: dict[int, str] = {
    0: "ios",
    1: "android",
    2: "android",
    13: "android",
    5: "chrome_web_push",
    7: "safari_web_push",
    8: "firefox_web_push",
    17: "edge_web_push",
    11: "email",
    14: "sms",
}
OTHER_PLATFORM = "other"

SCHEDULED, QUEUED, SENDING, DELIVERED, CANCELED = "scheduled", "queued", "sending", "delivered", "canceled"


@dataclass
class DeliveryPlan:
    """Everything needed to replay a notification's delivery: stored with the notification."""

    notification_id: str
    queued_at: float
    platform_counts: dict[int, int]
    send_after: float | None = None
    delayed_option: str | None = None
    throttle_rate_per_minute: int | None = None
    canceled_at: float | None = None
    # Share of sends that end in an error whatever the platform (demo data uses it for a failed message).
    forced_error_rate: float | None = None

    @property
    def recipients(self) -> int:
        return sum(self.platform_counts.values())

    @property
    def send_start(self) -> float:
        start = self.queued_at if self.send_after is None else max(self.queued_at, self.send_after)
        return start + QUEUE_SECONDS

    @property
    def sending_seconds(self) -> float:
        seconds = BASE_SENDING_SECONDS + self.recipients / SENDS_PER_SECOND
        if self.throttle_rate_per_minute and self.throttle_rate_per_minute > 0:
            seconds = max(seconds, self.recipients / self.throttle_rate_per_minute * 60.0)
        if self.delayed_option in ("timezone", "last-active"):
            seconds = max(seconds, SPREAD_SECONDS)
        return seconds

    @property
    def completes_at(self) -> float:
        return self.send_start + self.sending_seconds

    def is_complete(self, now: float) -> bool:
        return self.canceled_at is None and now >= self.completes_at

    def state(self, now: float) -> str:
        if self.canceled_at is not None and self.canceled_at <= now:
            return CANCELED
        if now >= self.completes_at:
            return DELIVERED
        if now >= self.send_start:
            return SENDING
        if self.send_after is not None and now < self.send_after:
            return SCHEDULED
        return QUEUED

    def processed_share(self, now: float) -> float:
        """Share of the audience handed to push services by ``now`` (frozen at the cancel time)."""
        moment = now if self.canceled_at is None else min(now, self.canceled_at)
        return min(1.0, max(0.0, (moment - self.send_start) / self.sending_seconds))

    def to_dict(self) -> dict[str, Any]:
        return {
            "notification_id": self.notification_id,
            "queued_at": self.queued_at,
            "platform_counts": {str(k): v for k, v in self.platform_counts.items()},
            "send_after": self.send_after,
            "delayed_option": self.delayed_option,
            "throttle_rate_per_minute": self.throttle_rate_per_minute,
            "canceled_at": self.canceled_at,
            "forced_error_rate": self.forced_error_rate,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeliveryPlan:
        return cls(
            notification_id=str(data["notification_id"]),
            queued_at=float(data["queued_at"]),
            platform_counts={int(k): int(v) for k, v in dict(data.get("platform_counts") or {}).items()},
            send_after=None if data.get("send_after") is None else float(data["send_after"]),
            delayed_option=data.get("delayed_option"),
            throttle_rate_per_minute=(
                None
                if data.get("throttle_rate_per_minute") is None
                else int(data["throttle_rate_per_minute"])
            ),
            canceled_at=None if data.get("canceled_at") is None else float(data["canceled_at"]),
            forced_error_rate=(
                None if data.get("forced_error_rate") is None else float(data["forced_error_rate"])
            ),
        )


def unit_random(*parts: object) -> float:
    """A number in [0, 1) fixed by ``parts`` (stable across runs and machines, unlike ``hash``)."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


@dataclass(frozen=True)
class PlatformRates:
    failed: float
    errored: float
    received: float
    click_through: float


@dataclass(frozen=True)
class PlatformProfile:
    """How a platform tends to do, as seen in real apps: (lowest, spread) of each rate."""

    failed: tuple[float, float]
    received: tuple[float, float]
    click_through: tuple[float, float]


#: iOS users click more and confirm fewer deliveries (confirmation needs the extension), Android confirms
#: most; web push loses more to expired subscriptions and is clicked least; email and SMS are counted
#: as accepted by the provider (near-certain "received"), email clicks are rarer than opens would be.
PLATFORM_PROFILES: dict[str, PlatformProfile] = {
    "ios": PlatformProfile((0.005, 0.02), (0.70, 0.15), (0.04, 0.08)),
    "android": PlatformProfile((0.01, 0.03), (0.90, 0.08), (0.025, 0.06)),
    "email": PlatformProfile((0.005, 0.02), (0.97, 0.03), (0.01, 0.03)),
    "sms": PlatformProfile((0.01, 0.02), (0.97, 0.03), (0.005, 0.02)),
}
WEB_PUSH_PROFILE = PlatformProfile((0.03, 0.06), (0.80, 0.12), (0.01, 0.03))


def platform_rates(plan: DeliveryPlan, device_type: int) -> PlatformRates:
    key = (plan.notification_id, device_type)
    errored = 0.01 * unit_random(*key, "errored")
    if plan.forced_error_rate is not None:
        errored = plan.forced_error_rate
    channel = PLATFORM_KEYS.get(device_type, OTHER_PLATFORM)
    profile = PLATFORM_PROFILES.get(channel, WEB_PUSH_PROFILE)

    def drawn(rate: tuple[float, float], name: str) -> float:
        lowest, spread = rate
        return lowest + spread * unit_random(*key, name)

    return PlatformRates(
        failed=min(1.0 - errored, drawn(profile.failed, "failed")),
        errored=errored,
        received=drawn(profile.received, "received"),
        click_through=drawn(profile.click_through, "clicks"),
    )


@dataclass
class PlatformCounts:
    processed: int = 0
    successful: int = 0
    failed: int = 0
    errored: int = 0
    received: int = 0
    converted: int = 0

    def add(self, other: PlatformCounts) -> None:
        self.processed += other.processed
        self.successful += other.successful
        self.failed += other.failed
        self.errored += other.errored
        self.received += other.received
        self.converted += other.converted

    def as_delivery_data(self) -> dict[str, int]:
        return {
            "successful": self.successful,
            "failed": self.failed,
            "errored": self.errored,
            "converted": self.converted,
            "received": self.received,
        }


def click_share(plan: DeliveryPlan, now: float) -> float:
    """Share of the eventual clicks that have happened by ``now`` (clicks start with the sending)."""
    elapsed = now - plan.send_start
    if elapsed <= 0:
        return 0.0
    return 1.0 - math.exp(-elapsed / CLICK_MEAN_SECONDS)


def _split(processed: int, rates: PlatformRates, offset: float = 0.0) -> tuple[int, int, int]:
    """(successful, failed, errored) of ``processed`` sends; successful and failed never shrink as
    ``processed`` grows (errored takes the rounding). ``offset`` (in [0, 1), fixed per notification and
    platform) rounds the successful share up for some notifications: without it a send to one person
    could never succeed (1 * 0.97 rounds down to 0), and journeys send to one person at a time."""
    successful = math.floor(processed * max(0.0, 1.0 - rates.failed - rates.errored) + offset + 1e-9)
    successful = min(successful, processed)
    failed = min(processed - successful, math.floor(processed * rates.failed))
    return successful, failed, processed - successful - failed


def split_offset(plan: DeliveryPlan, device_type: int) -> float:
    return unit_random(plan.notification_id, device_type, "split")


def processed_count(plan: DeliveryPlan, device_type: int, share: float) -> int:
    """How many of a platform's recipients were handed over at ``share`` of the sending time. A fixed
    per-platform phase spreads small audiences over the sending window instead of all at its end."""
    audience = plan.platform_counts.get(device_type, 0)
    if share <= 0.0:
        return 0
    phase = unit_random(plan.notification_id, device_type, "phase")
    return min(audience, math.floor(audience * share + phase))


def platform_counts(plan: DeliveryPlan, device_type: int, now: float) -> PlatformCounts:
    rates = platform_rates(plan, device_type)
    processed = processed_count(plan, device_type, plan.processed_share(now))
    successful, failed, errored = _split(processed, rates, split_offset(plan, device_type))
    received = math.floor(successful * rates.received + split_offset(plan, device_type))
    received = min(received, successful)
    # Clicks: a fixed share of what was (or, if canceled, stays) delivered, arriving over time.
    final_successful = final_platform_successful(plan, device_type)
    eventual_clicks = math.floor(final_successful * rates.click_through)
    converted = min(successful, math.floor(eventual_clicks * click_share(plan, now)))
    return PlatformCounts(processed, successful, failed, errored, received, converted)


def final_platform_successful(plan: DeliveryPlan, device_type: int) -> int:
    rates = platform_rates(plan, device_type)
    share = 1.0 if plan.canceled_at is None else plan.processed_share(plan.canceled_at)
    return _split(processed_count(plan, device_type, share), rates, split_offset(plan, device_type))[0]


def eventual_clicks(plan: DeliveryPlan, device_type: int) -> int:
    return math.floor(
        final_platform_successful(plan, device_type) * platform_rates(plan, device_type).click_through
    )


@dataclass
class DeliveryStatus:
    state: str
    totals: PlatformCounts
    remaining: int
    completed_at: int | None
    canceled: bool
    platform_delivery_stats: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_fields(self) -> dict[str, Any]:
        """The delivery fields of OneSignal's notification object."""
        return {
            **self.totals.as_delivery_data(),
            "remaining": self.remaining,
            "completed_at": self.completed_at,
            "canceled": self.canceled,
            "platform_delivery_stats": self.platform_delivery_stats,
        }


def delivery_status(plan: DeliveryPlan, now: float) -> DeliveryStatus:
    totals = PlatformCounts()
    by_platform: dict[str, PlatformCounts] = {}
    for device_type in sorted(plan.platform_counts):
        counts = platform_counts(plan, device_type, now)
        totals.add(counts)
        key = PLATFORM_KEYS.get(device_type, OTHER_PLATFORM)
        if key != OTHER_PLATFORM:
            by_platform.setdefault(key, PlatformCounts()).add(counts)
    state = plan.state(now)
    canceled = state == CANCELED
    remaining = 0 if canceled else plan.recipients - totals.processed
    completed_at = int(plan.completes_at) if state == DELIVERED else None
    stats: dict[str, dict[str, int]] = {}
    for key, counts in by_platform.items():
        data = counts.as_delivery_data()
        if key == "email":
            opens = math.floor(counts.received * 0.35)
            data.update(
                opened=opens,
                unique_opens=opens,
                clicks=counts.converted,
                unique_clicks=counts.converted,
                bounced=counts.failed,
                reported_spam=0,
                unsubscribed=0,
            )
        elif key == "sms":
            data.update(
                provider_successful=counts.received,
                provider_failed=counts.successful - counts.received,
                provider_errored=0,
            )
        stats[key] = data
    return DeliveryStatus(state, totals, remaining, completed_at, canceled, stats)
