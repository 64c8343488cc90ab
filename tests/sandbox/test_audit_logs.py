"""The audit log over real HTTP with the project's client: changes through the sandbox are logged with
the key that made them, action, target, IP and time; pages follow next_cursor; the spec's filters and
limits hold; bad queries are 400s naming the parameter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import BadRequestError, ForbiddenError
from onesignal_desktop.api.resources.audit_logs import AuditLogFilter
from onesignal_desktop.sandbox import Sandbox
from onesignal_desktop.sandbox.store import AuditEvent, iso


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


def since_start(sandbox: Sandbox) -> str:
    return iso(sandbox.clock.now() - 3600)  # the seeded events start 1,000 s ago


def test_changes_are_logged_with_actor_action_target_ip_and_time(
    sandbox: Sandbox, client: OneSignalClient
) -> None:
    app = client.create_app({"name": "Audited"})
    assert app.id
    segment = client.create_segments(
        app.id, {"name": "VIP", "filters": [{"field": "session_count", "relation": ">", "value": "3"}]}
    )
    key = client.create_api_key(app.id, {"name": "ci"})
    assert key.formatted_token and key.token_id
    with OneSignalClient(sandbox.base_url, app_keys={app.id: key.formatted_token}) as with_key:
        with_key.create_template({"app_id": app.id, "name": "Welcome", "contents": {"en": "Hi"}})
    client.delete_segments(app.id, str(segment.id))
    client.get_apps()  # reads are not changes
    page = client.list_audit_logs(sandbox.organization_id, start_time=since_start(sandbox))
    actions = [event.action for event in page.audit_logs]
    assert actions == [
        "app.created",
        "segment.created",
        "api_key.created",
        "template.created",
        "segment.deleted",
    ]
    created_app, created_segment, _, template, _ = page.audit_logs
    assert created_app.targets[0].id == app.id and created_app.app_id == app.id
    assert created_app.actor is not None and created_app.actor.type == "organization_api_key"
    assert created_segment.targets[0].type == "segment" and created_segment.targets[0].name == "VIP"
    assert template.actor is not None and template.actor.id == key.token_id and template.actor.name == "ci"
    assert template.context is not None and template.context.ip == "127.0.0.1"
    assert template.occurred_at and template.organization_id == sandbox.organization_id
    assert key.formatted_token not in page.model_dump_json()  # the key itself is never logged


def test_notifications_and_live_activities_are_logged(sandbox: Sandbox, client: OneSignalClient) -> None:
    app = client.create_app({"name": "Sends"})
    assert app.id
    sandbox.store.bulk_create_players(app.id, [{"device_type": 0, "token": "t"}], sandbox.clock.now())
    sent = client.create_notification(
        {
            "app_id": app.id,
            "included_segments": ["All"],
            "contents": {"en": "Hello"},
            "send_after": "2100-01-01",
        }
    )
    client.cancel_notification(app.id, str(sent.id))
    client.start_live_activity(
        app.id,
        "Order",
        {"name": "o", "event": "start", "activity_id": "a1", "event_attributes": {}, "event_updates": {},
         "contents": {"en": "c"}, "headings": {"en": "h"}, "included_segments": ["All"]},
    )  # fmt: skip
    client.update_live_activity(app.id, "a1", {"name": "o", "event": "end", "event_updates": {}})
    page = client.list_audit_logs(sandbox.organization_id, start_time=since_start(sandbox), app_ids=[app.id])
    actions = [(e.action, e.targets[0].id if e.targets else None) for e in page.audit_logs]
    assert actions[1:] == [
        ("notification.sent", sent.id),
        ("notification.canceled", sent.id),
        ("live_activity.started", "a1"),
        ("live_activity.ended", "a1"),
    ]


def seed(sandbox: Sandbox, count: int) -> None:
    start = sandbox.clock.now() - 1000
    sandbox.store.insert_audit_events(
        (
            AuditEvent(
                organization_id=sandbox.organization_id,
                occurred_at=start + i * 0.01,
                action="segment.updated" if i % 3 else "template.deleted",
                app_id=f"app-{i % 4}",
                actor_id=f"key-{i % 5}",
                target_type="segment" if i % 3 else "template",
                target_id=f"t{i}",
                ip="10.0.0.1" if i % 2 else "10.0.0.2",
            )
            for i in range(count)
        ),
    )


def test_pages_follow_the_cursor_oldest_first_without_gaps(sandbox: Sandbox, client: OneSignalClient) -> None:
    seed(sandbox, 250)
    pages = list(
        client.iter_audit_log_pages(sandbox.organization_id, start_time=since_start(sandbox), page_size=100)
    )
    assert [len(page.items) for page in pages] == [100, 100, 50]
    ids = [event.targets[0].id for page in pages for event in page.items]
    assert ids == [f"t{i}" for i in range(250)]


def test_the_spec_filters_narrow_the_log(sandbox: Sandbox, client: OneSignalClient) -> None:
    seed(sandbox, 120)
    org = sandbox.organization_id
    page = client.list_audit_logs(
        org, start_time=since_start(sandbox), limit=100, actions=["template.deleted"]
    )
    assert len(page.audit_logs) == 40 and {e.action for e in page.audit_logs} == {"template.deleted"}
    where = AuditLogFilter(app_ids=["app-1"], actor_ids=["key-1", "key-3"], ip_addresses=["10.0.0.1"])
    found = [
        e
        for p in client.iter_audit_log_pages(org, start_time=since_start(sandbox), where=where)
        for e in p.items
    ]
    expected = [f"t{i}" for i in range(120) if i % 4 == 1 and i % 5 in (1, 3) and i % 2]
    assert [e.targets[0].id for e in found] == expected
    assert (
        client.list_audit_logs(org, start_time=since_start(sandbox), target_ids=["t7"])
        .audit_logs[0]
        .targets[0]
        .id
        == "t7"
    )


def test_limit_is_clamped_and_bad_queries_name_the_parameter(
    sandbox: Sandbox, client: OneSignalClient
) -> None:
    seed(sandbox, 150)
    org = sandbox.organization_id
    assert len(client.list_audit_logs(org, start_time=since_start(sandbox), limit=1000).audit_logs) == 100
    assert len(client.list_audit_logs(org, start_time=since_start(sandbox), limit=0).audit_logs) == 1
    for kwargs, name in [
        ({}, "start_time"),
        ({"start_time": "yesterday"}, "start_time"),
        ({"start_time": iso(sandbox.clock.now() - 100 * 86400)}, "90 days"),
        ({"start_time": since_start(sandbox), "end_time": "1999-01-01T00:00:00Z"}, "end_time"),
        ({"start_time": since_start(sandbox), "app_ids": [f"a{i}" for i in range(11)]}, "app_ids"),
        ({"start_time": since_start(sandbox), "actions": [f"x{i}" for i in range(21)]}, "actions"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ]:
        with pytest.raises(BadRequestError) as refused:
            client.list_audit_logs(org, **kwargs)  # type: ignore[arg-type]
        assert name in str(refused.value), kwargs


def test_another_organization_or_an_app_key_is_refused(sandbox: Sandbox, client: OneSignalClient) -> None:
    with pytest.raises(ForbiddenError):
        client.list_audit_logs("another-org", start_time=since_start(sandbox))
