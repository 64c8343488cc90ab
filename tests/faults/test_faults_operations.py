"""Every client operation against the sandbox, over real loopback HTTP, under every fault the issue names.

A one-shot fault on a retry-safe operation (GET, DELETE, create_notification with its idempotency key)
is retried and the call succeeds; on any other operation (a POST/PUT/PATCH without an idempotency key)
it is never retried and ends in the typed error that names the operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from faults_support import OPERATION_CALLS, CountingTransport, FakeSleep, World, client_operations, fake_retry

from onesignal_desktop.api import (
    BadRequestError,
    ConnectionReset,
    InvalidResponseError,
    NotFoundError,
    OneSignalClient,
    OneSignalError,
    RateLimitedError,
    RequestTimeout,
    RetryPolicy,
    ServerError,
)
from onesignal_desktop.api.models.operations import RESPONSE_MODELS
from onesignal_desktop.sandbox import Sandbox

OPERATIONS = client_operations()
RETRY_AFTER = 7.0
BACKOFF_BASE = 0.5  # RetryPolicy's default first back-off; jitter is the identity in these tests
READ_TIMEOUT = 0.2
SLOW_ANSWER_MS = 600.0


@dataclass(frozen=True)
class Fault:
    """A sandbox fault and what a non-retried call must raise for it."""

    name: str
    kind: str
    error: type[OneSignalError]
    status: int | None = None
    retried: bool = True  # whether a retry-safe operation retries it
    options: tuple[tuple[str, float], ...] = ()


FAULTS = [
    Fault("429-retry-after", "429", RateLimitedError, 429, options=(("retry_after", RETRY_AFTER),)),
    Fault("500", "500", ServerError, 500, retried=False),  # only 502/503 and transport failures are retried
    Fault("502", "502", ServerError, 502),
    Fault("503", "503", ServerError, 503),
    Fault("timeout", "latency", RequestTimeout, options=(("ms", SLOW_ANSWER_MS),)),
    Fault("reset", "reset", ConnectionReset),
    Fault("truncated-body", "truncate", ConnectionReset),
    Fault("html-502-page", "html", ServerError, 502),
    Fault("html-200-body", "html", InvalidResponseError, 200, retried=False, options=(("status", 200),)),
]


@pytest.fixture(scope="module")
def transport() -> CountingTransport:
    return CountingTransport()


@pytest.fixture(scope="module")
def fake_sleep() -> FakeSleep:
    return FakeSleep()


def counted_client(
    sandbox: Sandbox, transport: CountingTransport, fake_sleep: FakeSleep, **options: Any
) -> OneSignalClient:
    return OneSignalClient(
        sandbox.base_url,
        organization_key=sandbox.org_key,
        app_keys=sandbox.app_key,
        retry=fake_retry(fake_sleep),
        transport=transport,
        **options,
    )


@pytest.fixture(scope="module")
def client(
    sandbox: Sandbox, transport: CountingTransport, fake_sleep: FakeSleep
) -> Iterator[OneSignalClient]:
    with counted_client(sandbox, transport, fake_sleep) as api:
        yield api


@pytest.fixture(scope="module")
def impatient_client(
    sandbox: Sandbox, transport: CountingTransport, fake_sleep: FakeSleep
) -> Iterator[OneSignalClient]:
    """Gives up on an answer after READ_TIMEOUT (the slow-answer fault waits longer)."""
    timeout = httpx.Timeout(10.0, read=READ_TIMEOUT)
    with counted_client(sandbox, transport, fake_sleep, timeout=timeout) as api:
        yield api


def test_every_operation_of_the_client_is_covered() -> None:
    """A new operation without an entry in OPERATION_CALLS fails here (and so gets fault tests)."""
    assert len(OPERATIONS) == 65
    assert set(OPERATION_CALLS) == set(OPERATIONS) == set(RESPONSE_MODELS)
    for name in OPERATIONS:
        assert callable(getattr(OneSignalClient, name, None)), name


#: POSTs that are safe to retry: a send with its idempotency key, an estimate that changes nothing, and an
#: unsubscribe whose repeat leaves the same state.
RETRY_SAFE_POSTS = {"create_notification", "estimate_notification_recipients", "unsubscribe_email_with_token"}


def test_retry_rule_is_the_one_the_api_layer_promises() -> None:
    for name, operation in OPERATIONS.items():
        expected = operation.method in ("GET", "DELETE") or name in RETRY_SAFE_POSTS
        assert operation.retry_safe == expected, name


def _lost_answer_of_a_delete(method: str, fault: Fault) -> bool:
    return method == "DELETE" and fault.kind == "truncate"  # the sandbox truncates after processing


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
@pytest.mark.parametrize("name", sorted(OPERATION_CALLS))
def test_operation_under_fault(
    name: str,
    fault: Fault,
    sandbox: Sandbox,
    world: World,
    client: OneSignalClient,
    impatient_client: OneSignalClient,
    transport: CountingTransport,
    fake_sleep: FakeSleep,
) -> None:
    operation = OPERATIONS[name]
    call = OPERATION_CALLS[name]
    argument = call.prepare(world)
    api = impatient_client if fault.kind == "latency" else client
    sandbox.faults.inject(fault.kind, times=1, method=operation.method, **dict(fault.options))  # type: ignore[arg-type]
    sent_before = len(transport.requests)
    fake_sleep.calls.clear()

    if operation.retry_safe and fault.retried and _lost_answer_of_a_delete(operation.method, fault):
        # The first DELETE was carried out and only its answer was lost, so the retry finds nothing left
        # to delete: it succeeds, or it says the thing is gone, as a typed error naming the operation.
        try:
            call.call(api, world, argument)
        except (NotFoundError, BadRequestError) as gone:
            assert gone.operation == name
        assert len(transport.requests) - sent_before == 2
        assert fake_sleep.calls == [BACKOFF_BASE]
    elif operation.retry_safe and fault.retried:
        call.call(api, world, argument)  # succeeds on the retry
        assert len(transport.requests) - sent_before == 2
        expected_wait = RETRY_AFTER if fault.kind == "429" else BACKOFF_BASE
        assert fake_sleep.calls == [expected_wait]
    else:
        with pytest.raises(OneSignalError) as raised:
            call.call(api, world, argument)
        error = raised.value
        assert type(error) is fault.error, repr(error)
        assert error.operation == name
        assert error.status == fault.status
        assert str(error).startswith(name)
        assert len(transport.requests) - sent_before == 1  # never retried
        assert fake_sleep.calls == []
        if isinstance(error, RateLimitedError):
            assert error.retry_after == RETRY_AFTER
        if isinstance(error, InvalidResponseError):
            assert "502 Bad Gateway" in error.excerpt
    fired = [kind for kind, _, _ in sandbox.faults.fired]
    assert fired == [fault.kind]


SAFE_OPERATIONS = sorted(name for name, operation in OPERATIONS.items() if operation.retry_safe)


@pytest.mark.parametrize("name", SAFE_OPERATIONS)
def test_retries_back_off_until_the_last_attempt_then_give_up_typed(
    name: str,
    sandbox: Sandbox,
    world: World,
    client: OneSignalClient,
    transport: CountingTransport,
    fake_sleep: FakeSleep,
) -> None:
    operation, call = OPERATIONS[name], OPERATION_CALLS[name]
    argument = call.prepare(world)
    sandbox.faults.inject("503", times=3, method=operation.method)
    fake_sleep.calls.clear()
    call.call(client, world, argument)  # the fourth and last attempt gets through
    assert fake_sleep.calls == [0.5, 1.0, 2.0]  # exponential back-off (jitter off in these tests)

    argument = call.prepare(world)
    sandbox.faults.inject("reset", times=4, method=operation.method)
    sent_before = len(transport.requests)
    with pytest.raises(ConnectionReset) as raised:
        call.call(client, world, argument)
    assert raised.value.operation == name
    assert len(transport.requests) - sent_before == 4


def test_a_retry_after_that_would_cross_the_deadline_is_not_waited(
    sandbox: Sandbox, world: World, transport: CountingTransport
) -> None:
    sleep = FakeSleep()
    with OneSignalClient(
        sandbox.base_url,
        app_keys=sandbox.app_key,
        retry=RetryPolicy(max_attempts=5, deadline=60.0, sleep=sleep, clock=sleep.clock),
        transport=transport,
    ) as patient:
        sandbox.faults.inject("429", times=5, method="GET", retry_after=40)
        sent_before = len(transport.requests)
        with pytest.raises(RateLimitedError) as raised:
            patient.get_players(world.app_id)
    assert raised.value.retry_after == 40
    assert sleep.calls == [40.0]  # a second 40 s wait would end past the 60 s deadline
    assert len(transport.requests) - sent_before == 2
