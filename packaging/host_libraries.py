"""Print the shared libraries a built bundle carries from the build host (not from PySide6, numpy or
Python itself), with their size; exit 1 if the host's GTK stack is among them.

    python3 packaging/host_libraries.py dist/onesignal-desktop
"""

from __future__ import annotations

import sys
from pathlib import Path

SYSTEM_DIRS = (
    Path("/lib/x86_64-linux-gnu"),
    Path("/usr/lib/x86_64-linux-gnu"),
    Path("/lib/aarch64-linux-gnu"),
    Path("/usr/lib/aarch64-linux-gnu"),
    Path("/usr/lib64"),
    Path("/lib64"),
    Path("/usr/lib"),
)
#: folders of the bundle whose libraries come from wheels, not from the host
FROM_WHEELS = ("PySide6", "shiboken6", "numpy", "numpy.libs", "lib-dynload", "pydantic_core")
GTK = ("libgtk-3", "libgdk-3")


def host_libraries(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*.so*")):
        if not path.is_file() or any(part in FROM_WHEELS for part in path.relative_to(bundle).parts):
            continue
        if any((folder / path.name).exists() for folder in SYSTEM_DIRS):
            found.append(path)
    return found


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else "dist/onesignal-desktop")
    found = host_libraries(bundle)
    total = sum(path.stat().st_size for path in found) / 2**20
    print(f"bundled from the host: {len(found)} libraries, {total:.1f} MiB")
    for path in found:
        print(f"  {path.name} ({path.stat().st_size / 2**10:.0f} KiB)")
    gtk = [path.name for path in found if path.name.startswith(GTK)]
    if gtk:
        print(f"host_libraries: the host's GTK stack is in the bundle: {', '.join(gtk)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
