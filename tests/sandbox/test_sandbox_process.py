"""The sandbox in a child process (as the console runs it): it serves the same API, hands over app keys
through its pipe, keeps its data directory, and never outlives the console."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from onesignal_desktop.sandbox.process import SandboxProcess, SandboxProcessError


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def _wait_gone(pid: int, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)  # another process: nothing to wait on but its pid
    return False


def test_serves_the_api_from_another_process_with_the_apps_keys(tmp_path: Path) -> None:
    with SandboxProcess.start(tmp_path / "data") as sandbox:
        assert sandbox.pid != os.getpid()
        org = {"Authorization": f"Key {sandbox.org_key}"}
        demo_apps = httpx.get(f"{sandbox.base_url}/apps", headers=org).json()
        assert {app["name"] for app in demo_apps} == {"Demo Shop", "Demo News"}
        created = httpx.post(f"{sandbox.base_url}/apps", headers=org, json={"name": "Mine"}).json()

        key = sandbox.app_key(created["id"])

        assert key == created["basic_auth_key"]
        players = httpx.get(
            f"{sandbox.base_url}/players",
            params={"app_id": created["id"]},
            headers={"Authorization": f"Key {key}"},
        )
        assert players.status_code == 200 and players.json()["total_count"] == 0
        with pytest.raises(KeyError):
            sandbox.app_key("not-an-app")
        pid, url = sandbox.pid, sandbox.base_url
    assert not sandbox.running
    assert _wait_gone(pid)
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/apps", headers=org, timeout=2)


def test_keeps_its_data_and_key_between_starts(tmp_path: Path) -> None:
    with SandboxProcess.start(tmp_path / "data", seed_demo=False) as first:
        org = {"Authorization": f"Key {first.org_key}"}
        app_id = httpx.post(f"{first.base_url}/apps", headers=org, json={"name": "Kept"}).json()["id"]
        first_key, first_app_key = first.org_key, first.app_key(app_id)

    with SandboxProcess.start(tmp_path / "data", seed_demo=False) as second:
        assert second.org_key == first_key
        assert second.app_key(app_id) == first_app_key
        names = [app["name"] for app in httpx.get(f"{second.base_url}/apps", headers=org).json()]
        assert names == ["Kept"]


def test_a_sandbox_that_cannot_start_says_why(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("in the way")

    with pytest.raises(SandboxProcessError, match="did not start") as raised:
        SandboxProcess.start(not_a_directory)

    assert "file" in str(raised.value).lower() or "directory" in str(raised.value).lower()


def test_the_sandbox_ends_when_the_console_process_is_killed(tmp_path: Path) -> None:
    console = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from onesignal_desktop.sandbox.process import SandboxProcess
        sandbox = SandboxProcess.start(Path({str(tmp_path / "data")!r}), seed_demo=False)
        print(sandbox.pid, flush=True)
        sys.stdin.read()  # until killed
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", console], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    assert _alive(child_pid)

    parent.kill()  # as kill -9: no clean-up code runs in the console
    parent.wait(10)

    assert _wait_gone(child_pid), "the sandbox process outlived the console"
