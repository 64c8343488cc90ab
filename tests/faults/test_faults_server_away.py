"""The server going away mid-session: stopped, then restarted on the same port and data directory.

While it is down, every call raises the typed transport error naming the operation (GETs after their
retries, POSTs at once); once it is back, the same client object works again without being recreated.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faults_support import CountingTransport, FakeSleep, fake_retry

from onesignal_desktop.api import ConnectionRefused, NotificationSent, OneSignalClient, TransportError
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


def test_stopping_the_server_under_a_request_in_flight(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The call ends in the typed transport error; the server finishes the request it was handling
    before it closes its store (no traceback from a handler running against a closed database)."""
    running = start_sandbox(tmp_path / "data", seed_demo=False)
    with OneSignalClient(
        running.base_url, organization_key=running.org_key, retry=fake_retry(FakeSleep(), max_attempts=2)
    ) as client:
        client.get_apps()
        running.faults.inject("latency", times=1, ms=300)
        stopper = threading.Timer(0.1, running.stop)
        stopper.start()
        with pytest.raises(TransportError) as raised:
            client.get_apps()
        stopper.join()
    # Nothing to wait on: the failure shows as a traceback once the slow handler wakes up after stop().
    time.sleep(0.4)
    assert raised.value.operation == "get_apps"
    assert "Traceback" not in capfd.readouterr().err


def test_stopping_with_idle_connections_open_is_quick(tmp_path: Path) -> None:
    """Connections that sent nothing (a client's spare keep-alive, or one opened during the stop) do not
    hold the stop up until the handlers' idle timeout."""
    running = start_sandbox(tmp_path / "data", seed_demo=False)
    idle = [socket.create_connection((running.host, running.port)) for _ in range(4)]
    try:
        started = time.monotonic()
        running.stop()
        assert time.monotonic() - started < 1.5
    finally:
        for connection in idle:
            connection.close()
