"""Compact player rows for the table, built on the worker thread (no Qt here).

A loaded player is one tuple of the columns the table shows plus its id, not a pydantic object, so that
100,000 rows stay light (see ``tests/benchmarks/bench_players_load.py`` for bytes per row). Repeated short
strings (language, country) are interned so they are stored once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from onesignal_desktop.api import OneSignalClient

PAGE_SIZE: Final = 300
#: OneSignal stops serving GET /players for apps above this many users and points to the CSV export.
LIST_LIMIT: Final = 80_000

# Field positions in a row tuple.
ID, DEVICE, EXTERNAL, IDENTIFIER, LANGUAGE, COUNTRY, SESSIONS, LAST_ACTIVE, CREATED, STATUS, TAGS = range(11)

Row = tuple[Any, ...]

#: (header, field) in display order.
COLUMNS: Final[tuple[tuple[str, int], ...]] = (
    ("Device", DEVICE),
    ("Player ID", ID),
    ("External ID", EXTERNAL),
    ("Identifier", IDENTIFIER),
    ("Language", LANGUAGE),
    ("Country", COUNTRY),
    ("Sessions", SESSIONS),
    ("Last active", LAST_ACTIVE),
    ("Created", CREATED),
    ("Subscribed", STATUS),
    ("Tags", TAGS),
)
NUMERIC_FIELDS: Final = frozenset({SESSIONS, LAST_ACTIVE, CREATED, STATUS})
TIME_FIELDS: Final = frozenset({LAST_ACTIVE, CREATED})
TAGS_SHOWN: Final = 120  # characters of the tags summary kept per row

#: device_type -> (short name, icon file stem under resources/icons/devices/)
DEVICES: Final[dict[int, tuple[str, str]]] = {
    0: ("iOS", "ios"),
    1: ("Android", "android"),
    2: ("Amazon", "amazon"),
    3: ("Windows Phone", "windows"),
    4: ("Chrome App", "chrome"),
    5: ("Chrome", "chrome"),
    6: ("Windows", "windows"),
    7: ("Safari", "safari"),
    8: ("Firefox", "firefox"),
    9: ("macOS", "macos"),
    10: ("Alexa", "alexa"),
    11: ("Email", "email"),
    13: ("Huawei", "huawei"),
    14: ("SMS", "sms"),
}


def device_name(device_type: int | None) -> str:
    if device_type is None:
        return "Unknown"
    known = DEVICES.get(device_type)
    return known[0] if known else f"Device type {device_type}"


def device_icon_name(device_type: int | None) -> str:
    known = DEVICES.get(device_type) if device_type is not None else None
    return f"devices/{known[1]}" if known else "devices/unknown"


def _interned(value: Any) -> str | None:
    return sys.intern(value) if isinstance(value, str) and value else None


def epoch_seconds(value: Any) -> int | None:
    """Unix seconds from a number or an ISO time (the API sends both); None when absent or unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        from onesignal_desktop.api.models.common import parse_timestamp

        moment = parse_timestamp(value)
        return int(moment.timestamp()) if moment else None
    return None


def tags_summary(tags: Any) -> str:
    if not isinstance(tags, dict) or not tags:
        return ""
    text = ", ".join(f"{key}={value}" for key, value in sorted(tags.items()) if value not in (None, ""))
    return text if len(text) <= TAGS_SHOWN else text[: TAGS_SHOWN - 1] + "…"


def row_from_player(player: Any) -> Row:
    """A row from a :class:`~onesignal_desktop.api.models.Player` (or any object with its attributes)."""
    get = player.__dict__.get if hasattr(player, "__dict__") else lambda name: getattr(player, name, None)
    return (
        get("id") or "",
        get("device_type"),
        get("external_user_id") or None,
        get("identifier") or None,
        _interned(get("language")),
        _interned(get("country")),
        get("session_count"),
        epoch_seconds(get("last_active")),
        epoch_seconds(get("created_at")),
        get("notification_types"),
        tags_summary(get("tags")),
    )


@dataclass(frozen=True, slots=True)
class PlayerPage:
    """One page as the model takes it: where it starts, its rows, the server's total."""

    offset: int
    rows: list[Row]
    total: int | None


def fetch_page(client: OneSignalClient, app_id: str, offset: int, limit: int = PAGE_SIZE) -> PlayerPage:
    """One page of players, parsed and turned into rows (runs on a worker)."""
    page = client.get_players(app_id, limit, offset)
    return PlayerPage(offset, [row_from_player(player) for player in page.players], page.total_count)


