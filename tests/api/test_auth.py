"""Auth: the right key per operation, read at call time; a missing key fails before any request."""

from __future__ import annotations

import pytest
from api_support import APP_ID, APP_KEY, ORG_KEY, FakeServer, MakeClient

from onesignal_desktop.api import MissingKeyError, OneSignalClient

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


def test_missing_app_key_fails_before_any_request_and_says_which_key_for_what(
    make_client: MakeClient, server: FakeServer
) -> None:
    client = make_client(app_keys={})
    with pytest.raises(MissingKeyError) as caught:
        client.get_notification(APP_ID, NID)
    assert server.requests == []
    message = str(caught.value)
    assert "get_notification" in message and "REST API key" in message and APP_ID in message
    assert caught.value.key_kind == "app" and caught.value.app_id == APP_ID


def test_missing_organization_key_fails_before_any_request(
    make_client: MakeClient, server: FakeServer
) -> None:
    client = make_client(organization_key=None)
    with pytest.raises(MissingKeyError, match="create_app needs the organization API key"):
        client.create_app({"name": "x"})
    assert server.requests == []


def test_a_body_without_app_id_cannot_pick_a_key(client: OneSignalClient, server: FakeServer) -> None:
    with pytest.raises(MissingKeyError, match="no app id was given"):
        client.create_notification({"contents": {"en": "hi"}})
    assert server.requests == []


def test_app_keys_from_a_callable_are_read_at_every_call(make_client: MakeClient, server: FakeServer) -> None:
    keyring: dict[str, str] = {}
    client = make_client(app_keys=keyring.get)
    with pytest.raises(MissingKeyError):
        client.get_notification(APP_ID, NID)
    keyring[APP_ID] = APP_KEY  # the user adds the key in the console
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert server.last.headers["Authorization"] == f"Key {APP_KEY}"


def test_a_mapping_is_also_read_at_call_time(make_client: MakeClient, server: FakeServer) -> None:
    keys: dict[str, str] = {}
    client = make_client(app_keys=keys)
    keys[APP_ID] = APP_KEY
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert server.last.headers["Authorization"] == f"Key {APP_KEY}"


def test_a_failing_key_provider_is_a_missing_key_without_the_failure_text(make_client: MakeClient) -> None:
    def broken(app_id: str) -> str:
        raise RuntimeError(f"keyring locked; partial secret {APP_KEY}")

    client = make_client(app_keys=broken)
    with pytest.raises(MissingKeyError, match=r"key provider failed \(RuntimeError\)") as caught:
        client.get_notification(APP_ID, NID)
    assert APP_KEY not in str(caught.value)


def test_basic_scheme_for_legacy_keys(make_client: MakeClient, server: FakeServer) -> None:
    client = make_client(auth_scheme="Basic")
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert server.last.headers["Authorization"] == f"Basic {APP_KEY}"
    server.reply(200, [])
    client.get_apps()
    assert server.last.headers["Authorization"] == f"Basic {ORG_KEY}"


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="auth_scheme"):
        OneSignalClient(auth_scheme="Bearer")  # type: ignore[arg-type]


def test_user_agent_names_the_console_and_no_key_travels_as_a_default_header(
    client: OneSignalClient, server: FakeServer
) -> None:
    from onesignal_desktop import __version__

    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert server.last.headers["User-Agent"] == f"onesignal-desktop/{__version__}"
    assert "authorization" not in {name.lower() for name in client.http.headers}


def test_timeouts_default_to_5s_connect_and_30s_read() -> None:
    with OneSignalClient() as client:
        assert client.http.timeout.connect == 5.0
        assert client.http.timeout.read == 30.0


def test_organization_key_from_a_callable_is_read_at_call_time(
    make_client: MakeClient, server: FakeServer
) -> None:
    current: list[str] = []
    client = make_client(organization_key=lambda: current[0] if current else None)
    with pytest.raises(MissingKeyError, match="organization API key"):
        client.get_apps()
    current.append(ORG_KEY)
    server.reply(200, [])
    client.get_apps()
    assert server.last.headers["Authorization"] == f"Key {ORG_KEY}"
    assert ORG_KEY not in repr(client)
