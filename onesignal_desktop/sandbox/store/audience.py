"""Who a segment or filter send reaches, selected in SQL instead of building every player as a dict.

The rules stay those of :mod:`onesignal_desktop.sandbox.sim.targeting`, applied to exactly the values it
reads, so the answer is the same audience: SQL selects the app's reachable subscriptions (channel,
platform flags, subscribed) with the one or two columns each filter reads, and each filter is evaluated
once per *distinct* value (``matches_filter`` on a player holding just that value), not once per player.
Built-in segments and numeric session-time filters are plain SQL conditions. A send fetches only
``(id, device_type, values...)`` per recipient; an estimate groups by the values and counts in SQL.

Bodies naming recipients one by one (ids, aliases, email tokens, phone numbers) and tag keys that a JSON
path cannot quote are left to the general evaluator (:func:`compile_audience` returns None).

A selection is remembered (:meth:`Store.cached_audience`) until the next write to the users,
subscriptions, aliases or segments tables, keyed by the body's targeting fields, its channel and, when
its rules read the clock (Active Users, session times, ``time_elapsed_*``), the time: sends and
estimates of the same audience then cost a dictionary look-up instead of a scan of every player.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from onesignal_desktop.sandbox.sim.targeting import (
    ACTIVE_WINDOW,
    ID_TARGETS,
    PLATFORM_FLAGS,
    Audience,
    filter_groups,
    is_builtin_segment,
    matches_filter,
)
from onesignal_desktop.sandbox.store import Store
from onesignal_desktop.sandbox.store.notifications import SharedRecipients

Filter = Mapping[str, Any]
Values = tuple[Any, ...]

#: Subscribed, as targeting.is_subscribed reads the player dict the store builds (see _targeting_row).
SUBSCRIBED_SQL = (
    "(s.enabled = 1 AND s.invalid_identifier = 0 "
    "AND (s.notification_types IS NULL OR s.notification_types > 0) "
    "AND (s.device_type NOT IN (11, 14) OR (s.token IS NOT NULL AND s.token != '')))"
)
CHANNEL_SQL = {
    "push": "s.device_type NOT IN (11, 14)",
    "email": "s.device_type = 11",
    "sms": "s.device_type = 14",
}
_FROM = "FROM subscriptions s JOIN users u ON u.id = s.user_id"
_SUBSCRIBED_ALIASES = frozenset({"subscribed users", "total subscriptions", "all"})
_NATIVE_SESSION_RELATIONS = frozenset({">", "<", "=", "!="})


class _Unsupported(Exception):
    """The body needs the general evaluator."""


@dataclass
class _Query:
    """The columns read per subscription (deduplicated) and their parameters."""

    columns: list[str] = field(default_factory=list)
    params: list[list[Any]] = field(default_factory=list)

    def column(self, sql: str, *params: Any) -> int:
        for index, (known, known_params) in enumerate(zip(self.columns, self.params, strict=True)):
            if known == sql and known_params == list(params):
                return index
        self.columns.append(sql)
        self.params.append(list(params))
        return len(self.columns) - 1

    def select_params(self) -> list[Any]:
        return [param for params in self.params for param in params]


Test = Callable[[Values], bool]


def _memoized(indexes: tuple[int, ...], verdict: Callable[..., bool]) -> Test:
    """A test reading ``indexes`` of a row's values, evaluated once per distinct value."""
    memo: dict[Values, bool] = {}

    def test(values: Values) -> bool:
        key = tuple(values[index] for index in indexes)
        found = memo.get(key)
        if found is None:
            found = memo[key] = verdict(*key)
        return found

    return test


def _flag(index: int) -> Test:
    return lambda values: bool(values[index])


def _bought(purchases: str | None) -> dict[str, float]:
    bought: dict[str, float] = {}
    if purchases and purchases != "[]":
        for purchase in json.loads(purchases):
            sku = purchase.get("sku")
            if sku:
                bought[str(sku)] = bought.get(str(sku), 0.0) + float(purchase.get("amount") or 0)
    return bought


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(str(value).strip()) if not isinstance(value, int | float) else float(value)
    except ValueError:
        return None


