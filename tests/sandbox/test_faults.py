"""Fault injection over real HTTP: scripted faults, seeded random faults, and the spec syntax."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from onesignal_desktop.sandbox import Sandbox, start_sandbox
from onesignal_desktop.sandbox.faults import FaultConfig, FaultSpecError


def test_scripted_503_hits_only_the_matching_request_once(
    sandbox: Sandbox, http: httpx.Client, app: dict[str, Any], app_headers: dict[str, str]
) -> None:
    sandbox.faults.inject("503", times=1, method="POST", path="/players")
    params = {"app_id": app["id"]}
    assert http.get("/players", params=params, headers=app_headers).status_code == 200
    failed = http.post("/players", json={"app_id": app["id"], "device_type": 1}, headers=app_headers)
    assert failed.status_code == 503
    assert failed.json()["errors"]
    retried = http.post("/players", json={"app_id": app["id"], "device_type": 1}, headers=app_headers)
    assert retried.status_code == 200
    assert http.get("/players", params=params, headers=app_headers).json()["total_count"] == 1
    assert sandbox.faults.fired == [("503", "POST", "/players")]


def test_scripted_faults_match_the_legacy_prefix_too(
    sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str]
) -> None:
    sandbox.faults.inject("500", path="/apps")
    assert http.get("/api/v1/apps", headers=org_headers).status_code == 500
    assert http.get("/api/v1/apps", headers=org_headers).status_code == 200


def test_429_carries_retry_after_and_onesignal_body(
    sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str]
) -> None:
    sandbox.faults.inject("429", retry_after=7)
    response = http.get("/apps", headers=org_headers)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json() == {"errors": ["API rate limit exceeded."]}


def test_latency_delays_then_answers(
    sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str]
) -> None:
    sandbox.faults.inject("latency", ms=150)
    started = time.perf_counter()
    response = http.get("/apps", headers=org_headers)
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.15


def test_connection_reset_is_a_transport_error(sandbox: Sandbox, org_headers: dict[str, str]) -> None:
    sandbox.faults.inject("reset")
    with httpx.Client(base_url=sandbox.base_url) as http:
        with pytest.raises(httpx.TransportError):
            http.get("/apps", headers=org_headers)
        assert http.get("/apps", headers=org_headers).status_code == 200


def test_truncated_body_breaks_the_read(sandbox: Sandbox, org_headers: dict[str, str]) -> None:
    with httpx.Client(base_url=sandbox.base_url) as http:
        http.post("/apps", json={"name": "A long enough name to truncate"}, headers=org_headers)
        sandbox.faults.inject("truncate")
        with pytest.raises(httpx.TransportError):
            http.get("/apps", headers=org_headers)
        assert http.get("/apps", headers=org_headers).status_code == 200


def test_html_fault_is_not_json(sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str]) -> None:
    sandbox.faults.inject("html")
    response = http.get("/apps", headers=org_headers)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()


def test_unlimited_fault_lasts_until_cleared(
    sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str]
) -> None:
    sandbox.faults.inject("502", times=None)
    assert [http.get("/apps", headers=org_headers).status_code for _ in range(3)] == [502, 502, 502]
    sandbox.faults.clear()
    assert http.get("/apps", headers=org_headers).status_code == 200


def _statuses(spec: str, count: int) -> list[int]:
    with start_sandbox(seed_demo=False, faults=spec) as sb, httpx.Client(base_url=sb.base_url) as http:
        return [
            http.get("/apps", headers={"Authorization": f"Key {sb.org_key}"}).status_code
            for _ in range(count)
        ]


def test_random_faults_follow_the_rate_and_repeat_with_the_seed() -> None:
    first = _statuses("503=0.3,500=0.2,seed=42", 60)
    second = _statuses("503=0.3,500=0.2,seed=42", 60)
    assert first == second
    assert 503 in first and 500 in first and 200 in first
    other_seed = _statuses("503=0.3,500=0.2,seed=43", 60)
    assert other_seed != first


def test_paths_limit_random_faults(sandbox: Sandbox, http: httpx.Client, org_headers: dict[str, str]) -> None:
    sandbox.faults.configure("503=1,paths=/players")
    assert http.get("/apps", headers=org_headers).status_code == 200


def test_spec_parsing() -> None:
    config = FaultConfig.parse("429=5%, latency=0.5, latency.ms=300, 429.retry_after=2, seed=9, paths=/a|/b")
    assert config.rates == {"429": 0.05, "latency": 0.5}
    assert config.options == {"latency": {"ms": 300.0}, "429": {"retry_after": 2.0}}
    assert config.seed == 9
    assert config.paths == ("/a", "/b")


@pytest.mark.parametrize(
    "spec", ["boom=0.1", "503=2", "503", "503=abc", "seed=x", "latency.ms=slow", "200=0.1"]
)
def test_bad_specs_are_refused(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        FaultConfig.parse(spec)
