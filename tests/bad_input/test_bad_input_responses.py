"""Property tests over every response model, through the client's own response path.

Bodies are generated from each model's JSON schema; valid ones parse into the operation's result. Then
they are damaged (missing and extra fields, wrong types, nulls, huge and non-ASCII strings, deep nesting,
byte-level damage) and served as the answer of the operation: the call either returns its result or
raises InvalidResponseError naming the operation, with a short message. Never a bare ValidationError,
KeyError, TypeError, RecursionError, UnicodeError or anything else.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bad_input_support import (
    CALLS,
    body_from_schema,
    canned_client,
    client_operation_names,
    mutated_body,
    to_bytes,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from onesignal_desktop.api import (
    APIStatusError,
    InvalidResponseError,
    NotificationNotSent,
    NotificationSent,
    OneSignalClient,
)
from onesignal_desktop.api.models import App
from onesignal_desktop.api.models.operations import RESPONSE_MODELS

OPERATIONS = sorted(RESPONSE_MODELS)
#: Operations that read ``success: false`` in a 200 answer as a failure (a typed APIStatusError).
SUCCESS_CHECKED = {
    "cancel_notification",
    "delete_journey",
    "delete_player",
    "delete_segments",
    "delete_template",
    "unsubscribe_email_with_token",
}
MAX_MESSAGE_CHARS = 2_000

#: Examples per operation and test; raise it for a deeper search (BAD_INPUT_EXAMPLES=500 pytest ...).
EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "25"))
bounded = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


class Answer:
    """The fake server: answers every request with ``body``."""

    def __init__(self) -> None:
        self.body = b"{}"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=self.body, headers={"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def answer() -> Answer:
    return Answer()


@pytest.fixture(scope="module")
def client(answer: Answer) -> Iterator[OneSignalClient]:
    with canned_client(answer) as api:
        yield api


@functools.cache
def schema_of(name: str) -> dict[str, Any]:
    return RESPONSE_MODELS[name].model_json_schema(mode="validation")


def returned_the_operations_result(name: str, result: Any) -> bool:
    if name == "get_apps":
        return isinstance(result, list) and all(isinstance(app, App) for app in result)
    if name == "create_notification":
        return isinstance(result, NotificationSent | NotificationNotSent)
    return isinstance(result, RESPONSE_MODELS[name])


def call_with_body(client: OneSignalClient, answer: Answer, name: str, body: bytes) -> Any:
    answer.body = body
    return CALLS[name](client)


def test_every_operation_and_response_model_is_covered() -> None:
    assert set(CALLS) == set(RESPONSE_MODELS) == client_operation_names()


@pytest.mark.parametrize("name", OPERATIONS)
@bounded
@given(data=st.data())
def test_bodies_valid_for_the_schema_parse(
    client: OneSignalClient, answer: Answer, name: str, data: st.DataObject
) -> None:
    value = data.draw(body_from_schema(schema_of(name)), label="body")
    body = to_bytes(value, ascii_only=data.draw(st.booleans(), label="ascii"))
    try:
        result = call_with_body(client, answer, name, body)
    except APIStatusError as error:
        assert name in SUCCESS_CHECKED and isinstance(value, dict) and value.get("success") is False, repr(
            error
        )
        return
    assert returned_the_operations_result(name, result), repr(result)[:300]


@pytest.mark.parametrize("name", OPERATIONS)
@bounded
@given(data=st.data())
def test_damaged_bodies_parse_or_raise_the_invalid_response_error(
    client: OneSignalClient, answer: Answer, name: str, data: st.DataObject
) -> None:
    body = data.draw(mutated_body(schema_of(name)), label="body")
    try:
        result = call_with_body(client, answer, name, body)
    except InvalidResponseError as error:
        assert error.operation == name
        assert error.status == 200
        assert len(str(error)) <= MAX_MESSAGE_CHARS, str(error)[:300]
        return
    except APIStatusError as error:  # a well-formed "success": false, reported as the failure it is
        assert type(error) is APIStatusError and name in SUCCESS_CHECKED, repr(error)[:300]
        assert error.messages == ["the server reported success: false"]
        return
    assert returned_the_operations_result(name, result), repr(result)[:300]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("get_aliases", {"identity": {"k" * 100_000: [None]}}),
        ("get_user", {"identity": {"external_id": "e"}, "properties": {"tags": {"t" * 100_000: {"": []}}}}),
        ("get_outcomes", {"outcomes": [{"id": "x" * 100_000, "value": "many", "aggregation": "sum"}]}),
    ],
)
def test_the_invalid_response_message_stays_short_whatever_the_body_holds(
    client: OneSignalClient, answer: Answer, name: str, body: dict[str, Any]
) -> None:
    with pytest.raises(InvalidResponseError) as raised:
        call_with_body(client, answer, name, to_bytes(body))
    assert raised.value.operation == name
    assert len(str(raised.value)) <= MAX_MESSAGE_CHARS


@bounded
@given(data=st.data())
def test_a_send_answer_without_an_id_is_never_taken_for_sent(
    client: OneSignalClient, answer: Answer, data: st.DataObject
) -> None:
    """Whatever else the answer holds, "sent" means the server gave the notification an id."""
    value = data.draw(body_from_schema(schema_of("create_notification")), label="body")
    result = call_with_body(client, answer, "create_notification", to_bytes(value))
    if value.get("id"):
        assert isinstance(result, NotificationSent) and result.id == value["id"]
    else:
        assert isinstance(result, NotificationNotSent) and result.messages
