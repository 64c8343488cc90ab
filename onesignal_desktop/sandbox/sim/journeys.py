"""The journey engine: users move through active journeys on the sandbox clock.

Nothing runs in the background. Whenever a journey is read, or a custom event arrives, :func:`advance`
catches the app's active journeys up with "now": it activates scheduled journeys whose start has come,
replays the custom events that arrived since the last pass (in arrival order, each at the clock time it
arrived), lets go of users whose wait is over, lets members of an entry segment in, and stops a journey at
its ``stop_at``. A test moves the clock and reads the journey: users have entered, waited, been sent
messages, branched and left exactly as if time had passed.

Rules, as OneSignal describes them:
- entry: members of the audience's segments (at activation; with ``future_additions_only`` only those who
  join later), or users firing the trigger event with matching properties; a user is in a journey once at
  a time, and re-enters only when ``reentry_rules.duration_seconds`` have passed since the last entry;
- wait holds ``duration_seconds``; time_window holds until one of its windows opens (in ``time_zone``);
  send_push / send_email / send_sms send the node's template to the user through the sandbox's send path
  (one notification per node and instant, so reports work); send_iam / send_webhook are counted;
  tag sets the user's tags;
- split_range picks a branch by weight (a stable draw per user and entry); yes_no takes its first branch
  when that branch's condition holds, else the second; wait_until holds until a branch's condition holds
  (an event, a segment, an action on an earlier message), or its expiration ends the wait;
- after a branch's nodes the user goes on with the node after the branching node; past the last node
  the journey is completed;
- early exit: ``on_event`` (that event fired), ``on_segment`` (joined one of those segments),
  ``when_not_in_audience`` (left the entry segments), ``on_session`` (a session after entering: the
  user's ``last_active``, moved by session deltas; only a user's latest session is kept, so of several
  sessions in one pass the last one counts); ``tag_on_early_exit`` is applied.
"""

from __future__ import annotations

import hashlib
import heapq
import threading
import uuid
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from onesignal_desktop.sandbox.errors import ApiError
from onesignal_desktop.sandbox.sim import journey_graph as graph
from onesignal_desktop.sandbox.sim.delivery import delivery_status, unit_random
from onesignal_desktop.sandbox.store import CustomEventRecord, JourneyRecord, JourneyRun, Store
from onesignal_desktop.sandbox.store import notifications as records

#: Journey messages are "automated" notifications (kind 3 in OneSignal's list filter).
KIND_JOURNEY = 3
MAX_RECIPIENTS_PER_SEND = 2000
CHANNEL_OF = {"send_push": "push", "send_email": "email", "send_sms": "sms"}

_locks: weakref.WeakKeyDictionary[Store, threading.Lock] = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


def _lock_for(store: Store) -> threading.Lock:
    with _locks_guard:
        lock = _locks.get(store)
        if lock is None:
            lock = _locks[store] = threading.Lock()
        return lock


def advance(store: Store, app_id: str, now: float) -> None:
    """Catch every active or scheduled journey of the app up with ``now`` (one pass at a time)."""
    with _lock_for(store):
        for journey in store.journeys_in_states(app_id, ("active", "scheduled")):
            _Pass(store, journey, now).catch_up()


