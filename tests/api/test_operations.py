# ruff: noqa: E501  (the table of cases reads best one case per line group)
"""Every operation sends the method, path, query, body and Authorization header the specs define."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from api_support import APP_ID, APP_KEY, CURRENT_OPERATIONS, ORG_KEY, SEED_OPERATIONS, FakeServer

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.models import (
    CreateApiKeyRequest,
    Notification,
    NotificationWithMeta,
    Segment,
    UpdateSegmentRequest,
)

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"
PID = "6392d91a-b206-4b4f-a4d4-5c1b9e8c1c9a"
SEG = "9d1c3e0a-0000-4000-8000-000000000001"
SUB = "e4e87830-b954-4363-b7bc-1f01dbaee5c8"
TPL = "7f3d2c10-0000-4000-8000-00000000000a"
TOK = "tok_123"

ORG = "organization"
APP = "app"

# (method name, args, kwargs, answer body, HTTP method, path, query, request body, key)
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], Any, str, str, dict[str, str], Any, str]] = [
    ("get_apps", (), {}, [{"id": APP_ID, "name": "Demo"}], "GET", "/apps", {}, None, ORG),
    ("get_app", (APP_ID,), {}, {"id": APP_ID}, "GET", f"/apps/{APP_ID}", {}, None, ORG),
    ("create_app", ({"name": "New"},), {}, {"id": APP_ID, "name": "New"}, "POST", "/apps", {}, {"name": "New"}, ORG),
    ("update_app", (APP_ID, {"name": "Renamed"}), {}, {"id": APP_ID}, "PUT", f"/apps/{APP_ID}", {},
     {"name": "Renamed"}, ORG),
    ("cancel_notification", (APP_ID, NID), {}, {"success": True}, "DELETE", f"/notifications/{NID}",
     {"app_id": APP_ID}, None, APP),
    ("get_notification", (APP_ID, NID), {}, {"id": NID}, "GET", f"/notifications/{NID}", {"app_id": APP_ID}, None,
     APP),
    ("get_notifications", (APP_ID, 50, 100, 1), {}, {"total_count": 0, "notifications": []}, "GET",
     "/notifications", {"app_id": APP_ID, "limit": "50", "offset": "100", "kind": "1"}, None, APP),
    ("get_notifications", (APP_ID,), {"time_offset": "2025-01-01T00:00:00.000Z"}, {"notifications": []}, "GET",
     "/notifications", {"app_id": APP_ID, "time_offset": "2025-01-01T00:00:00.000Z"}, None, APP),
    ("get_notification_history", (NID, {"events": "clicked", "app_id": APP_ID}), {},
     {"success": True, "destination_url": "https://x/y.csv"}, "POST", f"/notifications/{NID}/history", {},
     {"events": "clicked", "app_id": APP_ID}, APP),
    ("create_segments", (APP_ID, Segment(name="VIP", filters=[{"field": "tag", "key": "vip", "relation": "=",
                                                                "value": "1"}])), {},
     {"success": True, "id": SEG}, "POST", f"/apps/{APP_ID}/segments", {},
     {"name": "VIP", "filters": [{"field": "tag", "key": "vip", "relation": "=", "value": "1"}]}, APP),
    ("delete_segments", (APP_ID, SEG), {}, {"success": True}, "DELETE", f"/apps/{APP_ID}/segments/{SEG}", {}, None,
     APP),
    ("get_segments", (APP_ID, 0, 10), {}, {"total_count": 0, "segments": []}, "GET", f"/apps/{APP_ID}/segments",
     {"offset": "0", "limit": "10"}, None, APP),
    ("get_segment", (APP_ID, SEG, True), {}, {"subscriber_count": 3}, "GET", f"/apps/{APP_ID}/segments/{SEG}",
     {"include-segment-detail": "true"}, None, APP),
    ("update_segment", (APP_ID, SEG, UpdateSegmentRequest(name="VIPs")), {}, {"success": True, "id": SEG}, "PATCH",
     f"/apps/{APP_ID}/segments/{SEG}", {}, {"name": "VIPs"}, APP),
    ("create_player", ({"app_id": APP_ID, "device_type": 1, "identifier": "tok"},), {},
     {"success": True, "id": PID}, "POST", "/players", {}, {"app_id": APP_ID, "device_type": 1, "identifier": "tok"},
     APP),
    ("get_player", (APP_ID, PID), {}, {"id": PID}, "GET", f"/players/{PID}", {"app_id": APP_ID}, None, APP),
    ("get_players", (APP_ID, 300, 600), {}, {"total_count": 0, "players": []}, "GET", "/players",
     {"app_id": APP_ID, "limit": "300", "offset": "600"}, None, APP),
    ("export_players", (APP_ID,), {"extra_fields": ["country"], "last_active_since": 1700000000,
                                   "segment_name": "Active"},
     {"csv_file_url": "https://files/x.csv.gz"}, "POST", "/players/csv_export", {"app_id": APP_ID},
     {"extra_fields": ["country"], "last_active_since": "1700000000", "segment_name": "Active"}, APP),
    ("update_player", (PID, {"app_id": APP_ID, "language": "fr"}), {}, {"success": True}, "PUT", f"/players/{PID}",
     {}, {"app_id": APP_ID, "language": "fr"}, APP),
    ("update_player_tags", (APP_ID, "user-1", {"tags": {"level": "3", "old": ""}}), {}, {"success": True}, "PUT",
     f"/apps/{APP_ID}/users/user-1", {}, {"tags": {"level": "3", "old": ""}}, APP),
    ("delete_player", (APP_ID, PID), {}, {"success": True}, "DELETE", f"/players/{PID}", {"app_id": APP_ID}, None,
     APP),
    ("get_outcomes", (APP_ID, ["os__click.count", "Purchase.sum"], "1d", [0, 1], "direct"), {},
     {"outcomes": [{"id": "os__click", "value": 3, "aggregation": "count"}]}, "GET", f"/apps/{APP_ID}/outcomes",
     {"outcome_names": "os__click.count,Purchase.sum", "outcome_time_range": "1d", "outcome_platforms": "0,1",
      "outcome_attribution": "direct"}, None, APP),
    ("create_user", (APP_ID, {"identity": {"external_id": "u1"}}), {}, {"identity": {"external_id": "u1"}}, "POST",
     f"/apps/{APP_ID}/users", {}, {"identity": {"external_id": "u1"}}, APP),
    ("get_user", (APP_ID, "external_id", "u1"), {}, {"identity": {"external_id": "u1"}}, "GET",
     f"/apps/{APP_ID}/users/by/external_id/u1", {}, None, APP),
    ("update_user", (APP_ID, "external_id", "u1", {"properties": {"tags": {"a": "1"}}}), {},
     {"properties": {"tags": {"a": "1"}}}, "PATCH", f"/apps/{APP_ID}/users/by/external_id/u1", {},
     {"properties": {"tags": {"a": "1"}}}, APP),
    ("delete_user", (APP_ID, "onesignal_id", "os-1"), {}, None, "DELETE", f"/apps/{APP_ID}/users/by/onesignal_id/os-1",
     {}, None, APP),
    ("get_aliases", (APP_ID, "external_id", "u1"), {}, {"identity": {"external_id": "u1"}}, "GET",
     f"/apps/{APP_ID}/users/by/external_id/u1/identity", {}, None, APP),
    ("create_alias", (APP_ID, "external_id", "u1", {"identity": {"crm": "c-9"}}), {},
     {"identity": {"external_id": "u1", "crm": "c-9"}}, "PATCH", f"/apps/{APP_ID}/users/by/external_id/u1/identity",
     {}, {"identity": {"crm": "c-9"}}, APP),
    ("delete_alias", (APP_ID, "external_id", "u1", "crm"), {}, {"identity": {"external_id": "u1"}}, "DELETE",
     f"/apps/{APP_ID}/users/by/external_id/u1/identity/crm", {}, None, APP),
    ("create_subscription", (APP_ID, "external_id", "u1", {"subscription": {"type": "Email", "token": "a@b.c"}}), {},
     {"subscription": {"id": SUB, "type": "Email"}}, "POST", f"/apps/{APP_ID}/users/by/external_id/u1/subscriptions",
     {}, {"subscription": {"type": "Email", "token": "a@b.c"}}, APP),
    ("update_subscription", (APP_ID, SUB, {"subscription": {"enabled": False}}), {}, None, "PATCH",
     f"/apps/{APP_ID}/subscriptions/{SUB}", {}, {"subscription": {"enabled": False}}, APP),
    ("delete_subscription", (APP_ID, SUB), {}, None, "DELETE", f"/apps/{APP_ID}/subscriptions/{SUB}", {}, None, APP),
    ("transfer_subscription", (APP_ID, SUB, {"identity": {"external_id": "u2"}}), {},
     {"identity": {"external_id": "u2"}}, "PATCH", f"/apps/{APP_ID}/subscriptions/{SUB}/owner", {},
     {"identity": {"external_id": "u2"}}, APP),
    ("view_templates", (APP_ID, 10, 20, "push"), {}, {"templates": []}, "GET", "/templates",
     {"app_id": APP_ID, "limit": "10", "offset": "20", "channel": "push"}, None, APP),
    ("view_template", (TPL, APP_ID), {}, {"id": TPL}, "GET", f"/templates/{TPL}", {"app_id": APP_ID}, None, APP),
    ("create_template", ({"app_id": APP_ID, "name": "Welcome", "contents": {"en": "Hi"}},), {}, {"id": TPL}, "POST",
     "/templates", {}, {"app_id": APP_ID, "name": "Welcome", "contents": {"en": "Hi"}}, APP),
    ("update_template", (TPL, APP_ID, {"name": "Hello"}), {}, {"id": TPL}, "PATCH", f"/templates/{TPL}",
     {"app_id": APP_ID}, {"name": "Hello"}, APP),
    ("delete_template", (TPL, APP_ID), {}, {"success": True}, "DELETE", f"/templates/{TPL}", {"app_id": APP_ID},
     None, APP),
    ("view_api_keys", (APP_ID,), {}, {"tokens": []}, "GET", f"/apps/{APP_ID}/auth/tokens", {}, None, ORG),
    ("create_api_key", (APP_ID, CreateApiKeyRequest(name="ci")), {}, {"token_id": TOK, "formatted_token": "x"},
     "POST", f"/apps/{APP_ID}/auth/tokens", {}, {"name": "ci"}, ORG),
    ("update_api_key", (APP_ID, TOK, {"ip_allowlist_mode": "disabled"}), {}, {}, "PATCH",
     f"/apps/{APP_ID}/auth/tokens/{TOK}", {}, {"ip_allowlist_mode": "disabled"}, ORG),
    ("rotate_api_key", (APP_ID, TOK), {}, {"token_id": TOK, "formatted_token": "y"}, "POST",
     f"/apps/{APP_ID}/auth/tokens/{TOK}/rotate", {}, None, ORG),
    ("delete_api_key", (APP_ID, TOK), {}, {}, "DELETE", f"/apps/{APP_ID}/auth/tokens/{TOK}", {}, None, ORG),
    ("export_events", (NID, APP_ID), {}, {"csv_file_url": "https://files/e.csv.gz"}, "POST",
     f"/notifications/{NID}/export_events", {"app_id": APP_ID}, None, APP),
    ("start_live_activity", (APP_ID, "order_status", {"name": "n", "activity_id": "a1", "event_attributes": {},
     "event_updates": {"eta": 5}, "contents": {"en": "c"}, "headings": {"en": "h"}}), {},
     {"notification_id": NID}, "POST", f"/apps/{APP_ID}/activities/activity/order_status", {},
     {"name": "n", "activity_id": "a1", "event_attributes": {}, "event_updates": {"eta": 5},
      "contents": {"en": "c"}, "headings": {"en": "h"}}, APP),
    ("update_live_activity", (APP_ID, "a1", {"name": "n", "event": "end", "event_updates": {}}), {}, {"id": NID},
     "POST", f"/apps/{APP_ID}/live_activities/a1/notifications", {},
     {"name": "n", "event": "end", "event_updates": {}}, APP),
    ("estimate_notification_recipients", ({"app_id": APP_ID, "included_segments": ["All"]},), {}, {"count": 3},
     "POST", "/notifications/count-unsaved", {}, {"app_id": APP_ID, "included_segments": ["All"]}, APP),
    ("list_audit_logs", ("org1",), {"start_time": "2026-01-01T00:00:00Z", "limit": 50, "actions": ["app.updated"]},
     {"audit_logs": []}, "GET", "/organizations/org1/audit_logs",
     {"start_time": "2026-01-01T00:00:00Z", "limit": "50", "actions": "app.updated"}, None, ORG),
    ("get_email_reputation", (APP_ID,), {}, {}, "GET", f"/apps/{APP_ID}/email_analytics/delivery_metrics", {},
     None, APP),
    ("get_email_provider_metrics", (APP_ID, "mail.example.com", "2026-01-01T00:00:00Z", "2026-01-08T00:00:00Z"),
     {}, {"providers": []}, "GET", f"/apps/{APP_ID}/email_analytics/provider_metrics",
     {"domain": "mail.example.com", "start": "2026-01-01T00:00:00Z", "end": "2026-01-08T00:00:00Z"}, None, APP),
    ("get_email_provider_metrics_timeseries", (APP_ID, "mail.example.com", "2026-01-01T00:00:00Z",
     "2026-01-08T00:00:00Z", "daily", ["gmail"]), {}, {"events": []}, "GET",
     f"/apps/{APP_ID}/email_analytics/provider_metrics_timeseries",
     {"domain": "mail.example.com", "start": "2026-01-01T00:00:00Z", "end": "2026-01-08T00:00:00Z",
      "granularity": "daily", "providers[]": "gmail"}, None, APP),
    ("unsubscribe_email_with_token", (APP_ID, NID, "tok"), {}, {"success": True}, "POST",
     f"/apps/{APP_ID}/notifications/{NID}/unsubscribe", {"token": "tok"}, None, APP),
    ("view_journeys", (APP_ID,), {"cursor": "c1", "limit": 20}, {"journeys": []}, "GET", f"/apps/{APP_ID}/journeys",
     {"cursor": "c1", "limit": "20"}, None, APP),
    ("create_journey", (APP_ID, {"name": "J"}), {}, {"id": "j1"}, "POST", f"/apps/{APP_ID}/journeys", {},
     {"name": "J"}, APP),
    ("view_journey", (APP_ID, "j1"), {}, {"id": "j1"}, "GET", f"/apps/{APP_ID}/journeys/j1", {}, None, APP),
    ("update_journey", (APP_ID, "j1", {"state": "active"}), {}, {"id": "j1"}, "PATCH", f"/apps/{APP_ID}/journeys/j1",
     {}, {"state": "active"}, APP),
    ("delete_journey", (APP_ID, "j1"), {}, {"success": True}, "DELETE", f"/apps/{APP_ID}/journeys/j1", {}, None,
     APP),
    ("view_journey_stats", (APP_ID, "j1"), {}, {"id": "j1"}, "GET", f"/apps/{APP_ID}/journeys/j1/stats", {}, None,
     APP),
    ("update_journey_node", (APP_ID, "j1", "n1", {"annotation": "a"}), {}, {"id": "j1"}, "PATCH",
     f"/apps/{APP_ID}/journeys/j1/nodes/n1", {}, {"annotation": "a"}, APP),
    ("duplicate_journey", (APP_ID, "j1", {"overrides": {"name": "Copy"}}), {}, {"id": "j2"}, "POST",
     f"/apps/{APP_ID}/journeys/j1/duplicate", {}, {"overrides": {"name": "Copy"}}, APP),
    ("create_custom_events", (APP_ID, {"events": [{"name": "e", "external_id": "u1"}]}), {}, {}, "POST",
     f"/apps/{APP_ID}/custom_events", {}, {"events": [{"name": "e", "external_id": "u1"}]}, APP),
    ("get_aliases_by_subscription", (APP_ID, SUB), {}, {"identity": {"external_id": "u1"}}, "GET",
     f"/apps/{APP_ID}/subscriptions/{SUB}/user/identity", {}, None, APP),
    ("create_alias_by_subscription", (APP_ID, SUB, {"identity": {"crm": "c-9"}}), {},
     {"identity": {"external_id": "u1", "crm": "c-9"}}, "PATCH", f"/apps/{APP_ID}/subscriptions/{SUB}/user/identity",
     {}, {"identity": {"crm": "c-9"}}, APP),
    ("update_subscription_by_token", (APP_ID, "Email", "a@b.c", {"subscription": {"enabled": False}}), {}, {},
     "PATCH", f"/apps/{APP_ID}/subscriptions_by_token/Email/a@b.c", {}, {"subscription": {"enabled": False}}, APP),
    ("copy_template_to_app", (TPL, APP_ID, {"target_app_id": "other-app"}), {}, {"id": "tpl-copy"}, "POST",
     f"/templates/{TPL}/copy_to_app", {"app_id": APP_ID}, {"target_app_id": "other-app"}, ORG),
]  # fmt: skip

INTERFACE_METHODS = SEED_OPERATIONS + CURRENT_OPERATIONS


def test_every_agreed_method_exists_and_is_covered_here() -> None:
    covered = {case[0] for case in CASES} | {"create_notification"}
    for name in INTERFACE_METHODS:
        assert callable(getattr(OneSignalClient, name, None)), name
    assert set(INTERFACE_METHODS) == covered


@pytest.mark.parametrize("case", CASES, ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)])
def test_operation_sends_what_the_spec_says(client: OneSignalClient, server: FakeServer, case: Any) -> None:
    name, args, kwargs, answer, method, path, query, body, key = case
    server.reply(200, answer)
    getattr(client, name)(*args, **kwargs)
    request = server.last
    assert request.method == method
    assert request.url.path == path
    assert dict(request.url.params) == query
    if body is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == body
        assert request.headers["Content-Type"] == "application/json"
    expected_key = ORG_KEY if key == ORG else APP_KEY
    assert request.headers["Authorization"] == f"Key {expected_key}"


def test_create_notification_sends_the_model_fields_that_were_set_plus_an_idempotency_key(
    client: OneSignalClient, server: FakeServer
) -> None:
    server.reply(200, {"id": NID, "recipients": 2})
    notification = Notification(
        app_id=APP_ID, contents={"en": "Hello", "fr": "Bonjour"}, included_segments=["Subscribed Users"]
    )
    client.create_notification(notification)
    request = server.last
    assert (request.method, request.url.path) == ("POST", "/notifications")
    assert request.headers["Authorization"] == f"Key {APP_KEY}"
    sent = json.loads(request.content)
    key = sent.pop("idempotency_key")
    assert sent == {"app_id": APP_ID, "contents": {"en": "Hello", "fr": "Bonjour"},
                    "included_segments": ["Subscribed Users"]}  # fmt: skip
    assert len(key) == 36 and key[14] == "4"  # a UUIDv4


def test_answers_are_parsed_into_the_models(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": NID, "successful": 5, "platform_delivery_stats": {"ios": {"successful": 5}},
                       "brand_new_field": {"kept": True}})  # fmt: skip
    notification = client.get_notification(APP_ID, NID)
    assert isinstance(notification, NotificationWithMeta)
    assert notification.successful == 5
    assert notification.model_extra == {"brand_new_field": {"kept": True}}
    server.reply(200, [{"id": APP_ID, "name": "Demo"}, {"id": "other", "name": "Second"}])
    assert [app.name for app in client.get_apps()] == ["Demo", "Second"]


def test_legacy_base_url_uses_the_same_paths_under_its_prefix(make_client: Any, server: FakeServer) -> None:
    client = make_client(base_url="https://onesignal.com/api/v1/")
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert str(server.last.url) == f"https://onesignal.com/api/v1/notifications/{NID}?app_id={APP_ID}"


def test_ids_are_escaped_inside_paths(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {})
    client.get_user(APP_ID, "external_id", "a/b c?d")
    assert server.last.url.raw_path.decode().endswith("/users/by/external_id/a%2Fb%20c%3Fd")


def test_page_sizes_beyond_the_api_maximum_are_refused_before_sending(
    client: OneSignalClient, server: FakeServer
) -> None:
    with pytest.raises(ValueError, match="50"):
        client.get_notifications(APP_ID, limit=51)
    with pytest.raises(ValueError, match="300"):
        client.get_players(APP_ID, limit=301)
    assert server.requests == []


# Vendored into the project (tests/data/openapi); a missing file fails the tests.
SPEC_DIR = Path(__file__).resolve().parents[1] / "data" / "openapi"


def _load_specs() -> list[dict[str, Any]]:
    import yaml

    spec_dir = SPEC_DIR

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
    v1 = json.loads((spec_dir / "onesignal-v1.2.2.json").read_text())
    with open(spec_dir / "onesignal-v5.12.0.yaml") as handle:
        v5 = yaml.load(handle, Loader=Loader)
    return [v5, v1, _node_sdk_paths(spec_dir / "node-onesignal-5.18.0" / "DefaultApi.js")]


def _node_sdk_paths(default_api: Path) -> dict[str, Any]:
    """The Node SDK's operations as a spec-like ``paths`` table: it is the only published source of
    count-unsaved and email analytics."""
    paths: dict[str, Any] = {}
    text = default_api.read_text(encoding="utf-8")
    pattern = r"localVarPath = '([^']+)'.*?HttpMethod\.(\w+)\).*?authMethods\[\"(\w+)\"\]"
    found = re.findall(pattern, text, flags=re.S)
    assert len(found) == 56, "the Node SDK 5.18.0 has 56 operations; its DefaultApi.js did not parse"
    for path, method, auth in found:
        paths.setdefault(path, {})[method.lower()] = {"security": [{auth: []}]}
    return {"paths": paths}


# Published only in OneSignal's Python SDK 5.18.0 (not vendored); tests/sdk runs them with that SDK.
PYTHON_SDK_ONLY = {"get_email_provider_metrics", "get_email_provider_metrics_timeseries", "duplicate_journey"}


def test_every_operation_matches_a_spec_path_method_and_security() -> None:
    from onesignal_desktop.api._core import Operation
    from onesignal_desktop.api.resources import (
        api_keys,
        apps,
        audience,
        audit_logs,
        custom_events,
        email_analytics,
        exports,
        journeys,
        live_activities,
        notifications,
        outcomes,
        players,
        segments,
        subscriptions,
        templates,
        users,
    )

    specs = _load_specs()
    modules = [
        api_keys,
        apps,
        audience,
        audit_logs,
        custom_events,
        email_analytics,
        exports,
        journeys,
        live_activities,
        notifications,
        outcomes,
        players,
        segments,
        subscriptions,
        templates,
        users,
    ]
    operations = [
        value for module in modules for value in vars(module).values() if isinstance(value, Operation)
    ]
    assert {op.name for op in operations} == set(INTERFACE_METHODS)
    for op in operations:
        if op.name in PYTHON_SDK_ONLY:
            continue
        found = None
        for spec in specs:
            for spec_path, item in spec["paths"].items():
                bare = spec_path.split("?")[0]
                if _same_template(bare, op.path) and op.method.lower() in item:
                    found = item[op.method.lower()]
                    break
            if found:
                break
        assert found is not None, f"{op.name}: {op.method} {op.path} is in neither spec"
        schemes = {name for requirement in found.get("security") or [] for name in requirement}
        if schemes:
            org = bool(schemes & {"organization_api_key", "user_key"})
            assert (op.key.value == "organization") == org, op.name


def _same_template(spec_path: str, our_path: str) -> bool:
    spec_parts, our_parts = spec_path.strip("/").split("/"), our_path.strip("/").split("/")
    return len(spec_parts) == len(our_parts) and all(
        a == b or (a.startswith("{") and b.startswith("{"))
        for a, b in zip(spec_parts, our_parts, strict=True)
    )


@pytest.mark.parametrize("body", [b"OK", b"ACCEPTED", b"", b"{}"])
def test_answers_the_specs_leave_open_are_accepted_as_they_come(
    client: OneSignalClient, server: FakeServer, body: bytes
) -> None:
    server.reply(200, body)
    client.delete_user(APP_ID, "external_id", "u1")
    server.reply(202, body)
    client.delete_subscription(APP_ID, SUB)
    server.reply(200, body)
    client.update_api_key(APP_ID, TOK, {"name": "x"})
