"""The command line of the console: --version, --profile, and what opens by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from onesignal_desktop import __version__
from onesignal_desktop.ui.shell.app import main, parse_args


def test_version_prints_and_exits_without_a_window() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "onesignal_desktop", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"onesignal-desktop {__version__}"


def test_unknown_profile_is_a_clear_error(tmp_path, capsys) -> None:
    code = main(["--profile", "nope", "--settings-file", str(tmp_path / "s.ini")])
    assert code == 2
    assert "no profile named 'nope'" in capsys.readouterr().err


def test_profile_and_sandbox_exclude_each_other(capsys) -> None:
    assert main(["--profile", "work", "--sandbox"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_options_parse(tmp_path: Path) -> None:
    args = parse_args(["--sandbox", "--data-dir", str(tmp_path)])
    assert args.sandbox and Path(args.data_dir) == tmp_path
