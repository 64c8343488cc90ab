"""Errors: the right class per status, messages from every body shape, no key anywhere."""

from __future__ import annotations

import copy
import logging
import pickle
import socket
import threading

import httpx
import pytest
from api_support import APP_ID, APP_KEY, ORG_KEY, FakeServer, MakeClient
from hypothesis import given, settings
from hypothesis import strategies as st

from onesignal_desktop.api import (
    APIStatusError,
    AuthError,
    BadRequestError,
    ConflictError,
    ConnectionRefused,
    ConnectionReset,
    ForbiddenError,
    InvalidResponseError,
    MissingKeyError,
    NotFoundError,
    OneSignalClient,
    OneSignalError,
    RateLimitedError,
    RequestTimeout,
    ServerError,
    UnauthorizedError,
    UnprocessableEntityError,
)
from onesignal_desktop.api.errors import normalise_messages

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({"errors": ["Notification content must not be null for any languages."]},
         ["Notification content must not be null for any languages."]),
        ({"errors": [{"code": "invalid_alias", "title": "Alias is invalid", "meta": {"label": "crm"}}]},
         ["Alias is invalid (invalid_alias) label=crm"]),
        ({"errors": "app_id not found"}, ["app_id not found"]),
        ({"success": False}, ["the server reported success: false"]),
        ({"errors": {"invalid_player_ids": ["p1", "p2"]}}, ["invalid_player_ids: p1, p2"]),
        ({"errors": ["a", "b"], "success": False}, ["a", "b"]),
        ({}, []),
    ],
)  # fmt: skip
def test_messages_are_normalised_from_every_body_shape(body: object, messages: list[str]) -> None:
    assert normalise_messages(body) == messages


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, UnauthorizedError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (418, APIStatusError),
    ],
)
def test_each_status_raises_its_error_with_operation_status_and_messages(
    make_client: MakeClient, server: FakeServer, status: int, error_class: type[APIStatusError]
) -> None:
    client: OneSignalClient = make_client(retry=1)
    server.reply(status, {"errors": ["Something specific"]})
    with pytest.raises(error_class) as caught:
        client.get_notification(APP_ID, NID)
    error = caught.value
    assert (error.operation, error.status, error.messages) == (
        "get_notification",
        status,
        ["Something specific"],
    )
    assert str(error) == f"get_notification: HTTP {status}: Something specific"
    if status in (401, 403):
        assert isinstance(error, AuthError)


def test_rate_limited_error_carries_retry_after(make_client: MakeClient, server: FakeServer) -> None:
    client: OneSignalClient = make_client(retry=1)
    server.reply(
        429, {"errors": ["API rate limit exceeded"], "limit": "messages"}, headers={"retry-after": "7"}
    )
    with pytest.raises(RateLimitedError) as caught:
        client.get_notifications(APP_ID)
    assert caught.value.retry_after == 7.0


def test_error_without_a_json_body_still_says_what_happened(
    make_client: MakeClient, server: FakeServer
) -> None:
    client: OneSignalClient = make_client(retry=1)
    server.reply(502, b"<html>Bad Gateway</html>")
    with pytest.raises(ServerError) as caught:
        client.get_notification(APP_ID, NID)
    assert "Bad Gateway" in str(caught.value)
    server.reply(404, None)
    with pytest.raises(NotFoundError) as caught_empty:
        client.get_notification(APP_ID, NID)
    assert caught_empty.value.messages == ["HTTP 404 Not Found"]


def test_a_success_status_with_a_body_that_is_not_json_is_an_invalid_response(
    client: OneSignalClient, server: FakeServer
) -> None:
    server.reply(200, b"<html>captive portal login</html>")
    with pytest.raises(InvalidResponseError) as caught:
        client.get_notification(APP_ID, NID)
    assert caught.value.excerpt.startswith("<html>captive portal")
    assert caught.value.status == 200
    server.reply(200, b'{"id": 12, "successful": "many"}')
    with pytest.raises(InvalidResponseError, match="does not fit NotificationWithMeta"):
        client.get_notification(APP_ID, NID)


def test_success_false_on_a_delete_is_not_reported_as_success(
    client: OneSignalClient, server: FakeServer
) -> None:
    server.reply(200, {"success": False})
    with pytest.raises(APIStatusError, match="success: false"):
        client.cancel_notification(APP_ID, NID)


