"""The demo seed reads each app's players once for all its notifications (start-up speed); the audiences it
stores must be exactly those of resolving every notification against freshly read players."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

import onesignal_desktop.sandbox.routes.notifications as notification_routes
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.sandbox.clock import SandboxClock


def seeded_audiences() -> dict[str, tuple[Any, ...]]:
    clock = SandboxClock()
    clock.set(1_760_000_000.0)
    clock.freeze()
    with start_sandbox(clock=clock) as sandbox:
        db = sqlite3.connect(str(sandbox.data_dir / "sandbox.sqlite3"))
        try:
            rows = db.execute("SELECT id, kind, plan, response, recipients FROM sim_notifications").fetchall()
        finally:
            db.close()
    return {
        row[0]: (
            row[1],
            sorted(json.loads(row[2])["platform_counts"].items()),
            json.loads(row[3])["recipients"],
            row[4],
        )
        for row in rows
    }


def test_seeded_audiences_match_reading_the_players_for_each_notification(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reused = seeded_audiences()
    create = notification_routes.create_notification_record

    def read_players_each_time(*args: Any, targeting_players: Any = None, **kwargs: Any) -> Any:
        return create(*args, **kwargs)

    monkeypatch.setattr(notification_routes, "create_notification_record", read_players_each_time)
    fresh = seeded_audiences()
    assert len(reused) >= 30
    # Automated messages (kind 3) include the demo journeys' sends, whose users the journey engine picks
    # by user id, new on every seed: only their number is compared.
    assert {k: v for k, v in reused.items() if v[0] != 3} == {k: v for k, v in fresh.items() if v[0] != 3}
    assert sum(v[0] == 3 for v in reused.values()) == sum(v[0] == 3 for v in fresh.values())
    assert sum(len(recipients.split("\n")) for *_, recipients in reused.values() if recipients) > 1000
