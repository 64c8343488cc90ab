"""``OneSignalClient``: every operation of the seed and the current API, on one pooled connection."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from onesignal_desktop.api._cancel import CancelCheck
from onesignal_desktop.api.exports import DownloadProgress, ExportPolling, download_export
from onesignal_desktop.api.models import NotificationWithMeta, Player
from onesignal_desktop.api.models.audit_log import AuditLogEvent
from onesignal_desktop.api.models.journey import MAX_JOURNEYS_PAGE, JourneyListItem
from onesignal_desktop.api.paging import Page, ProgressCallback, iter_cursor_pages, iter_offset_pages
from onesignal_desktop.api.resources import (
    ApiKeyOperations,
    AppOperations,
    AudienceOperations,
    AuditLogOperations,
    CustomEventOperations,
    EmailAnalyticsOperations,
    ExportOperations,
    JourneyOperations,
    LiveActivityOperations,
    NotificationOperations,
    OutcomeOperations,
    PlayerOperations,
    SegmentOperations,
    SubscriptionOperations,
    TemplateOperations,
    UserOperations,
)
from onesignal_desktop.api.resources.audit_logs import MAX_AUDIT_LOG_PAGE, AuditLogFilter
from onesignal_desktop.api.resources.notifications import MAX_NOTIFICATIONS_PAGE
from onesignal_desktop.api.resources.players import MAX_PLAYERS_PAGE

__all__ = ["OneSignalClient"]


class OneSignalClient(
    AppOperations,
    NotificationOperations,
    SegmentOperations,
    PlayerOperations,
    OutcomeOperations,
    UserOperations,
    SubscriptionOperations,
    TemplateOperations,
    ApiKeyOperations,
    ExportOperations,
    LiveActivityOperations,
    AudienceOperations,
    AuditLogOperations,
    EmailAnalyticsOperations,
    JourneyOperations,
    CustomEventOperations,
):
    """A synchronous OneSignal REST client; safe to share between worker threads.

    ``OneSignalClient(base_url="https://api.onesignal.com", *, organization_key=None, app_keys=None,
    auth_scheme="Key", timeout=None, retry=None, rate_budget=None, on_budget_wait=None, transport=None)``

    - ``organization_key``: the key, or a callable returning it, read at every call that needs it.
    - ``app_keys``: a mapping or a callable from app id to that app's REST key, read at every call.
    - ``auth_scheme``: "Key" (current keys) or "Basic" (legacy keys).
    - ``retry``: a :class:`RetryPolicy`, or a number of attempts (1 = never retry).
    - ``rate_budget``: a :class:`RateBudget`, True/False, or None (on for OneSignal, off for loopback).
    - ``transport``: an httpx transport (tests pass ``httpx.MockTransport``).
    """

    def __enter__(self) -> OneSignalClient:
        return self

    # -- paging ------------------------------------------------------------------------------------

    def iter_notification_pages(
        self,
        app_id: str,
        *,
        kind: int | None = None,
        page_size: int = MAX_NOTIFICATIONS_PAGE,
        start_offset: int = 0,
        time_offset: str | None = None,
        max_items: int | None = None,
        cancel: CancelCheck = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[Page[NotificationWithMeta]]:
        """Pages of notifications, newest first by offset; or, given ``time_offset`` (an ISO time or a
        cursor), oldest first by time cursor (the current API's way to walk a long history)."""
        if not 1 <= page_size <= MAX_NOTIFICATIONS_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_NOTIFICATIONS_PAGE}")
        if time_offset is not None:

            def fetch_by_time(cursor: str) -> tuple[list[NotificationWithMeta], str | None, int | None]:
                with self.cancellation(cancel):
                    page = self.get_notifications(app_id, page_size, kind=kind, time_offset=cursor)
                return page.notifications, page.next_time_offset, page.total_count

            return iter_cursor_pages(
                fetch_by_time,
                start_cursor=time_offset,
                operation="get_notifications",
                max_items=max_items,
                cancel=cancel,
                progress=progress,
            )

        def fetch(offset: int, limit: int) -> tuple[list[NotificationWithMeta], int | None]:
            with self.cancellation(cancel):
                page = self.get_notifications(app_id, limit, offset, kind)
            return page.notifications, page.total_count

        return iter_offset_pages(
            fetch,
            page_size=page_size,
            operation="get_notifications",
            start_offset=start_offset,
            max_items=max_items,
            cancel=cancel,
            progress=progress,
        )

    def iter_notifications(
        self,
        app_id: str,
        *,
        kind: int | None = None,
        page_size: int = MAX_NOTIFICATIONS_PAGE,
        time_offset: str | None = None,
        max_items: int | None = None,
        cancel: CancelCheck = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[NotificationWithMeta]:
        pages = self.iter_notification_pages(
            app_id,
            kind=kind,
            page_size=page_size,
            time_offset=time_offset,
            max_items=max_items,
            cancel=cancel,
            progress=progress,
        )
        return (item for page in pages for item in page.items)

    def iter_player_pages(
        self,
        app_id: str,
        *,
        page_size: int = MAX_PLAYERS_PAGE,
        start_offset: int = 0,
        max_items: int | None = None,
        cancel: CancelCheck = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[Page[Player]]:
        if not 1 <= page_size <= MAX_PLAYERS_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_PLAYERS_PAGE}")

        def fetch(offset: int, limit: int) -> tuple[list[Player], int | None]:
            with self.cancellation(cancel):
                page = self.get_players(app_id, limit, offset)
            return page.players, page.total_count

        return iter_offset_pages(
            fetch,
            page_size=page_size,
            operation="get_players",
            start_offset=start_offset,
            max_items=max_items,
            cancel=cancel,
            progress=progress,
        )

    def iter_players(
        self,
        app_id: str,
        *,
        page_size: int = MAX_PLAYERS_PAGE,
        max_items: int | None = None,
        cancel: CancelCheck = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[Player]:
        pages = self.iter_player_pages(
            app_id, page_size=page_size, max_items=max_items, cancel=cancel, progress=progress
        )
        return (item for page in pages for item in page.items)

    def iter_audit_log_pages(
        self,
        organization_id: str,
        *,
        start_time: str,
        end_time: str | None = None,
        page_size: int = MAX_AUDIT_LOG_PAGE,
        max_items: int | None = None,
        cancel: CancelCheck = None,
        progress: ProgressCallback | None = None,
        where: AuditLogFilter | None = None,
    ) -> Iterator[Page[AuditLogEvent]]:
        """Pages of audit log events from ``start_time``, oldest first, following ``next_cursor`` while
        the server says ``has_more``; ``where`` filters by app, action, actor, target or IP."""
        if not 1 <= page_size <= MAX_AUDIT_LOG_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_AUDIT_LOG_PAGE}")
        chosen = where or AuditLogFilter()

        def fetch(cursor: str) -> tuple[list[AuditLogEvent], str | None, int | None]:
            with self.cancellation(cancel):
                if cursor:
                    page = self.list_audit_log_page(organization_id, chosen, cursor=cursor, limit=page_size)
                else:
                    page = self.list_audit_log_page(
                        organization_id, chosen, start_time=start_time, end_time=end_time, limit=page_size
                    )
            return page.audit_logs, page.next_cursor if page.has_more else None, None

        return iter_cursor_pages(
            fetch,
            start_cursor="",
            operation="list_audit_logs",
            max_items=max_items,
            cancel=cancel,
            progress=progress,
        )

    def iter_journey_pages(
        self,
        app_id: str,
        *,
        page_size: int = MAX_JOURNEYS_PAGE,
        max_items: int | None = None,
        cancel: CancelCheck = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[Page[JourneyListItem]]:
        """Pages of the app's journeys, newest first, following ``next_cursor`` while ``has_more``."""
        if not 1 <= page_size <= MAX_JOURNEYS_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_JOURNEYS_PAGE}")

        def fetch(cursor: str) -> tuple[list[JourneyListItem], str | None, int | None]:
            with self.cancellation(cancel):
                page = self.view_journeys(app_id, cursor=cursor or None, limit=page_size)
            return page.journeys, page.next_cursor if page.has_more else None, None

        return iter_cursor_pages(
            fetch,
            start_cursor="",
            operation="view_journeys",
            max_items=max_items,
            cancel=cancel,
            progress=progress,
        )

    # -- exports -----------------------------------------------------------------------------------

    def download_export(
        self,
        csv_file_url: str,
        destination: str | os.PathLike[str],
        *,
        polling: ExportPolling | None = None,
        cancel: CancelCheck = None,
        progress: Callable[[DownloadProgress], None] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> Path:
        """Wait for an export file (from export_players/export_events) and save it; see
        :func:`onesignal_desktop.api.exports.download_export`. A relative URL is taken from the base URL."""
        url = csv_file_url if "://" in csv_file_url else self.base_url + "/" + csv_file_url.lstrip("/")
        return download_export(
            self.http, url, destination, polling=polling, cancel=cancel, progress=progress, sleep=sleep
        )
