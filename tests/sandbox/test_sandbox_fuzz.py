"""Property-based fuzzing of every sandbox route over real loopback HTTP (issue 18).

Each operation (discovered from the router and the vendored OneSignal specs) gets random and boundary values
for its path parameters, query and every field of its spec request body, plus malformed, deeply nested,
huge and chunked bodies, with good, wrong and missing keys. Whatever comes in, the sandbox answers: never a
status >= 500, never a dropped connection, every refusal in OneSignal's ``{"errors": [...]}`` shape; after
each operation's run the server still answers and its database passes SQLite's integrity check.

The example count per operation is ``SANDBOX_FUZZ_EXAMPLES`` (default 20: the default run's budget, ~1 min);
``tests/benchmarks/bench_sandbox_fuzz.py`` runs the same suite with many more.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))

from fuzz_support import (
    ODD_STRINGS,
    Operation,
    any_json,
    deep_json,
    discover_operations,
    dumps,
    scalars,
    value_for,
)

from onesignal_desktop.sandbox import Sandbox, start_sandbox

EXAMPLES = int(os.environ.get("SANDBOX_FUZZ_EXAMPLES", "20"))
OPERATIONS = discover_operations()
EXPORT_FILES = "/csv_exports/"
COMMON_QUERY = ("app_id", "limit", "offset", "kind", "time_offset", "outcome_names", "outcome_time_range")
MALFORMED_BODIES = [
    b"{",
    b'{"app_id": }',
    b"\xff\xfe\x00{",
    b"[1, 2",
    b'{"a": 1} trailing',
    b"null",
    b"[]",
    b"42",
    b'"text"',
    b'{"a": NaN}',
    b'{"a": 1e400}',
    b'{"\\ud800": "lone surrogate \\udfff"}',
    b" " * 10_000,
]


@pytest.fixture(scope="module")
def sandbox_under_fuzz() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as sb:
        yield sb


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), (
        f"{response.request.method} {response.request.url}: {response.text}"
    )
    answer: dict[str, Any] = response.json()
    return answer


@pytest.fixture(scope="module")
def world(sandbox_under_fuzz: Sandbox) -> Iterator[dict[str, Any]]:
    """A fresh app with a bit of everything, so path parameters can name things that exist."""
    sb = sandbox_under_fuzz
    org = {"Authorization": f"Key {sb.org_key}"}
    with httpx.Client(base_url=sb.base_url, timeout=20) as client:
        app = _ok(client.post("/apps", json={"name": "Fuzz app"}, headers=org))
        key = {"Authorization": f"Key {app['basic_auth_key']}"}
        app_id = app["id"]
        player = _ok(
            client.post(
                "/players",
                json={"app_id": app_id, "device_type": 1, "identifier": "tok-1", "external_user_id": "fz-1"},
                headers=key,
            )
        )
        user = _ok(
            client.post(
                f"/apps/{app_id}/users",
                json={
                    "identity": {"external_id": "fz-2"},
                    "subscriptions": [{"type": "Email", "token": "fz@example.com"}],
                },
                headers=key,
            )
        )
        segment = _ok(
            client.post(
                f"/apps/{app_id}/segments",
                json={"name": "Fuzz", "filters": [{"field": "session_count", "relation": ">", "value": "0"}]},
                headers=key,
            )
        )
        template = _ok(
            client.post(
                "/templates",
                json={"app_id": app_id, "name": "Fuzz", "contents": {"en": "Hi"}},
                headers=key,
            )
        )
        notification = _ok(
            client.post(
                "/notifications",
                json={"app_id": app_id, "contents": {"en": "Hi"}, "included_segments": ["All"]},
                headers=key,
            )
        )
        token = _ok(client.post(f"/apps/{app_id}/auth/tokens", json={"name": "fuzz"}, headers=org))
        subscriptions = [s["id"] for s in user.get("subscriptions", []) if isinstance(s, dict) and "id" in s]
        yield {
            "client": client,
            "headers": {"app": key, "org": org},
            "params": {
                "app_id": [app_id],
                "player_id": [player["id"]],
                "subscription_id": [player["id"], *subscriptions],
                "segment_id": [segment["id"]],
                "template_id": [template["id"]],
                "notification_id": [notification["id"]],
                "token_id": [str(token.get("token_id") or token.get("id") or "")],
                "alias_label": ["external_id", "onesignal_id"],
                "alias_label_to_delete": ["external_id"],
                "alias_id": ["fz-1", "fz-2", str(user.get("identity", {}).get("onesignal_id", ""))],
                "external_user_id": ["fz-1"],
                "token_type": ["Email", "iOSPush"],
                "token": ["fz@example.com", "tok-1"],
                "organization_id": [sb.organization_id],
            },
        }


def _path_value(world: dict[str, Any], name: str) -> st.SearchStrategy[str]:
    known = [value for value in world["params"].get(name, []) if value]
    odd = st.sampled_from(["0", "-1", "x" * 300, "null", "..", "9" * 30, "💥", "a%2Fb", " "])
    choices = [st.sampled_from(known)] * 3 if known else []
    return st.one_of(*choices, odd, st.text(min_size=1, max_size=16))


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return dumps(value).decode()
    return str(value)


def _body(draw: st.DrawFn, op: Operation, app_id: str) -> tuple[bytes | Iterator[bytes] | None, str]:
    kind = draw(
        st.sampled_from(["spec", "spec", "spec", "random", "malformed", "deep", "huge", "chunked", "none"])
    )
    if kind == "none":
        return None, kind
    if kind == "malformed":
        return draw(st.sampled_from(MALFORMED_BODIES)), kind
    if kind == "deep":
        return deep_json(draw(st.sampled_from([65, 1000, 20_000]))), kind
    if kind == "random":
        return dumps(draw(any_json)), kind
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        fields["app_id"] = draw(st.one_of(st.just(app_id), st.just(app_id), scalars))
    names = sorted(op.body_fields)
    if names:
        for name in draw(st.lists(st.sampled_from(names), max_size=6, unique=True)):
            fields[name] = draw(value_for(op.body_fields[name]))
    else:
        fields.update(draw(st.dictionaries(st.sampled_from([*ODD_STRINGS[:8], "name", "tags"]), scalars)))
    if kind == "huge":
        fields[draw(st.sampled_from([*names, "data"]) if names else st.just("data"))] = "x" * 2_000_000
    text = dumps(fields)
    if kind == "chunked":
        return iter([text[: len(text) // 2], text[len(text) // 2 :]]), kind
    return text, kind


@st.composite
def requests_for(draw: st.DrawFn, op: Operation, world: dict[str, Any]) -> dict[str, Any]:
    app_id = world["params"]["app_id"][0]
    path = op.pattern
    for name in op.path_params:
        path = path.replace("{" + name + "}", quote(draw(_path_value(world, name)), safe=""))
    query: dict[str, str] = {}
    names = sorted(set(op.query_fields) | set(COMMON_QUERY))
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        value = draw(st.just(app_id)) if name == "app_id" and draw(st.booleans()) else None
        query[name] = value or _query_text(draw(value_for(op.query_fields.get(name))))
    auth = draw(st.sampled_from(["app", "app", "app", "org", "org", "none", "garbage"]))
    headers = dict(world["headers"].get(auth, {}))
    if auth == "garbage":
        headers["Authorization"] = draw(
            st.sampled_from(["Key", "Bearer x", "Key " + "k" * 5000, "Basic Zm9vOmJhcg==", "Key os_v2_app_"])
        )
    content: bytes | Iterator[bytes] | None = None
    if op.method in ("POST", "PUT", "PATCH") or draw(st.integers(0, 9)) == 0:
        content, _ = _body(draw, op, app_id)
        headers["Content-Type"] = draw(
            st.sampled_from(["application/json", "application/json", "text/plain"])
        )
    prefix = draw(st.sampled_from(["", "", "/api/v1"]))
    return {
        "method": op.method,
        "url": prefix + path,
        "params": query,
        "headers": headers,
        "content": content,
    }


def assert_onesignal_answer(op: Operation, response: httpx.Response) -> None:
    where = f"{op.id} -> {response.request.method} {response.request.url}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:500]}"
    if response.status_code < 400:
        return
    if op.pattern.startswith(EXPORT_FILES) and "xml" in response.headers.get("Content-Type", ""):
        # Export files are served as OneSignal's S3 bucket serves them: its XML errors, not the API's.
        assert b"<Error>" in response.content, f"{where}: {response.text[:300]}"
        return
    answer = response.json()
    errors = answer.get("errors") if isinstance(answer, dict) else None
    assert isinstance(errors, list) and errors, f"{where}: not OneSignal's error shape: {response.text[:300]}"
    for error in errors:
        if isinstance(error, dict):
            assert error.get("title") or error.get("code"), f"{where}: an error item says nothing: {error}"
        else:
            assert isinstance(error, str) and error.strip(), f"{where}: an empty error: {errors}"


def assert_healthy(sandbox: Sandbox) -> None:
    """The server still answers and its database is intact."""
    with httpx.Client(base_url=sandbox.base_url, timeout=20) as client:
        response = client.get("/apps", headers={"Authorization": f"Key {sandbox.org_key}"})
    assert response.status_code == 200, response.text
    with sandbox.store.read() as connection:
        assert [tuple(row) for row in connection.execute("PRAGMA integrity_check")] == [("ok",)]


def test_every_route_and_spec_operation_is_fuzzed() -> None:
    served = [op for op in OPERATIONS if op.in_router]
    from_spec = [op for op in OPERATIONS if op.in_spec]
    assert len(served) >= 50 and len(from_spec) >= 40, (len(served), len(from_spec))
    assert any(op.body_fields for op in from_spec), "no request body fields were read from the specs"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_any_request_gets_a_onesignal_answer(
    sandbox_under_fuzz: Sandbox, world: dict[str, Any], op: Operation
) -> None:
    client: httpx.Client = world["client"]

    @given(request=requests_for(op, world))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def run(request: dict[str, Any]) -> None:
        assert_onesignal_answer(op, client.request(**request))

    run()
    assert_healthy(sandbox_under_fuzz)