def _filter_test(query: _Query, entry: Filter, now: float) -> Test:
    """The test of one (validated) filter on a row's values, reading what matches_filter reads."""
    name = entry.get("field")

    def on(player: Callable[..., dict[str, Any]]) -> Callable[..., bool]:
        return lambda *values: matches_filter(player(*values), entry, now)

    if name == "tag":
        key = str(entry.get("key"))
        if '"' in key or "\\" in key:
            raise _Unsupported(key)
        index = query.column("u.tags -> ?", f'$."{key}"')
        return _memoized((index,), on(lambda raw: {"tags": {} if raw is None else {key: json.loads(raw)}}))
    if name in ("first_session", "last_session"):
        column = "s.created_at" if name == "first_session" else "s.last_active"
        hours = _number(entry.get("hours_ago", entry.get("value")))
        relation = str(entry.get("relation", "="))
        stamp = f"CAST({column} AS INTEGER)"
        if hours is not None and relation in _NATIVE_SESSION_RELATIONS:
            # (now - stamp) / 3600 compared in doubles, as the Python rule computes it.
            return _flag(query.column(f"((? - {stamp}) / 3600.0) {relation} ?", now, hours))
        player_key = "created_at" if name == "first_session" else "last_active"
        return _memoized((query.column(stamp),), on(lambda value: {player_key: value}))
    simple: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
        "session_count": ("s.session_count", lambda v: {"session_count": v}),
        "session_time": ("s.session_time", lambda v: {"playtime": v}),
        "amount_spent": ("u.amount_spent", lambda v: {"amount_spent": v or 0.0}),
        "bought_sku": ("u.purchases", lambda v: {"bought_skus": _bought(v)}),
        "language": ("u.language", lambda v: {"language": v}),
        "country": ("u.country", lambda v: {"country": v}),
        "app_version": ("s.app_version", lambda v: {"game_version": v}),
        "email": (
            "CASE WHEN s.device_type = 11 THEN s.token END",
            lambda v: {} if v is None else {"device_type": 11, "identifier": v},
        ),
    }
    if name in simple:
        sql, player = simple[str(name)]
        return _memoized((query.column(sql),), on(player))
    if name == "location":
        indexes = (query.column("u.lat"), query.column("u.long"))
        return _memoized(indexes, on(lambda lat, long: {"lat": lat, "long": long}))
    return lambda values: False


def _groups_test(query: _Query, filters: Sequence[Filter], now: float) -> Test:
    groups = [[_filter_test(query, entry, now) for entry in group] for group in filter_groups(filters)]
    if not groups:
        return lambda values: True
    return lambda values: any(all(test(values) for test in group) for group in groups)


def _segment_test(query: _Query, name: str, segments: Mapping[str, Sequence[Filter]], now: float) -> Test:
    """Membership of segment ``name``, resolved as targeting._segment_membership resolves it."""
    lowered = name.strip().lower()
    if lowered in _SUBSCRIBED_ALIASES:
        return _flag(query.column(SUBSCRIBED_SQL))
    if is_builtin_segment(name):
        relation = "<=" if lowered == "active users" else ">"
        active = f"(? - CAST(s.last_active AS INTEGER)) {relation} ?"
        return _flag(query.column(f"({SUBSCRIBED_SQL} AND {active})", now, ACTIVE_WINDOW))
    for segment_name, filters in segments.items():
        if segment_name.lower() == name.lower():
            return _groups_test(query, filters, now)
    return lambda values: False


@dataclass
class CompiledAudience:
    """A body's audience as one SQL selection plus a verdict per distinct row of values."""

    where: str
    where_params: list[Any]
    query: _Query
    keep: Test

    def _select(self, head: str) -> tuple[str, list[Any]]:
        columns = ", ".join([head, *self.query.columns])
        return (
            f"SELECT {columns} {_FROM} WHERE {self.where}",
            [*self.query.select_params(), *self.where_params],
        )

    def recipients(self, store: Store) -> list[dict[str, Any]]:
        """``id`` and ``device_type`` of every recipient, in the order the players were created."""
        sql, params = self._select("s.id, s.device_type")
        keep, memo = self.keep, dict[Values, bool]()
        found: list[dict[str, Any]] = []
        with store.read() as db:
            for row in db.execute(sql + " ORDER BY s.rowid", params):
                values = tuple(row)[2:]
                verdict = memo.get(values)
                if verdict is None:
                    verdict = memo[values] = keep(values)
                if verdict:
                    found.append({"id": row[0], "device_type": row[1]})
        return found

    def count(self, store: Store) -> int:
        """How many recipients there are, counted per distinct row of values in SQL."""
        sql, params = self._select("COUNT(*)")
        if self.query.columns:
            sql += " GROUP BY " + ", ".join(str(index + 2) for index in range(len(self.query.columns)))
        with store.read() as db:
            rows = db.execute(sql, params).fetchall()
        return sum(int(row[0]) for row in rows if row[0] and self.keep(tuple(row)[1:]))


