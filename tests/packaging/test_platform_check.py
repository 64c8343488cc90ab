"""The Qt platform-plugin diagnosis: which shared libraries the xcb plugin lacks, and the commands that
install them, from inspecting the plugin (fake ldd output here, and this machine's real PySide6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from onesignal_desktop import platform_check
from onesignal_desktop.platform_check import (
    PACKAGES,
    Diagnosis,
    diagnose,
    parse_ldd,
    startup_problem,
    wants_xcb,
    xcb_plugin,
)

LDD_TWO_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd0c5f4000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f6d)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f6d)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibfrobnicate.so.7 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f6d)
"""
PLUGIN = Path("/venv/PySide6/Qt/plugins/platforms/libqxcb.so")


def test_ldd_output_gives_each_missing_library_once_in_order() -> None:
    assert parse_ldd(LDD_TWO_MISSING) == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfrobnicate.so.7")
    assert parse_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == ()


def test_the_message_names_the_libraries_and_the_command_for_each_distribution() -> None:
    found = diagnose(PLUGIN, load=lambda _p: "libxcb-icccm.so.4: cannot open", ldd=lambda _p: LDD_TWO_MISSING)
    assert found is not None and not found.ok
    message = found.message()
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libfrobnicate.so.7" in message
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in message
    assert "sudo dnf install xcb-util-keysyms xcb-util-wm" in message
    assert "sudo pacman -S xcb-util-keysyms xcb-util-wm" in message
    assert "whichever package ships libfrobnicate.so.7" in message


def test_a_plugin_that_loads_is_not_inspected_further() -> None:
    def no_ldd(_plugin: Path) -> str:
        raise AssertionError("ldd ran although the plugin loaded")

    assert diagnose(PLUGIN, load=lambda _p: None, ldd=no_ldd) == Diagnosis(PLUGIN, ())


def test_without_ldd_the_library_dlopen_named_is_reported() -> None:
    error = "libxcb-keysyms.so.1: cannot open shared object file: No such file or directory"
    found = diagnose(PLUGIN, load=lambda _p: error, ldd=lambda _p: "")
    assert found is not None and found.missing == ("libxcb-keysyms.so.1",)
    assert "sudo apt install libxcb-keysyms1" in found.message()


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"XDG_SESSION_TYPE": "wayland", "QT_QPA_PLATFORM": "xcb"}, True),
    ],
)
def test_xcb_is_checked_only_when_qt_will_use_it(environ: dict[str, str], expected: bool) -> None:
    assert wants_xcb(environ, "linux") is expected
    assert wants_xcb(environ, "win32") is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin exists on Linux only")
def test_this_machines_plugin_agrees_with_ldd() -> None:
    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    found = diagnose(plugin)
    assert found is not None
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False).stdout
    assert found.missing == parse_ldd(ldd)
    assert all(name in PACKAGES for name in found.missing), found.missing


# The console and --self-test with an xcb plugin that cannot load: the inspection is fed the fake ldd output
# above (this machine's plugin loads), everything after it is the real start-up path.
BROKEN_XCB = """
import os
import sys
from pathlib import Path
from onesignal_desktop import platform_check

real_diagnose = platform_check.diagnose
platform_check.diagnose = lambda plugin=None: real_diagnose(
    Path("/venv/PySide6/Qt/plugins/platforms/libqxcb.so"),
    load=lambda _p: "libxcb-icccm.so.4: cannot open shared object file",
    ldd=lambda _p: os.environ["FAKE_LDD_OUTPUT"],
)
from onesignal_desktop.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("args", [[], ["--self-test"]], ids=["window", "self-test"])
def test_the_console_says_what_is_missing_instead_of_qt_aborting(tmp_path: Path, args: list[str]) -> None:
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "FAKE_LDD_OUTPUT": LDD_TWO_MISSING,
    }
    settings = [] if args else ["--settings-file", str(tmp_path / "s.ini")]
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_XCB, *args, *settings],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Qt's xcb platform plugin cannot load" in done.stderr + done.stdout
    report = done.stderr + done.stdout
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in report
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in report
    assert "sudo dnf install xcb-util-keysyms xcb-util-wm" in report
    assert "Aborted" not in report and "could not load the Qt platform plugin" not in report


def test_without_a_display_the_console_says_so_instead_of_qt_aborting(tmp_path: Path) -> None:
    environ = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ.update(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-m", "onesignal_desktop", "--settings-file", str(tmp_path / "s.ini")],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    expected = startup_problem(environ)  # no display; or, on a machine lacking xcb libraries, those
    assert expected is not None
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == expected


def test_no_display_is_a_problem_only_for_xcb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check, "check_before_qt", lambda environ: None)  # the plugin loads
    assert "DISPLAY is not set" in (startup_problem({"QT_QPA_PLATFORM": "xcb"}) or "")
    assert startup_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}) is None
    assert startup_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
