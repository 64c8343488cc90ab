"""Why Qt's xcb platform plugin cannot load, found by inspecting the installed PySide6 (no Qt import).

Qt aborts the process when no platform plugin loads, with a message that names no library; the usual cause
on a fresh Linux desktop is a missing system library of ``plugins/platforms/libqxcb.so`` (or of the
``libQt6XcbQpa`` it links). :func:`diagnose` tries to load the plugin the way Qt would (``dlopen``), and only
when that fails runs ``ldd`` on it for the complete list of unresolved libraries, then maps each soname to
the package that ships it on Debian/Ubuntu, Fedora and Arch. The *list* comes from the inspection; the table
below only names packages.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: soname -> (Debian/Ubuntu, Fedora, Arch) package: what libqxcb.so and libQt6XcbQpa link, and their needs.
PACKAGES: Mapping[str, tuple[str, str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libXau.so.6": ("libxau6", "libXau", "libxau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp", "libxdmcp"),
    "libSM.so.6": ("libsm6", "libSM", "libsm"),
    "libICE.so.6": ("libice6", "libICE", "libice"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx", "libglvnd"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd", "libglvnd"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
}
DISTROS = (("Debian/Ubuntu", "sudo apt install"), ("Fedora", "sudo dnf install"), ("Arch", "sudo pacman -S"))

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
_DLOPEN_MISSING = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


@dataclass(frozen=True)
class Diagnosis:
    """The xcb plugin that was inspected and the shared libraries it could not resolve."""

    plugin: Path
    missing: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing

    def message(self) -> str:
        """One message for stderr: what is missing and the command that installs it on each distribution."""
        lines = [
            "onesignal-desktop: Qt's xcb platform plugin cannot load, so no window can open: "
            f"the system lacks {', '.join(self.missing)} (needed by {self.plugin.name}).",
            "Install them with:",
        ]
        for column, (distro, command) in enumerate(DISTROS):
            packages = sorted({PACKAGES[name][column] for name in self.missing if name in PACKAGES})
            if packages:
                lines.append(f"  {distro + ':':15}{command} {' '.join(packages)}")
        unknown = [name for name in self.missing if name not in PACKAGES]
        if unknown:
            names = ", ".join(unknown)
            lines.append(f"  and whichever package ships {names} (search your package manager for it)")
        lines.append("Command-line uses still work without a display: QT_QPA_PLATFORM=offscreen.")
        return "\n".join(lines)


def parse_ldd(output: str) -> tuple[str, ...]:
    """The sonames ``ldd`` reports as ``not found``, each once, in its order."""
    return tuple(dict.fromkeys(_NOT_FOUND.findall(output)))


def xcb_plugin() -> Path | None:
    """The installed PySide6's ``libqxcb.so``, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def wants_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will try the xcb plugin first: asked for by name, or the default on a non-Wayland
    Linux session."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked == "xcb"
    return environ.get("XDG_SESSION_TYPE") != "wayland" and not environ.get("WAYLAND_DISPLAY")


def _dlopen_error(plugin: Path) -> str | None:
    try:
        ctypes.CDLL(str(plugin))
    except OSError as error:
        return str(error)
    return None


def _run_ldd(plugin: Path) -> str:
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False)
    return done.stdout


def diagnose(
    plugin: Path | None = None,
    *,
    load: Callable[[Path], str | None] = _dlopen_error,
    ldd: Callable[[Path], str] = _run_ldd,
) -> Diagnosis | None:
    """Inspect the xcb plugin (default: the installed PySide6's). None when there is no such plugin
    (not Linux, or a PySide6 without it); otherwise the libraries it lacks (none when it loads)."""
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return None
    failure = load(plugin)
    if failure is None:
        return Diagnosis(plugin, ())
    missing = parse_ldd(ldd(plugin))
    if not missing:  # no ldd, or it saw nothing: what dlopen itself named
        missing = tuple(_DLOPEN_MISSING.findall(failure)) or (failure,)
    return Diagnosis(plugin, missing)


def check_before_qt(environ: Mapping[str, str] = os.environ) -> Diagnosis | None:
    """The diagnosis when Qt is about to need xcb and it cannot load; None when all is well (or not xcb)."""
    if not wants_xcb(environ):
        return None
    found = diagnose()
    return found if found is not None and not found.ok else None


def startup_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """The one message to print instead of letting Qt abort, or None when the window can open: the xcb
    plugin's missing libraries, or no X display to connect to."""
    unloadable = check_before_qt(environ)
    if unloadable is not None:
        return unloadable.message()
    if wants_xcb(environ) and not environ.get("DISPLAY"):
        return (
            "onesignal-desktop: no display to open the window on (DISPLAY is not set). Run it in a desktop "
            "session, or use QT_QPA_PLATFORM=offscreen for command-line uses such as --self-test."
        )
    return None


__all__ = [
    "DISTROS",
    "PACKAGES",
    "Diagnosis",
    "check_before_qt",
    "diagnose",
    "parse_ldd",
    "startup_problem",
    "wants_xcb",
    "xcb_plugin",
]


def _main(argv: Sequence[str]) -> int:
    """``python -m onesignal_desktop.platform_check``: print the diagnosis of this machine's xcb plugin."""
    del argv
    found = diagnose()
    if found is None:
        print("no xcb platform plugin here (not Linux, or PySide6 without it)")
        return 0
    print(f"{found.plugin}: loads" if found.ok else found.message())
    return 0 if found.ok else 1


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
