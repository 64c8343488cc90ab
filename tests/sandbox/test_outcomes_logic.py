from __future__ import annotations

import pytest

from onesignal_desktop.sandbox.sim import outcomes as o
from onesignal_desktop.sandbox.sim.delivery import DeliveryPlan, delivery_status

NOW = 1_700_000_000.0


def plans() -> list[DeliveryPlan]:
    return [
        DeliveryPlan("n-recent", NOW - 1800, {0: 3000, 1: 5000}),
        DeliveryPlan("n-yesterday", NOW - 20 * 3600, {1: 8000}),
        DeliveryPlan("n-last-week", NOW - 6 * 86400, {0: 2000, 5: 1000}),
    ]


def outcomes(
    names: str, *, time_range: str = "1mo", attribution: str = "total", platforms: str | None = None
) -> dict[str, int]:
    result = o.compute_outcomes(
        app_id="app-1",
        plans=plans(),
        players_by_device={0: 5000, 1: 13000, 5: 1000},
        requests=o.parse_outcome_names(names),
        now=NOW,
        time_range=o.parse_time_range(time_range),
        platforms=o.parse_platforms(platforms),
        attribution=o.parse_attribution(attribution),
    )
    return {f"{r['id']}.{r['aggregation']}": int(str(r["value"])) for r in result}


def test_clicks_grow_with_the_time_range_and_match_notification_converted() -> None:
    hour = outcomes("os__click.count", time_range="1h")["os__click.count"]
    day = outcomes("os__click.count", time_range="1d")["os__click.count"]
    month = outcomes("os__click.count", time_range="1mo")["os__click.count"]
    assert 0 < hour < day < month
    converted = sum(delivery_status(p, NOW).totals.converted for p in plans())
    assert abs(month - converted) <= 5  # same clicks, counted per platform and window


def test_attributions_add_up_to_total() -> None:
    names = "os__session_duration.count,os__session_duration.sum,purchase.count,purchase.sum"
    total = outcomes(names)
    parts = [outcomes(names, attribution=a) for a in ("direct", "influenced", "unattributed")]
    for key in total:
        assert total[key] == sum(part[key] for part in parts)
    assert all(part["os__session_duration.count"] > 0 for part in parts)
    assert total["purchase.sum"] == total["purchase.count"] * 25


def test_clicks_are_only_direct() -> None:
    assert outcomes("os__click.count", attribution="influenced")["os__click.count"] == 0
    assert outcomes("os__click.count", attribution="direct")["os__click.count"] > 0


def test_platform_filter_narrows() -> None:
    everything = outcomes("os__click.count")["os__click.count"]
    ios = outcomes("os__click.count", platforms="0")["os__click.count"]
    android = outcomes("os__click.count", platforms="1")["os__click.count"]
    web = outcomes("os__click.count", platforms="5")["os__click.count"]
    assert ios + android + web == everything
    assert ios > 0 and android > 0


def test_unknown_custom_outcome_has_no_data_and_results_are_stable() -> None:
    assert outcomes("NoSuchThing.count")["NoSuchThing.count"] == 0
    assert outcomes("os__session_duration.sum") == outcomes("os__session_duration.sum")


def test_array_form_keeps_commas_in_names() -> None:
    parsed = o.parse_outcome_names(None, ["Sales, Purchase.count", "os__click.count"])
    assert parsed == [o.OutcomeRequest("Sales, Purchase", "count"), o.OutcomeRequest("os__click", "count")]


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: o.parse_outcome_names(""), "required"),
        (lambda: o.parse_outcome_names("os__click.sum"), "only supports count"),
        (lambda: o.parse_outcome_names("os__click"), "Invalid outcome name"),
        (lambda: o.parse_time_range("2d"), "1h, 1d, 1mo"),
        (lambda: o.parse_attribution("maybe"), "direct, influenced"),
        (lambda: o.parse_platforms("ios"), "device type"),
    ],
)
def test_bad_queries_are_refused(call: object, fragment: str) -> None:
    with pytest.raises(o.OutcomeQueryError, match=fragment):
        call()  # type: ignore[operator]
