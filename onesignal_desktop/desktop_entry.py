"""The Linux desktop integration a pip install lacks: ``onesignal-desktop --install-desktop-entry`` copies the
menu entry (``.desktop``), the AppStream metainfo and the hicolor icons that ship in the package
(``resources/desktop/``) into the user's data folder (``$XDG_DATA_HOME``, else ``~/.local/share``), with
``Exec=`` pointing at the program that was run, so the menu finds it even outside ``PATH`` (a venv).

No Qt here: it runs before (and without) any window.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from importlib.abc import Traversable
from pathlib import Path

from onesignal_desktop.package_files import resource_dir

#: One name for the window (``QGuiApplication.setDesktopFileName``), the ``.desktop`` file and the AppStream
#: component id: Wayland compositors and task bars match the window to its menu entry by it.
APP_ID = "io.github.onesignaldesktop.OneSignalDesktop"
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
OPTION = "--install-desktop-entry"


def data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (as the spec says)."""
    configured = environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def launcher_command(argv0: str | None = None) -> str:
    """The command the menu entry runs: the ``onesignal-desktop`` program beside this Python (a venv's
    bin/), else the one on PATH, else this interpreter with ``-m onesignal_desktop``."""
    for candidate in (
        Path(sys.executable).parent / "onesignal-desktop",
        Path(argv0).parent / "onesignal-desktop" if argv0 else None,
    ):
        if candidate is not None and candidate.is_file() and os.access(candidate, os.X_OK):
            return _quoted(str(candidate.resolve()))
    found = shutil.which("onesignal-desktop")
    if found:
        return _quoted(found)
    return f"{_quoted(sys.executable)} -m onesignal_desktop"


def _quoted(path: str) -> str:
    """A path as one argument of a desktop entry's Exec= (quoted when it holds a space)."""
    if not any(char in path for char in ' \t"`$\\'):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def desktop_entry_text(source: str, command: str) -> str:
    """The shipped ``.desktop`` file with every ``Exec=``/``TryExec=`` naming ``command``."""
    lines = []
    for line in source.splitlines():
        if line.startswith("Exec=onesignal-desktop"):
            line = "Exec=" + command + line[len("Exec=onesignal-desktop") :]
        elif line.startswith("TryExec="):
            line = "TryExec=" + command.split(" -m ")[0].strip('"')
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(target: Path, command: str) -> list[Path]:
    """Write the entry, the metainfo and the icons under ``target`` (a data folder); the files written."""
    source = resource_dir("desktop")
    if source is None:
        raise FileNotFoundError("the desktop files (resources/desktop) are not part of this installation")
    written: list[Path] = []
    entry = target / "applications" / DESKTOP_FILE
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry_text(source.joinpath(DESKTOP_FILE).read_text("utf-8"), command), "utf-8")
    written.append(entry)
    metainfo = target / "metainfo" / METAINFO_FILE
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    metainfo.write_bytes(source.joinpath(METAINFO_FILE).read_bytes())
    written.append(metainfo)
    written.extend(_copy_tree(source.joinpath("icons"), target / "icons"))
    return written


def _copy_tree(source: Traversable, target: Path) -> list[Path]:
    written: list[Path] = []
    for child in source.iterdir():
        if child.is_dir():
            written.extend(_copy_tree(child, target / child.name))
        elif child.is_file():
            target.mkdir(parents=True, exist_ok=True)
            (target / child.name).write_bytes(child.read_bytes())
            written.append(target / child.name)
    return written


def main(argv: Sequence[str] = ()) -> int:
    """``onesignal-desktop --install-desktop-entry``: install for this user and say where."""
    del argv
    if not sys.platform.startswith("linux"):
        print("onesignal-desktop: --install-desktop-entry is for Linux desktops only", file=sys.stderr)
        return 2
    target = data_home()
    try:
        written = install(target, launcher_command(sys.argv[0] if sys.argv else None))
    except OSError as error:
        print(f"onesignal-desktop: could not install the menu entry: {error}", file=sys.stderr)
        return 1
    for tool, args in (
        ("update-desktop-database", ["-q", str(target / "applications")]),
        ("gtk-update-icon-cache", ["-q", "-t", str(target / "icons" / "hicolor")]),
    ):
        found = shutil.which(tool)
        if found:  # menus and icon caches refresh on their own too, later; this makes it immediate
            subprocess.run([found, *args], check=False, capture_output=True, timeout=60)
    print(f"installed the menu entry {written[0]} ({len(written)} files under {target})")
    return 0
