"""End to end with the project's own API client against the sandbox (apps, players, segments, users, keys)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.errors import ForbiddenError, NotFoundError
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
