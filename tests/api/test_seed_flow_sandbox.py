"""The seed flow end to end over loopback HTTP against the sandbox: the client and the server agree."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import onesignal_desktop.sandbox as sandbox_module
from onesignal_desktop.api import (
    AuthError,
    BudgetWait,
    MissingKeyError,
    NotFoundError,
    NotificationNotSent,
    NotificationSent,
    OneSignalClient,
    RateBudget,
    RetryPolicy,
    ServerError,
    iter_csv_rows,
)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[object]:
    with sandbox_module.start_sandbox(seed_demo=False) as running:
        yield running


@pytest.fixture
def client(sandbox: object) -> Iterator[OneSignalClient]:
    with OneSignalClient(
        sandbox.base_url,  # type: ignore[attr-defined]
        organization_key=sandbox.org_key,  # type: ignore[attr-defined]
        app_keys=lambda app_id: sandbox.app_key(app_id),  # type: ignore[attr-defined]
    ) as client:
        yield client


def test_seed_flow(client: OneSignalClient, sandbox: object, tmp_path: Path) -> None:
    app = client.create_app({"name": "Seed flow"})
    assert app.id and app.name == "Seed flow"
    app_id = app.id
    assert app_id in {listed.id for listed in client.get_apps()}
    assert client.get_app(app_id).name == "Seed flow"
    assert client.update_app(app_id, {"name": "Seed flow 2"}).name == "Seed flow 2"

    created = client.create_player(
        {"app_id": app_id, "device_type": 1, "identifier": "token-1", "external_user_id": "user-1",
         "tags": {"level": "3"}}
    )  # fmt: skip
    assert created.id
    player_id = created.id
    assert client.get_player(app_id, player_id).identifier == "token-1"
    client.update_player(player_id, {"app_id": app_id, "language": "fr"})
    assert client.get_player(app_id, player_id).language == "fr"
    client.update_player_tags(app_id, "user-1", {"tags": {"level": "4", "vip": "yes"}})
    assert (client.get_player(app_id, player_id).tags or {}).get("vip") == "yes"
    players = list(client.iter_players(app_id))
    assert [player.id for player in players] == [player_id]

    sent = client.create_notification(
        {"app_id": app_id, "contents": {"en": "Hello"}, "included_segments": ["Subscribed Users"]}
    )
    assert isinstance(sent, NotificationSent) and sent.recipients == 1
    again = client.create_notification(
        {"app_id": app_id, "contents": {"en": "Hello"}, "included_segments": ["Subscribed Users"]},
        idempotency_key=sent.idempotency_key,
    )
    assert again.sent and again.id == sent.id and again.replayed
    nobody = client.create_notification(
        {"app_id": app_id, "contents": {"en": "Hi"}, "include_aliases": {"external_id": ["nobody"]},
         "target_channel": "push"}
    )  # fmt: skip
    assert isinstance(nobody, NotificationNotSent)
    assert client.get_notification(app_id, sent.id).id == sent.id
    assert sent.id in {n.id for n in client.iter_notifications(app_id)}

    segment = client.create_segments(
        app_id,
        {"name": "Level 4", "filters": [{"field": "tag", "key": "level", "relation": "=", "value": "4"}]},
    )
    assert segment.id

    export = client.export_players(app_id, extra_fields=["country"])
    assert export.csv_file_url
    clock = sandbox.clock  # type: ignore[attr-defined]
    path = client.download_export(export.csv_file_url, tmp_path / "players.csv.gz", sleep=clock.advance)
    rows = list(iter_csv_rows(path))
    assert [row["id"] for row in rows] == [player_id]

    outcomes = client.get_outcomes(app_id, ["os__click.count"], "1d")
    assert isinstance(outcomes.outcomes, list)

    later = client.create_notification(
        {"app_id": app_id, "contents": {"en": "Later"}, "included_segments": ["Subscribed Users"],
         "send_after": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(clock.now() + 86400))}
    )  # fmt: skip
    assert later.id
    client.cancel_notification(app_id, later.id)
    assert client.get_notification(app_id, later.id).canceled

    client.delete_segments(app_id, segment.id)
    client.delete_player(app_id, player_id)
    with pytest.raises(NotFoundError):
        client.get_player(app_id, player_id)


def test_current_api_users_subscriptions_templates_and_keys(client: OneSignalClient) -> None:
    app_id = client.create_app({"name": "Current API"}).id or ""
    user = client.create_user(
        app_id,
        {"identity": {"external_id": "u-1"}, "properties": {"tags": {"plan": "pro"}},
         "subscriptions": [{"type": "Email", "token": "u1@example.com"}]},
    )  # fmt: skip
    assert (user.identity or {}).get("external_id") == "u-1"
    fetched = client.get_user(app_id, "external_id", "u-1")
    assert fetched.subscriptions and fetched.subscriptions[0].token == "u1@example.com"
    client.update_user(app_id, "external_id", "u-1", {"properties": {"tags": {"plan": "team"}}})
    assert ((client.get_user(app_id, "external_id", "u-1").properties or {}).tags or {}).get("plan") == "team"  # type: ignore[union-attr]
    client.create_alias(app_id, "external_id", "u-1", {"identity": {"crm": "c-1"}})
    assert client.get_aliases(app_id, "external_id", "u-1").identity.get("crm") == "c-1"
    client.delete_alias(app_id, "external_id", "u-1", "crm")
    assert "crm" not in client.get_aliases(app_id, "external_id", "u-1").identity

    subscription = client.create_subscription(
        app_id, "external_id", "u-1", {"subscription": {"type": "SMS", "token": "+15555550100"}}
    ).subscription
    assert subscription is not None and subscription.id
    client.update_subscription(app_id, subscription.id, {"subscription": {"enabled": False}})
    client.create_user(app_id, {"identity": {"external_id": "u-2"}})
    client.transfer_subscription(app_id, subscription.id, {"identity": {"external_id": "u-2"}})
    owned = client.get_user(app_id, "external_id", "u-2").subscriptions or []
    assert subscription.id in {owned_sub.id for owned_sub in owned}
    client.delete_subscription(app_id, subscription.id)
    client.delete_user(app_id, "external_id", "u-1")
    with pytest.raises(NotFoundError):
        client.get_user(app_id, "external_id", "u-1")

    template = client.create_template({"app_id": app_id, "name": "Welcome", "contents": {"en": "Hi"}})
    assert template.id
    assert client.view_template(template.id, app_id).name == "Welcome"
    client.update_template(template.id, app_id, {"name": "Welcome!"})
    assert [t.name for t in client.view_templates(app_id).templates] == ["Welcome!"]
    client.delete_template(template.id, app_id)

    created_key = client.create_api_key(app_id, {"name": "ci"})
    assert created_key.token_id and created_key.formatted_token
    assert created_key.token_id in {token.token_id for token in client.view_api_keys(app_id).tokens}
    client.update_api_key(app_id, created_key.token_id, {"name": "ci-2"})
    rotated = client.rotate_api_key(app_id, created_key.token_id)
    assert rotated.formatted_token and rotated.formatted_token != created_key.formatted_token
    client.delete_api_key(app_id, created_key.token_id)


def test_legacy_prefix_and_wrong_keys(sandbox: object) -> None:
    base = sandbox.base_url + "/api/v1"  # type: ignore[attr-defined]
    with OneSignalClient(base, organization_key=sandbox.org_key) as legacy:  # type: ignore[attr-defined]
        assert isinstance(legacy.get_apps(), list)
        with pytest.raises(MissingKeyError):
            legacy.get_notifications("some-app")
    with OneSignalClient(sandbox.base_url, organization_key="os_v2_org_" + "z" * 52) as wrong:  # type: ignore[attr-defined]
        with pytest.raises(AuthError) as caught:
            wrong.get_apps()
        assert "z" * 52 not in str(caught.value)


class _RecordingSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def faulty(sandbox: object) -> Iterator[tuple[OneSignalClient, object, _RecordingSleep, str]]:
    sleep = _RecordingSleep()
    with OneSignalClient(
        sandbox.base_url,  # type: ignore[attr-defined]
        organization_key=sandbox.org_key,  # type: ignore[attr-defined]
        app_keys=lambda app_id: sandbox.app_key(app_id),  # type: ignore[attr-defined]
        retry=RetryPolicy(max_attempts=4, sleep=sleep, jitter=lambda delay: delay),
    ) as client:
        app_id = client.create_app({"name": "Faults"}).id or ""
        client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token-f"})
        yield client, sandbox.faults, sleep, app_id  # type: ignore[attr-defined]
        sandbox.faults.clear()  # type: ignore[attr-defined]


def test_a_send_whose_answer_was_lost_is_retried_and_replayed_not_sent_twice(
    faulty: tuple[OneSignalClient, object, _RecordingSleep, str],
) -> None:
    client, faults, sleep, app_id = faulty
    faults.inject("truncate", method="POST", path="/notifications")  # type: ignore[attr-defined]
    result = client.create_notification(
        {"app_id": app_id, "contents": {"en": "Once"}, "included_segments": ["Subscribed Users"]}
    )
    assert result.sent and result.replayed
    assert len(sleep.calls) == 1
    sent = [n for n in client.iter_notifications(app_id) if (n.contents or {}).get("en") == "Once"]
    assert [n.id for n in sent] == [result.id]


def test_rate_limits_and_outages_over_http_are_retried(
    faulty: tuple[OneSignalClient, object, _RecordingSleep, str],
) -> None:
    client, faults, sleep, app_id = faulty
    faults.inject("429", retry_after=3, method="GET", path="/notifications")  # type: ignore[attr-defined]
    faults.inject("html", method="GET", path="/notifications")  # type: ignore[attr-defined]
    faults.inject("reset", method="GET", path="/notifications")  # type: ignore[attr-defined]
    assert client.get_notifications(app_id).total_count is not None
    assert sleep.calls[0] == 3.0 and len(sleep.calls) == 3


def test_a_post_without_idempotency_key_is_not_retried_over_http(
    faulty: tuple[OneSignalClient, object, _RecordingSleep, str],
) -> None:
    client, faults, sleep, app_id = faulty
    faults.inject("503", method="POST", path="/players")  # type: ignore[attr-defined]
    with pytest.raises(ServerError):
        client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token-g"})
    assert sleep.calls == []


def test_one_client_shared_by_worker_threads(client: OneSignalClient) -> None:
    app_id = client.create_app({"name": "Threads"}).id or ""
    client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token-t"})
    ids = [
        client.create_notification(
            {"app_id": app_id, "contents": {"en": f"n{i}"}, "included_segments": ["Subscribed Users"]}
        ).id
        for i in range(3)
    ]
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                for notification_id in ids:
                    assert client.get_notification(app_id, notification_id or "").id == notification_id
        except BaseException as exc:  # surfaced by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []


def test_with_its_budget_on_the_console_never_provokes_a_429(tmp_path: Path) -> None:
    from onesignal_desktop.sandbox.clock import SandboxClock

    clock = SandboxClock()
    clock.freeze()
    waits: list[BudgetWait] = []
    with sandbox_module.start_sandbox(seed_demo=False, rate_limits="onesignal", clock=clock) as limited:
        budget = RateBudget(clock=clock.now, sleep=clock.advance, on_wait=waits.append)
        with OneSignalClient(
            limited.base_url,
            organization_key=limited.org_key,
            app_keys=limited.app_key,
            retry=1,
            rate_budget=budget,
        ) as client:
            app_id = client.create_app({"name": "Limited"}).id or ""
            client.create_player({"app_id": app_id, "device_type": 1, "identifier": "token-l"})
            sent = client.create_notification(
                {"app_id": app_id, "contents": {"en": "x"}, "included_segments": ["Subscribed Users"]}
            )
            for _ in range(3):  # a person clicking around: list, open, list players, refresh
                client.get_notifications(app_id, limit=10)
                client.get_notification(app_id, sent.id or "")
                client.get_players(app_id)
    assert len(waits) >= 8 and all(wait.seconds <= 1.0 for wait in waits)
