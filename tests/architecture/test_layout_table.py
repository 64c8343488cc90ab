"""The README's layout table matches the tree: every package folder is named there (as a row of its own or
as ``name/`` in its parent's row), and every folder the table names exists. A folder added without a word
in the table, or one moved away from it, fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "onesignal_desktop"
SECTION = "## Layout of the code"
ROW = re.compile(r"^\|\s*`(?P<folder>onesignal_desktop/[\w/]*?)/?`\s*\|(?P<text>.*)\|\s*$")
SUBFOLDER = re.compile(r"`(\w+)/`")


def package_folders() -> set[str]:
    return {
        folder.relative_to(ROOT).as_posix()
        for folder in PACKAGE.rglob("*")
        if folder.is_dir() and (folder / "__init__.py").is_file()
    }


def layout_rows() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README.md has no '{SECTION}' section"
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            rows[match["folder"].rstrip("/")] = match["text"]
    assert rows, "the layout table has no onesignal_desktop/ rows"
    return rows


def named_folders(rows: dict[str, str]) -> set[str]:
    named = set(rows)
    for folder, text in rows.items():
        named |= {f"{folder}/{sub}" for sub in SUBFOLDER.findall(text)}
    return named


def test_every_package_folder_is_in_the_readme_layout_table() -> None:
    rows = layout_rows()
    missing = sorted(package_folders() - named_folders(rows) - {"onesignal_desktop"})
    assert not missing, (
        f"README '{SECTION}' does not name {missing}: add a row, or `name/` in the parent folder's row"
    )


def test_every_folder_the_table_names_exists() -> None:
    rows = layout_rows()
    gone = sorted(
        folder
        for folder in named_folders(rows)
        if not (ROOT / folder).exists() and not (ROOT / f"{folder}.py").exists()
    )
    assert not gone, f"README '{SECTION}' names folders that do not exist: {gone}"
