"""Desktop integration: one application id for the window, the menu entry and the AppStream metainfo;
`--install-desktop-entry` gives a pip user the menu entry and icons, pointing at the program they ran."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from onesignal_desktop import desktop_entry
from onesignal_desktop.desktop_entry import APP_ID, DESKTOP_FILE, METAINFO_FILE

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "desktop"


def test_the_window_the_menu_entry_and_the_metainfo_share_one_id() -> None:
    app_source = (ROOT / "onesignal_desktop" / "ui" / "shell" / "app.py").read_text(encoding="utf-8")
    assert "app.setDesktopFileName(APP_ID)" in app_source
    assert (SHIPPED / DESKTOP_FILE).is_file()
    metainfo = (SHIPPED / METAINFO_FILE).read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in metainfo
    assert f'<launchable type="desktop-id">{DESKTOP_FILE}</launchable>' in metainfo


def test_the_metainfo_validates() -> None:
    # appstream (appstreamcli) is one of the README's test tools (CI installs it): missing, this fails.
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(SHIPPED / METAINFO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_window_icon_has_every_shipped_size(qapp: object) -> None:
    from onesignal_desktop.ui.shell.icons import app_icon

    sizes = {(size.width(), size.height()) for size in app_icon().availableSizes()}
    assert {(16, 16), (48, 48), (256, 256), (512, 512)} <= sizes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="desktop entries are a Linux desktop's")
def test_install_desktop_entry_writes_a_valid_entry_for_the_program_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "onesignal_desktop", "--install-desktop-entry"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    entry_path = data / "applications" / DESKTOP_FILE
    assert str(entry_path) in done.stdout
    validated = subprocess.run(["desktop-file-validate", str(entry_path)], capture_output=True, text=True)
    assert validated.returncode == 0 and not validated.stdout.strip(), validated.stdout
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(entry_path, encoding="utf-8")
    command = entry["Desktop Entry"]["Exec"]
    # The program that was run: the onesignal-desktop script beside this Python, or this Python -m.
    assert command in (desktop_entry.launcher_command(), f"{sys.executable} -m onesignal_desktop")
    assert entry["Desktop Action Sandbox"]["Exec"] == f"{command} --sandbox"
    assert (data / "metainfo" / METAINFO_FILE).read_bytes() == (SHIPPED / METAINFO_FILE).read_bytes()
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "onesignal-desktop.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "onesignal-desktop.svg").is_file()


@pytest.mark.parametrize(
    ("xdg_data_home", "expected"),
    [
        ("data", "data"),  # an absolute XDG_DATA_HOME is used as it is
        ("relative", "home/.local/share"),  # a relative one is ignored, as the spec says
        (None, "home/.local/share"),
    ],
)
def test_the_data_folder_follows_the_xdg_rules(
    tmp_path: Path, xdg_data_home: str | None, expected: str
) -> None:
    environ = {"HOME": str(tmp_path / "home")}
    if xdg_data_home is not None:
        environ["XDG_DATA_HOME"] = str(tmp_path / xdg_data_home) if xdg_data_home == "data" else xdg_data_home
    assert desktop_entry.data_home(environ) == tmp_path / expected


def test_exec_lines_name_the_command_and_keep_their_arguments() -> None:
    source = "\n".join(
        [
            "[Desktop Entry]",
            "Exec=onesignal-desktop",
            "TryExec=onesignal-desktop",
            "Exec=onesignal-desktop --sandbox",
        ]
    )
    text = desktop_entry.desktop_entry_text(source, '"/opt/my apps/bin/onesignal-desktop"')
    assert text.splitlines() == [
        "[Desktop Entry]",
        'Exec="/opt/my apps/bin/onesignal-desktop"',
        "TryExec=/opt/my apps/bin/onesignal-desktop",
        'Exec="/opt/my apps/bin/onesignal-desktop" --sandbox',
    ]
