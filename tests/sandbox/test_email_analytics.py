"""Email analytics and unsubscribe over real HTTP with the project's client: believable figures from
the app's email sends (delivery, bounce, complaint, by provider, over time), consistent with the send's
own report; unsubscribe by token flips that email subscription; bad input is a 400 naming the field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import BadRequestError
from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox.store import iso

DOMAIN = "mail.sandbox.test"
PROVIDERS = {"gmail", "google_workspace", "outlook_us", "outlook_365", "yahoo_us", "apple", "other"}


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


@pytest.fixture
def app_id(sandbox: Sandbox, client: OneSignalClient) -> str:
    app = client.create_app({"name": "Newsletter"})
    assert app.id
    emails = [{"device_type": 11, "token": f"reader{i}@example.com"} for i in range(2000)]
    sandbox.store.bulk_create_players(app.id, emails, sandbox.clock.now())
    return app.id


def send_email(client: OneSignalClient, app_id: str) -> str:
    sent = client.create_notification(
        {
            "app_id": app_id,
            "included_segments": ["Subscribed Users"],
            "email_subject": "News",
            "email_body": "<p>Hi</p>",
        }
    )
    assert sent.id
    return sent.id


def test_provider_figures_add_up_to_the_sends_report(
    sandbox: Sandbox, client: OneSignalClient, app_id: str
) -> None:
    notification_id = send_email(client, app_id)
    sandbox.clock.advance(6 * 3600)
    report = client.get_notification(app_id, notification_id)
    email = report.platform_delivery_stats.email if report.platform_delivery_stats else None
    assert email is not None
    window = (iso(sandbox.clock.now() - 86400), iso(sandbox.clock.now() + 60))
    figures = client.get_email_provider_metrics(app_id, DOMAIN, *window).providers
    assert {p.provider for p in figures} == PROVIDERS
    metrics = [p.metrics for p in figures if p.metrics is not None]
    assert sum(m.sent or 0 for m in metrics) == 2000
    assert sum(m.bounced or 0 for m in metrics) == email.bounced
    assert sum(m.delivered or 0 for m in metrics) == email.received
    by_name = {p.provider: p.metrics for p in figures}
    gmail, yahoo = by_name["gmail"], by_name["yahoo_us"]
    assert gmail and yahoo and (gmail.sent or 0) > (yahoo.sent or 0)  # the biggest inbox provider
    for m in metrics:
        assert (m.unique_opened or 0) <= (m.delivered or 0) and (m.complained or 0) <= (m.delivered or 0)


def test_reputation_rates_are_believable_fractions(
    sandbox: Sandbox, client: OneSignalClient, app_id: str
) -> None:
    empty = client.get_email_reputation(app_id)
    assert empty.last_24_hours is not None and empty.last_24_hours.bounce_rate == 0.0
    send_email(client, app_id)
    sandbox.clock.advance(6 * 3600)
    reputation = client.get_email_reputation(app_id)
    for window in (reputation.last_24_hours, reputation.last_7_days, reputation.last_30_days):
        assert window is not None and window.bounce_rate is not None and window.complaint_rate is not None
        assert 0 <= window.bounce_rate < 0.1 and 0 <= window.complaint_rate < 0.01
    day = (iso(sandbox.clock.now() - 86400), iso(sandbox.clock.now() + 60))
    figures = [
        p.metrics for p in client.get_email_provider_metrics(app_id, DOMAIN, *day).providers if p.metrics
    ]
    bounced, sent = sum(m.bounced or 0 for m in figures), sum(m.sent or 0 for m in figures)
    assert reputation.last_24_hours is not None
    assert reputation.last_24_hours.bounce_rate == pytest.approx(bounced / sent, abs=1e-6)
    sandbox.clock.advance(2 * 86400)
    later = client.get_email_reputation(app_id)
    assert later.last_24_hours is not None and later.last_24_hours.bounce_rate == 0.0
    assert later.last_7_days == reputation.last_7_days


def test_time_series_puts_each_send_in_its_bucket(
    sandbox: Sandbox, client: OneSignalClient, app_id: str
) -> None:
    start = sandbox.clock.now() - 3 * 3600
    send_email(client, app_id)
    sandbox.clock.advance(2 * 3600)
    send_email(client, app_id)
    sandbox.clock.advance(2 * 3600)
    series = client.get_email_provider_metrics_timeseries(
        app_id, DOMAIN, iso(start), iso(sandbox.clock.now()), "hourly"
    ).events
    sent = [e.metrics.sent if e.metrics else None for e in series]
    assert len(series) in (7, 8) and sent.count(2000) == 2 and sum(s or 0 for s in sent) == 4000
    gmail_only = client.get_email_provider_metrics_timeseries(
        app_id, DOMAIN, iso(start), iso(sandbox.clock.now()), "daily", ["gmail"]
    ).events
    assert 0 < sum(e.metrics.sent or 0 for e in gmail_only if e.metrics) < 4000


def test_an_unknown_domain_has_no_figures(sandbox: Sandbox, client: OneSignalClient, app_id: str) -> None:
    send_email(client, app_id)
    window = (iso(sandbox.clock.now() - 3600), iso(sandbox.clock.now() + 3600))
    assert client.get_email_provider_metrics(app_id, "other.example", *window).providers == []


def test_bad_queries_name_the_parameter(sandbox: Sandbox, client: OneSignalClient, app_id: str) -> None:
    now = sandbox.clock.now()
    day = 86400
    metrics, series = client.get_email_provider_metrics, client.get_email_provider_metrics_timeseries
    hour_ago, now_text = iso(now - 3600), iso(now)
    cases = [
        (lambda: metrics(app_id, "", hour_ago, now_text), "domain"),
        (lambda: metrics(app_id, DOMAIN, "monday", now_text), "start"),
        (lambda: metrics(app_id, DOMAIN, now_text, hour_ago), "start must be before end"),
        (lambda: metrics(app_id, DOMAIN, iso(now - 400 * day), now_text), "365 days"),
        (lambda: series(app_id, DOMAIN, hour_ago, now_text, "weekly"), "granularity"),  # type: ignore[arg-type]
        (lambda: series(app_id, DOMAIN, hour_ago, now_text, "daily", ["aol"]), "providers"),
        (lambda: series(app_id, DOMAIN, iso(now - 300 * day), now_text, "hourly"), "granularity"),
    ]
    for call, name in cases:
        with pytest.raises(BadRequestError) as refused:
            call()
        assert name in str(refused.value)


def test_unsubscribe_by_token_flips_that_email_subscription(
    sandbox: Sandbox, client: OneSignalClient, app_id: str
) -> None:
    notification_id = send_email(client, app_id)
    players = client.get_players(app_id, 2).players
    reader = players[0]
    assert reader.id and reader.invalid_identifier is not True
    token = sandbox.unsubscribe_token(notification_id, reader.id)
    assert client.unsubscribe_email_with_token(app_id, notification_id, token).success is True
    assert (client.get_player(app_id, reader.id).notification_types or 0) < 0
    assert (client.get_player(app_id, str(players[1].id)).notification_types or 1) > 0  # only that one
    estimate = client.estimate_notification_recipients(
        {"app_id": app_id, "included_segments": ["Subscribed Users"], "target_channel": "email"}
    )
    assert estimate.count == 1999
    for bad in (token[:-1] + ("0" if token[-1] != "0" else "1"), "garbage", f"{players[1].id}.forged"):
        with pytest.raises(BadRequestError) as refused:
            client.unsubscribe_email_with_token(app_id, notification_id, bad)
        assert "token" in str(refused.value)
