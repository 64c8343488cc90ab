"""The shop's notifications tested against a local OneSignal: the sandbox's pytest plugin gives each test
a new app with its keys (``onesignal_env`` puts them in the environment the code reads)."""

from __future__ import annotations

import time

import httpx
import pytest
from shop_notifier import NotificationFailed, OneSignalSettings, announce_sale, notify_segment

from onesignal_desktop.sandbox.clock import SandboxClock
from onesignal_desktop.sandbox.faults import Faults
from onesignal_desktop.sandbox.testing import SandboxApp


def test_a_sale_is_announced_to_every_subscriber(onesignal_env: SandboxApp) -> None:
    notification_id = announce_sale(OneSignalSettings.from_env(), 20)

    (sent,) = onesignal_env.assert_notification_created(segment="Subscribed Users", heading="Sale: 20% off")
    assert sent.id == notification_id
    assert sent.recipients == 3


def test_a_sale_out_of_range_sends_nothing(onesignal_env: SandboxApp) -> None:
    with pytest.raises(ValueError, match="1-90%"):
        announce_sale(OneSignalSettings.from_env(), 95)

    onesignal_env.assert_no_send()


@pytest.mark.onesignal_app(players=12)
def test_a_segment_hears_of_its_order_through_httpx(onesignal_env: SandboxApp) -> None:
    notify_segment(OneSignalSettings.from_env(), "Active Users", "Order shipped", "It is on its way")

    (sent,) = onesignal_env.assert_notification_created(segment="Active Users", contents="It is on its way")
    assert sent.recipients == 12


def test_a_rate_limited_send_waits_as_told_and_goes_through(
    onesignal_env: SandboxApp, onesignal_faults: Faults
) -> None:
    onesignal_faults.inject("429", times=1, retry_after=3, path="/notifications")
    waits: list[float] = []

    notify_segment(
        OneSignalSettings.from_env(), "Subscribed Users", "Back in stock", "Hurry", sleep=waits.append
    )

    assert waits == [3.0]
    onesignal_env.assert_notification_created(heading="Back in stock", count=1)


def test_a_server_error_is_reported_and_nothing_is_sent(
    onesignal_env: SandboxApp, onesignal_faults: Faults
) -> None:
    onesignal_faults.inject("503", times=1, method="POST", path="/notifications")

    with pytest.raises(NotificationFailed, match="503"):
        announce_sale(OneSignalSettings.from_env(), 10)

    onesignal_env.assert_no_send()


def test_a_scheduled_sale_is_delivered_once_its_time_comes(
    onesignal_env: SandboxApp, onesignal_clock: SandboxClock
) -> None:
    onesignal_clock.freeze()
    settings = OneSignalSettings.from_env()
    send_at = time.strftime("%Y-%m-%d %H:%M:%S GMT+0000", time.gmtime(onesignal_clock.now() + 3600))
    headers = {"Authorization": f"Key {settings.rest_api_key}"}
    with httpx.Client(base_url=settings.api_url, headers=headers) as client:
        created = client.post(
            "/notifications",
            json={
                "app_id": settings.app_id,
                "included_segments": ["Subscribed Users"],
                "contents": {"en": "Doors open"},
                "send_after": send_at,
            },
        ).json()

        def completed() -> object:
            answer = client.get(f"/notifications/{created['id']}", params={"app_id": settings.app_id})
            return answer.json().get("completed_at")

        assert completed() is None
        onesignal_clock.advance(2 * 3600)
        assert completed() is not None
