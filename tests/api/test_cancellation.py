"""Cancellation: a cancelled call stops waiting (Retry-After, rate budget) at once, and sends nothing more."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from api_support import APP_ID, APP_KEY

from onesignal_desktop.api import (
    EndpointClass,
    Limit,
    OneSignalClient,
    OperationCancelled,
    RateBudget,
)

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


def _client(handler: object, **kwargs: object) -> OneSignalClient:
    return OneSignalClient(
        "https://api.onesignal.com",
        app_keys={APP_ID: APP_KEY},
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def _cancel_soon(event: threading.Event) -> threading.Timer:
    timer = threading.Timer(0.1, event.set)
    timer.start()
    return timer


def test_cancel_interrupts_a_long_retry_after_wait() -> None:
    requests: list[httpx.Request] = []

    def rate_limited(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            429, json={"errors": ["API rate limit exceeded"]}, headers={"Retry-After": "30"}
        )

    cancel = threading.Event()
    with _client(rate_limited, rate_budget=False) as client, client.cancellation(cancel):
        timer = _cancel_soon(cancel)
        started = time.monotonic()
        with pytest.raises(OperationCancelled):
            client.get_notification(APP_ID, NID)
        timer.join()
    assert time.monotonic() - started < 5
    assert len(requests) == 1


def test_cancel_interrupts_a_wait_for_rate_budget() -> None:
    requests: list[httpx.Request] = []

    def ok(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"id": NID})

    budget = RateBudget({EndpointClass.VIEW: Limit(rate=1 / 30, burst=1)})
    cancel = threading.Event()
    with _client(ok, rate_budget=budget) as client:
        client.get_notification(APP_ID, NID)  # spends the only token
        with client.cancellation(cancel):
            timer = _cancel_soon(cancel)
            started = time.monotonic()
            with pytest.raises(OperationCancelled):
                client.get_notification(APP_ID, NID)
            timer.join()
    assert time.monotonic() - started < 5
    assert len(requests) == 1


def test_an_already_cancelled_scope_sends_nothing_and_other_threads_are_unaffected() -> None:
    requests: list[httpx.Request] = []

    def ok(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"id": NID})

    with _client(ok, rate_budget=False) as client:
        with client.cancellation(lambda: True), pytest.raises(OperationCancelled):
            client.get_notification(APP_ID, NID)
        assert requests == []
        with client.cancellation(lambda: True):
            other = threading.Thread(target=client.get_notification, args=(APP_ID, NID))
            other.start()
            other.join()
        assert len(requests) == 1
        client.get_notification(APP_ID, NID)  # the scope ended
        assert len(requests) == 2
