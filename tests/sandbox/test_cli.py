"""`onesignal-desktop sandbox` as a subprocess: first line, org key line, serving, clean exit on signals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

FIRST_LINE = re.compile(r"^OneSignal sandbox listening on (http://127\.0\.0\.1:(\d+))$")


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "onesignal_desktop", "sandbox", "--port", "0", "--no-demo", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "0"},
    )


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    process = _spawn("--data", str(tmp_path))
    yield process
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def test_first_line_then_org_key_then_serves(cli: subprocess.Popen[str], tmp_path: Path) -> None:
    assert cli.stdout is not None
    first = cli.stdout.readline().rstrip("\n")
    match = FIRST_LINE.match(first)
    assert match, first
    second = cli.stdout.readline().rstrip("\n")
    assert second.startswith("Organization key: os_v2_org_")
    org_key = second.split(": ", 1)[1]
    assert (tmp_path / "org_key").read_text().strip() == org_key
    response = httpx.get(f"{match.group(1)}/api/v1/apps", headers={"Authorization": f"Key {org_key}"})
    assert response.status_code == 200


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_it_cleanly(cli: subprocess.Popen[str], sig: signal.Signals) -> None:
    assert cli.stdout is not None
    assert FIRST_LINE.match(cli.stdout.readline().rstrip("\n"))
    cli.send_signal(sig)
    assert cli.wait(timeout=10) == 0
    assert cli.stderr is not None
    assert "Traceback" not in cli.stderr.read()


def test_given_org_key_is_used(tmp_path: Path) -> None:
    given = "os_v2_org_" + "z" * 52
    process = _spawn("--data", str(tmp_path), "--org-key", given)
    try:
        assert process.stdout is not None
        process.stdout.readline()
        assert process.stdout.readline().strip() == f"Organization key: {given}"
        assert not (tmp_path / "org_key").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_bad_fault_spec_is_a_usage_error(tmp_path: Path) -> None:
    process = _spawn("--data", str(tmp_path), "--faults", "explode=0.5")
    assert process.wait(timeout=30) == 2
    assert process.stderr is not None
    assert "Unknown fault kind" in process.stderr.read()


def _env_of(process: subprocess.Popen[str]) -> dict[str, str]:
    assert process.stdout is not None
    lines = [process.stdout.readline().rstrip("\n") for _ in range(4)]
    assert all("=" in line for line in lines), lines
    return dict(line.split("=", 1) for line in lines)


def test_print_env_gives_what_a_ci_job_needs_and_health_answers(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "onesignal_desktop",
            "sandbox",
            "--port",
            "0",
            "--data",
            str(tmp_path),
            "--print-env",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        env = _env_of(process)
        assert sorted(env) == [
            "ONESIGNAL_API_URL",
            "ONESIGNAL_APP_ID",
            "ONESIGNAL_ORG_API_KEY",
            "ONESIGNAL_REST_API_KEY",
        ]
        url = env["ONESIGNAL_API_URL"]
        assert FIRST_LINE.match(f"OneSignal sandbox listening on {url}")
        health = httpx.get(f"{url}/_sandbox/health")
        assert health.status_code == 200 and health.json()["status"] == "ok" and health.json()["apps"] == 2
        app = httpx.get(
            f"{url}/apps/{env['ONESIGNAL_APP_ID']}",
            headers={"Authorization": f"Key {env['ONESIGNAL_ORG_API_KEY']}"},
        ).json()
        assert app["name"] == "Demo Shop" and app["basic_auth_key"] == env["ONESIGNAL_REST_API_KEY"]
        players = httpx.get(
            f"{url}/players",
            params={"app_id": env["ONESIGNAL_APP_ID"], "limit": 1},
            headers={"Authorization": f"Key {env['ONESIGNAL_REST_API_KEY']}"},
        )
        assert players.status_code == 200
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
    assert process.stderr is not None
    stderr = process.stderr.read()
    assert "OneSignal sandbox listening on" in stderr and stderr.rstrip().endswith(
        "OneSignal sandbox stopped"
    )


def test_print_env_without_demo_data_names_no_app(tmp_path: Path) -> None:
    process = _spawn("--data", str(tmp_path), "--print-env")
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().rstrip("\n") for _ in range(2)]
        assert [line.split("=", 1)[0] for line in lines] == ["ONESIGNAL_API_URL", "ONESIGNAL_ORG_API_KEY"]
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_sigterm_lets_a_request_in_flight_finish_then_exits_cleanly(tmp_path: Path) -> None:
    process = _spawn("--data", str(tmp_path), "--print-env")
    try:
        assert process.stdout is not None
        url = process.stdout.readline().rstrip("\n").split("=", 1)[1]
        org = {"Authorization": f"Key {process.stdout.readline().rstrip().split('=', 1)[1]}"}
        assert httpx.post(
            f"{url}/_sandbox/faults", json={"kind": "latency", "ms": 1500}, headers=org
        ).is_success
        with httpx.Client(timeout=15) as client:
            import threading

            answers: list[httpx.Response] = []
            slow = threading.Thread(target=lambda: answers.append(client.get(f"{url}/apps", headers=org)))
            slow.start()
            # The request is on its way (it waits out its latency in the server) once the log will have it.
            while httpx.get(f"{url}/_sandbox/faults", headers=org).json()["fired"] == 0:
                pass
            process.send_signal(signal.SIGTERM)
            slow.join(timeout=15)
        assert [a.status_code for a in answers] == [200]
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert not (tmp_path / "sandbox.sqlite3-wal").exists()  # the store was closed, its WAL checkpointed


def test_bad_request_log_size_is_a_usage_error(tmp_path: Path) -> None:
    process = _spawn("--data", str(tmp_path), "--request-log", "-3")
    assert process.wait(timeout=30) == 2
    assert process.stderr is not None
    assert "the request log's size cannot be negative" in process.stderr.read()
