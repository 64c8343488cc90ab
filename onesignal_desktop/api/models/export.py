"""CSV exports: players/subscriptions of an app and the events of one notification."""

from __future__ import annotations

from typing import Final

from ._base import OneSignalModel

#: Optional columns export_players can add (``extra_fields``).
EXPORT_EXTRA_FIELDS: Final[tuple[str, ...]] = (
    "location", "country", "rooted", "notification_types", "ip", "external_user_id", "web_auth", "web_p256",
)  # fmt: skip


class ExportPlayersRequest(OneSignalModel):
    """Body of POST /players/csv_export?app_id=...; ``last_active_since`` is unix seconds as a string."""

    extra_fields: list[str] | None = None
    last_active_since: str | None = None
    segment_name: str | None = None


class ExportPlayersResponse(OneSignalModel):
    """``csv_file_url``: a gzip CSV that answers 403/404 until the export is ready."""

    csv_file_url: str | None = None


class ExportEventsResponse(OneSignalModel):
    """Answer of POST /notifications/{id}/export_events: same polling rules as ExportPlayersResponse."""

    csv_file_url: str | None = None
