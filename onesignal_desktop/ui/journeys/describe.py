"""Words for journeys: node kinds, a node's settings in a line, the entry rule, the state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KIND_TITLES = {
    "wait": "Wait",
    "time_window": "Time window",
    "send_push": "Push message",
    "send_email": "Email",
    "send_sms": "SMS",
    "send_iam": "In-app message",
    "send_webhook": "Webhook",
    "tag": "Set tags",
    "split_range": "Random split",
    "yes_no": "Yes / No",
    "wait_until": "Wait until",
}
MESSAGE_KINDS = ("send_push", "send_email", "send_sms")
STATE_LABELS = {
    "draft": "Draft",
    "scheduled": "Scheduled",
    "processing": "Starting…",
    "active": "Active",
    "archived": "Paused",
}


def duration_text(seconds: Any) -> str:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return "?"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if value >= size and value % size == 0:
            return f"{value // size} {unit}"
    if value >= 3600:
        return f"{value / 3600:.1f} h"
    return f"{value} s"


def node_detail(node: Mapping[str, Any], template_names: Mapping[str, str] | None = None) -> str:
    kind = node.get("kind")
    annotation = node.get("annotation")
    if annotation:
        return str(annotation)
    if kind == "wait":
        return f"for {duration_text(node.get('duration_seconds'))}"
    if kind == "time_window":
        windows = node.get("windows") or []
        if not windows:
            return "until the user is usually active"
        first = windows[0]
        start, end = first.get("start") or {}, first.get("end") or {}
        return f"between {int(start.get('hour', 0)):02d}:{int(start.get('minute', 0)):02d} and " + (
            f"{int(end.get('hour', 0)):02d}:{int(end.get('minute', 0)):02d}"
        )
    if kind in MESSAGE_KINDS:
        template = str(node.get("template_id") or "")
        return "template " + (template_names or {}).get(template, template[:8])
    if kind == "tag":
        tags = node.get("assignments") or {}
        return ", ".join(f"{k}={v}" for k, v in tags.items()) or "no tags"
    if kind == "split_range":
        return " / ".join(f"{float(b.get('weight') or 0):g}%" for b in node.get("branches") or [])
    if kind == "wait_until":
        expiration = node.get("expiration") or {}
        if expiration.get("duration_seconds"):
            return f"at most {duration_text(expiration['duration_seconds'])}"
        return "a condition"
    if kind == "yes_no":
        condition = ((node.get("branches") or [{}])[0] or {}).get("condition") or {}
        return str(condition.get("kind") or "condition").replace("_", " ")
    if kind == "send_iam":
        return f"message {str(node.get('iam_id') or '')[:8]}"
    if kind == "send_webhook":
        return f"webhook {str(node.get('webhook_id') or '')[:8]}"
    return ""


def entry_rule(journey: Mapping[str, Any], segment_names: Mapping[str, str]) -> str:
    audience = journey.get("audience") or {}
    kind = audience.get("kind")
    if kind == "segment":
        names = [segment_names.get(s, s[:8]) for s in audience.get("included_segment_ids") or []]
        rule = "In " + ", ".join(names) if names else "In a segment"
        if audience.get("future_additions_only"):
            rule += " (newcomers only)"
        return rule
    if kind == "event_trigger":
        return f"On event “{audience.get('name') or '?'}”"
    return "No entry rule yet"


def trigger_detail(journey: Mapping[str, Any], segment_names: Mapping[str, str]) -> str:
    return entry_rule(journey, segment_names)


def state_label(state: Any) -> str:
    return STATE_LABELS.get(str(state or ""), str(state or "—"))
