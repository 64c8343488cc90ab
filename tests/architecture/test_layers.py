"""The architecture stays true: no layer imports a layer above it, the UI-free layers never import Qt, and
no module takes part in an import circle. Read from the source (``ast``), so a violation fails here before
it shows up as a slow start or a Qt import in the sandbox."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "onesignal_desktop"
QT_ROOTS = ("PySide6", "shiboken6", "pyqtgraph")
# The small top-level modules below the UI: where files live, the xcb diagnosis (run before Qt loads), the
# desktop entry: no Qt, and none of the layers.
PLAIN_MODULES = ("places", "package_files", "platform_check", "desktop_entry")
UI_FREE = ("api", "sandbox", "keystore", "compose", "child_processes", *PLAIN_MODULES)
ABOVE_ALL_UI_FREE = (
    "onesignal_desktop.ui",
    "onesignal_desktop.bridge",
    "onesignal_desktop.cli",
    "onesignal_desktop.selftest",
)
#: what each layer must never import (its own layer and the ones below it are fine)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "api": (
        *ABOVE_ALL_UI_FREE,
        "onesignal_desktop.sandbox",
        "onesignal_desktop.keystore",
        "onesignal_desktop.compose",
    ),
    "sandbox": (
        *ABOVE_ALL_UI_FREE,
        "onesignal_desktop.api",
        "onesignal_desktop.keystore",
        "onesignal_desktop.compose",
    ),
    "keystore": (*ABOVE_ALL_UI_FREE, "onesignal_desktop.sandbox", "onesignal_desktop.compose"),
    "compose": (*ABOVE_ALL_UI_FREE, "onesignal_desktop.sandbox", "onesignal_desktop.keystore"),
    "child_processes": (*ABOVE_ALL_UI_FREE, "onesignal_desktop.api", "onesignal_desktop.sandbox"),
    **{
        name: (
            *ABOVE_ALL_UI_FREE,
            "onesignal_desktop.api",
            "onesignal_desktop.sandbox",
            "onesignal_desktop.keystore",
            "onesignal_desktop.compose",
        )
        for name in PLAIN_MODULES
    },
    "bridge": (
        "onesignal_desktop.ui",
        "onesignal_desktop.cli",
        "onesignal_desktop.selftest",
        "onesignal_desktop.sandbox",
    ),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    assert len(found) > 100, f"the package was not found at {PACKAGE}"
    return found


def imports_of(path: Path, *, module: str, top_level_only: bool = False) -> Iterator[str]:
    """Every module ``path`` imports (absolute names), with or without imports inside functions; imports
    under ``if TYPE_CHECKING:`` are left out (they never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"

    def visit(nodes: list[ast.stmt]) -> Iterator[str]:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                yield from visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                yield from (alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = module.split(".") if is_package else module.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                yield base
                yield from (f"{base}.{alias.name}" for alias in node.names)
            if top_level_only and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if isinstance(node, ast.ClassDef):
                    yield from visit(node.body)
                continue
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if (
                    isinstance(children, list)
                    and children
                    and isinstance(children[0], ast.stmt | ast.ExceptHandler)
                ):
                    yield from visit(
                        [c for c in children if isinstance(c, ast.stmt)]
                        if field != "handlers"
                        else [s for h in children for s in h.body]
                    )

    yield from visit(tree.body)


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_a_layer_above_it(layer: str) -> None:
    broken = []
    for module, path in modules().items():
        if layer_of(module) != layer:
            continue
        for imported in imports_of(path, module=module):
            if any(imported == bad or imported.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                broken.append(f"{module} imports {imported}")
            if layer in UI_FREE and imported.split(".")[0] in QT_ROOTS:
                broken.append(f"{module} imports {imported} (Qt in a UI-free layer)")
    assert not broken, "\n".join(sorted(set(broken)))


def test_the_rules_catch_a_violation(tmp_path: Path) -> None:
    """The checker itself sees a forbidden import, relative or absolute, even inside a function."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n    from ..ui import shell\n")
    found = set(imports_of(bad, module="onesignal_desktop.sandbox.bad"))
    assert "PySide6.QtCore" in found and "onesignal_desktop.ui" in found


def test_no_module_takes_part_in_an_import_circle() -> None:
    """Over the imports that run when a module is loaded (top level, not lazy imports inside functions)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        targets = set()
        for imported in imports_of(path, module=module, top_level_only=True):
            while imported and imported not in known:
                imported = imported.rpartition(".")[0]
            if imported and imported != module:
                targets.add(imported)
        graph[module] = targets
    cycles = strongly_connected(graph)
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(sorted(c)) for c in cycles)


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of two or more modules that import each other, directly or not.
    A package importing its own submodules is not a circle (Python loads the package first)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0

    def edges(node: str) -> set[str]:
        # a submodule importing its own package's __init__ is how packages work, not a circle
        return {t for t in graph.get(node, set()) if not node.startswith(t + ".")}

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges(node):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found
