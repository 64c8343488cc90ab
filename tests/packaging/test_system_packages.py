"""The README's Fedora package lines against this machine's PySide6 (no Fedora needed): every system library
that Qt's files name has its dnf package listed; one left out of the lines is named with its package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
try:
    import check_system_packages as checker
finally:
    sys.path.remove(str(ROOT / "packaging"))


def test_the_readme_names_the_fedora_package_of_every_library_qt_names() -> None:
    listed, gaps = checker.fedora_gaps(ROOT / "README.md", checker.pyside_dir())

    assert "xcb-util-cursor" in listed and "xcb-util-wm" in listed
    assert gaps == []


def test_a_package_left_out_of_the_dnf_lines_is_named_with_the_library(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if " xcb-util-keysyms " in f"{line} ")
    (tmp_path / "README.md").write_text(readme.replace(line, line.replace(" xcb-util-keysyms", "")))

    _, gaps = checker.fedora_gaps(tmp_path / "README.md", checker.pyside_dir())

    assert gaps == ["libxcb-keysyms.so.1 (xcb-util-keysyms)"]


def test_the_elf_reader_sees_what_the_xcb_plugin_links() -> None:
    plugin = checker.pyside_dir() / "Qt" / "plugins" / "platforms" / "libqxcb.so"

    needed = checker.needed_sonames(plugin)

    assert "libQt6XcbQpa.so.6" in needed
    assert "libxcb-cursor.so.0" in checker.qt_system_sonames(checker.pyside_dir())


def test_the_script_fails_naming_the_gap(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(readme.replace(" xcb-util-renderutil", ""))

    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "check_system_packages.py"), str(tmp_path / "README.md")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert "libxcb-render-util.so.0 (xcb-util-renderutil)" in done.stderr
