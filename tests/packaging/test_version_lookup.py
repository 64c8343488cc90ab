"""The version the console shows (title bar's About, --version, User-Agent) is the installed one, read
without importlib.metadata, whose import and distribution scan cost 45-120 ms of every start."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import onesignal_desktop


def test_the_version_is_the_installed_distribution_s() -> None:
    onesignal_desktop._installed_version.cache_clear()
    assert onesignal_desktop.__version__ == version("onesignal-desktop")


def test_the_first_dist_info_on_the_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = tmp_path / "onesignal_desktop-9.8.7.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: onesignal-desktop\nVersion: 9.8.7\n\nVersion: not this\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path), *sys.path])
    onesignal_desktop._installed_version.cache_clear()
    try:
        assert onesignal_desktop.__version__ == "9.8.7"
    finally:
        onesignal_desktop._installed_version.cache_clear()


def test_asking_for_the_version_does_not_load_importlib_metadata() -> None:
    script = (
        "import sys, onesignal_desktop; v = onesignal_desktop.__version__; "
        "print(v, 'importlib.metadata' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == [version("onesignal-desktop"), "False"]
