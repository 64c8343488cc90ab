"""Outcomes (``GET /apps/{app_id}/outcomes``) derived from the simulated delivery of an app's notifications.

Model, all deterministic (hashes of ids, no randomness at run time):
- every click on a notification (``converted``, see delivery.py) is a *direct* ``os__click`` and opens a
  *direct* session whose length is fixed per notification (1 to 5 minutes);
- a share of the delivered recipients who did not click open the app within hours anyway: *influenced*
  sessions, arriving on an exponential curve with mean ``INFLUENCE_MEAN_SECONDS``;
- players also open the app on their own: *unattributed* sessions, counted per hour and device type from the
  app's subscribed players (about 1 % of them per hour);
- custom outcomes in ``CUSTOM_OUTCOMES`` happen in a fixed share of sessions, with a fixed value each
  (``purchase`` is worth 25, in the app's currency unit). Other custom names have no data (value 0).

A time range counts events in ``[now - range, now]``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from onesignal_desktop.sandbox.sim.delivery import (
    DeliveryPlan,
    click_share,
    eventual_clicks,
    final_platform_successful,
    unit_random,
)

TIME_RANGES = {"1h": 3600.0, "1d": 86400.0, "1mo": 30 * 86400.0}
ATTRIBUTIONS = ("direct", "influenced", "unattributed", "total")
AGGREGATIONS = ("count", "sum")
CLICK = "os__click"
SESSION_DURATION = "os__session_duration"
INFLUENCE_MEAN_SECONDS = 4 * 3600.0
UNATTRIBUTED_SESSIONS_PER_PLAYER_HOUR = 0.01
UNATTRIBUTED_SESSION_SECONDS = 120
# name -> (share of sessions in which it happens, value of one occurrence)
CUSTOM_OUTCOMES: dict[str, tuple[float, int]] = {
    "purchase": (0.05, 25),
    "add_to_cart": (0.12, 1),
    "signup": (0.03, 1),
}


class OutcomeQueryError(ValueError):
    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class OutcomeRequest:
    name: str
    aggregation: str


def parse_outcome_names(joined: str | None, array_form: Sequence[str] = ()) -> list[OutcomeRequest]:
    """``outcome_names`` (comma separated) plus ``outcome_names[]`` values (which may hold commas)."""
    raw: list[str] = []
    if joined:
        raw.extend(part.strip() for part in joined.split(",") if part.strip())
    raw.extend(value.strip() for value in array_form if value.strip())
    if not raw:
        raise OutcomeQueryError("outcome_names is required (for example os__click.count)")
    requests: list[OutcomeRequest] = []
    for item in raw:
        name, dot, aggregation = item.rpartition(".")
        if not dot or not name or aggregation not in AGGREGATIONS:
            raise OutcomeQueryError(f"Invalid outcome name '{item}': use <name>.count or <name>.sum")
        if name == CLICK and aggregation != "count":
            raise OutcomeQueryError("os__click only supports count aggregation")
        requests.append(OutcomeRequest(name, aggregation))
    return requests


def parse_time_range(value: str | None) -> float:
    if value is None or value == "":
        return TIME_RANGES["1h"]
    if value not in TIME_RANGES:
        raise OutcomeQueryError("outcome_time_range must be one of 1h, 1d, 1mo")
    return TIME_RANGES[value]


def parse_platforms(value: str | None) -> set[int] | None:
    if value is None or value.strip() == "":
        return None
    try:
        return {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise OutcomeQueryError("outcome_platforms must be comma-separated device type numbers") from None


def parse_attribution(value: str | None) -> str:
    if value is None or value == "":
        return "total"
    if value not in ATTRIBUTIONS:
        raise OutcomeQueryError("outcome_attribution must be one of direct, influenced, unattributed, total")
    return value


@dataclass
class SessionTally:
    count: int = 0
    seconds: int = 0


def _window_count(total: int, share_at_end: float, share_at_start: float) -> int:
    return math.floor(total * share_at_end) - math.floor(total * share_at_start)


def _influence_share(plan: DeliveryPlan, moment: float) -> float:
    elapsed = moment - plan.completes_at
    return 0.0 if elapsed <= 0 else 1.0 - math.exp(-elapsed / INFLUENCE_MEAN_SECONDS)


def direct_clicks(plans: Iterable[DeliveryPlan], start: float, end: float, platforms: set[int] | None) -> int:
    total = 0
    for plan in plans:
        for device_type in plan.platform_counts:
            if platforms is None or device_type in platforms:
                clicks = eventual_clicks(plan, device_type)
                total += _window_count(clicks, click_share(plan, end), click_share(plan, start))
    return total


def direct_sessions(
    plans: Iterable[DeliveryPlan], start: float, end: float, platforms: set[int] | None
) -> SessionTally:
    tally = SessionTally()
    for plan in plans:
        length = 60 + math.floor(240 * unit_random(plan.notification_id, "session-length"))
        count = direct_clicks([plan], start, end, platforms)
        tally.count += count
        tally.seconds += count * length
    return tally


def influenced_sessions(
    plans: Iterable[DeliveryPlan], start: float, end: float, platforms: set[int] | None
) -> SessionTally:
    tally = SessionTally()
    for plan in plans:
        if plan.canceled_at is not None and plan.canceled_at < plan.completes_at:
            continue
        length = 90 + math.floor(300 * unit_random(plan.notification_id, "influenced-length"))
        for device_type in plan.platform_counts:
            if platforms is not None and device_type not in platforms:
                continue
            share = 0.04 + 0.08 * unit_random(plan.notification_id, device_type, "influenced")
            eventual = math.floor(
                (final_platform_successful(plan, device_type) - eventual_clicks(plan, device_type)) * share
            )
            count = _window_count(eventual, _influence_share(plan, end), _influence_share(plan, start))
            tally.count += count
            tally.seconds += count * length
    return tally


def unattributed_sessions(
    app_id: str, players_by_device: Mapping[int, int], start: float, end: float, platforms: set[int] | None
) -> SessionTally:
    """Sessions with no notification behind them, counted for each whole hour that ends in the window."""
    tally = SessionTally()
    first_hour, last_hour = math.ceil(start / 3600.0), math.floor(end / 3600.0)
    for device_type, players in players_by_device.items():
        if platforms is not None and device_type not in platforms:
            continue
        expected = players * UNATTRIBUTED_SESSIONS_PER_PLAYER_HOUR
        for hour in range(first_hour, last_hour):
            count = math.floor(expected * 2 * unit_random(app_id, device_type, hour))
            tally.count += count
            tally.seconds += count * UNATTRIBUTED_SESSION_SECONDS
    return tally


def compute_outcomes(
    *,
    app_id: str,
    plans: Sequence[DeliveryPlan],
    players_by_device: Mapping[int, int],
    requests: Sequence[OutcomeRequest],
    now: float,
    time_range: float,
    platforms: set[int] | None = None,
    attribution: str = "total",
) -> list[dict[str, object]]:
    """The ``outcomes`` array of OneSignal's answer, one entry per requested name, in request order."""
    start = now - time_range
    sessions: dict[str, SessionTally] = {}
    if attribution in ("direct", "total"):
        sessions["direct"] = direct_sessions(plans, start, now, platforms)
    if attribution in ("influenced", "total"):
        sessions["influenced"] = influenced_sessions(plans, start, now, platforms)
    if attribution in ("unattributed", "total"):
        sessions["unattributed"] = unattributed_sessions(app_id, players_by_device, start, now, platforms)
    session_count = sum(t.count for t in sessions.values())
    session_seconds = sum(t.seconds for t in sessions.values())
    results: list[dict[str, object]] = []
    for request in requests:
        if request.name == CLICK:
            value = direct_clicks(plans, start, now, platforms) if "direct" in sessions else 0
        elif request.name == SESSION_DURATION:
            value = session_count if request.aggregation == "count" else session_seconds
        elif request.name in CUSTOM_OUTCOMES:
            rate, worth = CUSTOM_OUTCOMES[request.name]
            count = sum(math.floor(t.count * rate) for t in sessions.values())
            value = count if request.aggregation == "count" else count * worth
        else:
            value = 0
        results.append({"id": request.name, "value": value, "aggregation": request.aggregation})
    return results
