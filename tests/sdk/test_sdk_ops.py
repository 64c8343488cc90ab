"""Live activities, the audience estimate, audit logs, email analytics and unsubscribe, called through
OneSignal's official Python SDK 5.18.0 against the sandbox: the SDK's requests are understood, its
models read the answers (it checks each field's type), and refusals reach it as OneSignal's errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from onesignal.exceptions import ApiException  # type: ignore[import-untyped]
from onesignal.model.estimate_notification_recipients_request import (  # type: ignore[import-untyped]
    EstimateNotificationRecipientsRequest,
)
from onesignal.model.language_string_map import LanguageStringMap  # type: ignore[import-untyped]
from onesignal.model.start_live_activity_request import StartLiveActivityRequest  # type: ignore[import-untyped]
from onesignal.model.update_live_activity_request import (  # type: ignore[import-untyped]
    UpdateLiveActivityRequest,
)

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox

from .conftest import EMAIL_READERS, IOS_DEVICES

EMAIL_DOMAIN = "mail.sandbox.test"


def start_request(activity_id: str) -> Any:
    return StartLiveActivityRequest(
        name="Order 42",
        activity_id=activity_id,
        event_attributes={"order_number": "42"},
        event_updates={"status": "preparing", "eta_minutes": 25},
        contents=LanguageStringMap(en="Your order is being prepared"),
        headings=LanguageStringMap(en="Order 42"),
        included_segments=["Subscribed Users"],
    )


def update_request(event: str, status: str) -> Any:
    return UpdateLiveActivityRequest(name="Order 42", event=event, event_updates={"status": status})


def test_a_live_activity_starts_updates_and_ends_through_the_sdk(
    sdk: Any, client: OneSignalClient, app_id: str
) -> None:
    started = sdk.start_live_activity(app_id, "OrderAttributes", start_request("order-42"))
    assert started.notification_id
    report = client.get_notification(app_id, started.notification_id)
    assert report.id == started.notification_id  # the start is a notification with its own report
    updated = sdk.update_live_activity(app_id, "order-42", update_request("update", "on the way"))
    assert updated.id and updated.id != started.notification_id
    ended = sdk.update_live_activity(app_id, "order-42", update_request("end", "delivered"))
    assert ended.id
    # After the end, OneSignal refuses updates; the SDK raises its ApiException with the 4xx.
    with pytest.raises(ApiException) as refused:
        sdk.update_live_activity(app_id, "order-42", update_request("update", "late"))
    assert 400 <= refused.value.status < 500
    assert "errors" in refused.value.body


def test_a_start_without_required_fields_is_refused_before_or_by_the_sandbox(sdk: Any, app_id: str) -> None:
    with pytest.raises(ApiException) as refused:
        sdk.start_live_activity(app_id, "OrderAttributes", start_request(""))
    assert refused.value.status == 400
    assert "activity_id" in refused.value.body


def test_the_estimate_counts_the_audience_without_sending(
    sdk: Any, client: OneSignalClient, app_id: str
) -> None:
    email = sdk.estimate_notification_recipients(
        EstimateNotificationRecipientsRequest(
            app_id=app_id, included_segments=["Subscribed Users"], target_channel="email"
        )
    )
    push = sdk.estimate_notification_recipients(
        EstimateNotificationRecipientsRequest(
            app_id=app_id, included_segments=["Subscribed Users"], target_channel="push"
        )
    )
    assert email.count == EMAIL_READERS
    assert push.count >= IOS_DEVICES
    ours = client.estimate_notification_recipients(
        {"app_id": app_id, "included_segments": ["Subscribed Users"], "target_channel": "push"}
    )
    assert ours.count == push.count
    assert client.get_notifications(app_id).total_count == 0  # counting sent nothing


def test_the_audit_log_holds_the_sdks_changes_with_the_key_that_made_them(
    sdk: Any, sandbox: Sandbox, app_id: str
) -> None:
    since = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    sdk.start_live_activity(app_id, "OrderAttributes", start_request("order-7"))
    page = sdk.list_audit_logs(sandbox.organization_id, start_time=since, actions=["live_activity.started"])
    (event,) = page.audit_logs
    assert event.app_id == app_id
    assert event.targets[0].id == "order-7"
    assert event.actor.type == "app_api_key"
    assert event.context.ip == "127.0.0.1"
    # A page at a time, by cursor.
    sdk.start_live_activity(app_id, "OrderAttributes", start_request("order-8"))
    first = sdk.list_audit_logs(sandbox.organization_id, start_time=since, limit=1)
    assert first.has_more is True and first.next_cursor
    second = sdk.list_audit_logs(sandbox.organization_id, cursor=first.next_cursor, limit=1)
    assert second.audit_logs[0].id != first.audit_logs[0].id


def test_email_figures_and_unsubscribe_through_the_sdk(
    sdk: Any, sandbox: Sandbox, client: OneSignalClient, app_id: str
) -> None:
    sent = client.create_notification(
        {
            "app_id": app_id,
            "included_segments": ["Subscribed Users"],
            "email_subject": "News",
            "email_body": "<p>Hi</p>",
        }
    )
    assert sent.id
    sandbox.clock.advance(6 * 3600)
    now = datetime.fromtimestamp(sandbox.clock.now(), UTC)
    start, end = now - timedelta(days=1), now + timedelta(minutes=1)
    reputation = sdk.get_email_reputation(app_id)
    assert 0 <= reputation.last_24_hours.bounce_rate < 1
    by_provider = sdk.get_email_provider_metrics(app_id, EMAIL_DOMAIN, start, end)
    sent_total = sum(p.metrics.sent for p in by_provider.providers)
    assert sent_total == EMAIL_READERS
    hourly = sdk.get_email_provider_metrics_timeseries(
        app_id, EMAIL_DOMAIN, start, end, "hourly", providers=["gmail"]
    )
    gmail = next(p.metrics.sent for p in by_provider.providers if p.provider == "gmail")
    assert sum(e.metrics.sent for e in hourly.events) == gmail
    # The unsubscribe link of one email unsubscribes that reader only.
    reader = next(p for p in client.get_players(app_id, 300, 0).players if p.device_type == 11)
    assert reader.id
    token = sandbox.unsubscribe_token(sent.id, reader.id)
    assert sdk.unsubscribe_email_with_token(app_id, sent.id, token).success is True
    assert (client.get_player(app_id, reader.id).notification_types or 0) < 0
    with pytest.raises(ApiException) as refused:
        sdk.unsubscribe_email_with_token(app_id, sent.id, "not-a-token")
    assert refused.value.status == 400 and "token" in refused.value.body
