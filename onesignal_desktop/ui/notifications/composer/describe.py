"""Plain words for a body's audience and schedule, and for what OneSignal answered (no Qt)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from onesignal_desktop.compose.journal import SendAnswer
from onesignal_desktop.compose.schedule import DEFAULT_PREVIEW_ZONES, Schedule, arrival_preview

Level = Literal["success", "warning", "error", "info"]

_INVALID_KINDS = {
    "invalid_player_ids": "subscription ids",
    "invalid_external_user_ids": "external user ids",
}


def _names(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _count(items: list[str], word: str) -> str:
    return f"{len(items):,} {word}{'' if len(items) == 1 else 's'}"


def describe_audience(body: Mapping[str, Any]) -> str:
    parts: list[str] = []
    included, excluded = _names(body.get("included_segments")), _names(body.get("excluded_segments"))
    if included:
        parts.append("segments " + ", ".join(included))
    if excluded:
        parts.append("except " + ", ".join(excluded))
    filters = body.get("filters")
    if isinstance(filters, list) and filters:
        conditions = [item for item in filters if isinstance(item, Mapping) and "operator" not in item]
        parts.append(f"people matching {_count([str(c) for c in conditions], 'filter condition')}")
    for name, word in (("include_subscription_ids", "subscription"), ("include_player_ids", "subscription")):
        ids = _names(body.get(name))
        if ids:
            parts.append(_count(ids, word))
    aliases = body.get("include_aliases")
    if isinstance(aliases, Mapping):
        for label, ids in aliases.items():
            parts.append(_count(_names(ids), f"user by {label}"))
    return "; ".join(parts) if parts else "nobody chosen yet"


def describe_schedule(body: Mapping[str, Any], now: float) -> list[str]:
    """Lines saying when it goes out; the first is the summary, the rest name a few zones."""
    schedule = Schedule.from_body(body)
    exact = [
        f"{name} = {body[name]!r}"
        for name in ("send_after", "delayed_option", "delivery_time_of_day")
        if name in body
    ]
    if schedule.mode == "now":
        return ["Right away."]
    if schedule.mode == "at":
        lines = [f"Once, at {body.get('send_after')} ({exact[0]})."]
    elif schedule.mode == "timezone":
        lines = [
            f"At {body.get('delivery_time_of_day')} in each person's own time zone ({', '.join(exact)})."
        ]
    else:
        lines = [
            f"Intelligent delivery: each person within 24 hours, at their usual time ({', '.join(exact)})."
        ]
    if schedule.mode == "timezone" and schedule.time_of_day is None:
        return lines
    for arrival in arrival_preview(schedule, DEFAULT_PREVIEW_ZONES, now=now):
        lines.append(f"{arrival.city}: {arrival.describe()}")
    return lines


@dataclass(frozen=True)
class OutcomeText:
    level: Level
    headline: str
    details: tuple[str, ...] = ()


def describe_answer(answer: SendAnswer, body: Mapping[str, Any], *, resent: bool = False) -> OutcomeText:
    """What to tell the user about OneSignal's answer; "nobody matched" is never a success."""
    replay: tuple[str, ...] = ()
    if answer.replayed:
        replay = (
            "OneSignal recognised the request from an earlier attempt and returned its first result: "
            "nothing was sent twice.",
        )
    elif resent and answer.replayed is False:
        replay = ("OneSignal had not received the earlier attempt: this is the first and only send.",)
    if answer.outcome == "failed":
        status = f" (HTTP {answer.status})" if answer.status else ""
        return OutcomeText(
            "error", f"OneSignal refused the notification{status}. Nothing was sent.", answer.messages
        )
    if answer.outcome == "not_sent":
        reasons = answer.messages or ("No subscribed recipient matched the audience.",)
        return OutcomeText(
            "warning",
            "Not sent: nobody matched this audience. Nothing was delivered.",
            (*reasons, *_invalid_lines(answer), *replay, "Change the audience and send again."),
        )
    scheduled = Schedule.from_body(body).mode != "now"
    recipients = (
        f"{answer.recipients:,} recipient{'s' if answer.recipients != 1 else ''}"
        if answer.recipients is not None
        else "recipients not reported"
    )
    headline = (
        f"Scheduled: notification {answer.notification_id} ({recipients})."
        if scheduled
        else f"Sent: notification {answer.notification_id} to {recipients}."
    )
    details = list(_invalid_lines(answer))
    if details:
        details.insert(0, "Some recipients were left out (invalid or unsubscribed):")
    details += list(answer.messages)
    level: Level = "warning" if _invalid_lines(answer) else "success"
    return OutcomeText(level, headline, (*details, *replay))


def _invalid_lines(answer: SendAnswer) -> tuple[str, ...]:
    lines: list[str] = []
    for kind, ids in answer.invalid_recipients.items():
        if not ids:
            continue
        label = _INVALID_KINDS.get(kind) or kind.replace("invalid_aliases.", "aliases ")
        shown = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
        lines.append(f"{label}: {shown}")
    return tuple(lines)


def body_title(body: Mapping[str, Any]) -> str:
    for name in ("name", "headings", "contents", "email_subject"):
        value = body.get(name)
        if isinstance(value, Mapping):
            value = value.get("en") or next((text for text in value.values() if text), "")
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 60 else text[:59] + "…"
    return "Untitled notification"
