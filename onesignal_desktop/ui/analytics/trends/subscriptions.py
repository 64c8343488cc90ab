"""Subscriptions of an app by channel and platform, counted from its devices (no Qt: runs on a worker).

``GET /players`` pages through an app's subscriptions 300 at a time; a big app is counted from its first
``MAX_COUNTED`` and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.api.models import Player
from onesignal_desktop.api.models.player import device_type_name
from onesignal_desktop.ui.common.charts.data import ChartData, Series

MAX_COUNTED = 30_000
EMAIL_DEVICE_TYPE, SMS_DEVICE_TYPE = 11, 14


def channel_of(device_type: int | None) -> str:
    if device_type == EMAIL_DEVICE_TYPE:
        return "Email"
    if device_type == SMS_DEVICE_TYPE:
        return "SMS"
    return "Push"


def is_subscribed(player: Player) -> bool:
    """OneSignal's rule: not marked invalid, and notification_types not negative or 0 (unsubscribed)."""
    if player.invalid_identifier:
        return False
    return player.notification_types is None or player.notification_types > 0


@dataclass
class Subscriptions:
    """(subscribed, unsubscribed) per platform name, in the order first seen."""

    by_platform: dict[str, list[int]] = field(default_factory=dict)
    channel_of_platform: dict[str, str] = field(default_factory=dict)
    counted: int = 0
    total: int | None = None

    def add_all(self, players: Iterable[Player]) -> None:
        for player in players:
            name = device_type_name(player.device_type)
            pair = self.by_platform.setdefault(name, [0, 0])
            pair[0 if is_subscribed(player) else 1] += 1
            self.channel_of_platform[name] = channel_of(player.device_type)
            self.counted += 1

    @property
    def capped(self) -> bool:
        return self.total is not None and self.counted < self.total

    def by_channel(self) -> dict[str, list[int]]:
        channels: dict[str, list[int]] = {}
        for name, (subscribed, unsubscribed) in self.by_platform.items():
            pair = channels.setdefault(self.channel_of_platform[name], [0, 0])
            pair[0] += subscribed
            pair[1] += unsubscribed
        return channels

    def chart(self) -> ChartData:
        names = sorted(
            self.by_platform, key=lambda n: (self.channel_of_platform[n], -sum(self.by_platform[n]))
        )
        title = "Subscriptions by platform"
        if self.capped:
            title += f" (the first {self.counted:,} of {self.total:,})"
        return ChartData.bars(
            title,
            [
                f"{name} ({self.channel_of_platform[name]})"
                if self.channel_of_platform[name] != "Push"
                else name
                for name in names
            ],
            [
                Series("Subscribed", [float(self.by_platform[n][0]) for n in names], "#2e9d5b"),
                Series("Unsubscribed", [float(self.by_platform[n][1]) for n in names], "#7f8c8d"),
            ],
        )

    def summary(self) -> str:
        parts = []
        for channel, (subscribed, unsubscribed) in sorted(self.by_channel().items()):
            parts.append(f"{channel}: {subscribed:,} subscribed, {unsubscribed:,} not")
        counted = (
            f"the first {self.counted:,} of {self.total:,} subscriptions"
            if self.capped
            else "all subscriptions"
        )
        return "; ".join(parts) + f" ({counted}, as of now)" if parts else "No subscriptions yet."


def load_subscriptions(client: Any, app_id: str, cancelled: Callable[[], bool]) -> Subscriptions:
    """Count the app's subscriptions (at most ``MAX_COUNTED``); runs off the UI thread."""
    subscriptions = Subscriptions()
    for page in client.iter_player_pages(app_id, max_items=MAX_COUNTED, cancel=cancelled):
        subscriptions.add_all(page.items)
        total = page.total_count
        if isinstance(total, int):
            subscriptions.total = total
    return subscriptions
