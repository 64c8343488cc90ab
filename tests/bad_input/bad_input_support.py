"""Helpers of the bad-input tests: JSON bodies generated from a model's JSON schema, then mutated.

``body_from_schema(schema)`` is a Hypothesis strategy for JSON values valid against a pydantic JSON schema
(the subset pydantic emits: $ref/$defs, anyOf/oneOf, enum/const, object/array/string/number/integer/
boolean/null, additionalProperties, required). ``mutated_body(schema)`` draws such a body and damages it:
missing and extra fields, wrong types, nulls, huge and non-ASCII strings, deep nesting, a top level that is
not an object, and byte-level damage (cut short, invalid UTF-8, a BOM, trailing junk). Bodies are bytes.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from hypothesis import strategies as st

from onesignal_desktop.api import OneSignalClient, RetryPolicy

Json = Any
Schema = dict[str, Any]

MAX_DEPTH = 4
HUGE_STRING_CHARS = 300_000
DEEP_NESTING = 5_000
_DEEP = "\x00deep-nesting-marker\x00"

# Strings a server might send that tend to break text handling.
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\u00e9t\u00e9 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
        "\U0001f680\U0001f469\u200d\U0001f4bb",
        "\u202etxet.exe",
        "line\nbreak\r\ttab\x00nul",
        "\ufeffbom",
        "<script>alert(1)</script>",
        "%s %d {0} {name}",
        "9" * 400,
    ]
)
TEXT = st.one_of(st.text(max_size=12), ODD_TEXT)
# Damage only: JSON can carry a lone surrogate as an escape, but it is no Unicode text.
DAMAGED_TEXT = st.one_of(ODD_TEXT, st.sampled_from(["\ud800", "a\udfffb"]))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
ANY_JSON: st.SearchStrategy[Json] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def body_from_schema(schema: Schema) -> st.SearchStrategy[Json]:
    """JSON values that are valid for ``schema`` (a pydantic model's ``model_json_schema()``)."""
    definitions: dict[str, Schema] = schema.get("$defs", {})

    def build(node: Schema, depth: int, refs: tuple[str, ...] = ()) -> st.SearchStrategy[Json]:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            target = definitions[name]
            if name in refs:  # a recursive definition: stop with the smallest value it allows
                return _smallest(target)
            return st.deferred(lambda: build(target, depth + 1, (*refs, name)))
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        for combinator in ("anyOf", "oneOf"):
            if combinator in node:
                return st.one_of([build(option, depth, refs) for option in node[combinator]])
        kind = node.get("type")
        if isinstance(kind, list):
            return st.one_of([build({**node, "type": one}, depth, refs) for one in kind])
        if kind == "object":
            return _object(node, depth, refs)
        if kind == "array":
            if depth >= MAX_DEPTH:
                return st.just([])
            return st.lists(build(node.get("items", {}), depth + 1, refs), max_size=3)
        if kind == "string":
            return TEXT
        if kind == "integer":
            return st.integers(min_value=-(2**53), max_value=2**53)
        if kind == "number":
            return st.one_of(st.integers(-(2**31), 2**31), st.floats(allow_nan=False, allow_infinity=False))
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        return ANY_JSON  # {}: any JSON value

    def _object(node: Schema, depth: int, refs: tuple[str, ...]) -> st.SearchStrategy[Json]:
        properties: dict[str, Schema] = node.get("properties", {})
        required = set(node.get("required", ()))
        fixed = st.fixed_dictionaries(
            {name: build(sub, depth + 1, refs) for name, sub in properties.items() if name in required},
            optional={
                name: build(sub, depth + 1, refs) for name, sub in properties.items() if name not in required
            },
        )
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and (extra or not properties):
            values = build(extra, depth + 1, refs)
            return st.tuples(fixed, st.dictionaries(TEXT, values, max_size=3)).map(
                lambda pair: {**pair[1], **pair[0]}
            )
        return fixed

    return build(schema, 0)


def _smallest(node: Schema) -> st.SearchStrategy[Json]:
    if node.get("type") == "object" and not node.get("required"):
        return st.just({})
    if node.get("type") == "array":
        return st.just([])
    return st.nothing()


# --- mutations ------------------------------------------------------------------------------------


def _paths(value: Json, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _replace(value: Json, path: tuple[Any, ...], new: Callable[[Json], Json | None]) -> Json:
    """A copy of ``value`` with the node at ``path`` replaced by ``new(old)`` (None result: removed)."""
    if not path:
        replaced = new(value)
        return replaced
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        child = _replace(copy[head], rest, new)
        if child is _REMOVE:
            del copy[head]
        else:
            copy[head] = child
        return copy
    copy_list = list(value)
    child = _replace(copy_list[head], rest, new)
    if child is _REMOVE:
        del copy_list[head]
    else:
        copy_list[head] = child
    return copy_list


_REMOVE = object()

WRONG_TYPED = st.one_of(
    st.sampled_from(
        [True, False, 0, -1, 1.5, 10**400, -(10**400), "", "not a number", [], {}, [None], {"": None}]
    ),
    ANY_JSON,
)


@st.composite
def _mutation(draw: st.DrawFn, value: Json) -> Json:
    path = draw(st.sampled_from(_paths(value)))
    how = draw(
        st.sampled_from(
            ["remove", "wrong type", "null", "huge string", "odd text", "deep", "extra field", "huge key"]
        )
    )
    if how == "remove":
        return value if not path else _replace(value, path, lambda old: _REMOVE)
    if how == "wrong type":
        wrong = draw(WRONG_TYPED)
        return _replace(value, path, lambda old: wrong)
    if how == "null":
        return _replace(value, path, lambda old: None)
    if how == "huge string":
        huge = draw(st.sampled_from(["x", "\u00e9", "\U0001f680", "\\"])) * HUGE_STRING_CHARS
        return _replace(value, path, lambda old: huge)
    if how == "odd text":
        odd = draw(DAMAGED_TEXT)
        return _replace(value, path, lambda old: odd)
    if how == "deep":
        return _replace(value, path, lambda old: _DEEP)
    # an extra field in the nearest object (the value itself when no object is on the path)
    name = draw(st.one_of(TEXT, st.sampled_from(["id", "errors", "success", "__proto__", "x" * 10_000])))
    extra = draw(ANY_JSON)
    if how == "huge key":  # a long key whose value has a wrong type (error locations name the key)
        name, extra = "k" * HUGE_STRING_CHARS, draw(st.sampled_from([[None], {"": []}, 1.5, True]))

    def add(old: Json) -> Json:
        return {**old, name: extra} if isinstance(old, dict) else old

    target = path
    while target and not isinstance(_get(value, target), dict):
        target = target[:-1]
    return _replace(value, target, add)


def _get(value: Json, path: tuple[Any, ...]) -> Json:
    for part in path:
        value = value[part]
    return value


def to_bytes(value: Json, *, ascii_only: bool = False) -> bytes:
    """JSON text of ``value``: non-ASCII as UTF-8 or as escapes (a lone surrogate always as its escape)."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    text = text.replace(json.dumps(_DEEP, ensure_ascii=ascii_only), "[" * DEEP_NESTING + "]" * DEEP_NESTING)
    return text.encode("utf-8", "backslashreplace")


@st.composite
def _byte_damage(draw: st.DrawFn, body: bytes) -> bytes:
    how = draw(st.sampled_from(["cut", "invalid utf-8", "bom", "trailing junk", "html", "empty", "nan"]))
    if how == "cut":
        return body[: draw(st.integers(0, max(0, len(body) - 1)))]
    if how == "invalid utf-8":
        at = draw(st.integers(0, len(body)))
        return body[:at] + b"\xff\xfe\xc3" + body[at:]
    if how == "bom":
        return b"\xef\xbb\xbf" + body
    if how == "trailing junk":
        return body + draw(st.sampled_from([b"}", b",", b" garbage", b"\x00", b"{}"]))
    if how == "html":
        return b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    if how == "empty":
        return draw(st.sampled_from([b"", b" ", b"\n"]))
    return body.replace(b"0", b"NaN", 1) if b"0" in body else b'{"value": NaN, "other": Infinity}'


@st.composite
def mutated_body(draw: st.DrawFn, schema: Schema) -> bytes:
    """A body generated from ``schema`` and then damaged in one to three ways."""
    value = draw(body_from_schema(schema))
    top = draw(st.integers(0, 9))
    if top == 0:  # a top level that is not what the model is
        value = draw(st.one_of(st.sampled_from([[], [value], "OK", 0, None, True]), ANY_JSON))
    for _ in range(draw(st.integers(1, 3))):
        value = draw(_mutation(value))
    body = to_bytes(value, ascii_only=draw(st.booleans()))
    if draw(st.integers(0, 7)) == 0:
        body = draw(_byte_damage(body))
    return body


def client_operation_names() -> set[str]:
    """Every operation the client defines, found in the API package's modules."""
    import onesignal_desktop.api as api_package
    from onesignal_desktop.api._core import Operation

    names: set[str] = set()
    for module_info in pkgutil.walk_packages(api_package.__path__, api_package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        names.update(value.name for value in vars(module).values() if isinstance(value, Operation))
    return names


# --- every operation, called with made-up ids (the fake server answers whatever was asked) -----------

APP_ID = "5eb5a37e-b458-11e3-ac11-000c2940e62c"
OTHER_ID = "b98881cc-1e94-4366-bbd9-db8f3429292b"
ORG_KEY = "os_v2_org_" + "q" * 52
APP_KEY = "os_v2_app_" + "r" * 52

_NOTIFICATION = {"app_id": APP_ID, "contents": {"en": "Hi"}, "included_segments": ["Subscribed Users"]}

#: Each operation of the client, called with arguments that pass its own checks.
_LIVE_ACTIVITY_START = {
    "name": "n",
    "activity_id": "a",
    "event_attributes": {},
    "event_updates": {},
    "contents": {"en": "c"},
    "headings": {"en": "h"},
    "included_segments": ["All"],
}
CALLS: dict[str, Callable[[Any], Any]] = {
    "create_app": lambda c: c.create_app({"name": "x"}),
    "get_app": lambda c: c.get_app(APP_ID),
    "get_apps": lambda c: c.get_apps(),
    "update_app": lambda c: c.update_app(APP_ID, {"name": "x"}),
    "create_notification": lambda c: c.create_notification(_NOTIFICATION),
    "cancel_notification": lambda c: c.cancel_notification(APP_ID, OTHER_ID),
    "get_notification": lambda c: c.get_notification(APP_ID, OTHER_ID),
    "get_notifications": lambda c: c.get_notifications(APP_ID, 10),
    "get_notification_history": lambda c: c.get_notification_history(
        OTHER_ID, {"events": "sent", "app_id": APP_ID}
    ),
    "create_segments": lambda c: c.create_segments(APP_ID, {"name": "s", "filters": []}),
    "delete_segments": lambda c: c.delete_segments(APP_ID, OTHER_ID),
    "create_player": lambda c: c.create_player({"app_id": APP_ID, "device_type": 1}),
    "get_player": lambda c: c.get_player(APP_ID, OTHER_ID),
    "get_players": lambda c: c.get_players(APP_ID, 10),
    "export_players": lambda c: c.export_players(APP_ID),
    "update_player": lambda c: c.update_player(OTHER_ID, {"app_id": APP_ID, "language": "fr"}),
    "update_player_tags": lambda c: c.update_player_tags(APP_ID, "ext", {"tags": {"a": "1"}}),
    "delete_player": lambda c: c.delete_player(APP_ID, OTHER_ID),
    "get_outcomes": lambda c: c.get_outcomes(APP_ID, ["os__click.count"], "1d"),
    "get_segments": lambda c: c.get_segments(APP_ID),
    "get_segment": lambda c: c.get_segment(APP_ID, OTHER_ID),
    "update_segment": lambda c: c.update_segment(APP_ID, OTHER_ID, {"name": "s"}),
    "create_user": lambda c: c.create_user(APP_ID, {"identity": {"external_id": "e"}}),
    "get_user": lambda c: c.get_user(APP_ID, "external_id", "e"),
    "update_user": lambda c: c.update_user(APP_ID, "external_id", "e", {"properties": {"language": "de"}}),
    "delete_user": lambda c: c.delete_user(APP_ID, "external_id", "e"),
    "get_aliases": lambda c: c.get_aliases(APP_ID, "external_id", "e"),
    "create_alias": lambda c: c.create_alias(APP_ID, "external_id", "e", {"identity": {"crm": "1"}}),
    "delete_alias": lambda c: c.delete_alias(APP_ID, "external_id", "e", "crm"),
    "create_subscription": lambda c: c.create_subscription(
        APP_ID, "external_id", "e", {"subscription": {"type": "Email", "token": "a@example.com"}}
    ),
    "update_subscription": lambda c: c.update_subscription(
        APP_ID, OTHER_ID, {"subscription": {"enabled": False}}
    ),
    "delete_subscription": lambda c: c.delete_subscription(APP_ID, OTHER_ID),
    "transfer_subscription": lambda c: c.transfer_subscription(
        APP_ID, OTHER_ID, {"identity": {"external_id": "e"}}
    ),
    "get_aliases_by_subscription": lambda c: c.get_aliases_by_subscription(APP_ID, OTHER_ID),
    "create_alias_by_subscription": lambda c: c.create_alias_by_subscription(
        APP_ID, OTHER_ID, {"identity": {"crm": "1"}}
    ),
    "update_subscription_by_token": lambda c: c.update_subscription_by_token(
        APP_ID, "Email", "a@example.com", {"subscription": {"enabled": False}}
    ),
    "view_templates": lambda c: c.view_templates(APP_ID),
    "view_template": lambda c: c.view_template(OTHER_ID, APP_ID),
    "create_template": lambda c: c.create_template({"app_id": APP_ID, "name": "t", "contents": {"en": "Hi"}}),
    "update_template": lambda c: c.update_template(OTHER_ID, APP_ID, {"name": "t"}),
    "delete_template": lambda c: c.delete_template(OTHER_ID, APP_ID),
    "copy_template_to_app": lambda c: c.copy_template_to_app(OTHER_ID, APP_ID, {"target_app_id": OTHER_ID}),
    "view_api_keys": lambda c: c.view_api_keys(APP_ID),
    "create_api_key": lambda c: c.create_api_key(APP_ID, {"name": "k"}),
    "update_api_key": lambda c: c.update_api_key(APP_ID, OTHER_ID, {"name": "k"}),
    "rotate_api_key": lambda c: c.rotate_api_key(APP_ID, OTHER_ID),
    "delete_api_key": lambda c: c.delete_api_key(APP_ID, OTHER_ID),
    "export_events": lambda c: c.export_events(OTHER_ID, APP_ID),
    "start_live_activity": lambda c: c.start_live_activity(
        APP_ID,
        "order",
        _LIVE_ACTIVITY_START,
    ),
    "update_live_activity": lambda c: c.update_live_activity(
        APP_ID, "a", {"name": "n", "event": "update", "event_updates": {}}
    ),
    "estimate_notification_recipients": lambda c: c.estimate_notification_recipients(
        {"app_id": APP_ID, "included_segments": ["All"]}
    ),
    "list_audit_logs": lambda c: c.list_audit_logs(OTHER_ID, start_time="2026-01-01T00:00:00Z"),
    "get_email_reputation": lambda c: c.get_email_reputation(APP_ID),
    "get_email_provider_metrics": lambda c: c.get_email_provider_metrics(
        APP_ID, "mail.example.com", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"
    ),
    "get_email_provider_metrics_timeseries": lambda c: c.get_email_provider_metrics_timeseries(
        APP_ID, "mail.example.com", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "hourly"
    ),
    "unsubscribe_email_with_token": lambda c: c.unsubscribe_email_with_token(APP_ID, OTHER_ID, "tok"),
    "view_journeys": lambda c: c.view_journeys(APP_ID),
    "create_journey": lambda c: c.create_journey(APP_ID, {"name": "j"}),
    "view_journey": lambda c: c.view_journey(APP_ID, OTHER_ID),
    "update_journey": lambda c: c.update_journey(APP_ID, OTHER_ID, {"name": "j"}),
    "delete_journey": lambda c: c.delete_journey(APP_ID, OTHER_ID),
    "view_journey_stats": lambda c: c.view_journey_stats(APP_ID, OTHER_ID),
    "update_journey_node": lambda c: c.update_journey_node(APP_ID, OTHER_ID, "n", {"annotation": "a"}),
    "duplicate_journey": lambda c: c.duplicate_journey(APP_ID, OTHER_ID),
    "create_custom_events": lambda c: c.create_custom_events(
        APP_ID, {"events": [{"name": "e", "external_id": "x"}]}
    ),
}


@contextmanager
def canned_client(answer: Callable[[httpx.Request], httpx.Response]) -> Iterator[OneSignalClient]:
    """A client holding the fake keys whose every request ``answer`` answers; no retries, no rate budget,
    so each call is exactly one request."""
    with OneSignalClient(
        organization_key=ORG_KEY,
        app_keys={APP_ID: APP_KEY},
        retry=RetryPolicy.never(),
        rate_budget=False,
        transport=httpx.MockTransport(answer),
    ) as api:
        yield api
