"""`--self-test` run as a user would (a subprocess, from the source tree): one line, the right exit code."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from onesignal_desktop import cli

OK_LINE = re.compile(
    r"self-test ok: api ok \((?P<apps>\d+) apps\), "
    r"sandbox ok \(http://127\.0\.0\.1:\d+\), "
    r"keyring: (?P<backend>.+) \((?P<keyring>usable|session-only: .+)\), "
    r"window ok \((?P<listed>\d+) apps listed\) in \d+\.\d s"
)
FAIL_BACKEND = "keyring.backends.fail.Keyring"
# A keyring that answers, for the "usable" report: a module of its own, loaded by keyring from the env.
WORKING_BACKEND_MODULE = """
from keyring.backend import KeyringBackend

class WorkingKeyring(KeyringBackend):
    priority = 1
    name = "working test keyring"
    entries = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)
"""


def run_self_test(
    tmp_path: Path, *args: str, keyring_backend: str = FAIL_BACKEND
) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    modules = tmp_path / "modules"
    modules.mkdir(exist_ok=True)
    (modules / "working_keyring.py").write_text(WORKING_BACKEND_MODULE, encoding="utf-8")
    python_path = os.pathsep.join(p for p in (str(modules), os.environ.get("PYTHONPATH", "")) if p)
    env = {
        **os.environ,
        "PYTHONPATH": python_path,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": keyring_backend,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    return subprocess.run(
        [sys.executable, "-m", "onesignal_desktop", "--self-test", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
        check=False,
    )


def assert_no_key(result: subprocess.CompletedProcess[str]) -> None:
    assert "os_v2_" not in result.stdout + result.stderr


def test_self_test_lists_the_demo_apps_and_reports_a_missing_keyring(tmp_path: Path) -> None:
    result = run_self_test(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    match = OK_LINE.fullmatch(lines[0])
    assert match is not None, lines[0]
    assert int(match["apps"]) >= 2  # the sandbox's demo apps
    assert match["listed"] == match["apps"]
    assert match["keyring"].startswith("session-only: No system keyring is available")
    assert "for this session only" not in lines[0]  # the reason only, not the consequence sentence
    assert_no_key(result)


def test_self_test_reports_a_usable_keyring(tmp_path: Path) -> None:
    result = run_self_test(tmp_path, keyring_backend="working_keyring.WorkingKeyring")

    assert result.returncode == 0, result.stdout + result.stderr
    match = OK_LINE.fullmatch(result.stdout.strip())
    assert match is not None, result.stdout
    assert match["keyring"] == "usable"
    assert match["backend"] == "working test keyring"
    assert_no_key(result)


@pytest.mark.secret_service
@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus gnome-keyring)",
)
def test_self_test_finds_a_running_secret_service(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "PYTHON_KEYRING_BACKEND"):
        env.pop(name, None)
    daemon = "printf 'ci-only-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
    result = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "sh",
            "-c",
            f'{daemon} && "$0" -m onesignal_desktop --self-test',
            sys.executable,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    match = OK_LINE.fullmatch(result.stdout.strip())
    assert match is not None, result.stdout
    assert match["keyring"] == "usable"
    assert "SecretService" in match["backend"]


def test_self_test_cleans_up_its_sandbox_and_settings(tmp_path: Path) -> None:
    parent = tmp_path / "scratch"
    parent.mkdir()

    result = run_self_test(tmp_path, "--data-dir", str(parent))

    assert result.returncode == 0, result.stdout + result.stderr
    assert list(parent.iterdir()) == []


def test_self_test_fails_in_one_line_when_the_sandbox_cannot_start(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("")

    result = run_self_test(tmp_path, "--data-dir", str(not_a_directory))

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("self-test FAILED: sandbox")
    assert str(not_a_directory) in lines[0]


def test_self_test_fails_when_the_window_does_not_list_the_apps_in_time(tmp_path: Path) -> None:
    result = run_self_test(tmp_path, "--timeout", "0.001")

    assert result.returncode == 1
    assert re.fullmatch(
        r"self-test FAILED: window: the Apps tab listed \d+ of \d+ apps after 0\.001 s", result.stdout.strip()
    ), result.stdout
    assert_no_key(result)


def test_cli_hands_the_self_test_its_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_self_test(argv: list[str]) -> int:
        seen.append(list(argv))
        return 7

    monkeypatch.setattr("onesignal_desktop.selftest.main", fake_self_test)

    assert cli.main(["--self-test", "--timeout", "5"]) == 7
    assert seen == [["--self-test", "--timeout", "5"]]


def test_self_test_masks_keys_in_failure_messages() -> None:
    from onesignal_desktop.selftest import _Secrets

    secrets = _Secrets()
    secrets.add("a-secret-value")
    text = "401 for a-secret-value and os_v2_app_" + "a" * 52

    masked = secrets.mask(text)

    assert "a-secret-value" not in masked
    assert "os_v2_app_" not in masked
    assert masked.startswith("401 for ***")