def test_keys_echoed_by_the_server_never_reach_messages_reprs_or_bodies(
    make_client: MakeClient, server: FakeServer
) -> None:
    client: OneSignalClient = make_client(retry=1)
    server.reply(
        401, {"errors": [f"Key {APP_KEY} is not valid"], "echo": {"authorization": f"Key {APP_KEY}"}}
    )
    with pytest.raises(UnauthorizedError) as caught:
        client.get_notification(APP_ID, NID)
    error = caught.value
    for text in (str(error), repr(error), str(error.body), " ".join(error.messages)):
        assert APP_KEY not in text
        assert ORG_KEY not in text
    assert "[redacted]" in str(error)
    server.reply(200, f"not json {APP_KEY}".encode())
    with pytest.raises(InvalidResponseError) as invalid:
        client.get_notification(APP_ID, NID)
    assert APP_KEY not in str(invalid.value) and APP_KEY not in invalid.value.excerpt


def test_no_log_line_contains_a_key(
    make_client: MakeClient, server: FakeServer, caplog: pytest.LogCaptureFixture
) -> None:
    client: OneSignalClient = make_client()
    caplog.set_level(logging.DEBUG)
    server.reply(503, {"errors": [f"echo {ORG_KEY}"]})
    server.reply(200, {"id": NID})
    client.get_notification(APP_ID, NID)
    assert caplog.records, "the client logs its requests at debug level"
    for record in caplog.records:
        assert APP_KEY not in record.getMessage() and ORG_KEY not in record.getMessage()
    assert APP_KEY not in repr(client) and ORG_KEY not in repr(client)


def _client_for(
    transport: httpx.BaseTransport | None = None, base_url: str = "https://api.onesignal.com"
) -> OneSignalClient:
    return OneSignalClient(
        base_url, app_keys={APP_ID: APP_KEY}, retry=1, transport=transport, rate_budget=False
    )


@pytest.mark.parametrize(
    ("failure", "error_class", "text"),
    [
        (httpx.ConnectTimeout("slow"), RequestTimeout, "connecting"),
        (httpx.ReadTimeout("slow"), RequestTimeout, "waiting for the answer"),
        (httpx.ReadError("reset by peer"), ConnectionReset, "reset"),
        (httpx.RemoteProtocolError("closed"), ConnectionReset, "reset"),
        (httpx.ConnectError("[Errno 111] Connection refused"), ConnectionRefused, "refused"),
    ],
)
def test_transport_failures_become_transport_errors(
    failure: Exception, error_class: type[OneSignalError], text: str
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise failure

    with _client_for(httpx.MockTransport(fail)) as client, pytest.raises(error_class, match=text) as caught:
        client.get_notification(APP_ID, NID)
    assert caught.value.status is None


def test_refused_and_reset_over_real_loopback_sockets() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _client_for(base_url=f"http://127.0.0.1:{port}") as client, pytest.raises(ConnectionRefused):
        client.get_notification(APP_ID, NID)

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def accept_and_slam() -> None:
        connection, _ = listener.accept()
        connection.recv(1024)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        connection.close()

    worker = threading.Thread(target=accept_and_slam)
    worker.start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with _client_for(base_url=url) as client, pytest.raises(ConnectionReset):
            client.get_notification(APP_ID, NID)
    finally:
        worker.join(5)
        listener.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(
    body=json_values
    | st.dictionaries(st.sampled_from(["errors", "success", "error", "message"]), json_values)
)
@settings(max_examples=300, deadline=None)
def test_any_json_error_body_gives_a_list_of_strings(body: object) -> None:
    messages = normalise_messages(body)
    assert isinstance(messages, list) and all(isinstance(message, str) and message for message in messages)


@pytest.mark.parametrize(
    "error",
    [
        MissingKeyError("get_app", key_kind="organization"),
        MissingKeyError("get_notification", key_kind="app", app_id="a1"),
        RateLimitedError("get_notifications", ["slow down"], retry_after=3.0, body={"errors": ["slow down"]}),
        InvalidResponseError("get_app", "the response is not JSON", status=200, excerpt="<html>"),
        ConnectionRefused("get_apps", ["connection refused"]),
        NotFoundError("get_player", ["No record found"], status=404),
    ],
)
def test_errors_survive_pickling_and_copying(error: OneSignalError) -> None:
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error)):
        assert type(clone) is type(error)
        assert (clone.operation, clone.status, clone.messages, str(clone)) == (
            error.operation, error.status, error.messages, str(error)
        )  # fmt: skip
        assert vars(clone) == vars(error)


def test_a_redirect_is_not_followed_and_says_to_check_the_base_url(
    client: OneSignalClient, server: FakeServer
) -> None:
    server.reply(301, b"", headers={"Location": "https://onesignal.com/api/v1/notifications/x"})
    with pytest.raises(
        InvalidResponseError, match=r"redirected to https://onesignal\.com/api/v1/notifications/x"
    ):
        client.get_notification(APP_ID, NID)
    assert len(server.requests) == 1
