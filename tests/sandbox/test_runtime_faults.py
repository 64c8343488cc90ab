"""Faults switched on at run time over the sandbox-only endpoint: the next N requests or a share of them,
429 with Retry-After, 5xx, latency, reset; bad input is a 400 naming the field; the sandbox's own
endpoints stay reachable whatever is set."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def add(http: httpx.Client, headers: dict[str, str], **fault: Any) -> httpx.Response:
    return http.post("/_sandbox/faults", json=fault, headers=headers)


def test_the_next_n_requests_are_rate_limited_with_retry_after(
    http: httpx.Client, org_headers: dict[str, str]
) -> None:
    assert add(http, org_headers, kind="429", times=2, retry_after=7).status_code == 200

    answers = [http.get("/apps", headers=org_headers) for _ in range(3)]

    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "7"
    assert "errors" in answers[0].json()
    logged = http.get("/_sandbox/requests", headers=org_headers).json()["requests"]
    assert [e["fault"] for e in logged] == ["429", "429", ""]


def test_a_server_error_only_on_the_chosen_method_and_path(
    http: httpx.Client, org_headers: dict[str, str]
) -> None:
    add(http, org_headers, kind=503, times=1, method="POST", path="/apps")

    assert http.get("/apps", headers=org_headers).status_code == 200
    assert http.post("/apps", json={"name": "A"}, headers=org_headers).status_code == 503
    assert http.post("/apps", json={"name": "B"}, headers=org_headers).status_code == 200


def test_latency_and_reset(http: httpx.Client, org_headers: dict[str, str]) -> None:
    add(http, org_headers, kind="latency", ms=150)
    add(http, org_headers, kind="reset")

    slow = http.get("/apps", headers=org_headers)
    with pytest.raises(httpx.TransportError):
        http.get("/apps", headers=org_headers)

    assert slow.status_code == 200
    assert float(slow.headers["X-Sandbox-Elapsed-Ms"]) >= 150
    logged = http.get("/_sandbox/requests", headers=org_headers).json()["requests"]
    assert [(e["status"], e["fault"]) for e in logged] == [(200, "latency"), (0, "reset")]


def test_a_share_of_requests_with_a_seed_then_cleared(
    http: httpx.Client, org_headers: dict[str, str]
) -> None:
    assert add(http, org_headers, kind="500", share=0.5, seed=3).json()["share"] == {"500": 0.5}

    statuses = [http.get("/apps", headers=org_headers).status_code for _ in range(40)]
    assert http.delete("/_sandbox/faults", headers=org_headers).json()["share"] == {}
    after = [http.get("/apps", headers=org_headers).status_code for _ in range(5)]

    assert 8 <= statuses.count(500) <= 32 and set(statuses) == {200, 500}
    assert after == [200] * 5


def test_a_spec_string_as_the_command_line_takes_it(http: httpx.Client, org_headers: dict[str, str]) -> None:
    answer = add(http, org_headers, spec="502=1.0,paths=/players")

    assert answer.json()["share"] == {"502": 1.0} and answer.json()["paths"] == ["/players"]
    assert http.get("/apps", headers=org_headers).status_code == 200
    assert http.get("/players", params={"app_id": "x"}, headers=org_headers).status_code == 502


def test_what_is_set_can_be_read(http: httpx.Client, org_headers: dict[str, str]) -> None:
    add(http, org_headers, kind="429", times=3, retry_after=2, path="/notifications")

    state = http.get("/_sandbox/faults", headers=org_headers).json()

    assert state["next"] == [
        {"kind": "429", "times": 3, "method": None, "path": "/notifications", "retry_after": 2.0}
    ]


def test_the_sandbox_endpoints_are_never_faulted(http: httpx.Client, org_headers: dict[str, str]) -> None:
    add(http, org_headers, kind="reset", share=1.0)

    assert http.get("/_sandbox/health").status_code == 200
    assert http.get("/_sandbox/faults", headers=org_headers).status_code == 200
    assert http.delete("/_sandbox/faults", headers=org_headers).status_code == 200
    assert http.get("/apps", headers=org_headers).status_code == 200


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"kind": "teapot"}, "Unknown fault kind 'teapot'"),
        ({"kind": "⁵⁰³"}, "Unknown fault kind '⁵⁰³'"),  # digits to str.isdigit(), not to int()
        ({}, "kind is required: an HTTP status 4xx/5xx or one of reset, truncate, html, latency"),
        ({"kind": "503", "times": 0}, "times must be a whole number, 1 or more (or None: always), not 0"),
        ({"kind": "503", "times": "3"}, "times must be a whole number"),
        ({"kind": "503", "share": 1.5}, "share must be a number from 0 to 1, not 1.5"),
        ({"kind": "503", "share": 0.1, "times": 2}, "give either times"),
        ({"kind": "latency", "ms": -5}, "ms must be a number, 0 or more, not -5"),
        ({"kind": "429", "retry_after": "soon"}, 'retry_after must be a number, 0 or more, not "soon"'),
        ({"kind": "html", "status": 99}, "status must be an HTTP status code, not 99"),
        ({"kind": "503", "path": ""}, "path must be a non-empty string"),
        ({"spec": "503=lots"}, "Not a rate: 'lots'"),
        ({"kind": "503", "colour": "red"}, "Unknown field(s): colour"),
    ],
)
def test_bad_faults_are_400s_naming_what_was_wrong(
    http: httpx.Client, org_headers: dict[str, str], fault: dict[str, Any], message: str
) -> None:
    answer = add(http, org_headers, **fault)

    assert answer.status_code == 400, answer.text
    assert message in answer.json()["errors"][0]
    assert http.get("/_sandbox/faults", headers=org_headers).json()["next"] == []


def test_faults_need_the_organization_key(http: httpx.Client, app_headers: dict[str, str]) -> None:
    assert http.post("/_sandbox/faults", json={"kind": "503"}).status_code == 400
    assert http.post("/_sandbox/faults", json={"kind": "503"}, headers=app_headers).status_code == 403
