"""What the sandbox fuzz suite sends: every route (the router's and the vendored spec's), and hypothesis
strategies for its path parameters, query, headers and bodies, built from the spec's request schemas.

Routes are discovered, not listed: a routes module that lands later is fuzzed without editing this file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from onesignal_desktop.sandbox.server import build_router

SPEC_DIR = Path(__file__).resolve().parents[1] / "data" / "openapi"
SPEC_FILES = ("onesignal-v1.2.2.json", "onesignal-v5.12.0.yaml")
METHODS = ("get", "post", "put", "patch", "delete")
#: A JSON token the encoder cannot write: replaced in the text after json.dumps (1e400 parses to infinity).
HUGE_NUMBER = "\u0000huge-number\u0000"


class _SpecLoader(yaml.SafeLoader):
    """safe_load plus the spec's non-standard ``tag:yaml.org,2002:value`` (read as a plain string)."""


_SpecLoader.add_constructor(
    "tag:yaml.org,2002:value",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


@dataclass
class Operation:
    """One ``METHOD /pattern`` to fuzz, with what the spec says about its inputs (if it knows it)."""

    method: str
    pattern: str
    body_fields: dict[str, Any] = field(default_factory=dict)
    query_fields: dict[str, Any] = field(default_factory=dict)
    in_router: bool = False
    in_spec: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.pattern}"

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"\{([^}]+)\}", self.pattern)


def load_specs() -> list[dict[str, Any]]:
    """The vendored specs; a missing one fails the suite (its data is part of the repository)."""
    specs: list[dict[str, Any]] = []
    for name in SPEC_FILES:
        path = SPEC_DIR / name
        if not path.exists():
            raise AssertionError(f"the vendored OneSignal spec {name} is missing from tests/data/openapi")
        with path.open(encoding="utf-8") as handle:
            specs.append(
                json.load(handle) if name.endswith(".json") else yaml.load(handle, Loader=_SpecLoader)
            )
    return specs


def _resolve(spec: dict[str, Any], node: Any, depth: int = 0) -> Any:
    """``$ref``s followed and ``allOf`` merged, a few levels deep (enough for the request bodies)."""
    if not isinstance(node, dict) or depth > 6:
        return node
    if "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _resolve(spec, target, depth + 1)
    if "allOf" in node:
        merged: dict[str, Any] = {"type": "object", "properties": {}}
        for part in node["allOf"]:
            resolved = _resolve(spec, part, depth + 1)
            merged["properties"].update(resolved.get("properties", {}))
        return merged
    resolved = dict(node)
    if isinstance(resolved.get("properties"), dict):
        resolved["properties"] = {k: _resolve(spec, v, depth + 1) for k, v in resolved["properties"].items()}
    if isinstance(resolved.get("items"), dict):
        resolved["items"] = _resolve(spec, resolved["items"], depth + 1)
    return resolved


def _spec_operations(specs: list[dict[str, Any]]) -> dict[tuple[str, str], Operation]:
    operations: dict[tuple[str, str], Operation] = {}
    for spec in specs:
        for raw_path, item in spec.get("paths", {}).items():
            path, _, query = raw_path.partition("?")
            for method in METHODS:
                if method not in item:
                    continue
                op = operations.setdefault(
                    (method.upper(), _shape(path)), Operation(method.upper(), path, in_spec=True)
                )
                details = item[method]
                for parameter in [*item.get("parameters", []), *details.get("parameters", [])]:
                    parameter = _resolve(spec, parameter)
                    if parameter.get("in") == "query":
                        op.query_fields[parameter["name"]] = _resolve(spec, parameter.get("schema", {}))
                for name in re.findall(r"(\w+)=", query):
                    op.query_fields.setdefault(name, {"type": "string"})
                content = _resolve(spec, details.get("requestBody", {})).get("content", {})
                schema = _resolve(spec, content.get("application/json", {}).get("schema", {}))
                op.body_fields.update(schema.get("properties", {}))
    return operations


def _shape(pattern: str) -> str:
    """A pattern with its parameter names dropped: the router's and the spec's names may differ."""
    return re.sub(r"\{[^}]+\}", "{}", pattern.rstrip("/"))


def discover_operations() -> list[Operation]:
    """Every route the sandbox serves plus every operation of the specs (unknown ones must 404/405)."""
    operations = _spec_operations(load_specs())
    for route in build_router().routes:
        key = (route.method, _shape(route.pattern))
        op = operations.get(key)
        if op is None:
            operations[key] = Operation(route.method, route.pattern, in_router=True)
        else:
            op.pattern, op.in_router = route.pattern, True
    return sorted(operations.values(), key=lambda op: (op.pattern, op.method))


# ------------------------------------------------------------------------------------------- values

BOUNDARY_INTEGERS = [
    0,
    -1,
    1,
    2**31 - 1,
    2**31,
    -(2**31) - 1,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    2**64,
    10**30,
]
BOUNDARY_FLOATS = [0.5, -0.0, 1e308, -1e308, 5e-324, 1.7976931348623157e308, 123456789.123]
ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "null",
    "true",
    "0",
    "-1",
    "9223372036854775808",
    "1e400",
    "NaN",
    "2015-09-24 14:00:00 GMT-0700",
    "9999-12-31T23:59:59Z",
    "0000-01-01",
    "../../etc/passwd",
    "%2F%2e%2e",
    "' OR 1=1 --",
    "<script>",
    "💥🚀",
    "\ud7ff\ue000",
    "a" * 5000,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(BOUNDARY_INTEGERS),
    st.integers(),
    st.sampled_from(BOUNDARY_FLOATS),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(HUGE_NUMBER),
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=20),
)
any_json = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


def value_for(schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values a field of this schema may get: well-typed ones (within and at the edges) and wrong ones."""
    if not isinstance(schema, dict):
        return any_json
    kind = schema.get("type")
    typed: list[st.SearchStrategy[Any]] = []
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        typed.append(st.sampled_from(schema["enum"]))
    if kind == "integer":
        typed += [st.sampled_from(BOUNDARY_INTEGERS), st.integers(-1000, 10**10), st.just(HUGE_NUMBER)]
    elif kind == "number":
        typed += [st.sampled_from(BOUNDARY_FLOATS), st.floats(allow_nan=False), st.just(HUGE_NUMBER)]
    elif kind == "boolean":
        typed.append(st.booleans())
    elif kind == "string":
        typed += [st.sampled_from(ODD_STRINGS), st.text(max_size=30)]
    elif kind == "array" and depth < 3:
        typed.append(st.lists(value_for(schema.get("items"), depth + 1), max_size=4))
    elif (
        kind == "object" and depth < 3 and isinstance(schema.get("properties"), dict) and schema["properties"]
    ):
        properties = schema["properties"]
        typed.append(
            st.dictionaries(
                st.sampled_from(sorted(properties)),
                st.deferred(lambda: st.one_of(*(value_for(v, depth + 1) for v in properties.values()))),
                max_size=4,
            )
        )
    if not typed:
        return any_json
    return st.one_of(st.one_of(*typed), st.one_of(*typed), any_json)


def dumps(value: Any) -> bytes:
    """JSON text of ``value``, with every HUGE_NUMBER placeholder written as the number 1e400."""
    return json.dumps(value).replace(json.dumps(HUGE_NUMBER), "1e400").encode()


def deep_json(depth: int) -> bytes:
    return b'{"data": ' + b"[" * depth + b"]" * depth + b"}"
