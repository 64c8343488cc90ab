"""Retries: only safe requests, Retry-After honoured, backoff with jitter, one idempotency key."""

from __future__ import annotations

import json

import httpx
import pytest
from api_support import APP_ID, FakeServer, FakeSleep, MakeClient

from onesignal_desktop.api import (
    BadRequestError,
    ConnectionReset,
    NotFoundError,
    OneSignalClient,
    RateLimitedError,
    RetryPolicy,
    ServerError,
    UnauthorizedError,
)
from onesignal_desktop.api.retry import full_jitter, parse_retry_after

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


@pytest.mark.parametrize("header", ["Retry-After", "retry-after", "RETRY-AFTER"])
def test_429_waits_as_long_as_retry_after_says_then_succeeds(
    client: OneSignalClient, server: FakeServer, fake_sleep: FakeSleep, header: str
) -> None:
    server.reply(429, {"errors": ["API rate limit exceeded"]}, headers={header: "3"})
    server.reply(200, {"id": NID})
    notification = client.get_notification(APP_ID, NID)
    assert notification.id == NID
    assert fake_sleep.calls == [3.0]
    assert len(server.requests) == 2


def test_retry_after_is_capped_at_60_seconds(
    client: OneSignalClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    server.reply(429, {}, headers={"Retry-After": "3600"})
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert fake_sleep.calls == [60.0]


def test_retry_after_as_an_http_date() -> None:
    assert (
        parse_retry_after({"Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"}, now=lambda: 1445412480.0) == 10.0
    )
    assert parse_retry_after({"X-Other": "1"}) is None
    assert parse_retry_after({"retry-after": "soon"}) is None


def test_502_503_and_transport_errors_back_off_exponentially(
    make_client: MakeClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    client = make_client(
        retry=RetryPolicy(max_attempts=5, backoff_base=0.5, sleep=fake_sleep, clock=fake_sleep.clock,
                          jitter=lambda delay: delay)
    )  # fmt: skip
    server.reply(502, b"bad gateway")
    server.reply(503, {"errors": ["unavailable"]})
    server.fail(httpx.ReadError("reset"))
    server.fail(httpx.ConnectTimeout("slow"))
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert fake_sleep.calls == [0.5, 1.0, 2.0, 4.0]


def test_jitter_is_applied_to_backoff_and_stays_within_the_delay() -> None:
    policy = RetryPolicy(jitter=lambda delay: delay * 0.5)
    assert policy.delay_before(3, ServerError("op", [], status=503)) == 1.0
    for _ in range(200):
        assert 1.0 <= full_jitter(2.0) <= 2.0


def test_gives_up_after_max_attempts_with_the_last_error(
    make_client: MakeClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=3, sleep=fake_sleep, clock=fake_sleep.clock))
    for _ in range(3):
        server.reply(503, {"errors": ["down"]})
    with pytest.raises(ServerError, match="down"):
        client.get_notification(APP_ID, NID)
    assert len(server.requests) == 3 and len(fake_sleep.calls) == 2


def test_no_wait_crosses_the_deadline(
    make_client: MakeClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    client = make_client(
        retry=RetryPolicy(max_attempts=10, deadline=10.0, sleep=fake_sleep, clock=fake_sleep.clock)
    )
    server.reply(429, {}, headers={"Retry-After": "6"})
    server.reply(429, {}, headers={"Retry-After": "6"})
    with pytest.raises(RateLimitedError):
        client.get_notification(APP_ID, NID)
    assert fake_sleep.calls == [6.0] and len(server.requests) == 2


@pytest.mark.parametrize(
    ("status", "error_class"), [(400, BadRequestError), (401, UnauthorizedError), (404, NotFoundError)]
)
def test_client_errors_are_never_retried(
    client: OneSignalClient,
    server: FakeServer,
    fake_sleep: FakeSleep,
    status: int,
    error_class: type[Exception],
) -> None:
    server.reply(status, {"errors": ["no"]})
    server.reply(200, {"id": NID})
    with pytest.raises(error_class):
        client.get_notification(APP_ID, NID)
    assert len(server.requests) == 1 and fake_sleep.calls == []


def test_post_without_idempotency_key_is_never_retried(
    client: OneSignalClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    server.reply(503, {"errors": ["down"]})
    server.reply(200, {"success": True, "id": "p1"})
    with pytest.raises(ServerError):
        client.create_player({"app_id": APP_ID, "device_type": 1})
    assert len(server.queue) == 1  # the success that a retry would have got
    server.queue.clear()
    server.fail(httpx.ReadError("reset"))
    with pytest.raises(ConnectionReset):
        client.create_segments(APP_ID, {"name": "x", "filters": []})
    server.reply(429, {}, headers={"Retry-After": "1"})
    with pytest.raises(RateLimitedError):
        client.update_user(APP_ID, "external_id", "u1", {"properties": {}})
    assert len(server.requests) == 3 and fake_sleep.calls == []


def test_create_notification_is_retried_with_the_same_idempotency_key_on_every_attempt(
    client: OneSignalClient, server: FakeServer, fake_sleep: FakeSleep
) -> None:
    server.fail(httpx.ReadTimeout("no answer"))
    server.reply(503, {"errors": ["busy"]})
    server.reply(429, {}, headers={"Retry-After": "2"})
    server.reply(200, {"id": NID, "recipients": 4})
    result = client.create_notification({"app_id": APP_ID, "contents": {"en": "hi"}})
    keys = {json.loads(request.content)["idempotency_key"] for request in server.requests}
    assert len(server.requests) == 4 and len(keys) == 1
    assert result.idempotency_key == keys.pop()
    assert result.sent and result.id == NID


def test_the_callers_idempotency_key_is_used(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": NID})
    result = client.create_notification(
        {"app_id": APP_ID, "contents": {"en": "hi"}}, idempotency_key="my-key-1"
    )
    assert server.last_json()["idempotency_key"] == "my-key-1" == result.idempotency_key
    server.reply(200, {"id": "other"})
    client.create_notification({"app_id": APP_ID, "idempotency_key": "in-body"})
    assert server.last_json()["idempotency_key"] == "in-body"


def test_each_logical_send_gets_its_own_key(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": "n1"})
    server.reply(200, {"id": "n2"})
    first = client.create_notification({"app_id": APP_ID})
    second = client.create_notification({"app_id": APP_ID})
    assert first.idempotency_key != second.idempotency_key


def test_retry_can_be_switched_off(make_client: MakeClient, server: FakeServer) -> None:
    client = make_client(retry=1)
    server.reply(503, {})
    server.reply(200, {"id": NID})
    with pytest.raises(ServerError):
        client.get_notification(APP_ID, NID)