def fetch_all(
    client: OneSignalClient,
    app_id: str,
    start_offset: int,
    *,
    cancelled: Callable[[], bool],
    deliver: Callable[[PlayerPage], None],
) -> int:
    """Every page from ``start_offset`` on, each handed to ``deliver`` as it arrives; returns the count."""
    count = 0
    for page in client.iter_player_pages(app_id, start_offset=start_offset, cancel=cancelled):
        rows = [row_from_player(player) for player in page.items]
        count += len(rows)
        deliver(PlayerPage(page.offset, rows, page.total_count))
    return count


def format_time(value: Any) -> str:
    """A timestamp as the API sends it, in local time."""
    return format_seconds(epoch_seconds(value))


def format_seconds(value: int | None) -> str:
    if value is None:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(value))


def subscription_text(notification_types: int | None) -> str:
    if notification_types is None:
        return "—"
    if notification_types > 0:
        return "Yes"
    reasons = {
        0: "No (not asked)",
        -2: "No (unsubscribed)",
        -3: "No (token error)",
        -10: "No (uninstalled)",
        -31: "No (disabled via API)",
        -98: "No (email not confirmed)",
        -99: "No (no token yet)",
    }
    return reasons.get(notification_types, f"No ({notification_types})")


def display_text(row: Row, field: int) -> str:
    value = row[field]
    if field == DEVICE:
        return device_name(value)
    if field in TIME_FIELDS:
        return format_seconds(value)
    if field == STATUS:
        return subscription_text(value)
    if value is None or value == "":
        return "—" if field != TAGS else ""
    return str(value)


def sort_key(field: int) -> Callable[[Row], Any]:
    """A key that puts missing values first when ascending and never compares None with a value."""
    if field == DEVICE:
        names = {device_type: name.casefold() for device_type, (name, _icon) in DEVICES.items()}
        return lambda row: names.get(row[DEVICE], "~")
    if field in NUMERIC_FIELDS:
        return lambda row: row[field] if row[field] is not None else -(2**62)
    return lambda row: row[field] or ""


_DEVICE_WORDS: Final = {device_type: name.casefold() for device_type, (name, _icon) in DEVICES.items()}


def search_text(row: Row) -> str:
    """What the quick filter looks in: ids, identifier, language, country, tags and device name, lowercase."""
    return (
        f"{row[ID]} {row[EXTERNAL] or ''} {row[IDENTIFIER] or ''} {row[LANGUAGE] or ''} {row[COUNTRY] or ''} "
        f"{row[TAGS]} {_DEVICE_WORDS.get(row[DEVICE], '')}"
    ).casefold()


def filter_words(text: str) -> list[str]:
    return [word.casefold() for word in text.split()]


def matcher(text: str) -> Callable[[Row], bool] | None:
    """A case-insensitive test that every word of ``text`` is somewhere in the row; None for no words."""
    words = filter_words(text)
    if not words:
        return None
    return lambda row: all(word in search_text(row) for word in words)


def matching_positions(
    positions: Iterable[int], words: Sequence[str], haystacks: Sequence[str] | None
) -> list[int]:
    """The positions whose search text holds every word (all of them when there are no words)."""
    matching = list(positions)
    if not words or haystacks is None:
        return matching
    for word in words:  # one word at a time: each pass scans only what the last one kept
        matching = [position for position in matching if word in haystacks[position]]
    return matching


def ordered_view(
    rows: Sequence[Row],
    haystacks: Sequence[str] | None,
    words: Sequence[str],
    sort_field: int | None,
    descending: bool,
    count: int | None = None,
) -> list[int] | None:
    """Positions of the first ``count`` rows (default: all) to show, filtered then sorted (stable); None
    when every row shows in arrival order."""
    if sort_field is None and not words:
        return None
    count = len(rows) if count is None else count
    order = matching_positions(range(count), words, haystacks)  # filter first: fewer rows to sort
    if sort_field is not None:
        row_key = sort_key(sort_field)
        order.sort(key=lambda position: row_key(rows[position]), reverse=descending)
    return order


@dataclass(frozen=True)
class ViewPlan:
    """A sort and filter to compute away from the UI thread over a snapshot of the rows.

    ``removals`` tells the model whether positions are still valid when the result comes back."""

    text: str
    words: list[str]
    sort_field: int | None
    descending: bool
    rows: list[Row]
    haystacks: list[str] | None
    removals: int

    def compute(self) -> tuple[list[int] | None, list[str] | None]:
        haystacks = self.haystacks
        if self.words and haystacks is None:
            haystacks = [search_text(row) for row in self.rows]
        return ordered_view(self.rows, haystacks, self.words, self.sort_field, self.descending), haystacks
