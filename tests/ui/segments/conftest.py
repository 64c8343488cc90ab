"""Shared fixtures for the filter builder tests: OneSignal's published specs (vendored in tests/data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

# Vendored into the project with OneSignal's licence notice; a missing file fails the tests using it.
_SPEC_DIR = Path(__file__).resolve().parents[2] / "data" / "openapi"


def _load_yaml(path: Path) -> Any:
    import yaml

    class SpecLoader(yaml.SafeLoader):
        pass

    # The v5 spec uses the YAML "value" tag, which safe_load refuses; a plain string is what it means.
    SpecLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SpecLoader)


def _find(name: str) -> Path:
    path = _SPEC_DIR / name
    if not path.is_file():
        pytest.fail(f"OneSignal OpenAPI spec {name} missing from {_SPEC_DIR}")
    return path


@pytest.fixture(scope="session")
def spec_v5() -> dict[str, Any]:
    path = _find("onesignal-v5.12.0.yaml")
    loaded: dict[str, Any] = _load_yaml(path)
    return loaded


@pytest.fixture(scope="session")
def spec_v1() -> dict[str, Any]:
    path = _find("onesignal-v1.2.2.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform also warns that it cannot raise a popup or grab the keyboard for it (the
    language and country pickers' completion list); limits of the test platform, not of the builder.
    Put first so it is the closest qt_log_ignore mark; it covers tests/ui's size-hints one too."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore("^This plugin does not support "), append=False)
