"""The composer's pure pieces against the sandbox over real loopback HTTP: the journal's "possibly
sent" resend creates exactly one notification, and the copied curl / Python snippets really send."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.compose.journal import SendAnswer, SendJournal
from onesignal_desktop.compose.preflight import preflight
from onesignal_desktop.compose.snippets import as_curl, as_python
from onesignal_desktop.sandbox import Sandbox, start_sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


@pytest.fixture
def body(client: OneSignalClient) -> dict[str, Any]:
    app = client.create_app({"name": "Composer"})
    player = client.create_player({"app_id": app.id, "device_type": 1, "identifier": "token-1"})
    return {
        "app_id": app.id,
        "headings": {"en": "Hello"},
        "contents": {"en": 'It\'s the "composer" test: $HOME `date` ünïcødé'},
        "include_subscription_ids": [player.id],
    }


def notification_count(client: OneSignalClient, app_id: str) -> int:
    listed = client.get_notifications(app_id)
    return int(listed.total_count or 0)


def test_possibly_sent_resend_reuses_the_key_and_creates_one_notification(
    tmp_path: Path, sandbox: Sandbox, client: OneSignalClient, body: dict[str, Any]
) -> None:
    assert preflight(body) == []
    with SendJournal.in_directory(tmp_path) as journal:
        entry = journal.begin("draft-1", body)
        first = client.create_notification(entry.body, idempotency_key=entry.idempotency_key)
        assert first.sent
        # The answer is lost here (the app is killed before recording it).

    with SendJournal.in_directory(tmp_path) as journal:
        (pending,) = journal.pending()
        again = journal.resend(pending.send_id)
        with OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as fresh_client:
            result = fresh_client.create_notification(again.body, idempotency_key=again.idempotency_key)
        answered = journal.answer(pending.send_id, SendAnswer.from_result(result))

    assert answered.answer is not None
    assert answered.answer.notification_id == first.id
    assert answered.answer.replayed is True
    assert notification_count(client, body["app_id"]) == 1


def test_copied_curl_command_sends_the_notification(
    sandbox: Sandbox, client: OneSignalClient, body: dict[str, Any]
) -> None:
    assert shutil.which("curl"), (
        "this test runs the copied command with curl: install it (apt-get install curl)"
    )
    key = sandbox.app_key(body["app_id"])
    for base in (sandbox.base_url, f"{sandbox.base_url}/api/v1"):
        command = as_curl(body, base_url=base, api_key=key, reveal=True)
        finished = subprocess.run(
            ["sh", "-c", command.rstrip() + " --silent --show-error --fail"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert finished.returncode == 0, finished.stderr
        assert '"id"' in finished.stdout
    assert notification_count(client, body["app_id"]) == 2


def test_masked_curl_command_is_refused_by_the_server(sandbox: Sandbox, body: dict[str, Any]) -> None:
    assert shutil.which("curl"), (
        "this test runs the copied command with curl: install it (apt-get install curl)"
    )
    command = as_curl(body, base_url=sandbox.base_url, api_key=sandbox.app_key(body["app_id"]))
    finished = subprocess.run(
        ["sh", "-c", command.rstrip() + " --silent --output /dev/null --write-out '%{http_code}'"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert finished.stdout in ("401", "403")


def test_copied_python_script_sends_the_notification(
    sandbox: Sandbox, client: OneSignalClient, body: dict[str, Any]
) -> None:
    script = as_python(body, base_url=sandbox.base_url, api_key=sandbox.app_key(body["app_id"]), reveal=True)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert "'id':" in finished.stdout
    assert notification_count(client, body["app_id"]) == 1
