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
