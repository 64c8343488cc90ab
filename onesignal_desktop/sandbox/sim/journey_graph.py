"""A journey's definition checked as OneSignal checks it, and walked: audience, early exit, re-entry,
schedule and the node graph (kinds, limits, branches, references), with server ids given to new nodes
and branches.

Every refusal is an ApiError 400 naming the field by its path in the body (``nodes[2].branches[0].weight``).
A position in the graph is a path of indexes: the top-level node, then per nesting level the branch and
the node in it (``[2, 1, 0]``: node 0 of branch 1 of top-level node 2).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from onesignal_desktop.sandbox.errors import ApiError, bad_request

NODE_KINDS = (
    "wait", "time_window", "send_push", "send_email", "send_sms", "send_iam", "send_webhook", "tag",
    "split_range", "yes_no", "wait_until",
)  # fmt: skip
MESSAGE_KINDS = ("send_push", "send_email", "send_sms", "send_iam", "send_webhook")
TEMPLATE_CHANNELS = {"send_push": "push", "send_email": "email", "send_sms": "sms"}
BRANCHING_KINDS = ("split_range", "yes_no", "wait_until")
CONDITION_KINDS = ("segment_membership", "on_notification_action", "event_trigger")
NOTIFICATION_ACTIONS = ("received", "clicked", "opened")
ATTRIBUTE_OPERATORS = (
    "equal", "not_equal", "less", "less_or_equal", "greater_or_equal", "greater", "is", "is_not", "exists",
    "not_exists", "before", "after",
)  # fmt: skip
RELATIVE_TO = ("schedule_in_timezone", "last_active_time")
MAX_NAME = 300
MAX_DESCRIPTION = 1024
MAX_ANNOTATION = 255
MAX_EVENT_NAME = 255
MAX_TAG_KEY, MAX_TAG_VALUE = 255, 1024
MIN_WAIT, MAX_WAIT = 60, 31_556_952
MIN_REENTRY = 600
MIN_WINDOW_MINUTES = 15
SCHEDULE_LEAD_SECONDS = 300
#: The sandbox's own ceiling on a graph (OneSignal documents none): keeps a body from growing unbounded.
MAX_NODES = 1000


def unprocessable(message: str) -> ApiError:
    return ApiError(422, [message])


@dataclass
class GraphContext:
    """What checking a graph needs to know of the app: its segments and templates (id -> channel), the
    ids the journey's nodes and branches already have (an update may keep them, a create may not)."""

    segment_ids: set[str]
    template_channels: Mapping[str, str]
    existing_node_ids: set[str] = field(default_factory=set)
    existing_branch_ids: set[str] = field(default_factory=set)
    creating: bool = True
    seen_nodes: int = 0
    client_ids: dict[str, str] = field(default_factory=dict)  # client_node_id -> node id
    pending_refs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: Where new node and branch ids come from (the demo seeds its own, to be the same on every seed).
    new_id: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))


# ---------------------------------------------------------------------------------------------- scalars


