"""Keys as people paste them: with a line break or spaces around, smart quotes, control characters.

Whitespace around a key is dropped (the call works against the sandbox); a key that cannot be one
(non-ASCII, spaces or control characters inside) fails before any request with the typed missing-key
error naming the operation, and no part of the key shows in the error.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from bad_input_support import APP_ID, CALLS

from onesignal_desktop.api import MissingKeyError, OneSignalClient
from onesignal_desktop.sandbox import Sandbox, start_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as running:
        yield running


@pytest.mark.parametrize("wrap", ["{}\n", " {} ", "\t{}\r\n", "\n{}"])
def test_whitespace_around_a_pasted_key_is_dropped(sandbox: Sandbox, wrap: str) -> None:
    with OneSignalClient(sandbox.base_url, organization_key=wrap.format(sandbox.org_key)) as client:
        app = client.create_app({"name": "Pasted key"})
        assert app.id
    app_key = sandbox.app_key(app.id)
    with OneSignalClient(sandbox.base_url, app_keys={app.id: wrap.format(app_key)}) as client:
        assert client.get_players(app.id).total_count == 0


BROKEN_SECRET = "os_v2_org_" + "m" * 20
BROKEN_KEYS = [
    BROKEN_SECRET + "\u2019" + "m" * 31,  # a smart quote from a document
    BROKEN_SECRET + "\u00e9" + "m" * 31,
    BROKEN_SECRET + " " + "m" * 31,
    BROKEN_SECRET + "\r\nX-Injected: 1",
    BROKEN_SECRET + "\x00" + "m" * 31,
    "\u200b" + BROKEN_SECRET + "m" * 32,  # a zero-width space in front
]


@pytest.mark.parametrize("key", BROKEN_KEYS, ids=["quote", "accent", "space", "crlf", "nul", "zero-width"])
@pytest.mark.parametrize("operation", ["get_apps", "get_players", "create_notification"])
def test_a_key_that_cannot_be_one_fails_before_any_request(key: str, operation: str) -> None:
    requests: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={})

    with (
        OneSignalClient(
            organization_key=key, app_keys={APP_ID: key}, transport=httpx.MockTransport(answer)
        ) as client,
        pytest.raises(MissingKeyError) as raised,
    ):
        CALLS[operation](client)
    assert requests == []
    error = raised.value
    assert error.operation == operation
    shown = f"{error} {error!r} {error.messages}"
    assert "m" * 12 not in shown and "os_v2_org_" not in shown
