"""CSV exports: players/subscriptions of an app and events of one notification (app REST key).

Both answer at once with a ``csv_file_url`` that is not ready yet; download it with
:func:`onesignal_desktop.api.exports.download_export` (or ``client.download_export``).
"""

from __future__ import annotations

from collections.abc import Sequence

from onesignal_desktop.api._core import Body, ClientCore, Operation, to_payload
from onesignal_desktop.api.auth import KeyKind
from onesignal_desktop.api.models import ExportEventsResponse, ExportPlayersRequest, ExportPlayersResponse

__all__ = ["ExportOperations"]

EXPORT_PLAYERS = Operation("export_players", "POST", "/players/csv_export", KeyKind.APP)
EXPORT_EVENTS = Operation(
    "export_events", "POST", "/notifications/{notification_id}/export_events", KeyKind.APP
)


class ExportOperations(ClientCore):
    def export_players(
        self,
        app_id: str,
        request: ExportPlayersRequest | Body | None = None,
        *,
        extra_fields: Sequence[str] | None = None,
        last_active_since: str | int | None = None,
        segment_name: str | None = None,
    ) -> ExportPlayersResponse:
        """Start a gzip CSV export of the app's players; give a request body or the keyword fields."""
        payload = to_payload(request) if request is not None else {}
        if extra_fields is not None:
            payload["extra_fields"] = list(extra_fields)
        if last_active_since is not None:
            payload["last_active_since"] = str(last_active_since)
        if segment_name is not None:
            payload["segment_name"] = segment_name
        return self._request(EXPORT_PLAYERS, app_id=app_id, params={"app_id": app_id}, body=payload).model(
            ExportPlayersResponse
        )

    def export_events(self, notification_id: str, app_id: str) -> ExportEventsResponse:
        """Start a CSV export of one notification's events (sent, clicked, ...)."""
        return self._request(
            EXPORT_EVENTS,
            app_id=app_id,
            path_params={"notification_id": notification_id},
            params={"app_id": app_id},
        ).model(ExportEventsResponse)
