"""Journeys (beta API): an entry audience, a graph of nodes (waits, messages, branches), and their stats.

Field names, kinds and limits follow OneSignal's v5 spec and the official SDKs (5.18.0). Kinds and states
are plain strings so a kind a newer server adds still reads; the tuples below list the known ones.
"""

from __future__ import annotations

from typing import Any, Final

from ._base import OneSignalModel

JOURNEY_STATES: Final[tuple[str, ...]] = ("draft", "scheduled", "processing", "active", "archived")
#: The states update_journey accepts in its ``state`` field.
JOURNEY_SETTABLE_STATES: Final[tuple[str, ...]] = ("draft", "active", "archived")
JOURNEY_AUDIENCE_KINDS: Final[tuple[str, ...]] = ("segment", "event_trigger")
JOURNEY_NODE_KINDS: Final[tuple[str, ...]] = (
    "wait", "time_window", "send_push", "send_email", "send_sms", "send_iam", "send_webhook", "tag",
    "split_range", "yes_no", "wait_until",
)  # fmt: skip
#: Node kinds that send a message (and so carry message_stats).
JOURNEY_MESSAGE_KINDS: Final[tuple[str, ...]] = (
    "send_push", "send_email", "send_sms", "send_iam", "send_webhook",
)  # fmt: skip
#: Node kinds that branch (their sub-graphs nest in ``branches[].nodes``).
JOURNEY_BRANCHING_KINDS: Final[tuple[str, ...]] = ("split_range", "yes_no", "wait_until")
JOURNEY_CONDITION_KINDS: Final[tuple[str, ...]] = (
    "segment_membership",
    "on_notification_action",
    "event_trigger",
)
JOURNEY_NOTIFICATION_ACTIONS: Final[tuple[str, ...]] = ("received", "clicked", "opened")
JOURNEY_ATTRIBUTE_OPERATORS: Final[tuple[str, ...]] = (
    "equal", "not_equal", "less", "less_or_equal", "greater_or_equal", "greater", "is", "is_not", "exists",
    "not_exists", "before", "after",
)  # fmt: skip
MAX_JOURNEY_NAME: Final = 300
MAX_JOURNEY_DESCRIPTION: Final = 1024
MAX_JOURNEYS_PAGE: Final = 50
MIN_WAIT_SECONDS: Final = 60
MAX_WAIT_SECONDS: Final = 31_556_952  # one year
MIN_REENTRY_SECONDS: Final = 600


class JourneyEventAttribute(OneSignalModel):
    """One matcher of an event's properties: ``key`` ``operator`` ``value``."""

    key: str
    operator: str
    value: str | None = None


class JourneyAudience(OneSignalModel):
    """Who enters: ``kind`` "segment" (segment ids) or "event_trigger" (a custom event ``name``)."""

    kind: str
    included_segment_ids: list[str] | None = None
    excluded_segment_ids: list[str] | None = None
    future_additions_only: bool | None = None
    name: str | None = None
    attributes: list[list[JourneyEventAttribute]] | None = None


class JourneyEarlyExitRulesOnSegment(OneSignalModel):
    included_segment_ids: list[str] | None = None


class JourneyEarlyExitRulesOnEvent(OneSignalModel):
    name: str


class JourneyEarlyExitRules(OneSignalModel):
    on_segment: JourneyEarlyExitRulesOnSegment | None = None
    when_not_in_audience: bool | None = None
    on_session: bool | None = None
    on_event: JourneyEarlyExitRulesOnEvent | None = None


class JourneyEarlyExit(OneSignalModel):
    rules: JourneyEarlyExitRules | None = None
    tag_on_early_exit: dict[str, str] | None = None


class JourneyReentryRules(OneSignalModel):
    """None (the whole object) means a user never re-enters; else not sooner than ``duration_seconds``."""

    duration_seconds: int | None = None


class JourneySchedule(OneSignalModel):
    start_at: str | None = None
    stop_at: str | None = None
    error: str | None = None


class JourneyTimePoint(OneSignalModel):
    hour: int | None = None
    minute: int | None = None


class JourneyTimeWindow(OneSignalModel):
    # The spec's own example writes "" here; read that as-is rather than refusing the whole journey.
    start: JourneyTimePoint | str | None = None
    end: JourneyTimePoint | str | None = None
    day_of_week: int | None = None


class JourneyCondition(OneSignalModel):
    kind: str
    included_segment_ids: list[str] | None = None
    excluded_segment_ids: list[str] | None = None
    action: str | None = None
    sending_node_id: str | None = None
    client_node_id: str | None = None
    name: str | None = None
    attributes: list[list[JourneyEventAttribute]] | None = None
    entry_event_match_attributes: list[Any] | None = None


class JourneyWaitUntilExpiration(OneSignalModel):
    duration_seconds: int | None = None
    exits: bool | None = None


class JourneyBranch(OneSignalModel):
    id: str | None = None
    condition: JourneyCondition | None = None
    weight: float | None = None
    nodes: list[JourneyNode] | None = None


