"""End to end with the project's own API client against the sandbox (apps, players, segments, users, keys)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import ForbiddenError, MissingKeyError, NotFoundError
from onesignal_desktop.sandbox import Sandbox


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[OneSignalClient]:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key) as api:
        yield api


def test_seed_flow_apps_players_segments(sandbox: Sandbox, client: OneSignalClient) -> None:
    app = client.create_app({"name": "E2E"})
    assert app.id and client.get_app(app.id).name == "E2E"
    created = client.create_player(
        {"app_id": app.id, "device_type": 1, "identifier": "tok", "tags": {"a": "1"}}
    )
    assert created.id is not None
    player_id = created.id
    assert client.get_player(app.id, player_id).tags == {"a": "1"}
    sandbox.store.bulk_create_players(app.id, ({"device_type": 5} for _ in range(400)), sandbox.clock.now())
    assert len(list(client.iter_players(app.id))) == 401
    segment = client.create_segments(
        app.id, {"name": "Tagged", "filters": [{"field": "tag", "key": "a", "relation": "exists"}]}
    )
    assert segment.id is not None
    assert client.get_segment(app.id, segment.id).subscriber_count == 1
    client.delete_segments(app.id, segment.id)
    client.delete_player(app.id, player_id)
    with pytest.raises(NotFoundError):
        client.get_player(app.id, player_id)


def test_user_and_api_key_flow(sandbox: Sandbox, client: OneSignalClient) -> None:
    app = client.create_app({"name": "Keys"})
    client.create_user(
        app.id, {"identity": {"external_id": "e2e"}, "subscriptions": [{"type": "AndroidPush", "token": "t"}]}
    )
    user = client.get_user(app.id, "external_id", "e2e")
    assert user.identity is not None and user.identity["external_id"] == "e2e"
    new_key = client.create_api_key(app.id, {"name": "rotating"})
    assert new_key.formatted_token and new_key.token_id
    keyed = {app.id: new_key.formatted_token}
    with OneSignalClient(sandbox.base_url, app_keys=keyed) as other:
        assert other.get_user(app.id, "external_id", "e2e").identity is not None
        client.rotate_api_key(app.id, new_key.token_id)
        with pytest.raises(ForbiddenError):
            other.get_user(app.id, "external_id", "e2e")


def test_a_user_is_found_and_given_an_alias_through_one_of_its_subscriptions(client: OneSignalClient) -> None:
    app = client.create_app({"name": "By subscription"})
    created = client.create_user(
        app.id,
        {
            "identity": {"external_id": "reader-1"},
            "subscriptions": [{"type": "Email", "token": "r1@example.com"}],
        },
    )
    assert created.subscriptions and created.subscriptions[0].id
    subscription_id = created.subscriptions[0].id
    owner = client.get_aliases_by_subscription(app.id, subscription_id)
    assert owner.identity is not None and owner.identity["external_id"] == "reader-1"
    added = client.create_alias_by_subscription(app.id, subscription_id, {"identity": {"crm_id": "c-77"}})
    assert added.identity is not None and added.identity["crm_id"] == "c-77"
    assert client.get_user(app.id, "crm_id", "c-77").identity == added.identity
    with pytest.raises(NotFoundError):
        client.get_aliases_by_subscription(app.id, "00000000-0000-4000-8000-000000000000")


def test_a_subscription_is_updated_by_its_token(client: OneSignalClient) -> None:
    app = client.create_app({"name": "By token"})
    client.create_user(
        app.id,
        {
            "identity": {"external_id": "reader-2"},
            "subscriptions": [{"type": "Email", "token": "r2@example.com"}],
        },
    )
    client.update_subscription_by_token(
        app.id, "Email", "r2@example.com", {"subscription": {"enabled": False}}
    )
    subscriptions = client.get_user(app.id, "external_id", "reader-2").subscriptions or []
    assert [sub.enabled for sub in subscriptions] == [False]
    with pytest.raises(NotFoundError):
        client.update_subscription_by_token(
            app.id, "Email", "nobody@example.com", {"subscription": {"enabled": False}}
        )


def test_a_template_is_copied_to_another_app_with_the_organization_key(
    sandbox: Sandbox, client: OneSignalClient
) -> None:
    source = client.create_app({"name": "Source"})
    target = client.create_app({"name": "Target"})
    template = client.create_template(
        {"app_id": source.id, "name": "Welcome", "contents": {"en": "Hi"}, "headings": {"en": "Hello"}}
    )
    assert template.id
    copy = client.copy_template_to_app(template.id, source.id, {"target_app_id": target.id})
    assert copy.id and copy.id != template.id
    copied = client.view_template(copy.id, target.id)
    assert copied.name == "Welcome"
    assert [t.name for t in client.view_templates(target.id).templates or []] == ["Welcome"]
    # Without the organization key the copy is refused before anything leaves.
    with (
        OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as app_only,
        pytest.raises(MissingKeyError, match="organization"),
    ):
        app_only.copy_template_to_app(template.id, source.id, {"target_app_id": target.id})
