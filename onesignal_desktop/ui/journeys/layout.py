"""Where each box of a journey's graph goes: trigger at the top, nodes downwards, branches side by side.

Pure geometry (no Qt), so it is cheap, testable and the same for 5 nodes or 500. A branching node's
branches are laid out as columns under it and converge under the widest one; the flow then continues
below. Sizes are in scene units (pixels at 100 % zoom).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

NODE_WIDTH = 190.0
NODE_HEIGHT = 74.0
V_GAP = 34.0
H_GAP = 26.0
LABEL_GAP = 18.0  # room above a branch's first box for its label


@dataclass
class Box:
    """One box: a node (``node`` set), the trigger or the exit."""

    key: str  # node id, or "trigger" / "exit"
    kind: str
    x: float  # centre
    y: float  # top
    node: Mapping[str, Any] | None = None


@dataclass
class Edge:
    source: str
    target: str
    label: str = ""
    branch_id: str | None = None


@dataclass
class GraphLayout:
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def _width(nodes: Sequence[Mapping[str, Any]]) -> float:
    widest = NODE_WIDTH
    for node in nodes:
        branches = node.get("branches") or []
        if branches:
            total = sum(_width(b.get("nodes") or []) for b in branches) + H_GAP * (len(branches) - 1)
            widest = max(widest, total)
    return widest


def branch_label(node: Mapping[str, Any], index: int, branch: Mapping[str, Any]) -> str:
    kind = node.get("kind")
    if kind == "yes_no":
        return "Yes" if index == 0 else "No"
    if kind == "split_range":
        return f"{float(branch.get('weight') or 0):g} %"
    condition = branch.get("condition") or {}
    if condition.get("kind") == "event_trigger":
        return f"on “{condition.get('name')}”"
    if condition.get("kind") == "segment_membership":
        return "in segment"
    if condition.get("kind") == "on_notification_action":
        return str(condition.get("action") or "action")
    return f"branch {index + 1}"


#: What flows into the next box: (source key, label of that connector, branch id it stands for).
Incoming = list[tuple[str, str, str | None]]


def lay_out(nodes: Sequence[Mapping[str, Any]]) -> GraphLayout:
    """The boxes and edges of a journey (its ``nodes`` as the API gives them)."""
    layout = GraphLayout()
    width = _width(nodes)
    centre = width / 2
    layout.boxes.append(Box("trigger", "trigger", centre, 0.0))
    ends, bottom = _place(layout, nodes, centre, NODE_HEIGHT + V_GAP, [("trigger", "", None)])
    layout.boxes.append(Box("exit", "exit", centre, bottom))
    for source, label, branch_id in ends:
        layout.edges.append(Edge(source, "exit", label, branch_id))
    layout.width = width
    layout.height = bottom + NODE_HEIGHT
    return layout


def _place(
    layout: GraphLayout, nodes: Sequence[Mapping[str, Any]], centre: float, top: float, incoming: Incoming
) -> tuple[Incoming, float]:
    """Place ``nodes`` in a column at ``centre`` from ``top``; returns what flows out of the last one and
    the y below it."""
    y = top
    for node in nodes:
        key = str(node.get("id") or id(node))
        layout.boxes.append(Box(key, str(node.get("kind")), centre, y, node))
        for source, label, branch_id in incoming:
            layout.edges.append(Edge(source, key, label, branch_id))
        y += NODE_HEIGHT + V_GAP
        branches = node.get("branches") or []
        if not branches:
            incoming = [(key, "", None)]
            continue
        widths = [_width(b.get("nodes") or []) for b in branches]
        total = sum(widths) + H_GAP * (len(branches) - 1)
        left = centre - total / 2
        outs: Incoming = []
        lowest = y
        for index, branch in enumerate(branches):
            column = left + widths[index] / 2
            text = branch_label(node, index, branch)
            sub = branch.get("nodes") or []
            branch_id = branch.get("id")
            if sub:
                ends, below = _place(layout, sub, column, y + LABEL_GAP, [(key, text, branch_id)])
                outs.extend(ends)
                lowest = max(lowest, below)
            else:
                outs.append((key, text, branch_id))  # an empty branch flows straight on
            left += widths[index] + H_GAP
        incoming = outs
        y = lowest
    return incoming, y