def _text(value: Any, where: str, *, maximum: int, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise bad_request(f"{where} is required")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{where} must be a string")
    if required and not value.strip():
        raise bad_request(f"{where} must not be empty")
    if len(value) > maximum:
        raise bad_request(f"{where} must be at most {maximum} characters")
    return value


def _integer(value: Any, where: str, *, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise bad_request(f"{where} must be an integer")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise bad_request(f"{where} must be {bound}")
    return number


def _bool(value: Any, where: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise bad_request(f"{where} must be true or false")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"{where} must be an object")
    return value


def _id_list(value: Any, where: str, known: set[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_request(f"{where} must be a list of segment ids")
    for index, item in enumerate(value):
        if item not in known:
            raise bad_request(f"{where}[{index}]: segment '{item}' does not exist in this app")
    return list(value)


def _one_of(value: Any, where: str, allowed: Sequence[str]) -> str:
    if value is None:
        raise bad_request(f"{where} is required (one of {', '.join(allowed)})")
    if value not in allowed:
        raise bad_request(f"{where} must be one of {', '.join(allowed)}")
    return str(value)


def parse_iso(value: Any, where: str) -> float:
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{where} must be an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{where} must be an ISO 8601 time, like 2026-01-31T09:00:00Z") from None
    if parsed.tzinfo is None:
        raise bad_request(f"{where} must say its time zone (use UTC: Z or +00:00)")
    return parsed.timestamp()


def is_later(moment: float, now: float) -> bool:
    """Whether ``moment`` is still to come: within a millisecond is now, because a time written in ISO
    (microseconds) and read back is not always the float it was written from."""
    return moment > now + 0.001


# ---------------------------------------------------------------------------------------------- parts


def check_attributes(value: Any, where: str) -> list[list[dict[str, Any]]] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(group, list) for group in value):
        raise bad_request(f"{where} must be a list of condition groups (lists of matchers)")
    if len(value) > 1:
        raise bad_request(f"{where} takes a single group of conditions (more than one group is rejected)")
    groups: list[list[dict[str, Any]]] = []
    for g, group in enumerate(value):
        checked = []
        for i, item in enumerate(group):
            here = f"{where}[{g}][{i}]"
            matcher = _object(item, here)
            _text(matcher.get("key"), f"{here}.key", maximum=MAX_EVENT_NAME, required=True)
            operator = _one_of(matcher.get("operator"), f"{here}.operator", ATTRIBUTE_OPERATORS)
            if operator not in ("exists", "not_exists") and matcher.get("value") is None:
                raise bad_request(f"{here}.value is required for operator {operator}")
            _text(matcher.get("value"), f"{here}.value", maximum=MAX_TAG_VALUE)
            checked.append(dict(matcher))
        groups.append(checked)
    return groups


def check_audience(value: Any, ctx: GraphContext, where: str = "audience") -> dict[str, Any] | None:
    if value is None:
        return None
    audience = dict(_object(value, where))
    kind = _one_of(audience.get("kind"), f"{where}.kind", ("segment", "event_trigger"))
    if kind == "segment":
        included = _id_list(
            audience.get("included_segment_ids"), f"{where}.included_segment_ids", ctx.segment_ids
        )
        if not included:
            raise bad_request(f"{where}.included_segment_ids needs at least one segment id")
        _id_list(audience.get("excluded_segment_ids"), f"{where}.excluded_segment_ids", ctx.segment_ids)
        _bool(audience.get("future_additions_only"), f"{where}.future_additions_only")
    else:
        _text(audience.get("name"), f"{where}.name", maximum=MAX_EVENT_NAME, required=True)
        check_attributes(audience.get("attributes"), f"{where}.attributes")
    return audience


def check_early_exit(value: Any, ctx: GraphContext, where: str = "early_exit") -> dict[str, Any] | None:
    if value is None:
        return None
    early_exit = dict(_object(value, where))
    rules = _object(early_exit.get("rules") or {}, f"{where}.rules")
    on_segment, on_event = rules.get("on_segment"), rules.get("on_event")
    if on_segment is not None:
        _id_list(
            _object(on_segment, f"{where}.rules.on_segment").get("included_segment_ids"),
            f"{where}.rules.on_segment.included_segment_ids",
            ctx.segment_ids,
        )
    if on_event is not None:
        _text(
            _object(on_event, f"{where}.rules.on_event").get("name"),
            f"{where}.rules.on_event.name",
            maximum=MAX_EVENT_NAME,
            required=True,
        )
    flags = [
        _bool(rules.get(name), f"{where}.rules.{name}") for name in ("when_not_in_audience", "on_session")
    ]
    if on_segment is None and on_event is None and not any(flags):
        raise bad_request(
            f"{where}.rules needs at least one rule (on_segment, on_event, when_not_in_audience, on_session)"
        )
    tags = early_exit.get("tag_on_early_exit")
    if tags is not None:
        _tags(tags, f"{where}.tag_on_early_exit")
    return early_exit


def check_reentry(value: Any, where: str = "reentry_rules") -> dict[str, Any] | None:
    if value is None:
        return None
    rules = dict(_object(value, where))
    if rules.get("duration_seconds") is not None:
        _integer(rules["duration_seconds"], f"{where}.duration_seconds", minimum=MIN_REENTRY)
    return rules


def check_schedule(value: Any, now: float, where: str = "schedule") -> dict[str, Any] | None:
    if value is None:
        return None
    schedule = {k: v for k, v in _object(value, where).items() if k != "error"}  # error is read-only
    start = None
    if schedule.get("start_at") is not None:
        start = parse_iso(schedule["start_at"], f"{where}.start_at")
        if start < now + SCHEDULE_LEAD_SECONDS:
            raise bad_request(f"{where}.start_at must be at least 5 minutes in the future")
    if schedule.get("stop_at") is not None:
        stop = parse_iso(schedule["stop_at"], f"{where}.stop_at")
        if stop <= now:
            raise bad_request(f"{where}.stop_at must be in the future")
        if start is not None and stop <= start:
            raise bad_request(f"{where}.stop_at must be later than start_at")
    return schedule


def _tags(value: Any, where: str) -> dict[str, str]:
    tags = _object(value, where)
    for key, item in tags.items():
        if len(key) > MAX_TAG_KEY:
            raise bad_request(f"{where}: tag key '{key[:20]}…' is longer than {MAX_TAG_KEY} characters")
        if not isinstance(item, str):
            raise bad_request(f"{where}.{key} must be a string")
        if len(item) > MAX_TAG_VALUE:
            raise bad_request(f"{where}.{key} is longer than {MAX_TAG_VALUE} characters")
    return dict(tags)


def _window(value: Any, where: str) -> None:
    window = _object(value, where)
    minutes = []
    for end in ("start", "end"):
        point = _object(window.get(end), f"{where}.{end}")
        hour = _integer(point.get("hour"), f"{where}.{end}.hour", minimum=0, maximum=23)
        minute = _integer(point.get("minute", 0), f"{where}.{end}.minute", minimum=0, maximum=59)
        minutes.append(hour * 60 + minute)
    if window.get("day_of_week") is not None:
        _integer(window["day_of_week"], f"{where}.day_of_week", minimum=1, maximum=7)
    span = (minutes[1] - minutes[0]) % (24 * 60)
    if span < MIN_WINDOW_MINUTES:
        raise bad_request(f"{where} must span at least {MIN_WINDOW_MINUTES} minutes")


def _condition(value: Any, where: str, ctx: GraphContext) -> dict[str, Any]:
    condition = dict(_object(value, where))
    kind = _one_of(condition.get("kind"), f"{where}.kind", CONDITION_KINDS)
    if kind == "segment_membership":
        included = _id_list(
            condition.get("included_segment_ids"), f"{where}.included_segment_ids", ctx.segment_ids
        )
        excluded = _id_list(
            condition.get("excluded_segment_ids"), f"{where}.excluded_segment_ids", ctx.segment_ids
        )
        if not included and not excluded:
            raise bad_request(f"{where} needs included_segment_ids or excluded_segment_ids")
    elif kind == "on_notification_action":
        _one_of(condition.get("action"), f"{where}.action", NOTIFICATION_ACTIONS)
        if not condition.get("sending_node_id") and not condition.get("client_node_id"):
            raise bad_request(f"{where} needs sending_node_id (or client_node_id) of a sending node")
        ctx.pending_refs.append((where, condition))
    else:
        _text(condition.get("name"), f"{where}.name", maximum=MAX_EVENT_NAME, required=True)
        check_attributes(condition.get("attributes"), f"{where}.attributes")
    return condition


def _branches(node: dict[str, Any], where: str, ctx: GraphContext) -> list[dict[str, Any]]:
    kind = node["kind"]
    value = node.get("branches")
    if not isinstance(value, list):
        raise bad_request(f"{where}.branches is required for a {kind} node")
    count = len(value)
    if kind == "split_range" and not 2 <= count <= 20:
        raise bad_request(f"{where}.branches: a split_range node needs 2 to 20 branches")
    if kind == "yes_no" and count != 2:
        raise bad_request(f"{where}.branches: a yes_no node needs exactly 2 branches")
    if kind == "wait_until" and not 1 <= count <= 10:
        raise bad_request(f"{where}.branches: a wait_until node needs 1 to 10 branches")
    branches: list[dict[str, Any]] = []
    total_weight = 0.0
    for index, item in enumerate(value):
        here = f"{where}.branches[{index}]"
        branch = dict(_object(item, here))
        branch_id = branch.get("id")
        if branch_id is not None and branch_id not in ctx.existing_branch_ids:
            raise bad_request(
                f"{here}.id '{branch_id}' is not a branch of this journey (leave it out for a new one)"
            )
        branch["id"] = branch_id or ctx.new_id()
        if kind == "split_range":
            weight = branch.get("weight")
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                raise bad_request(f"{here}.weight must be a number of 0 or more")
            total_weight += float(weight)
        needs_condition = kind == "wait_until" or (kind == "yes_no" and index == 0)
        if branch.get("condition") is not None:
            branch["condition"] = _condition(branch["condition"], f"{here}.condition", ctx)
        elif needs_condition:
            raise bad_request(f"{here}.condition is required for a {kind} node")
        branch["nodes"] = _nodes(branch.get("nodes") or [], f"{here}.nodes", ctx)
        branches.append(branch)
    if kind == "split_range" and abs(total_weight - 100.0) > 1e-6:
        raise bad_request(f"{where}.branches: the weights must sum to 100 (they sum to {total_weight:g})")
    return branches


def check_node(value: Any, where: str, ctx: GraphContext, *, keep_id: str | None = None) -> dict[str, Any]:
    node = dict(_object(value, where))
    kind = _one_of(node.get("kind"), f"{where}.kind", NODE_KINDS)
    node_id = node.get("id")
    if keep_id is not None:
        node["id"] = keep_id
    elif node_id is not None:
        if ctx.creating:
            raise bad_request(f"{where}.id is assigned by the server: leave it out when creating")
        if node_id not in ctx.existing_node_ids:
            raise bad_request(
                f"{where}.id '{node_id}' is not a node of this journey (leave it out for a new one)"
            )
    else:
        node["id"] = ctx.new_id()
    ctx.seen_nodes += 1
    if ctx.seen_nodes > MAX_NODES:
        raise bad_request(f"A journey has at most {MAX_NODES} nodes")
    client_id = node.get("client_node_id")
    if client_id is not None:
        _text(client_id, f"{where}.client_node_id", maximum=MAX_ANNOTATION, required=True)
        if client_id in ctx.client_ids:
            raise bad_request(f"{where}.client_node_id '{client_id}' is used by another node of this journey")
        ctx.client_ids[str(client_id)] = str(node["id"])
    _text(node.get("annotation"), f"{where}.annotation", maximum=MAX_ANNOTATION)
    _NODE_CHECKS[kind](node, where, ctx)
    if kind in BRANCHING_KINDS:
        node["branches"] = _branches(node, where, ctx)
    elif node.get("branches"):
        raise bad_request(f"{where}.branches: a {kind} node does not branch")
    return node


def _check_wait(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    if node.get("duration_seconds") is None:
        raise bad_request(f"{where}.duration_seconds is required for a wait node")
    _integer(node["duration_seconds"], f"{where}.duration_seconds", minimum=MIN_WAIT, maximum=MAX_WAIT)


def _check_time_window(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    relative = _one_of(node.get("relative_to"), f"{where}.relative_to", RELATIVE_TO)
    windows = node.get("windows")
    if relative == "schedule_in_timezone":
        if not isinstance(windows, list) or not windows:
            raise bad_request(f"{where}.windows is required when relative_to is schedule_in_timezone")
        for index, window in enumerate(windows):
            _window(window, f"{where}.windows[{index}]")
    elif windows:
        raise bad_request(f"{where}.windows: leave it out when relative_to is last_active_time")
    _text(node.get("time_zone"), f"{where}.time_zone", maximum=64)
    _bool(node.get("use_user_time_zone"), f"{where}.use_user_time_zone")


def _check_template(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    template_id = _text(node.get("template_id"), f"{where}.template_id", maximum=64, required=True)
    channel = ctx.template_channels.get(str(template_id))
    if channel is None:
        raise bad_request(f"{where}.template_id: template '{template_id}' does not exist in this app")
    wanted = TEMPLATE_CHANNELS[node["kind"]]
    if channel != wanted:
        raise bad_request(
            f"{where}.template_id: a {node['kind']} node needs a {wanted} template, not {channel}"
        )


def _check_iam(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    _text(node.get("iam_id"), f"{where}.iam_id", maximum=64, required=True)
    if node.get("user_ttl_seconds") is not None:
        _integer(node["user_ttl_seconds"], f"{where}.user_ttl_seconds", minimum=1)


def _check_webhook(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    _text(node.get("webhook_id"), f"{where}.webhook_id", maximum=64, required=True)


def _check_tag(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    if not node.get("assignments"):
        raise bad_request(f"{where}.assignments is required for a tag node (tag keys to values)")
    _tags(node["assignments"], f"{where}.assignments")


def _check_split(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    _bool(node.get("randomize_on_entry"), f"{where}.randomize_on_entry")


def _check_yes_no(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    return None


def _check_wait_until(node: dict[str, Any], where: str, ctx: GraphContext) -> None:
    expiration = node.get("expiration")
    if expiration is None:
        return
    expiration = _object(expiration, f"{where}.expiration")
    if expiration.get("duration_seconds") is not None:
        _integer(
            expiration["duration_seconds"],
            f"{where}.expiration.duration_seconds",
            minimum=MIN_WAIT,
            maximum=MAX_WAIT,
        )
    _bool(expiration.get("exits"), f"{where}.expiration.exits")


_NODE_CHECKS: dict[str, Callable[[dict[str, Any], str, GraphContext], None]] = {
    "wait": _check_wait,
    "time_window": _check_time_window,
    "send_push": _check_template,
    "send_email": _check_template,
    "send_sms": _check_template,
    "send_iam": _check_iam,
    "send_webhook": _check_webhook,
    "tag": _check_tag,
    "split_range": _check_split,
    "yes_no": _check_yes_no,
    "wait_until": _check_wait_until,
}


def _nodes(value: Any, where: str, ctx: GraphContext) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise bad_request(f"{where} must be a list of nodes")
    return [check_node(item, f"{where}[{index}]", ctx) for index, item in enumerate(value)]


def check_nodes(value: Any, ctx: GraphContext, where: str = "nodes") -> list[dict[str, Any]]:
    """The graph checked, with ids given to new nodes and branches and notification-action conditions
    pointing at their sending node by id."""
    nodes = _nodes(value, where, ctx)
    resolve_references(nodes, ctx)
    return nodes


def resolve_references(nodes: list[dict[str, Any]], ctx: GraphContext) -> None:
    kinds = {str(node["id"]): str(node["kind"]) for _, node in iter_nodes(nodes)}
    for client_id, node_id in ((n.get("client_node_id"), n["id"]) for _, n in iter_nodes(nodes)):
        if client_id:
            ctx.client_ids.setdefault(str(client_id), str(node_id))
    for where, condition in ctx.pending_refs:
        target = condition.get("sending_node_id")
        if not target:
            client_id = condition.pop("client_node_id")
            target = ctx.client_ids.get(str(client_id))
            if target is None:
                raise bad_request(f"{where}.client_node_id '{client_id}' names no node of this journey")
            condition["sending_node_id"] = target
        if kinds.get(str(target)) not in MESSAGE_KINDS:
            raise bad_request(f"{where}.sending_node_id '{target}' is not a sending node of this journey")
    ctx.pending_refs.clear()


# ---------------------------------------------------------------------------------------------- walking


def iter_nodes(
    nodes: Sequence[Mapping[str, Any]], prefix: tuple[int, ...] = ()
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    """Every node with its position, depth first, in the order a user meets them."""
    for index, node in enumerate(nodes):
        here = (*prefix, index)
        yield list(here), dict(node) if not isinstance(node, dict) else node
        for b, branch in enumerate(node.get("branches") or []):
            yield from iter_nodes(branch.get("nodes") or [], (*here, b))


def iter_branches(nodes: Sequence[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    for _, node in iter_nodes(nodes):
        yield from node.get("branches") or []


def node_at(nodes: Sequence[Mapping[str, Any]], position: Sequence[int]) -> dict[str, Any] | None:
    """The node at ``position``, None if the graph has no such place (it changed since)."""
    level: Sequence[Mapping[str, Any]] = nodes
    node: Mapping[str, Any] | None = None
    for depth in range(0, len(position), 2):
        index = position[depth]
        if not 0 <= index < len(level):
            return None
        node = level[index]
        if depth + 1 < len(position):
            branches = node.get("branches") or []
            b = position[depth + 1]
            if not 0 <= b < len(branches):
                return None
            level = branches[b].get("nodes") or []
    return dict(node) if node is not None and not isinstance(node, dict) else node


def position_of(nodes: Sequence[Mapping[str, Any]], node_id: str) -> list[int] | None:
    for position, node in iter_nodes(nodes):
        if node.get("id") == node_id:
            return position
    return None


def next_position(nodes: Sequence[Mapping[str, Any]], position: Sequence[int]) -> list[int] | None:
    """Where a user goes after the node at ``position`` (not into its branches): the next sibling, or,
    past the end of a branch, the node after the branching node; None past the journey's last node."""
    path = list(position)
    while path:
        path[-1] += 1
        if node_at(nodes, path) is not None:
            return path
        if len(path) == 1:
            return None
        path = path[:-2]  # leave the branch: back to the branching node, then on to its next sibling
    return None


def first_in_branch(
    nodes: Sequence[Mapping[str, Any]], position: Sequence[int], branch: int
) -> list[int] | None:
    """The first node of branch ``branch`` of the node at ``position``; None when that branch is empty."""
    path = [*position, branch, 0]
    return path if node_at(nodes, path) is not None else None
