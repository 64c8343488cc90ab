"""Audit logs of an organization: who changed what, from where, when (cursor paging)."""

from __future__ import annotations

from ._base import OneSignalModel
from .common import JsonObject


class AuditLogActor(OneSignalModel):
    """Who acted: a dashboard user or an API key (``type``), by id, name and email."""

    id: str | None = None
    type: str | None = None
    name: str | None = None
    email: str | None = None
    metadata: JsonObject | None = None


class AuditLogContext(OneSignalModel):
    ip: str | None = None
    user_agent: str | None = None
    country: str | None = None
    metadata: JsonObject | None = None


class AuditLogTarget(OneSignalModel):
    """The resource acted on: ``type`` (app, notification, segment, ...), id and name."""

    id: str | None = None
    type: str | None = None
    name: str | None = None
    metadata: JsonObject | None = None


class AuditLogEvent(OneSignalModel):
    id: str | None = None
    action: str | None = None  # "segment.created", "notification.sent", ...
    occurred_at: str | None = None  # ISO 8601
    organization_id: str | None = None
    app_id: str | None = None
    actor: AuditLogActor | None = None
    context: AuditLogContext | None = None
    targets: list[AuditLogTarget] = []
    metadata: JsonObject | None = None
    version: int | None = None


class AuditLogPage(OneSignalModel):
    """Body of GET /organizations/{organization_id}/audit_logs: oldest first; ``next_cursor`` while
    ``has_more``."""

    audit_logs: list[AuditLogEvent] = []
    has_more: bool | None = None
    next_cursor: str | None = None
