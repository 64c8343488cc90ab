"""Sends at the same moment (issue 18, item 9): resolved in parallel, still one notification per key."""

from __future__ import annotations

import threading
from typing import Any

import httpx

from onesignal_desktop.sandbox import Sandbox


def test_the_same_key_sent_by_many_clients_at_once_makes_one_notification(
    sandbox: Sandbox, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    now = sandbox.clock.now()
    sandbox.store.bulk_create_players(
        app["id"],
        [{"device_type": 1, "token": f"t{i}", "user": {"tags": {"plan": "pro"}}} for i in range(300)],
        now,
    )
    clients, ids = 8, []
    barrier, lock = threading.Barrier(clients), threading.Lock()
    body = {
        "app_id": app["id"],
        "contents": {"en": "Once"},
        "filters": [{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}],
    }

    def send(key: str) -> None:
        with httpx.Client(base_url=sandbox.base_url, timeout=60) as client:
            barrier.wait()
            answer = client.post("/notifications", json={**body, "idempotency_key": key}, headers=app_headers)
        assert answer.status_code == 200, answer.text
        with lock:
            ids.append((key, answer.json()["id"], answer.json()["recipients"]))

    threads = [threading.Thread(target=send, args=(f"key-{index % 2}",)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == clients
    assert {recipients for _, _, recipients in ids} == {300}
    by_key = {key: {notification for k, notification, _ in ids if k == key} for key in ("key-0", "key-1")}
    assert all(len(found) == 1 for found in by_key.values()), by_key
    listed = httpx.get(
        f"{sandbox.base_url}/notifications", params={"app_id": app["id"]}, headers=app_headers
    ).json()
    assert sorted(n["id"] for n in listed["notifications"]) == sorted(next(iter(v)) for v in by_key.values())
