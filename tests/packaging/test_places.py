"""One set of places: the console's settings and data and the `sandbox` command's data live in the
platform's per-user folders under one name, found by one module; an upgrade keeps what earlier versions
kept under the organisation's name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from onesignal_desktop import places
from onesignal_desktop.sandbox.cli import default_data_dir

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_every_place_is_under_one_name(xdg: Path) -> None:
    assert places.settings_file() == xdg / "config" / "onesignal-desktop" / "settings.ini"
    assert places.console_data_dir() == xdg / "data" / "onesignal-desktop" / "console"
    assert places.sandbox_command_data_dir() == xdg / "data" / "onesignal-desktop" / "sandbox"
    assert default_data_dir() == places.sandbox_command_data_dir()  # the sandbox command asks places


def test_adopting_moves_only_when_the_new_place_is_empty(tmp_path: Path) -> None:
    earlier, now = tmp_path / "old" / "s.ini", tmp_path / "new" / "s.ini"
    earlier.parent.mkdir()
    earlier.write_text("[General]\nx=1\n")
    assert places.adopt(earlier, now) and now.read_text() == "[General]\nx=1\n" and not earlier.exists()
    earlier.write_text("[General]\nx=2\n")
    assert not places.adopt(earlier, now) and now.read_text() == "[General]\nx=1\n"  # never overwritten


# The console as a user starts it, with an earlier version's settings and data in Qt's organisation-named
# folders: they move to the new places and the console reads them there.
UPGRADE = """
import sys
from PySide6.QtCore import QCoreApplication
from onesignal_desktop import places
from onesignal_desktop.ui.shell import settings as s

app = QCoreApplication([])
app.setOrganizationName(s.ORGANIZATION)
app.setApplicationName(s.APPLICATION)
print(s.open_settings().value("profiles/kept"), s.app_data_dir(), places.settings_file().is_file())
"""


def test_an_upgrade_keeps_the_settings_and_data_of_earlier_versions(tmp_path: Path) -> None:
    old_settings = tmp_path / "config" / "OneSignal Desktop" / "onesignal-desktop.ini"
    old_settings.parent.mkdir(parents=True)
    old_settings.write_text("[profiles]\nkept=yes\n", encoding="utf-8")
    old_data = tmp_path / "data" / "OneSignal Desktop" / "onesignal-desktop"
    (old_data / "sandbox").mkdir(parents=True)
    (old_data / "sandbox" / "marker").write_text("mine", encoding="utf-8")
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", UPGRADE], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    new_data = tmp_path / "data" / "onesignal-desktop" / "console"
    assert done.stdout.split() == ["yes", str(new_data), "True"]
    assert (new_data / "sandbox" / "marker").read_text(encoding="utf-8") == "mine"
    assert not old_settings.exists()
