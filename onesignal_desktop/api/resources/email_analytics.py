"""Email analytics (app REST key): reputation, provider metrics and their time series; unsubscribe."""

from __future__ import annotations

from collections.abc import Sequence

from onesignal_desktop.api._core import ClientCore, Operation
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.errors import APIStatusError
from onesignal_desktop.api.models.email_analytics import (
    EmailProviderMetricsResponse,
    EmailProviderMetricsTimeseries,
    EmailReputation,
    Granularity,
    UnsubscribeEmailResponse,
)

__all__ = ["EmailAnalyticsOperations"]

_BASE = "/apps/{app_id}/email_analytics"
GET_EMAIL_REPUTATION = Operation("get_email_reputation", "GET", _BASE + "/delivery_metrics", KeyKind.APP)
GET_PROVIDER_METRICS = Operation(
    "get_email_provider_metrics", "GET", _BASE + "/provider_metrics", KeyKind.APP
)
GET_PROVIDER_METRICS_TIMESERIES = Operation(
    "get_email_provider_metrics_timeseries", "GET", _BASE + "/provider_metrics_timeseries", KeyKind.APP
)
UNSUBSCRIBE_EMAIL = Operation(
    "unsubscribe_email_with_token",
    "POST",
    "/apps/{app_id}/notifications/{notification_id}/unsubscribe",
    KeyKind.APP,
    idempotent_post=True,  # unsubscribing twice leaves the same state
)


class EmailAnalyticsOperations(ClientCore):
    def get_email_reputation(self, app_id: str) -> EmailReputation:
        """Bounce and complaint rates over the last 24 hours, 7 days and 30 days."""
        return self._request(GET_EMAIL_REPUTATION, app_id=app_id, path_params={"app_id": app_id}).model(
            EmailReputation
        )

    def get_email_provider_metrics(
        self, app_id: str, domain: str, start: str, end: str
    ) -> EmailProviderMetricsResponse:
        """Metrics per inbox provider for one sending ``domain`` between ``start`` and ``end`` (ISO 8601;
        start before end, at most 365 days ago)."""
        return self._request(
            GET_PROVIDER_METRICS,
            app_id=app_id,
            path_params={"app_id": app_id},
            params={"domain": domain, "start": start, "end": end},
        ).model(EmailProviderMetricsResponse)

    def get_email_provider_metrics_timeseries(
        self,
        app_id: str,
        domain: str,
        start: str,
        end: str,
        granularity: Granularity,
        providers: Sequence[str] | None = None,
    ) -> EmailProviderMetricsTimeseries:
        """The same figures per hour, day or month, for all providers or only ``providers``."""
        return self._request(
            GET_PROVIDER_METRICS_TIMESERIES,
            app_id=app_id,
            path_params={"app_id": app_id},
            params={
                "domain": domain,
                "start": start,
                "end": end,
                "granularity": granularity,
                "providers[]": list(providers) if providers else None,
            },
        ).model(EmailProviderMetricsTimeseries)

    def unsubscribe_email_with_token(
        self, app_id: str, notification_id: str, token: str
    ) -> UnsubscribeEmailResponse:
        """Unsubscribe the email address an email of ``notification_id`` went to, by the unsubscribe
        token that email carried."""
        reply = self._request(
            UNSUBSCRIBE_EMAIL,
            app_id=app_id,
            path_params={"app_id": app_id, "notification_id": notification_id},
            params={"token": token},
        )
        result = reply.model(UnsubscribeEmailResponse)
        if result.success is False:
            raise APIStatusError(
                "unsubscribe_email_with_token", ["the server reported success: false"], status=reply.status
            )
        return result
