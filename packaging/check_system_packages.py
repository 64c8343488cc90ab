"""CI check that the README's Debian/Ubuntu package list is enough for the window, on any Debian machine.

A green Xvfb run proves little on a machine that happens to have more installed than the README lists. So:
every shared library that the installed PySide6's Qt libraries and plugins (the xcb platform, SVG icons,
the widgets) load from the system is looked up with ``dpkg -S``, and its package must be one of the README's
packages or something they depend on (``apt-cache depends --recurse``). Prints the packages found and exits
1 naming each library whose package the README's list does not bring.

The Fedora lines (``sudo dnf install``) are checked on any machine, with no Fedora at hand: every system
library that Qt's files name directly (their ELF ``DT_NEEDED`` entries, followed through PySide6's own Qt
libraries) must map, through ``onesignal_desktop.platform_check.PACKAGES``, to a package of those lines;
rpm's own dependencies bring what those libraries need in turn, as apt's do above. A library the map does
not know fails too, so a new Qt that links something new is noticed. (Whether each name exists in Fedora's
repositories is not checked here: that needs Fedora's repositories.)

    python3 packaging/check_system_packages.py [README.md]
"""

from __future__ import annotations

import importlib.util
import re
import struct
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout
from onesignal_desktop.platform_check import PACKAGES

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


#: glibc, the compiler's runtime and compression libraries: on every Fedora and Debian system already.
BASE_LIBRARIES = frozenset(
    {
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
        "libc.so.6",
        "libm.so.6",
        "libdl.so.2",
        "libpthread.so.0",
        "librt.so.1",
        "libgcc_s.so.1",
        "libstdc++.so.6",
        "libz.so.1",
        "libzstd.so.1",
    }
)
_DT_NEEDED = 1
_SHT_DYNAMIC = 6


def readme_packages(readme: Path, command: str = "sudo apt install") -> list[str]:
    """The packages of the README's ``sudo apt install`` (or ``command``) lines, comments left out."""
    packages: list[str] = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{command} "):
            packages.extend(line.removeprefix(f"{command} ").split("#")[0].split())
    return packages


def needed_sonames(path: Path) -> list[str]:
    """The libraries a 64-bit little-endian ELF file names as ``DT_NEEDED`` (what ``objdump -p`` shows)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path} is not a 64-bit little-endian ELF file")
    (section_offset,) = struct.unpack_from("<Q", data, 0x28)
    entry_size, count = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, section_offset + i * entry_size) for i in range(count)
    ]
    names: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != _SHT_DYNAMIC:
            continue
        strings = sections[link][4]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == _DT_NEEDED:
                start = strings + value
                names.append(data[start : data.index(b"\0", start)].decode())
    return names


def qt_system_sonames(pyside: Path) -> set[str]:
    """The system libraries that the console's Qt files name directly, following PySide6's own Qt
    libraries (``Qt/lib``) to what they name in turn."""
    own = {path.name: path for path in (pyside / "Qt" / "lib").glob("*.so*")}
    pending = [pyside / name for name in QT_FILES if (pyside / name).is_file()]
    seen: set[Path] = set()
    system: set[str] = set()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for soname in needed_sonames(path):
            if soname in own:
                pending.append(own[soname])
            elif not soname.startswith(("libpyside6", "libshiboken6", "libpython")):
                system.add(soname)
    return system


def fedora_gaps(readme: Path, pyside: Path) -> tuple[list[str], list[str]]:
    """The README's ``sudo dnf install`` packages, and what they miss: each ``soname (package)`` that
    Qt names and none of them is, and each soname the map does not know."""
    listed = readme_packages(readme, "sudo dnf install")
    gaps: list[str] = []
    for soname in sorted(qt_system_sonames(pyside) - BASE_LIBRARIES):
        if soname not in PACKAGES:
            gaps.append(f"{soname} (not in platform_check.PACKAGES: add its packages there)")
        elif PACKAGES[soname][1] not in listed:
            gaps.append(f"{soname} ({PACKAGES[soname][1]})")
    return listed, gaps


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


def check_fedora(readme: Path) -> int:
    listed, gaps = fedora_gaps(readme, pyside_dir())
    if not listed:
        print(f"check_system_packages: no 'sudo dnf install' line in {readme}", file=sys.stderr)
        return 1
    if gaps:
        print("check_system_packages: the README's dnf list does not name:", file=sys.stderr)
        for entry in gaps:
            print(f"  {entry}", file=sys.stderr)
        return 1
    print(
        f"check_system_packages: every library Qt names has its Fedora package among the {len(listed)} listed"
    )
    return 0


def main(argv: list[str]) -> int:
    readme = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "README.md"
    if check_fedora(readme) != 0:
        return 1
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
