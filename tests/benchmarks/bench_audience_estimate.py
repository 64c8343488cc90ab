"""Benchmark: the audience estimate (POST /notifications/count-unsaved) for a 100,000-player app.

Run: ``python3 -m pytest tests/benchmarks/bench_audience_estimate.py -s``.

Goal (issue 15): answered by the sandbox in <= 200 ms. Measured over real loopback HTTP with the
project's client, rounds interleaved with the baseline: ``GET /apps/{id}`` (the cheapest app call) in the
same run. Three audiences: a built-in segment, a tag filter and a created segment (each one SQL query;
filters are evaluated once per distinct value).

The sandbox remembers an audience until the next write to players or segments, so each round first
changes one player's tags (PUT /players/{id}) and then times every audience twice: "first" is the first
estimate after that change (the players are read again), "again" is the same estimate repeated (what the
composer asks while only the message is edited). Both must meet the goal.
"""

from __future__ import annotations

import os
import statistics
import time

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox

PLAYERS = 100_000
ROUNDS = 7
GOAL_MS = 200.0


def _ms(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def test_audience_estimate_for_100k_players() -> None:
    with start_sandbox(seed_demo=False) as sandbox:
        client = OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key)
        app = client.create_app({"name": "Big"})
        assert app.id
        app_id = app.id
        now = sandbox.clock.now()
        sandbox.store.bulk_create_players(
            app_id,
            (
                {
                    "device_type": i % 3,
                    "token": f"t{i}",
                    "user": {"tags": {"plan": "pro" if i % 4 else "free"}},
                }
                for i in range(PLAYERS)
            ),
            now,
        )
        client.create_segments(
            app_id,
            {"name": "Free", "filters": [{"field": "tag", "key": "plan", "relation": "=", "value": "free"}]},
        )
        audiences = {
            "built-in segment": {"app_id": app_id, "included_segments": ["Subscribed Users"]},
            "tag filter": {
                "app_id": app_id,
                "filters": [{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}],
            },
            "created segment": {"app_id": app_id, "included_segments": ["Free"]},
        }
        some_player = client.get_players(app_id, limit=1).players[0].id
        assert some_player
        names = [f"{name}, {when}" for name in audiences for when in ("first", "again")]
        times: dict[str, list[float]] = {name: [] for name in ("baseline", *names)}
        for round_index in range(ROUNDS):  # interleaved rounds: noise hits all alike
            times["baseline"].append(_ms(lambda: client.get_app(app_id)))
            client.update_player(some_player, {"app_id": app_id, "tags": {"round": str(round_index)}})
            for name, body in audiences.items():
                for when in ("first", "again"):
                    estimate = lambda body=body: client.estimate_notification_recipients(body)  # noqa: E731
                    times[f"{name}, {when}"].append(_ms(estimate))
        counts = {
            name: client.estimate_notification_recipients(body).count for name, body in audiences.items()
        }
        client.close()
    load = os.getloadavg()
    base = statistics.median(times["baseline"])
    print(f"\nload {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {PLAYERS:,} players; counts {counts}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:>28}: min {min(values):7.1f}  median {median:7.1f}  max {max(values):7.1f} ms"
            f"  ({median / base:5.1f}x the baseline {base:.1f} ms)"
        )
    assert counts == {
        "built-in segment": PLAYERS,
        "tag filter": PLAYERS * 3 // 4,
        "created segment": PLAYERS // 4,
    }
    for name in names:
        median = statistics.median(times[name])
        print(f"{name:>28}: goal <= {GOAL_MS:.0f} ms {'met' if median <= GOAL_MS else 'NOT met'}")
