"""Keys the server itself sends (an app's ``basic_auth_key`` or platform credentials, a new API key's
``formatted_token``) never reach the text of an error, even when the answer around them is damaged.
The client does not know these keys, so redacting the keys it holds is not enough."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bad_input_support import APP_ID, CALLS, canned_client

from onesignal_desktop.api import InvalidResponseError, OneSignalClient, OneSignalError
from onesignal_desktop.api.models import App, CreateApiKeyResponse, Player, RotateApiKeyResponse

SERVER_KEYS = {
    "v2": "os_v2_app_" + "k7" * 26,
    "legacy": "NGEwMGZmMjItY2NkNy0xMWUzLTk5ZDUtMDAwYzI5NDBlNjJj",
}


def credential_fields(model: type[Any]) -> list[str]:
    """The fields a model keeps out of its repr: the credentials."""
    return [field.alias or name for name, field in model.model_fields.items() if field.repr is False]


def cases() -> Iterator[tuple[str, str, str]]:
    for operation, model in (
        ("get_app", App),
        ("get_apps", App),
        ("get_player", Player),
        ("create_api_key", CreateApiKeyResponse),
        ("rotate_api_key", RotateApiKeyResponse),
    ):
        for field in credential_fields(model):
            for style in SERVER_KEYS:
                yield operation, field, style


BROKEN_FIELD = {"get_app": "players", "get_apps": "players", "get_player": "session_count"}


def damaged_answer(operation: str, field: str, secret: str, padding: int) -> bytes:
    record: dict[str, Any] = {"id": "x" * padding, field: secret}
    record[BROKEN_FIELD.get(operation, "token_id")] = ["not", "valid"]
    return json.dumps([record] if operation == "get_apps" else record).encode()


@pytest.fixture(scope="module")
def served() -> dict[str, Any]:
    return {"status": 200, "body": b"{}"}


@pytest.fixture(scope="module")
def client(served: dict[str, Any]) -> Iterator[OneSignalClient]:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(served["status"], content=served["body"])

    with canned_client(answer) as api:
        yield api


def shows_a_piece_of(secret: str, error: OneSignalError) -> bool:
    text = f"{error} {error!r} {error.messages} {getattr(error, 'excerpt', '')}"
    return any(secret[start : start + 12] in text for start in range(len(secret) - 11))


@pytest.mark.parametrize(("operation", "field", "style"), list(cases()))
@pytest.mark.parametrize("padding", [1, 150, 400])  # the secret before, across and after the excerpt's end
def test_a_key_in_a_damaged_answer_stays_out_of_the_error(
    client: OneSignalClient, served: dict[str, Any], operation: str, field: str, style: str, padding: int
) -> None:
    secret = SERVER_KEYS[style]
    served["status"], served["body"] = 200, damaged_answer(operation, field, secret, padding)
    with pytest.raises(InvalidResponseError) as raised:
        CALLS[operation](client)
    assert not shows_a_piece_of(secret, raised.value)


@pytest.mark.parametrize("status", [200, 400, 502])
def test_a_key_echoed_in_a_page_stays_out_of_the_error(
    client: OneSignalClient, served: dict[str, Any], status: int
) -> None:
    """In free text only OneSignal-shaped keys can be recognised (a legacy key looks like any base64)."""
    secret = SERVER_KEYS["v2"]
    page = f"<html><body>Bad request for app {APP_ID}: the key {secret} is not valid here</body></html>"
    served["status"], served["body"] = status, page.encode()
    with pytest.raises(OneSignalError) as raised:
        CALLS["get_app"](client)
    assert not shows_a_piece_of(secret, raised.value)


@pytest.mark.parametrize("status", [400, 422])
def test_a_key_in_an_error_body_stays_out_of_the_messages(
    client: OneSignalClient, served: dict[str, Any], status: int
) -> None:
    secret = SERVER_KEYS["v2"]
    body = {"errors": [{"title": "Invalid app", "meta": {"basic_auth_key": secret}}, f"key {secret} revoked"]}
    served["status"], served["body"] = status, json.dumps(body).encode()
    with pytest.raises(OneSignalError) as raised:
        CALLS["get_app"](client)
    assert not shows_a_piece_of(secret, raised.value)