def compile_audience(
    app_id: str,
    body: Mapping[str, Any],
    channel: str,
    segments: Mapping[str, Sequence[Filter]],
    now: float,
) -> CompiledAudience | None:
    """The SQL selection of a (validated) segment or filter body; None when it names recipients one by
    one or needs the general evaluator for another reason."""
    if any(body.get(key) is not None for key in ID_TARGETS):
        return None
    conditions = ["s.app_id = ?", CHANNEL_SQL[channel]]
    params: list[Any] = [app_id]
    chosen = [PLATFORM_FLAGS[flag] for flag in PLATFORM_FLAGS if body.get(flag) is True]
    refused = [PLATFORM_FLAGS[flag] for flag in PLATFORM_FLAGS if body.get(flag) is False]
    if chosen:
        allowed = sorted(frozenset().union(*chosen))
        conditions.append(f"s.device_type IN ({','.join('?' * len(allowed))})")
        params += allowed
    if refused:
        excluded_types = sorted(frozenset().union(*refused))
        conditions.append(f"s.device_type NOT IN ({','.join('?' * len(excluded_types))})")
        params += excluded_types
    if not body.get("include_unsubscribed"):
        conditions.append(SUBSCRIBED_SQL)
    query = _Query()
    try:
        included = [
            _segment_test(query, name, segments, now)
            for name in body.get("included_segments") or []
            if isinstance(name, str)
        ]
        excluded = [
            _segment_test(query, name, segments, now)
            for name in body.get("excluded_segments") or []
            if isinstance(name, str)
        ]
        filters = body.get("filters")
        matching = _groups_test(query, filters, now) if filters is not None else None
    except _Unsupported:
        return None

    def keep(values: Values) -> bool:
        if included and not any(member(values) for member in included):
            return False
        if any(member(values) for member in excluded):
            return False
        return matching is None or matching(values)

    return CompiledAudience(" AND ".join(conditions), params, query, keep)


# ---------------------------------------------------------------------------------------------- remembered

#: The body fields a selection reads (besides the channel, which is part of the key on its own).
_SELECTION_FIELDS = (
    "included_segments",
    "excluded_segments",
    "filters",
    "include_unsubscribed",
    *PLATFORM_FLAGS,
)
_CLOCK_FIELDS = frozenset({"first_session", "last_session"})
_CLOCK_RELATIONS = frozenset({"time_elapsed_gt", "time_elapsed_lt"})
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=repr)


@dataclass
class SelectedAudience(Audience):
    """A selection's recipients with what a send derives from them, computed once per selection.

    ``recipients`` and ``ids`` are shared by every send of the same selection: read them, never change
    them."""

    shared: SharedRecipients = field(default_factory=lambda: SharedRecipients([]))
    counts_by_platform: dict[int, int] = field(default_factory=dict)

    def platform_counts(self) -> dict[int, int]:
        return dict(self.counts_by_platform)

    def recipient_ids(self) -> list[str]:
        return self.shared.ids


def selected_audience(channel: str, recipients: Sequence[Mapping[str, Any]]) -> SelectedAudience:
    counts: dict[int, int] = {}
    for recipient in recipients:
        device_type = int(recipient["device_type"])
        counts[device_type] = counts.get(device_type, 0) + 1
    return SelectedAudience(
        channel=channel,
        recipients=list(recipients),
        shared=SharedRecipients([str(recipient["id"]) for recipient in recipients]),
        counts_by_platform=counts,
    )


def _filters_read_clock(filters: object) -> bool:
    if not isinstance(filters, list):
        return False
    return any(
        isinstance(entry, Mapping)
        and (entry.get("field") in _CLOCK_FIELDS or entry.get("relation") in _CLOCK_RELATIONS)
        for entry in filters
    )


def reads_clock(body: Mapping[str, Any], segments: Mapping[str, Sequence[Filter]]) -> bool:
    """Whether who ``body`` reaches depends on the time (so a remembered answer must be for that time)."""
    if _filters_read_clock(body.get("filters")):
        return True
    lowered_segments = {name.lower(): filters for name, filters in segments.items()}
    for key in ("included_segments", "excluded_segments"):
        for name in body.get(key) or []:
            if not isinstance(name, str):
                continue
            if is_builtin_segment(name):
                if name.strip().lower() not in _SUBSCRIBED_ALIASES:
                    return True  # Active / Inactive Users
            elif _filters_read_clock(list(lowered_segments.get(name.lower(), []))):
                return True
    return False


def selection_key(
    kind: str,
    app_id: str,
    body: Mapping[str, Any],
    channel: str,
    segments: Mapping[str, Sequence[Filter]],
    now: float,
) -> tuple[Any, ...] | None:
    """What a remembered selection of ``body`` is filed under; None when the body names recipients one
    by one (those are looked up, not selected)."""
    if any(body.get(key) is not None for key in ID_TARGETS):
        return None
    selection = _KEY_ENCODER.encode({name: body.get(name) for name in _SELECTION_FIELDS})
    return (kind, app_id, channel, selection, now if reads_clock(body, segments) else None)