class JourneyNode(OneSignalModel):
    """One step; ``kind`` selects which fields apply (``template_id`` for messages, ``duration_seconds``
    for waits, ``branches`` for split_range / yes_no / wait_until)."""

    id: str | None = None
    kind: str
    client_node_id: str | None = None
    annotation: str | None = None
    duration_seconds: int | None = None
    relative_to: str | None = None
    windows: list[JourneyTimeWindow] | None = None
    time_zone: str | None = None
    use_user_time_zone: bool | None = None
    template_id: str | None = None
    iam_id: str | None = None
    user_ttl_seconds: int | None = None
    webhook_id: str | None = None
    assignments: dict[str, str] | None = None
    randomize_on_entry: bool | None = None
    branches: list[JourneyBranch] | None = None
    expiration: JourneyWaitUntilExpiration | None = None


class Journey(OneSignalModel):
    """The full journey (view, create, update, duplicate answer with it)."""

    id: str | None = None
    app_id: str | None = None
    name: str | None = None
    description: str | None = None
    state: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    started_at: str | None = None
    archived_at: str | None = None
    created_source: str | None = None
    audience: JourneyAudience | None = None
    early_exit: JourneyEarlyExit | None = None
    reentry_rules: JourneyReentryRules | None = None
    schedule: JourneySchedule | None = None
    nodes: list[JourneyNode] | None = None
    concurrency_key: str | None = None


class JourneyListAudience(OneSignalModel):
    kind: str | None = None


class JourneyListItem(OneSignalModel):
    """A journey as the list shows it: no description, nodes, early exit or concurrency key."""

    id: str | None = None
    app_id: str | None = None
    name: str | None = None
    state: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    started_at: str | None = None
    archived_at: str | None = None
    created_source: str | None = None
    schedule: JourneySchedule | None = None
    audience: JourneyListAudience | None = None
    reentry_rules: JourneyReentryRules | None = None


class JourneyListResponse(OneSignalModel):
    """One page of view_journeys, newest first; ``next_cursor`` while ``has_more``."""

    journeys: list[JourneyListItem] = []
    has_more: bool | None = None
    next_cursor: str | None = None


class CreateJourneyRequest(OneSignalModel):
    """Body of create_journey: always created as a draft."""

    name: str
    description: str | None = None
    audience: JourneyAudience | None = None
    early_exit: JourneyEarlyExit | None = None
    reentry_rules: JourneyReentryRules | None = None
    schedule: JourneySchedule | None = None
    nodes: list[JourneyNode] | None = None


class UpdateJourneyRequest(OneSignalModel):
    """Body of update_journey (JSON Merge Patch): only what changes; ``nodes`` replaces the graph;
    ``state`` "active" activates, "archived" stops; ``concurrency_key`` guards against a lost update."""

    name: str | None = None
    description: str | None = None
    audience: JourneyAudience | None = None
    early_exit: JourneyEarlyExit | None = None
    reentry_rules: JourneyReentryRules | None = None
    schedule: JourneySchedule | None = None
    nodes: list[JourneyNode] | None = None
    state: str | None = None
    concurrency_key: str | None = None


class UpdateJourneyNodeRequest(OneSignalModel):
    """Body of update_journey_node: the node fields to change (never its kind or id)."""

    client_node_id: str | None = None
    annotation: str | None = None
    duration_seconds: int | None = None
    relative_to: str | None = None
    windows: list[JourneyTimeWindow] | None = None
    time_zone: str | None = None
    use_user_time_zone: bool | None = None
    template_id: str | None = None
    iam_id: str | None = None
    user_ttl_seconds: int | None = None
    webhook_id: str | None = None
    assignments: dict[str, str] | None = None
    randomize_on_entry: bool | None = None
    branches: list[JourneyBranch] | None = None
    expiration: JourneyWaitUntilExpiration | None = None
    concurrency_key: str | None = None


class DuplicateJourneyOverrides(OneSignalModel):
    """What the copy takes instead of the source's (the Python SDK's duplicate_journey)."""

    name: str | None = None
    description: str | None = None
    audience: JourneyAudience | None = None
    early_exit: JourneyEarlyExit | None = None
    reentry_rules: JourneyReentryRules | None = None
    schedule: JourneySchedule | None = None
    nodes: list[JourneyNode] | None = None


class DuplicateJourneyRequest(OneSignalModel):
    """Body of duplicate_journey (optional): without overrides the copy is the source named "... (Copy)"."""

    overrides: DuplicateJourneyOverrides | None = None


class JourneyMessageStats(OneSignalModel):
    totals: dict[str, float] | None = None


class JourneyNodeStats(OneSignalModel):
    kind: str | None = None
    waiting: int | None = None
    completed: int | None = None
    exited_early: int | None = None
    message_stats: JourneyMessageStats | None = None


class JourneyBranchStats(OneSignalModel):
    completed: int | None = None


class JourneyStats(OneSignalModel):
    """Counts of a journey, and per node / per branch keyed by their server ids."""

    id: str | None = None
    started: int | None = None
    completed: int | None = None
    exited_early: int | None = None
    nodes: dict[str, JourneyNodeStats] | None = None
    branches: dict[str, JourneyBranchStats] | None = None


JourneyBranch.model_rebuild()
