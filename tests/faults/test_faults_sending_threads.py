"""Many threads sending through one shared client while the sandbox fails at random (seeded).

Each logical send keeps one idempotency key across its attempts, no two sends share a key, and each
makes at most one notification (exactly one when the call said it was sent, with the id it returned).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from faults_support import CountingTransport, FakeSleep, fake_retry

from onesignal_desktop.api import CreateNotificationResult, NotificationSent, OneSignalClient, OneSignalError
from onesignal_desktop.sandbox import Sandbox

THREADS = 8
SENDS_PER_THREAD = 40
RANDOM_FAULTS = (
    "503=0.15,502=0.05,429=0.05,reset=0.1,truncate=0.1,html=0.05,500=0.02,seed=7,paths=/notifications"
)


def test_concurrent_sends_under_random_faults(sandbox: Sandbox, setup_client: OneSignalClient) -> None:
    app_id = setup_client.create_app({"name": "Threads under faults"}).id
    assert app_id
    setup_client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token"})
    transport = CountingTransport()
    lock = threading.Lock()
    results: dict[str, CreateNotificationResult | OneSignalError] = {}
    sandbox.faults.configure(RANDOM_FAULTS)

    with OneSignalClient(
        sandbox.base_url,
        app_keys=sandbox.app_key,
        retry=fake_retry(FakeSleep(), max_attempts=4),
        transport=transport,
    ) as shared:

        def send(label: str) -> None:
            payload = {"app_id": app_id, "contents": {"en": label}, "included_segments": ["All"]}
            try:
                outcome: CreateNotificationResult | OneSignalError = shared.create_notification(payload)
            except OneSignalError as error:
                outcome = error
            with lock:
                results[label] = outcome

        labels = [f"thread send {n}" for n in range(THREADS * SENDS_PER_THREAD)]
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(send, labels))
    sandbox.faults.clear()

    keys_by_label: dict[str, set[str]] = defaultdict(set)
    for request in transport.requests:
        if request.method == "POST" and request.url.path == "/notifications":
            body = json.loads(request.content)
            keys_by_label[body["contents"]["en"]].add(body["idempotency_key"])
    assert set(keys_by_label) == set(labels)
    assert all(len(keys) == 1 for keys in keys_by_label.values())
    all_keys = [next(iter(keys)) for keys in keys_by_label.values()]
    assert len(set(all_keys)) == len(labels)  # no two sends share a key

    with sandbox.store.read() as db:
        rows = db.execute(
            "SELECT idempotency_key, id FROM sim_notifications WHERE app_id = ?", (app_id,)
        ).fetchall()
    ids_by_key: dict[str, list[str]] = defaultdict(list)
    for key, notification_id in rows:
        ids_by_key[key].append(notification_id)
    assert all(len(ids) == 1 for ids in ids_by_key.values())
    outcomes = {"sent": 0, "failed": 0, "replayed": 0}
    for label, outcome in results.items():
        key = next(iter(keys_by_label[label]))
        if isinstance(outcome, NotificationSent):
            assert ids_by_key[key] == [outcome.id]
            outcomes["sent"] += 1
            outcomes["replayed"] += outcome.replayed
        else:
            assert isinstance(outcome, OneSignalError), outcome  # nobody is "not sent": the app has a player
            assert outcome.operation == "create_notification"
            assert len(ids_by_key.get(key, [])) <= 1
            outcomes["failed"] += 1
    # The seeded fault rates make every path happen (sanity check that the faults fired at all).
    assert outcomes["sent"] > 200 and outcomes["failed"] > 0 and outcomes["replayed"] > 0, outcomes