def _iso_time(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def attributes_match(
    groups: Sequence[Sequence[Mapping[str, Any]]] | None, payload: Mapping[str, Any]
) -> bool:
    """Whether an event's payload meets every matcher of the (single) condition group."""
    for group in groups or []:
        for matcher in group:
            if not _matches(matcher, payload):
                return False
    return True


def _matches(matcher: Mapping[str, Any], payload: Mapping[str, Any]) -> bool:
    key, operator, wanted = str(matcher.get("key")), matcher.get("operator"), matcher.get("value")
    present = key in payload
    if operator == "exists":
        return present
    if operator == "not_exists":
        return not present
    if not present:
        return operator in ("not_equal", "is_not")
    value = payload[key]
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if operator in ("equal", "is"):
        return text == str(wanted)
    if operator in ("not_equal", "is_not"):
        return text != str(wanted)
    if operator in ("before", "after"):
        mine, theirs = _iso_time(text), _iso_time(wanted)
        if mine is None or theirs is None:
            return False
        return mine < theirs if operator == "before" else mine > theirs
    try:
        number, limit = float(text), float(str(wanted))
    except ValueError:
        return False
    return {
        "less": number < limit,
        "less_or_equal": number <= limit,
        "greater": number > limit,
        "greater_or_equal": number >= limit,
    }.get(str(operator), False)


def next_window_open(node: Mapping[str, Any], at: float) -> float:
    """``at`` when one of the node's windows is open then, else when the next one opens."""
    if node.get("relative_to") != "schedule_in_timezone":
        return at
    try:
        zone = ZoneInfo(str(node.get("time_zone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = datetime.fromtimestamp(at, zone)
    best: float | None = None
    for day_offset in range(-1, 9):
        day = (local + timedelta(days=day_offset)).date()
        for window in node.get("windows") or []:
            weekday = window.get("day_of_week")
            if weekday is not None and day.isoweekday() != weekday:
                continue
            start, end = window.get("start") or {}, window.get("end") or {}
            opens = datetime(
                day.year,
                day.month,
                day.day,
                int(start.get("hour", 0)),
                int(start.get("minute", 0)),
                tzinfo=zone,
            )
            closes = datetime(
                day.year, day.month, day.day, int(end.get("hour", 0)), int(end.get("minute", 0)), tzinfo=zone
            )
            if closes <= opens:
                closes += timedelta(days=1)
            if opens.timestamp() <= at < closes.timestamp():
                return at
            if opens.timestamp() > at and (best is None or opens.timestamp() < best):
                best = opens.timestamp()
    return at if best is None else best


class _Pass:
    """One catch-up of one journey: loads its runs, moves them, writes back what changed."""

    def __init__(self, store: Store, journey: JourneyRecord, now: float) -> None:
        self.store, self.journey, self.now = store, journey, now
        self.nodes = journey.nodes
        self.counts: Counter[str] = Counter()
        self.changed: dict[tuple[str, int], JourneyRun] = {}
        self.sends: dict[tuple[str, float], list[str]] = defaultdict(list)
        self.members_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}
        self.latest: dict[str, JourneyRun] = {}
        self.active: dict[str, JourneyRun] = {}
        self.due: list[tuple[float, str, int]] = []
        self.notifications: dict[str, list[str]] = defaultdict(list)
        self.tags: dict[str, dict[str, str]] = defaultdict(dict)
        self.records: dict[str, records.NotificationRecord] = {}
        self.clicks: dict[tuple[str, float], dict[str, float]] = {}

    # -- the pass ----------------------------------------------------------------------------------

    def catch_up(self) -> None:
        journey, store = self.journey, self.store
        if journey.state == "scheduled":
            start = _iso_time((journey.schedule or {}).get("start_at"))
            if start is not None and graph.is_later(start, self.now):
                return
            journey.state, journey.started_at = "active", start if start is not None else self.now
            journey = self.journey = store.save_journey(journey, journey.started_at)
        stop = _iso_time((journey.schedule or {}).get("stop_at"))
        horizon = self.now if stop is None else min(self.now, stop)
        self.latest = store.latest_runs(journey.id)
        self.active = {user: run for user, run in self.latest.items() if run.status == "active"}
        for run in self.active.values():
            self._hold(run)
        for key in store.journey_counts(journey.id):
            if key.startswith("notif:"):
                _, node_id, notification_id = key.split(":", 2)
                self.notifications[node_id].append(notification_id)
        counts = store.journey_counts(journey.id)
        first_pass = "engine:initial" not in counts
        audience = journey.audience or {}
        started_at = journey.started_at or horizon
        if first_pass:
            self.counts["engine:initial"] = 1
            if audience.get("kind") == "segment":
                self._enter_segment_members(started_at, initial=True)
        seq = store.journey_event_seq(journey.id)
        sessions = self._sessions_until(horizon)
        for event in store.custom_events_after(journey.app_id, seq):
            if event.received_at > horizon:
                break
            self._exit_on_sessions(sessions, event.received_at)
            self._release_due(event.received_at)
            self._on_event(event)
            seq = event.seq
        self._exit_on_sessions(sessions, horizon)
        self._release_due(horizon)
        self._check_conditions(horizon)
        if audience.get("kind") == "segment" and not first_pass:
            self._enter_segment_members(horizon, initial=False)
        self._flush(seq)
        if stop is not None and self.now >= stop:
            journey.state, journey.archived_at = "archived", stop
            store.save_journey(journey, stop)

    # -- entering ----------------------------------------------------------------------------------

    def _members(self, included: Iterable[str], excluded: Iterable[str] = ()) -> set[str]:
        """The users in any of the ``included`` segments and none of the ``excluded`` (by segment id)."""
        key = (tuple(sorted(included)), tuple(sorted(excluded)))
        if key in self.members_cache:
            return self.members_cache[key]
        from onesignal_desktop.sandbox.routes.notifications import send_audience

        app_id = self.journey.app_id
        names = {s.id: s.name for s in self.store.list_segments(app_id, 100_000, 0)[0]}
        body = {
            "included_segments": [names[s] for s in key[0] if s in names],
            "excluded_segments": [names[s] for s in key[1] if s in names],
        }
        users: set[str] = set()
        if body["included_segments"]:
            segments = records.segment_filters(self.store, app_id)
            for channel in ("push", "email", "sms"):
                audience = send_audience(
                    self.store, app_id, {**body, "target_channel": channel}, self.now, segments
                )
                known = [p for p in audience.recipients if p.get("onesignal_id")]
                users.update(str(player["onesignal_id"]) for player in known)
                # The built-in segments' fast path gives subscription ids only.
                bare = [str(p["id"]) for p in audience.recipients if not p.get("onesignal_id")]
                users.update(self.store.users_of_subscriptions(bare))
        self.members_cache[key] = users
        return users

    def _audience_members(self) -> set[str]:
        audience = self.journey.audience or {}
        return self._members(
            audience.get("included_segment_ids") or [], audience.get("excluded_segment_ids") or []
        )

    def _enter_segment_members(self, at: float, *, initial: bool) -> None:
        members = self._audience_members()
        if initial and (self.journey.audience or {}).get("future_additions_only"):
            # Today's members are remembered as already seen, so only newcomers enter later.
            for user in sorted(members):
                self._baseline(user, at)
            return
        for user in sorted(members):
            if self._may_enter(user, at):
                self._enter(user, at)

    def _baseline(self, user: str, at: float) -> None:
        run = JourneyRun(self.journey.id, user, 0, [], "", at, None, at, status="baseline", finished_at=at)
        self.latest[user] = run
        self._changed(run)

    def _may_enter(self, user: str, at: float) -> bool:
        latest = self.latest.get(user)
        if latest is None:
            return True
        if latest.status == "baseline":
            return False
        if latest.status == "active":
            return False
        duration = (self.journey.reentry_rules or {}).get("duration_seconds")
        return duration is not None and at - latest.entered_at >= float(duration)

    def _enter(self, user: str, at: float) -> None:
        latest = self.latest.get(user)
        run = JourneyRun(self.journey.id, user, (latest.run if latest else 0) + 1, [], "", at, None, at)
        self.latest[user] = self.active[user] = run
        self.counts["started"] += 1
        self._arrive(run, [0] if self.nodes else None, at)

    # -- moving ------------------------------------------------------------------------------------

    def _changed(self, run: JourneyRun) -> None:
        self.changed[(run.user_id, run.run)] = run

    def _hold(self, run: JourneyRun) -> None:
        if run.due_at is not None:
            heapq.heappush(self.due, (run.due_at, run.user_id, run.run))

    def _arrive(self, run: JourneyRun, position: list[int] | None, at: float) -> None:
        """Move ``run`` to ``position`` at ``at`` and through every node that does not hold it."""
        while True:
            self._changed(run)
            if position is None:
                self._finish(run, at, "completed")
                return
            node = graph.node_at(self.nodes, position)
            if node is None:  # the graph changed under the user: the journey is over for them
                self._finish(run, at, "completed")
                return
            run.position, run.node_id, run.node_since, run.due_at = list(position), str(node["id"]), at, None
            kind = node["kind"]
            if kind == "wait":
                run.due_at = at + float(node.get("duration_seconds") or graph.MIN_WAIT)
                self._hold(run)
                return
            if kind == "time_window":
                opens = next_window_open(node, at)
                if opens > at:
                    run.due_at = opens
                    self._hold(run)
                    return
            elif kind in graph.MESSAGE_KINDS:
                self.sends[(str(node["id"]), at)].append(run.user_id)
                self.counts[f"sent:{node['id']}"] += 1
            elif kind == "tag":
                self.tags[run.user_id].update(node.get("assignments") or {})
            elif kind in graph.BRANCHING_KINDS:
                branch = self._choose_branch(run, node, at)
                if branch is None:  # wait_until with no condition met yet
                    expiration = node.get("expiration") or {}
                    if expiration.get("duration_seconds"):
                        run.due_at = at + float(expiration["duration_seconds"])
                        self._hold(run)
                    return
                position = self._take_branch(run, node, position, branch)
                continue
            self.counts[f"node:{node['id']}:completed"] += 1
            position = graph.next_position(self.nodes, position)

    def _take_branch(
        self, run: JourneyRun, node: Mapping[str, Any], position: list[int], branch: int
    ) -> list[int] | None:
        self.counts[f"node:{node['id']}:completed"] += 1
        self.counts[f"branch:{node['branches'][branch]['id']}"] += 1
        return graph.first_in_branch(self.nodes, position, branch) or graph.next_position(
            self.nodes, position
        )

    def _choose_branch(self, run: JourneyRun, node: Mapping[str, Any], at: float) -> int | None:
        branches = node.get("branches") or []
        kind = node["kind"]
        if kind == "split_range":
            draw = unit_random(self.journey.id, node["id"], run.user_id, run.run) * 100.0
            total = 0.0
            for index, branch in enumerate(branches):
                total += float(branch.get("weight") or 0)
                if draw < total:
                    return index
            return len(branches) - 1
        if kind == "yes_no":
            condition = branches[0].get("condition") if branches else None
            return 0 if condition and self._holds(condition, run, at, None) else 1
        for index, branch in enumerate(branches):  # wait_until: the first condition already met
            condition = branch.get("condition") or {}
            if condition.get("kind") != "event_trigger" and self._holds(condition, run, at, None):
                return index
        return None

    def _holds(
        self, condition: Mapping[str, Any], run: JourneyRun, at: float, event: CustomEventRecord | None
    ) -> bool:
        kind = condition.get("kind")
        if kind == "segment_membership":
            included = condition.get("included_segment_ids") or []
            excluded = condition.get("excluded_segment_ids") or []
            in_included = not included or run.user_id in self._members(included)
            in_excluded = bool(excluded) and run.user_id in self._members(excluded)
            return in_included and not in_excluded
        if kind == "event_trigger":
            return (
                event is not None
                and event.name == condition.get("name")
                and attributes_match(condition.get("attributes"), event.payload)
            )
        if kind == "on_notification_action":
            return self._acted(str(condition.get("sending_node_id")), str(condition.get("action")), run, at)
        return False

    def _acted(self, node_id: str, action: str, run: JourneyRun, at: float) -> bool:
        """Whether the user received / clicked / opened a message the sending node sent them by ``at``."""
        self._flush_sends(only_node=node_id)
        subscriptions = {s.id for s in self.store.user_subscriptions(run.user_id)}
        for notification_id in self.notifications.get(node_id, []):
            record = self.records.get(notification_id)
            if record is None:
                record = records.get_notification(
                    self.store, self.journey.app_id, notification_id, with_recipients=True
                )
                if record is None:
                    continue
                self.records[notification_id] = record
            if not subscriptions.intersection(record.recipient_ids):
                continue
            if action == "received":
                if delivery_status(record.plan, at).state == "delivered":
                    return True
                continue
            clicks = self.clicks.get((notification_id, at))
            if clicks is None:
                clicks = self.clicks[(notification_id, at)] = records.clicks_by_player(record, at)
            if any(clicks.get(sid, at + 1) <= at for sid in subscriptions):
                return True
        return False

    def _release_due(self, until: float) -> None:
        while self.due and self.due[0][0] <= until:
            due_at, user, number = heapq.heappop(self.due)
            run = self.active.get(user)
            if run is None or run.run != number or run.due_at != due_at:
                continue  # moved on since
            node = graph.node_at(self.nodes, run.position)
            if node is None:
                self._arrive(run, None, due_at)
                continue
            self.counts[f"node:{node['id']}:completed"] += 1
            if node["kind"] == "wait_until" and (node.get("expiration") or {}).get("exits"):
                self._finish(run, due_at, "completed")
                continue
            self._arrive(run, graph.next_position(self.nodes, run.position), due_at)

    def _on_event(self, event: CustomEventRecord) -> None:
        at, user = event.received_at, event.user_id
        run = self.active.get(user)
        rules = (self.journey.early_exit or {}).get("rules") or {}
        if run is not None and (rules.get("on_event") or {}).get("name") == event.name:
            self._exit_early(run, at)
            run = None
        if run is not None:
            node = graph.node_at(self.nodes, run.position)
            if node is not None and node["kind"] == "wait_until":
                for index, branch in enumerate(node.get("branches") or []):
                    condition = branch.get("condition") or {}
                    if condition.get("kind") == "event_trigger" and self._holds(condition, run, at, event):
                        self._arrive(run, self._take_branch(run, node, run.position, index), at)
                        break
        audience = self.journey.audience or {}
        if (
            audience.get("kind") == "event_trigger"
            and audience.get("name") == event.name
            and attributes_match(audience.get("attributes"), event.payload)
            and at >= (self.journey.started_at or at)
            and self._may_enter(user, at)
        ):
            self._enter(user, at)

    def _sessions_until(self, horizon: float) -> list[tuple[float, str]]:
        """(when, user) of the sessions that end active runs early, oldest first (``on_session`` only)."""
        rules = (self.journey.early_exit or {}).get("rules") or {}
        if not rules.get("on_session") or not self.active:
            return []
        since = min(run.entered_at for run in self.active.values())
        latest = self.store.users_active_since(self.journey.app_id, since)
        return sorted(
            (when, user)
            for user, when in latest.items()
            if when <= horizon and user in self.active and when > self.active[user].entered_at
        )

    def _exit_on_sessions(self, sessions: list[tuple[float, str]], until: float) -> None:
        """Every session up to ``until`` ends its user's run where the user then was."""
        while sessions and sessions[0][0] <= until:
            when, user = sessions.pop(0)
            self._release_due(when)
            run = self.active.get(user)
            if run is not None and when > run.entered_at:
                self._exit_early(run, when)

    def _check_conditions(self, at: float) -> None:
        """Conditions that change without an event: early exit by segment, and wait_until branches on a
        segment or a message action."""
        rules = (self.journey.early_exit or {}).get("rules") or {}
        exit_segments = (rules.get("on_segment") or {}).get("included_segment_ids") or []
        in_audience = self._audience_members() if rules.get("when_not_in_audience") else None
        for run in list(self.active.values()):
            if exit_segments and run.user_id in self._members(exit_segments):
                self._exit_early(run, at)
                continue
            segment_audience = (self.journey.audience or {}).get("kind") == "segment"
            if in_audience is not None and segment_audience and run.user_id not in in_audience:
                self._exit_early(run, at)
                continue
            node = graph.node_at(self.nodes, run.position)
            if node is not None and node["kind"] == "wait_until" and run.status == "active":
                branch = self._choose_branch(run, node, at)
                if branch is not None:
                    self._arrive(run, self._take_branch(run, node, run.position, branch), at)

    def _exit_early(self, run: JourneyRun, at: float) -> None:
        self.counts[f"node:{run.node_id}:exited"] += 1
        self.counts["exited_early"] += 1
        tags = (self.journey.early_exit or {}).get("tag_on_early_exit")
        if tags:
            self.tags[run.user_id].update(tags)
        self._finish(run, at, "exited")

    def _finish(self, run: JourneyRun, at: float, status: str) -> None:
        run.status, run.finished_at, run.due_at = status, at, None
        if status == "completed":
            self.counts["completed"] += 1
        self.active.pop(run.user_id, None)
        self._changed(run)

    # -- writing back ------------------------------------------------------------------------------

    def _flush_sends(self, only_node: str | None = None) -> None:
        """Send what the pass has queued (one notification per node and instant; ``only_node``: only
        that node's, when a condition needs to know what it sent)."""
        from onesignal_desktop.sandbox.routes.notifications import create_notification_record

        app_id = self.journey.app_id
        by_id = {str(node["id"]): node for _, node in graph.iter_nodes(self.nodes)}
        pending = sorted(self.sends.items(), key=lambda item: item[0][1])
        for (node_id, at), users in pending:
            if only_node is not None and node_id != only_node:
                continue
            del self.sends[(node_id, at)]
            node = by_id[node_id]
            channel = CHANNEL_OF.get(node["kind"])
            if channel is None:  # in-app messages and webhooks: counted, nothing to deliver here
                continue
            for start in range(0, len(users), MAX_RECIPIENTS_PER_SEND):
                chunk = users[start : start + MAX_RECIPIENTS_PER_SEND]
                # The recipients' own subscriptions only: the send need not read the whole app.
                targeting = records.players_by_id(
                    self.store, app_id, self.store.subscriptions_of_users(chunk)
                )
                body = {
                    "app_id": app_id,
                    "template_id": node.get("template_id"),
                    "include_aliases": {"onesignal_id": chunk},
                    "target_channel": channel,
                    "name": f"{self.journey.name} · {node.get('annotation') or node['kind']}",
                }
                try:
                    _, record = create_notification_record(
                        self.store,
                        app_id,
                        body,
                        at,
                        kind=KIND_JOURNEY,
                        targeting_players=targeting,
                        notification_id=_send_id(self.journey.id, node_id, at, start),
                    )
                except ApiError:  # the template was deleted since: the message is not sent
                    self.counts[f"errored:{node_id}"] += len(chunk)
                    continue
                if record is not None:
                    self.notifications[node_id].append(record.id)
                    self.counts[f"notif:{node_id}:{record.id}"] = 1

    def _flush(self, seq: int) -> None:
        self._flush_sends()
        store = self.store
        for user, tags in self.tags.items():
            user_record = store.get_user(self.journey.app_id, user)
            if user_record is not None:
                merged = {**user_record.tags, **tags}
                store.update_user(
                    self.journey.app_id, user, {"tags": {k: v for k, v in merged.items() if v != ""}}
                )
        if self.changed:
            store.save_runs(self.changed.values())
        if self.counts:
            store.add_journey_counts(self.journey.id, self.counts)
        store.set_journey_event_seq(self.journey.id, seq)


def _send_id(journey_id: str, node_id: str, at: float, chunk: int) -> str:
    """A node's send at one instant always has the same id (replaying a journey sends nothing twice)."""
    digest = hashlib.sha256(f"{journey_id}|{node_id}|{at!r}|{chunk}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def journey_stats(store: Store, journey: JourneyRecord, now: float) -> dict[str, Any]:
    """The stats answer (JourneyStats): journey counts, and per node and per branch by id."""
    counts = store.journey_counts(journey.id)
    _, waiting = store.journey_status_counts(journey.id)
    notifications: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        if key.startswith("notif:"):
            _, node_id, notification_id = key.split(":", 2)
            notifications[node_id].append(notification_id)
    nodes: dict[str, Any] = {}
    for _, node in graph.iter_nodes(journey.nodes):
        node_id = str(node["id"])
        entry: dict[str, Any] = {
            "kind": node["kind"],
            "waiting": waiting.get(node_id, 0),
            "completed": int(counts.get(f"node:{node_id}:completed", 0)),
            "exited_early": int(counts.get(f"node:{node_id}:exited", 0)),
        }
        if node["kind"] in graph.MESSAGE_KINDS:
            entry["message_stats"] = {
                "totals": _message_totals(store, journey.app_id, node_id, counts, notifications, now)
            }
        nodes[node_id] = entry
    branches = {
        str(branch["id"]): {"completed": int(counts.get(f"branch:{branch['id']}", 0))}
        for branch in graph.iter_branches(journey.nodes)
    }
    return {
        "id": journey.id,
        "started": int(counts.get("started", 0)),
        "completed": int(counts.get("completed", 0)),
        "exited_early": int(counts.get("exited_early", 0)),
        "nodes": nodes,
        "branches": branches,
    }


def _message_totals(
    store: Store,
    app_id: str,
    node_id: str,
    counts: Mapping[str, float],
    notifications: Mapping[str, list[str]],
    now: float,
) -> dict[str, float]:
    totals = {"sent": counts.get(f"sent:{node_id}", 0.0), "delivered": 0.0, "clicked": 0.0, "failed": 0.0}
    totals["failed"] += counts.get(f"errored:{node_id}", 0.0)
    for notification_id in notifications.get(node_id, []):
        record = records.get_notification(store, app_id, notification_id)
        if record is None:
            continue
        status = delivery_status(record.plan, now)
        totals["delivered"] += status.totals.successful
        totals["clicked"] += status.totals.converted
        totals["failed"] += status.totals.failed + status.totals.errored
    return totals
