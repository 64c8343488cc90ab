"""Fixtures for the sandbox tests: a fresh sandbox (no demo data), httpx clients over real loopback, and
OneSignal's published specs as JSON Schema for the contract tests."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

# Tests are imported by path (--import-mode=importlib); make the helpers beside them importable.
sys.path.insert(0, str(Path(__file__).parent))

from sandbox_support import T0

from onesignal_desktop.sandbox import Sandbox, SandboxClock, start_sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed_demo=False) as sb:
        yield sb


@pytest.fixture
def sim() -> Iterator[Sandbox]:
    """A fresh sandbox whose clock stands still at ``T0`` until a test moves it."""
    with start_sandbox(seed_demo=False, clock=SandboxClock(start=T0, frozen=True)) as sb:
        yield sb


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def org_headers(sandbox: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Key {sandbox.org_key}"}


@pytest.fixture
def app(http: httpx.Client, org_headers: dict[str, str]) -> dict[str, Any]:
    """A new app, as POST /apps answered it (with its basic_auth_key)."""
    response = http.post("/apps", json={"name": "Test app"}, headers=org_headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.fixture
def app_headers(app: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Key {app['basic_auth_key']}"}


# --- OneSignal's published specs, for the contract tests ---------------------------------------------

# Vendored into the project (tests/data/openapi, with OneSignal's licence notice); missing means failing.
SPEC_DIR = Path(__file__).resolve().parents[1] / "data" / "openapi"
V1, V5 = "onesignal-v1.2.2.json", "onesignal-v5.12.0.yaml"


class _SpecLoader(yaml.SafeLoader):
    """safe_load plus the spec's non-standard ``tag:yaml.org,2002:value`` (read as a plain string)."""


_SpecLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]


def _to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 -> JSON Schema: ``nullable`` adds a ``"null"`` type; ``oneOf`` is read as ``anyOf``."""
    if isinstance(node, dict):
        converted = {k: _to_json_schema(v) for k, v in node.items() if k not in ("example", "examples")}
        if "oneOf" in converted:
            converted["anyOf"] = converted.pop("oneOf")
        if converted.pop("nullable", False) is True and isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
        return converted
    if isinstance(node, list):
        return [_to_json_schema(v) for v in node]
    return node


@pytest.fixture(scope="session")
def specs() -> dict[str, dict[str, Any]]:
    """OneSignal's two published specs as JSON Schema ({"v1": ..., "v5": ...}); fails when absent."""
    missing = [name for name in (V1, V5) if not (SPEC_DIR / name).is_file()]
    if missing:
        pytest.fail(f"OneSignal OpenAPI specs missing from {SPEC_DIR}: {', '.join(missing)}")
    v1 = json.loads((SPEC_DIR / V1).read_text(encoding="utf-8"))
    with (SPEC_DIR / V5).open(encoding="utf-8") as handle:
        v5 = yaml.load(handle, Loader=_SpecLoader)
    return {"v1": _to_json_schema(v1), "v5": _to_json_schema(v5)}
