from __future__ import annotations

import ast
import json
import shlex
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onesignal_desktop.compose.snippets import as_curl, as_python, mask_key, notifications_url

KEY = "os_v2_app_" + "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
PAYLOAD: dict[str, Any] = {
    "app_id": "8250eaf6-1a58-489e-b136-7c74a864b434",
    "contents": {"en": 'It\'s here: "50% off" $HOME `rm -rf` \\ ünïcødé 🎉', "es": "¡Hola!"},
    "included_segments": ["Subscribed Users"],
    "data": {"deep": [1, 2.5, True, None]},
    "content_available": False,
}


def curl_words(snippet: str) -> list[str]:
    return shlex.split(snippet)


def option(words: list[str], name: str) -> list[str]:
    return [words[i + 1] for i, word in enumerate(words) if word == name]


def python_headers_and_payload(snippet: str) -> tuple[dict[str, str], Any, str]:
    tree = ast.parse(snippet)
    payload = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "payload"
    )
    call = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "httpx.post"
    )
    url = ast.literal_eval(call.args[0])
    headers = next(ast.literal_eval(kw.value) for kw in call.keywords if kw.arg == "headers")
    return headers, payload, url


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("https://api.onesignal.com", "https://api.onesignal.com/notifications"),
        ("https://api.onesignal.com/", "https://api.onesignal.com/notifications"),
        ("https://onesignal.com/api/v1", "https://onesignal.com/api/v1/notifications"),
        ("http://127.0.0.1:8123/api/v1/", "http://127.0.0.1:8123/api/v1/notifications"),
    ],
)
def test_notifications_url_for_current_and_legacy_bases(base: str, url: str) -> None:
    assert notifications_url(base) == url
    assert option(curl_words(as_curl(PAYLOAD, base_url=base)), "--url") == [url]
    assert python_headers_and_payload(as_python(PAYLOAD, base_url=base))[2] == url


def test_curl_is_valid_shell_and_carries_the_exact_payload_with_a_masked_key() -> None:
    snippet = as_curl(PAYLOAD, api_key=KEY)
    words = curl_words(snippet)
    assert words[:3] == ["curl", "--request", "POST"]
    assert json.loads(option(words, "--data")[0]) == PAYLOAD
    assert "Authorization: Key os_v2_app_************" in option(words, "--header")
    assert KEY not in snippet
    assert KEY[10:20] not in snippet


def test_python_is_valid_httpx_code_with_the_exact_payload_and_a_masked_key() -> None:
    snippet = as_python(PAYLOAD, api_key=KEY)
    headers, payload, _ = python_headers_and_payload(snippet)
    assert payload == PAYLOAD
    assert headers["Authorization"] == "Key os_v2_app_************"
    assert "import httpx" in snippet
    assert KEY not in snippet


def test_reveal_shows_the_key_and_scheme_is_configurable() -> None:
    assert f"Authorization: Key {KEY}" in option(
        curl_words(as_curl(PAYLOAD, api_key=KEY, reveal=True)), "--header"
    )
    headers, _, _ = python_headers_and_payload(
        as_python(PAYLOAD, api_key="legacy123", reveal=True, auth_scheme="Basic")
    )
    assert headers["Authorization"] == "Basic legacy123"


def test_without_a_key_a_placeholder_is_shown_even_with_reveal() -> None:
    assert "Authorization: Key YOUR_REST_API_KEY" in as_curl(PAYLOAD, reveal=True)
    assert mask_key("some-legacy-key") == "************"
    assert mask_key("os_v2_org_" + "a" * 52) == "os_v2_org_************"


def test_payload_that_is_not_json_is_refused() -> None:
    with pytest.raises(ValueError, match="not plain JSON"):
        as_curl({"ttl": float("nan")})
    with pytest.raises(ValueError, match="not plain JSON"):
        as_python({"when": object()})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)


# Generating the nested payloads is most of each example (up to 81 of 89 ms at load 8, the snippets a few ms):
# the speed health check and the 200 ms deadline measure the machine's load there, not the snippet code.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=12), json_values, max_size=6), st.text(min_size=1, max_size=60))
def test_any_payload_and_key_give_parseable_snippets_that_never_leak_the_key(
    payload: dict[str, Any], secret: str
) -> None:
    key = "os_v2_app_" + "q" * 52
    curl = as_curl(payload, api_key=key)
    assert json.loads(option(curl_words(curl), "--data")[0]) == payload
    python = as_python(payload, api_key=key)
    assert python_headers_and_payload(python)[1] == payload
    assert key not in curl and key not in python
    revealed = as_curl(payload, api_key=secret, reveal=True)
    assert f"Authorization: Key {secret}" in option(curl_words(revealed), "--header")
