"""A DELETE whose answer was lost and whose retry then finds nothing is reported as done, not "not found"."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from api_support import APP_ID, FakeServer, MakeClient

from onesignal_desktop.api import NotFoundError, OneSignalClient, RetryPolicy
from onesignal_desktop.sandbox import Sandbox, start_sandbox

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture
def sandbox_client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(
        sandbox.base_url,
        organization_key=sandbox.org_key,
        app_keys=sandbox.app_key,
        retry=RetryPolicy(sleep=lambda _seconds: None),
    ) as client:
        yield client


@pytest.fixture
def app_and_player(sandbox_client: OneSignalClient) -> tuple[str, str]:
    app_id = str(sandbox_client.create_app({"name": "Retried delete"}).id)
    player = sandbox_client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token-1"})
    return app_id, str(player.id)


def test_delete_carried_out_but_answer_cut_off_reports_success(
    sandbox: Sandbox, sandbox_client: OneSignalClient, app_and_player: tuple[str, str]
) -> None:
    app_id, player_id = app_and_player
    # The sandbox deletes the player, then hangs up half-way through the answer.
    sandbox.faults.inject("truncate", times=1, method="DELETE", path="/players/*")

    result = sandbox_client.delete_player(app_id, player_id)

    assert result.success is True
    assert [kind for kind, method, _ in sandbox.faults.fired if method == "DELETE"] == ["truncate"]
    with pytest.raises(NotFoundError):
        sandbox_client.get_player(app_id, player_id)


def test_404_on_the_first_attempt_is_still_not_found(
    sandbox_client: OneSignalClient, app_and_player: tuple[str, str]
) -> None:
    app_id, _ = app_and_player
    with pytest.raises(NotFoundError) as raised:
        sandbox_client.delete_player(app_id, str(uuid.uuid4()))
    assert raised.value.operation == "delete_player"


def test_404_after_an_answered_error_is_still_not_found(
    sandbox: Sandbox, sandbox_client: OneSignalClient, app_and_player: tuple[str, str]
) -> None:
    app_id, _ = app_and_player
    # A 503 is an answer: nothing was deleted by that attempt, so the retry's 404 is the truth.
    sandbox.faults.inject("503", times=1, method="DELETE", path="/players/*")
    with pytest.raises(NotFoundError):
        sandbox_client.delete_player(app_id, str(uuid.uuid4()))


def test_404_after_a_failed_connect_is_still_not_found(make_client: MakeClient, server: FakeServer) -> None:
    client = make_client()
    server.fail(httpx.ConnectError("could not connect"))  # the first DELETE never left this machine
    server.reply(404, {"errors": ["Not Found"]})
    with pytest.raises(NotFoundError):
        client.delete_template(NID, APP_ID)
    assert [request.method for request in server.requests] == ["DELETE", "DELETE"]


def test_read_timeout_then_404_counts_as_deleted(make_client: MakeClient, server: FakeServer) -> None:
    client = make_client()
    server.fail(httpx.ReadTimeout("no answer in time"))
    server.reply(404, {"errors": ["Not Found"]})
    assert client.delete_template(NID, APP_ID).success is True
    assert len(server.requests) == 2


def test_a_retried_get_that_finds_nothing_is_still_not_found(
    make_client: MakeClient, server: FakeServer
) -> None:
    client = make_client()
    server.fail(httpx.ReadTimeout("no answer in time"))
    server.reply(404, {"errors": ["Not Found"]})
    with pytest.raises(NotFoundError):
        client.get_notification(APP_ID, NID)


def test_alias_removed_but_answer_cut_off_returns_no_list_and_the_alias_is_gone(
    sandbox: Sandbox, sandbox_client: OneSignalClient, app_and_player: tuple[str, str]
) -> None:
    app_id, _ = app_and_player
    sandbox_client.create_user(app_id, {"identity": {"external_id": "user-1"}})
    sandbox_client.create_alias(app_id, "external_id", "user-1", {"identity": {"crm": "c-1"}})
    sandbox.faults.inject("truncate", times=1, method="DELETE", path="/apps/*")

    assert sandbox_client.delete_alias(app_id, "external_id", "user-1", "crm") is None
    assert "crm" not in sandbox_client.get_aliases(app_id, "external_id", "user-1").identity
