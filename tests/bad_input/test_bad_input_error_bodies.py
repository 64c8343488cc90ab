"""Error answers with damaged bodies: every one becomes the typed error of its status, never a crash.

Error bodies come in the shapes OneSignal uses (``{"errors": ["..."]}``, ``{"errors": [{"code", "title",
"meta"}]}``, ``{"errors": "..."}``, ``{"errors": {"invalid_player_ids": [...]}}``, ``{"success": false}``),
generated and then damaged like the success bodies (deep nesting, huge strings, wrong types, bytes that
are no JSON). The error names the operation, carries the status and at least one readable, bounded message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from bad_input_support import APP_ID, APP_KEY, CALLS, DEEP_NESTING, ORG_KEY, canned_client, mutated_body
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from onesignal_desktop.api import (
    APIStatusError,
    AuthError,
    BadRequestError,
    ConflictError,
    InvalidResponseError,
    NotFoundError,
    OneSignalClient,
    RateLimitedError,
    ServerError,
    UnprocessableEntityError,
)

EXPECTED_CLASS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthError,
    403: AuthError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitedError,
    500: ServerError,
    502: ServerError,
    503: ServerError,
}
MAX_MESSAGE_CHARS = 4_000

ERROR_BODY_SCHEMA = {
    "anyOf": [
        {"type": "object", "properties": {"errors": {"type": "array", "items": {"type": "string"}}}},
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "code": {"type": "string"},
                            "title": {"type": "string"},
                            "meta": {"type": "object", "additionalProperties": {}},
                        },
                    },
                }
            },
        },
        {"type": "object", "properties": {"errors": {"type": "string"}}, "required": ["errors"]},
        {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "object",
                    "properties": {
                        "invalid_player_ids": {"type": "array", "items": {"type": "string"}},
                        "invalid_external_user_ids": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
        },
        {"type": "object", "properties": {"success": {"const": False}}, "required": ["success"]},
    ]
}


class Answer:
    def __init__(self) -> None:
        self.status = 400
        self.body = b"{}"
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(self.status, content=self.body, headers={"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def answer() -> Answer:
    return Answer()


@pytest.fixture(scope="module")
def client(answer: Answer) -> Iterator[OneSignalClient]:
    with canned_client(answer) as api:
        yield api


def assert_typed(client: OneSignalClient, answer: Answer, operation: str, status: int, body: bytes) -> None:
    answer.status, answer.body = status, body
    with pytest.raises(APIStatusError) as raised:
        CALLS[operation](client)
    error = raised.value
    assert isinstance(error, EXPECTED_CLASS[status]), repr(error)[:300]
    assert error.operation == operation and error.status == status
    assert error.messages and all(message.strip() for message in error.messages)
    assert len(str(error)) <= MAX_MESSAGE_CHARS, str(error)[:300]
    assert not leaks_a_key(str(error)), str(error)


def leaks_a_key(text: str) -> bool:
    """Whether any 12-character piece of the keys is in ``text`` (a half-redacted key leaks too)."""
    return any(
        key[start : start + 12] in text for key in (ORG_KEY, APP_KEY) for start in range(len(key) - 11)
    )


@pytest.mark.parametrize("operation", ["get_app", "create_notification", "update_user", "delete_player"])
@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_damaged_error_bodies_raise_the_typed_error_of_their_status(
    client: OneSignalClient, answer: Answer, operation: str, data: st.DataObject
) -> None:
    status = data.draw(st.sampled_from(sorted(EXPECTED_CLASS)), label="status")
    body = data.draw(mutated_body(ERROR_BODY_SCHEMA), label="body")
    assert_typed(client, answer, "get_app" if operation == "get_app" else operation, status, body)


DEEP = "[" * DEEP_NESTING + "]" * DEEP_NESTING


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        '{"errors": ' + DEEP + "}",
        '{"errors": [' + DEEP + "]}",
        '{"errors": [{"title": "x", "meta": {"a": ' + DEEP + "}}]}",
        '{"errors": ' + "[" * 900 + "]" * 900 + "}",  # just inside what Python's json can read
        json.dumps({"errors": ["x" * 1_000_000]}),
        json.dumps({"errors": {"invalid_player_ids": [APP_ID] * 50_000}}),
        json.dumps({"errors": [None, 1, True, {}, []]}),
        json.dumps({"errors": [f"bad key {ORG_KEY}"]}),
        "x" * 170 + ORG_KEY,  # the key across the excerpt's end
    ],
    ids=[
        "deep",
        "deep-errors",
        "deep-item",
        "deep-meta",
        "900-deep",
        "huge",
        "many-ids",
        "odd-items",
        "key",
        "key-at-the-cut",
    ],
)
@pytest.mark.parametrize("status", [400, 429, 503])
def test_error_bodies_that_break_naive_parsing(
    client: OneSignalClient, answer: Answer, body: str, status: int
) -> None:
    assert_typed(client, answer, "get_app", status, body.encode())


def test_a_key_at_the_end_of_an_invalid_answers_excerpt_is_redacted_whole(
    client: OneSignalClient, answer: Answer
) -> None:
    answer.status, answer.body = 200, ("<html>" + "x" * 170 + ORG_KEY + "</html>").encode()
    with pytest.raises(InvalidResponseError) as raised:
        CALLS["get_app"](client)
    assert not leaks_a_key(str(raised.value)) and not leaks_a_key(raised.value.excerpt)
