"""Email analytics: reputation (bounce and complaint rates) and metrics per inbox provider."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias, get_args

from ._base import OneSignalModel
from .common import SuccessResponse

Granularity: TypeAlias = Literal["hourly", "daily", "monthly"]
GRANULARITIES: Final[tuple[str, ...]] = get_args(Granularity)


class EmailReputationWindow(OneSignalModel):
    """Rates over one window, as fractions (0.01 = 1 %)."""

    bounce_rate: float | None = None
    complaint_rate: float | None = None


class EmailReputation(OneSignalModel):
    """Body of GET /apps/{app_id}/email_analytics/delivery_metrics."""

    last_24_hours: EmailReputationWindow | None = None
    last_7_days: EmailReputationWindow | None = None
    last_30_days: EmailReputationWindow | None = None


class EmailMetrics(OneSignalModel):
    sent: int | None = None
    delivered: int | None = None
    opened: int | None = None
    clicked: int | None = None
    unique_opened: int | None = None
    unique_clicked: int | None = None
    failed: int | None = None
    bounced: int | None = None
    complained: int | None = None


class EmailProviderMetrics(OneSignalModel):
    provider: str | None = None  # "gmail", "outlook_us", "yahoo_us", "apple", "other", ...
    metrics: EmailMetrics | None = None


class EmailProviderMetricsResponse(OneSignalModel):
    """Body of GET .../email_analytics/provider_metrics: empty ``providers`` for an unknown domain."""

    providers: list[EmailProviderMetrics] = []


class EmailMetricsPoint(OneSignalModel):
    date: str | None = None  # ISO 8601 start of the bucket
    metrics: EmailMetrics | None = None


class EmailProviderMetricsTimeseries(OneSignalModel):
    """Body of GET .../email_analytics/provider_metrics_timeseries: one point per bucket, oldest first."""

    events: list[EmailMetricsPoint] = []


class UnsubscribeEmailResponse(SuccessResponse):
    """Answer of POST /apps/{app_id}/notifications/{notification_id}/unsubscribe?token=..."""
