"""CI check that the README's Debian/Ubuntu package list is enough for the window, on any Debian machine.

A green Xvfb run proves little on a machine that happens to have more installed than the README lists. So:
every shared library that the installed PySide6's Qt libraries and plugins (the xcb platform, SVG icons,
the widgets) load from the system is looked up with ``dpkg -S``, and its package must be one of the README's
packages or something they depend on (``apt-cache depends --recurse``). Prints the packages found and exits
1 naming each library whose package the README's list does not bring.

    python3 packaging/check_system_packages.py [README.md]
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

_RESOLVED = re.compile(r"^\s*\S+\s+=>\s+(/\S+)\s+\(", re.MULTILINE)
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
#: what the console loads: QtCore/QtGui/QtWidgets/QtSvg and the plugins a window on X11 uses
QT_FILES = (
    "QtCore.abi3.so",
    "QtGui.abi3.so",
    "QtWidgets.abi3.so",
    "QtSvg.abi3.so",
    "Qt/plugins/platforms/libqxcb.so",
    "Qt/plugins/imageformats/libqsvg.so",
    "Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "Qt/plugins/xcbglintegrations/libqxcb-egl-integration.so",
)


def readme_packages(readme: Path) -> list[str]:
    """The packages of the README's ``sudo apt install`` lines (comments left out)."""
    packages: list[str] = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("sudo apt install "):
            packages.extend(line.removeprefix("sudo apt install ").split("#")[0].split())
    return packages


def pyside_dir() -> Path:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("check_system_packages: PySide6 is not installed for this Python")
    return Path(next(iter(spec.submodule_search_locations)))


def system_libraries(pyside: Path) -> tuple[set[Path], set[str]]:
    """The libraries outside PySide6 that its Qt files link (resolved paths), and sonames ldd did not find."""
    found: set[Path] = set()
    missing: set[str] = set()
    for name in QT_FILES:
        path = pyside / name
        if not path.is_file():
            continue
        output = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
        missing.update(_NOT_FOUND.findall(output))
        for library in _RESOLVED.findall(output):
            resolved = Path(library).resolve()
            if pyside.resolve() not in resolved.parents and "shiboken6" not in resolved.parts:
                found.add(resolved)
    return found, missing


def owning_package(library: Path) -> str | None:
    """The Debian package that installed ``library`` (usr-merge: /lib and /usr/lib are tried both)."""
    candidates = [str(library)]
    text = str(library)
    if text.startswith("/usr/lib/"):
        candidates.append(text.removeprefix("/usr"))
    elif text.startswith("/lib/"):
        candidates.append("/usr" + text)
    for candidate in candidates:
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout:
            return done.stdout.split(":")[0].strip()
    return None


def dependency_closure(packages: list[str]) -> set[str]:
    """The packages and everything they need (no recommends or suggests), as apt would install them."""
    done = subprocess.run(
        [
            "apt-cache",
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            *packages,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    closure = set(packages)
    for line in done.stdout.splitlines():
        name = line.strip().removeprefix("|").split(":")[-1].strip().strip("<>")
        if name:
            closure.add(name.split(":")[0])
    return closure


def main(argv: list[str]) -> int:
    readme = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "README.md"
    listed = readme_packages(readme)
    if not listed:
        print(f"check_system_packages: no 'sudo apt install' line in {readme}", file=sys.stderr)
        return 1
    libraries, missing = system_libraries(pyside_dir())
    if missing:
        print(f"check_system_packages: not installed at all: {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    closure = dependency_closure(listed)
    uncovered: list[str] = []
    used: set[str] = set()
    for library in sorted(libraries):
        package = owning_package(library)
        if package is None:
            uncovered.append(f"{library} (no Debian package owns it)")
            continue
        used.add(package)
        if package not in closure:
            uncovered.append(f"{library} (from {package})")
    print(f"check_system_packages: Qt loads {len(libraries)} system libraries from {len(used)} packages:")
    print("  " + " ".join(sorted(used)))
    if uncovered:
        print("check_system_packages: the README's apt list does not bring:", file=sys.stderr)
        for entry in uncovered:
            print(f"  {entry}", file=sys.stderr)
        return 1
    print(f"check_system_packages: all of them come with the README's {len(listed)} packages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
