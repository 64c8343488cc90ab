"""The frozen bundle's `-m MODULE` dispatch: its sys.executable is the app, so child jobs come back to cli."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onesignal_desktop import cli

CSV_JOBS = "onesignal_desktop.ui.players.export_viewer.csv_jobs"
AS_FROZEN = "import sys; sys.frozen = True; from onesignal_desktop.cli import main; raise SystemExit(main())"


def test_frozen_app_runs_the_export_viewers_child_job(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text("id,name\n1,first\n2,second\n3,third\n", encoding="utf-8")
    args = json.dumps([str(source), str(tmp_path), str(tmp_path / "offsets.bin")])

    # Exactly what workers.py starts: sys.executable -m MODULE JOB ARGS CANCEL_PATH, here with sys.executable
    # standing for a frozen app whose entry point is cli.main.
    result = subprocess.run(
        [sys.executable, "-c", AS_FROZEN, "-m", CSV_JOBS, "index", args, str(tmp_path / "cancel")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    messages = [json.loads(line) for line in result.stdout.splitlines()]
    assert messages[-1][0] == "done"
    assert messages[-1][1]["rows"] == 3
    assert (tmp_path / "offsets.bin").stat().st_size > 0


def test_frozen_app_refuses_modules_outside_the_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    assert cli.main(["-m", "http.server"]) == 2
    assert cli.main(["-m"]) == 2
    assert "runs only onesignal_desktop.* modules" in capsys.readouterr().err


def test_frozen_child_exit_codes_pass_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    ran: list[tuple[str, list[str]]] = []

    def fake_run_module(module: str, run_name: str, alter_sys: bool) -> None:
        ran.append((module, list(sys.argv)))
        raise SystemExit(3)

    monkeypatch.setattr(cli.runpy, "run_module", fake_run_module)
    monkeypatch.setattr(sys, "argv", ["app"])

    assert cli.main(["-m", "onesignal_desktop.some_job", "a", "b"]) == 3
    assert ran == [("onesignal_desktop.some_job", ["onesignal_desktop.some_job", "a", "b"])]


def test_from_source_minus_m_is_not_a_module_runner(capsys: pytest.CaptureFixture[str]) -> None:
    assert not cli.is_frozen()

    assert cli.main(["-m", CSV_JOBS]) == 2  # the console's own usage error
    assert "unrecognized arguments" in capsys.readouterr().err
