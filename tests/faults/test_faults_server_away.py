"""The server going away mid-session: stopped, then restarted on the same port and data directory.

While it is down, every call raises the typed transport error naming the operation (GETs after their
retries, POSTs at once); once it is back, the same client object works again without being recreated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faults_support import CountingTransport, FakeSleep, fake_retry

from onesignal_desktop.api import ConnectionRefused, NotificationSent, OneSignalClient
from onesignal_desktop.sandbox import Sandbox, start_sandbox

MAX_ATTEMPTS = 3


@pytest.fixture
def first_run(tmp_path: Path) -> Iterator[Sandbox]:
    running = start_sandbox(tmp_path / "data", seed_demo=False)
    yield running
    running.stop()


def test_client_reports_the_server_down_and_recovers_after_restart(
    first_run: Sandbox, tmp_path: Path
) -> None:
    sleep = FakeSleep()
    transport = CountingTransport()
    org_key, port = first_run.org_key, first_run.port
    app_keys: dict[str, str] = {}
    with OneSignalClient(
        first_run.base_url,
        organization_key=org_key,
        app_keys=app_keys,
        retry=fake_retry(sleep, max_attempts=MAX_ATTEMPTS),
        transport=transport,
    ) as client:
        app_id = client.create_app({"name": "Goes away"}).id
        assert app_id
        app_keys[app_id] = first_run.app_key(app_id)
        client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token"})
        assert client.get_players(app_id).total_count == 1  # keep-alive connections are now in the pool

        first_run.stop()

        sent_before = len(transport.requests)
        with pytest.raises(ConnectionRefused) as refused:
            client.get_players(app_id)
        assert refused.value.operation == "get_players"
        assert len(transport.requests) - sent_before == MAX_ATTEMPTS  # a GET is retried, then gives up
        assert len(sleep.calls) == MAX_ATTEMPTS - 1

        sent_before = len(transport.requests)
        with pytest.raises(ConnectionRefused) as post_failed:
            client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token-2"})
        assert post_failed.value.operation == "create_player"
        assert len(transport.requests) - sent_before == 1  # a POST without idempotency key: never retried

        with start_sandbox(tmp_path / "data", port=port, seed_demo=False) as second_run:
            assert second_run.base_url == client.base_url and second_run.org_key == org_key
            assert [player.identifier for player in client.get_players(app_id).players] == ["token"]
            sent = client.create_notification(
                {"app_id": app_id, "contents": {"en": "back"}, "included_segments": ["Subscribed Users"]}
            )
            assert isinstance(sent, NotificationSent) and sent.recipients == 1
            assert client.get_notification(app_id, sent.id).id == sent.id
            assert client.get_apps()[0].id == app_id
