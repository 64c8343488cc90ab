"""Audit logs of the organization (organization key), one page per call; see iter_audit_logs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onesignal_desktop.api._core import ClientCore, Operation
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models.audit_log import AuditLogPage

__all__ = ["MAX_AUDIT_LOG_PAGE", "AuditLogFilter", "AuditLogOperations"]

MAX_AUDIT_LOG_PAGE = 100
LIST_AUDIT_LOGS = Operation(
    "list_audit_logs", "GET", "/organizations/{organization_id}/audit_logs", KeyKind.ORGANIZATION
)


@dataclass(frozen=True, slots=True)
class AuditLogFilter:
    """The spec's filters of list_audit_logs; an empty sequence does not filter."""

    app_ids: Sequence[str] = ()
    actions: Sequence[str] = ()
    actor_ids: Sequence[str] = ()
    actor_emails: Sequence[str] = ()
    target_types: Sequence[str] = ()
    target_ids: Sequence[str] = ()
    ip_addresses: Sequence[str] = ()

    def params(self) -> dict[str, Any]:
        """As repeated query parameters (``actions=a&actions=b``); None where not filtering."""
        return {name: list(getattr(self, name)) or None for name in self.__slots__}


class AuditLogOperations(ClientCore):
    def list_audit_logs(
        self,
        organization_id: str,
        *,
        start_time: str | None = None,
        end_time: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        app_ids: Sequence[str] | None = None,
        actions: Sequence[str] | None = None,
        actor_ids: Sequence[str] | None = None,
        actor_emails: Sequence[str] | None = None,
        target_types: Sequence[str] | None = None,
        target_ids: Sequence[str] | None = None,
        ip_addresses: Sequence[str] | None = None,
    ) -> AuditLogPage:
        """One page, oldest first. ``start_time`` (ISO 8601, within 90 days) is required unless
        ``cursor`` (a ``next_cursor``) is given; each filter takes a few values (10, ``actions`` 20)."""
        where = AuditLogFilter(
            app_ids or (),
            actions or (),
            actor_ids or (),
            actor_emails or (),
            target_types or (),
            target_ids or (),
            ip_addresses or (),
        )
        return self.list_audit_log_page(
            organization_id, where, start_time=start_time, end_time=end_time, cursor=cursor, limit=limit
        )

    def list_audit_log_page(
        self,
        organization_id: str,
        where: AuditLogFilter,
        *,
        start_time: str | None = None,
        end_time: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> AuditLogPage:
        """list_audit_logs with its filters as one :class:`AuditLogFilter`."""
        params = {
            "start_time": start_time,
            "end_time": end_time,
            "cursor": cursor,
            "limit": limit,
            **where.params(),
        }
        return self._request(
            LIST_AUDIT_LOGS, path_params={"organization_id": organization_id}, params=params
        ).model(AuditLogPage)
