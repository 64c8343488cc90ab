"""Gzip CSV files with the columns OneSignal documents for its player export and its events export.

Players (``POST /players/csv_export``): the default columns, then the requested ``extra_fields`` in
``EXTRA_COLUMNS`` order. Events (``POST /notifications/{id}/export_events``): one row per recipient event
(sent, then clicked for those who clicked), like the dashboard's Audience Activity export.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

PLAYER_COLUMNS = (
    "id",
    "identifier",
    "session_count",
    "language",
    "timezone",
    "game_version",
    "device_os",
    "device_type",
    "device_model",
    "ad_id",
    "tags",
    "last_active",
    "playtime",
    "amount_spent",
    "created_at",
    "invalid_identifier",
    "badge_count",
)
EXTRA_COLUMNS = (
    "external_user_id",
    "notification_types",
    "location",
    "country",
    "rooted",
    "ip",
    "web_auth",
    "web_p256",
)
HISTORY_COLUMNS = ("player_id", "timestamp")
EVENT_COLUMNS = ("notification_id", "player_id", "external_user_id", "event", "device_type", "timestamp")


class ExportError(ValueError):
    pass


def validate_extra_fields(extra_fields: object) -> list[str]:
    if extra_fields is None:
        return []
    if not isinstance(extra_fields, list) or not all(isinstance(item, str) for item in extra_fields):
        raise ExportError("extra_fields must be an array of strings")
    unknown = [item for item in extra_fields if item not in EXTRA_COLUMNS]
    if unknown:
        raise ExportError(
            f"Unsupported extra_fields: {', '.join(unknown)} (supported: {', '.join(EXTRA_COLUMNS)})"
        )
    return [column for column in EXTRA_COLUMNS if column in extra_fields]


def _timestamp(value: object) -> str:
    if value is None or value == "":
        return ""
    try:
        moment = datetime.fromtimestamp(float(str(value)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _player_cell(player: Mapping[str, Any], column: str) -> str:
    value = player.get(column)
    if column in ("last_active", "created_at"):
        return _timestamp(value)
    if column == "invalid_identifier":
        return "t" if value else "f"
    if column == "tags":
        return json.dumps(value or {}, separators=(",", ":"), sort_keys=True)
    if column == "location":
        lat, long = player.get("lat"), player.get("long")
        return "" if lat is None or long is None else f"({lat},{long})"
    if column == "rooted":
        return "t" if value else "f"
    if value is None:
        return ""
    return str(value)


def _gzip_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=6, mtime=0)


def players_csv(players: Iterable[Mapping[str, Any]], extra_fields: Sequence[str] = ()) -> bytes:
    columns = (*PLAYER_COLUMNS, *extra_fields)
    return _gzip_csv(columns, ([_player_cell(player, column) for column in columns] for player in players))


def events_csv(
    notification_id: str,
    recipients: Iterable[Mapping[str, Any]],
    *,
    sent_at: float,
    clicks: Mapping[str, float],
    received: Mapping[str, float] | None = None,
) -> bytes:
    """A ``sent`` row for every recipient, a ``received`` row for each player id in ``received``
    (confirmed deliveries) and a ``clicked`` row for each player id in ``clicks``."""
    rows: list[list[str]] = []
    received = received or {}
    for player in recipients:
        player_id = str(player.get("id"))
        who = [notification_id, player_id, str(player.get("external_user_id") or "")]
        device_type = str(player.get("device_type", ""))
        rows.append([*who, "sent", device_type, _timestamp(sent_at)])
        if player_id in received:
            rows.append([*who, "received", device_type, _timestamp(received[player_id])])
        if player_id in clicks:
            rows.append([*who, "clicked", device_type, _timestamp(clicks[player_id])])
    return _gzip_csv(EVENT_COLUMNS, rows)


def history_csv(rows: Iterable[tuple[str, float]]) -> bytes:
    """Notification history (``sent`` or ``clicked``): one player id and time per row."""
    return _gzip_csv(HISTORY_COLUMNS, ([player_id, _timestamp(moment)] for player_id, moment in rows))


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Decode a gzip CSV made here (used by tests and the demo check)."""
    return list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))))


NO_SUCH_KEY_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
    "<Key>{key}</Key></Error>"
)


def no_such_key_body(key: str) -> bytes:
    safe = key.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return NO_SUCH_KEY_XML.format(key=safe).encode()
