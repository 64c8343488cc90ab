"""Who a notification reaches: segment filters, built-in segments and id lists, evaluated on player dicts.

Players are plain dicts shaped like OneSignal's ``GET /players/{id}`` answer (``id``, ``device_type``,
``identifier``, ``invalid_identifier``, ``notification_types``, ``tags``, ``language``, ``country``,
``session_count``, ``playtime``, ``amount_spent``, ``last_active``, ``created_at``, ``game_version``, ``lat``,
``long``, ``external_user_id``, ...). Optional ``bought_skus`` maps a SKU to the amount bought.

Built-in segments:
- "Subscribed Users" (also "Total Subscriptions", "All"): every subscribed player.
- "Active Users": subscribed players whose ``last_active`` is within the last 7 days (``ACTIVE_WINDOW``), the
  window OneSignal's dashboard uses for its default "Active Users" segment.
- "Inactive Users": subscribed players last active more than 7 days ago.

Filter lists follow OneSignal: consecutive filters are ANDed; ``{"operator": "OR"}`` starts a new group,
so AND binds tighter than OR; ``{"operator": "AND"}`` is accepted and changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Player = Mapping[str, Any]
Filter = Mapping[str, Any]

ACTIVE_WINDOW = 7 * 24 * 3600
SUBSCRIBED_USERS = "Subscribed Users"
ACTIVE_USERS = "Active Users"
INACTIVE_USERS = "Inactive Users"
BUILTIN_SEGMENTS = (SUBSCRIBED_USERS, ACTIVE_USERS, INACTIVE_USERS)
_SUBSCRIBED_ALIASES = {"subscribed users", "total subscriptions", "all"}

EMAIL_DEVICE_TYPE = 11
SMS_DEVICE_TYPE = 14
MAX_IDS_PER_CALL = 2000

RELATIONS = (
    ">",
    "<",
    "=",
    "!=",
    "exists",
    "not_exists",
    "time_elapsed_gt",
    "time_elapsed_lt",
    "in_array",
    "not_in_array",
)
FIELDS = (
    "tag",
    "session_count",
    "session_time",
    "amount_spent",
    "bought_sku",
    "first_session",
    "last_session",
    "language",
    "app_version",
    "country",
    "location",
    "email",
)
NO_SUBSCRIBERS = "All included players are not subscribed"

# Push platform flags of a notification and the device types each one selects.
PLATFORM_FLAGS: dict[str, frozenset[int]] = {
    "isIos": frozenset({0}),
    "isAndroid": frozenset({1}),
    "isHuawei": frozenset({13}),
    "isAnyWeb": frozenset({5, 7, 8, 17}),
    "isChromeWeb": frozenset({5}),
    "isFirefox": frozenset({8}),
    "isSafari": frozenset({7}),
    "isWP_WNS": frozenset({6}),
    "isAdm": frozenset({2}),
    "isChrome": frozenset({4}),
}


class TargetingError(ValueError):
    """A request OneSignal refuses with 400; ``messages`` go into ``{"errors": [...]}``."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


# ---------------------------------------------------------------------------------------------- players


def channel_of(player: Player) -> str:
    device_type = _as_int(player.get("device_type"))
    if device_type == EMAIL_DEVICE_TYPE:
        return "email"
    if device_type == SMS_DEVICE_TYPE:
        return "sms"
    return "push"


def is_subscribed(player: Player) -> bool:
    """Subscribed = a valid identifier and a non-negative ``notification_types`` (OneSignal's -2/-99 etc.)."""
    if player.get("invalid_identifier"):
        return False
    types = player.get("notification_types")
    if types is not None and _as_int(types) is not None and (_as_int(types) or 0) < 0:
        return False
    return player.get("identifier") not in (None, "") or channel_of(player) == "push"


def in_builtin_segment(name: str, player: Player, now: float) -> bool | None:
    """Membership of a built-in segment, or None if ``name`` is not one."""
    lowered = name.strip().lower()
    if lowered in _SUBSCRIBED_ALIASES:
        return is_subscribed(player)
    last_active = _as_float(player.get("last_active")) or 0.0
    if lowered == ACTIVE_USERS.lower():
        return is_subscribed(player) and now - last_active <= ACTIVE_WINDOW
    if lowered == INACTIVE_USERS.lower():
        return is_subscribed(player) and now - last_active > ACTIVE_WINDOW
    return None


def is_builtin_segment(name: str) -> bool:
    return in_builtin_segment(name, {}, 0.0) is not None


# ---------------------------------------------------------------------------------------------- filters


def validate_filters(filters: object) -> list[str]:
    """What OneSignal would say is wrong with a filter list (empty if it is fine)."""
    if not isinstance(filters, list):
        return ["filters must be an array"]
    problems: list[str] = []
    for index, entry in enumerate(filters):
        if not isinstance(entry, Mapping):
            problems.append(f"filters[{index}] must be an object")
            continue
        if "operator" in entry and "field" not in entry:
            if str(entry["operator"]).upper() not in ("AND", "OR"):
                problems.append(f'Invalid operator: {entry["operator"]!r} (use "AND" or "OR")')
            continue
        name = entry.get("field")
        relation = entry.get("relation")
        if name not in FIELDS:
            problems.append(f"Invalid or missing filter field: {name!r}")
            continue
        if name == "location":
            if any(_as_float(entry.get(k)) is None for k in ("radius", "lat", "long")):
                problems.append("location filter requires radius, lat and long")
            continue
        if relation not in RELATIONS:
            problems.append(f"Invalid or missing relation for field {name!r}: {relation!r}")
            continue
        if name in ("tag", "bought_sku") and not entry.get("key"):
            problems.append(f"{name} filter requires a key")
        if name in ("first_session", "last_session"):
            if _as_float(entry.get("hours_ago", entry.get("value"))) is None:
                problems.append(f"{name} filter requires hours_ago")
        elif relation not in ("exists", "not_exists") and entry.get("value") is None:
            problems.append(f"Filter on {name!r} with relation {relation!r} requires a value")
    return problems


def filter_groups(filters: Sequence[Filter]) -> list[list[Filter]]:
    """Split a filter list into OR-separated AND groups (empty groups dropped)."""
    groups: list[list[Filter]] = [[]]
    for entry in filters:
        if "field" not in entry and "operator" in entry:
            if str(entry["operator"]).upper() == "OR":
                groups.append([])
            continue
        groups[-1].append(entry)
    return [group for group in groups if group]


def matches_filters(player: Player, filters: Sequence[Filter], now: float) -> bool:
    """True if the player satisfies at least one AND group (an empty list matches everyone)."""
    return _matches_groups(player, filter_groups(filters), now)


def _matches_groups(player: Player, groups: Sequence[Sequence[Filter]], now: float) -> bool:
    if not groups:
        return True
    return any(all(matches_filter(player, entry, now) for entry in group) for group in groups)


def matches_filter(player: Player, entry: Filter, now: float) -> bool:
    name = entry.get("field")
    relation = str(entry.get("relation", "="))
    value = entry.get("value")
    if name == "tag":
        tags = player.get("tags") or {}
        return _compare(tags.get(str(entry.get("key"))), relation, value, now)
    if name == "session_count":
        return _compare(player.get("session_count", 0), relation, value, now)
    if name == "session_time":
        return _compare(player.get("playtime", 0), relation, value, now)
    if name == "amount_spent":
        return _compare(player.get("amount_spent", 0), relation, value, now)
    if name == "bought_sku":
        bought = player.get("bought_skus") or {}
        return _compare(bought.get(str(entry.get("key"))), relation, value, now)
    if name in ("first_session", "last_session"):
        stamp = _as_float(player.get("created_at" if name == "first_session" else "last_active"))
        hours = _as_float(entry.get("hours_ago", value))
        if stamp is None or hours is None:
            return False
        hours_since = (now - stamp) / 3600.0
        # ">" means the session happened MORE than hours_ago hours ago.
        return _compare(hours_since, relation, hours, now)
    if name == "language":
        return _compare(player.get("language"), relation, value, now)
    if name == "country":
        return _compare(player.get("country"), relation, value, now)
    if name == "app_version":
        return _compare_versions(player.get("game_version"), relation, value)
    if name == "email":
        email = player.get("identifier") if channel_of(player) == "email" else player.get("email")
        return _compare(email, relation, value, now)
    if name == "location":
        return _within_radius(player, entry)
    return False


def _compare(actual: object, relation: str, expected: object, now: float) -> bool:
    present = actual is not None and actual != ""
    if relation == "exists":
        return present
    if relation == "not_exists":
        return not present
    if relation in ("in_array", "not_in_array"):
        options = {part.strip() for part in str(expected or "").split(",")}
        inside = present and str(actual) in options
        return inside if relation == "in_array" else not inside
    if relation in ("time_elapsed_gt", "time_elapsed_lt"):
        stamp, seconds = _as_float(actual), _as_float(expected)
        if stamp is None or seconds is None:
            return False
        elapsed = now - stamp
        return elapsed > seconds if relation == "time_elapsed_gt" else elapsed < seconds
    if relation == "!=":
        # OneSignal: "!=" also matches players that do not have the field at all.
        return not present or not _equal(actual, expected)
    if not present:
        return False
    if relation == "=":
        return _equal(actual, expected)
    left, right = _as_float(actual), _as_float(expected)
    if left is None or right is None:
        return False
    return left > right if relation == ">" else left < right if relation == "<" else False


def _equal(actual: object, expected: object) -> bool:
    left, right = _as_float(actual), _as_float(expected)
    if left is not None and right is not None:
        return left == right
    return str(actual).lower() == str(expected).lower()


def _version_key(text: object) -> tuple[int, ...] | None:
    parts = str(text).strip().split(".")
    try:
        return tuple(int(part) for part in parts)
    except ValueError:
        return None


def _compare_versions(actual: object, relation: str, expected: object) -> bool:
    if relation in ("exists", "not_exists", "in_array", "not_in_array"):
        return _compare(actual, relation, expected, 0.0)
    left, right = _version_key(actual) if actual else None, _version_key(expected)
    if left is None or right is None:
        return relation == "!=" or (relation == "=" and str(actual) == str(expected))
    width = max(len(left), len(right))
    left, right = left + (0,) * (width - len(left)), right + (0,) * (width - len(right))
    return {"=": left == right, "!=": left != right, ">": left > right, "<": left < right}.get(
        relation, False
    )


def distance_meters(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle (haversine) distance."""
    radius = 6_371_000.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = math.radians(lat2 - lat1), math.radians(long2 - long1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))


def _within_radius(player: Player, entry: Filter) -> bool:
    lat, long = _as_float(player.get("lat")), _as_float(player.get("long"))
    center_lat, center_long = _as_float(entry.get("lat")), _as_float(entry.get("long"))
    radius = _as_float(entry.get("radius"))
    if None in (lat, long, center_lat, center_long, radius):
        return False
    assert lat is not None and long is not None and center_lat is not None and center_long is not None
    assert radius is not None
    return distance_meters(lat, long, center_lat, center_long) <= radius


def _as_float(value: object) -> float | None:
    if type(value) is int or type(value) is float:
        return float(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _as_int(value: object) -> int | None:
    if type(value) is int:
        return value
    number = _as_float(value)
    return None if number is None else int(number)


# ---------------------------------------------------------------------------------------------- audience


@dataclass
class Audience:
    """The resolved audience of a notification."""

    channel: str
    recipients: list[Player] = field(default_factory=list)
    invalid_player_ids: list[str] = field(default_factory=list)
    invalid_external_user_ids: list[str] = field(default_factory=list)
    invalid_aliases: dict[str, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.recipients)

    def platform_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for player in self.recipients:
            device_type = _as_int(player.get("device_type")) or 0
            counts[device_type] = counts.get(device_type, 0) + 1
        return counts

    def recipient_ids(self) -> list[str]:
        return [str(player["id"]) for player in self.recipients]

    def errors(self) -> list[str] | dict[str, Any] | None:
        """The ``errors`` value of the create answer: a list when nobody is reached, else invalid ids."""
        if not self.recipients:
            return [NO_SUBSCRIBERS]
        found: dict[str, Any] = {}
        if self.invalid_player_ids:
            found["invalid_player_ids"] = self.invalid_player_ids
        if self.invalid_external_user_ids:
            found["invalid_external_user_ids"] = self.invalid_external_user_ids
        if self.invalid_aliases:
            found["invalid_aliases"] = self.invalid_aliases
        return found or None


#: The body fields that name recipients one by one (ids, aliases, email addresses, phone numbers).
ID_TARGETS = (
    "include_player_ids",
    "include_subscription_ids",
    "include_external_user_ids",
    "include_aliases",
    "include_email_tokens",
    "include_phone_numbers",
)
_SEGMENT_TARGETS = ("included_segments",)


def notification_channel(body: Mapping[str, Any]) -> str:
    """push, email or sms: explicit ``target_channel``/``channel_for_external_user_ids``, else inferred."""
    for key in ("target_channel", "channel_for_external_user_ids"):
        explicit = body.get(key)
        if isinstance(explicit, str) and explicit.lower() in ("push", "email", "sms"):
            return explicit.lower()
    if body.get("email_subject") or body.get("email_body") or body.get("include_email_tokens"):
        return "email"
    if body.get("sms_from") or body.get("sms_media_urls") or body.get("include_phone_numbers"):
        return "sms"
    return "push"


def validate_notification(body: Mapping[str, Any], segment_names: Iterable[str]) -> None:
    """Raise :class:`TargetingError` for what OneSignal refuses with 400."""
    problems = targeting_problems(body, segment_names)
    problems.extend(content_problems(body))
    if problems:
        raise TargetingError(*problems)


def validate_targeting(body: Mapping[str, Any], segment_names: Iterable[str]) -> None:
    """Raise :class:`TargetingError` for an audience OneSignal refuses (count-unsaved: no content)."""
    problems = targeting_problems(body, segment_names)
    if problems:
        raise TargetingError(*problems)


def targeting_problems(body: Mapping[str, Any], segment_names: Iterable[str]) -> list[str]:
    """What is wrong with the audience of ``body`` (raises at once when it names no audience at all)."""
    problems: list[str] = []
    used_ids = [key for key in ID_TARGETS if body.get(key) is not None]
    uses_segments = body.get("included_segments") is not None
    uses_filters = body.get("filters") is not None
    if not used_ids and not uses_segments and not uses_filters:
        raise TargetingError(
            "You must include which players, segments, or tags you wish to send this notification to."
        )
    if len(used_ids) > 1 or (used_ids and (uses_segments or uses_filters or body.get("excluded_segments"))):
        problems.append(
            "Incompatible targeting parameters: use only one of included_segments (with excluded_segments), "
            "filters, include_player_ids, include_subscription_ids, include_external_user_ids "
            "or include_aliases."
        )
    if uses_segments and uses_filters:
        problems.append("Filters and segments cannot be combined in the same notification.")
    for key in (*used_ids, "included_segments", "excluded_segments"):
        value = body.get(key)
        if value is None:
            continue
        if key == "include_aliases":
            if not isinstance(value, Mapping) or not all(isinstance(v, list) for v in value.values()):
                problems.append("include_aliases must be an object mapping an alias label to an array of ids")
            elif sum(len(v) for v in value.values()) > MAX_IDS_PER_CALL:
                problems.append(f"include_aliases is limited to {MAX_IDS_PER_CALL} entries per call")
            if not body.get("target_channel"):
                problems.append("target_channel is required when using include_aliases")
        elif not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(f"{key} must be an array of strings")
        elif len(value) > MAX_IDS_PER_CALL:
            problems.append(f"{key} is limited to {MAX_IDS_PER_CALL} entries per call")
        elif not value and key != "excluded_segments":
            problems.append(f"{key} must not be empty")
    target_channel = body.get("target_channel")
    if target_channel is not None and target_channel not in ("push", "email", "sms"):
        problems.append("target_channel must be one of push, email, sms")
    if uses_filters:
        problems.extend(validate_filters(body.get("filters")))
    known = {name.lower() for name in segment_names}
    for key in ("included_segments", "excluded_segments"):
        names = body.get(key)
        if isinstance(names, list):
            for name in names:
                if isinstance(name, str) and not is_builtin_segment(name) and name.lower() not in known:
                    problems.append(f"Segment '{name}' does not exist.")
    return problems


def content_problems(body: Mapping[str, Any]) -> list[str]:
    """What content the channel of ``body`` needs and lacks."""
    problems: list[str] = []
    channel = notification_channel(body)
    if channel == "push" and not body.get("template_id") and not body.get("content_available"):
        contents = body.get("contents")
        if not isinstance(contents, Mapping) or not contents.get("en"):
            problems.append("Message Notifications must have English language content")
    if channel == "email" and not body.get("template_id"):
        if not body.get("email_subject"):
            problems.append("Email subject is required for email messages")
        if not body.get("email_body"):
            problems.append("Email body is required for email messages")
    if channel == "sms" and not body.get("template_id"):
        contents = body.get("contents")
        if not isinstance(contents, Mapping) or not contents.get("en"):
            problems.append("SMS messages must have English language content")
    return problems


MembershipTest = Callable[[Player], bool]


def _segment_membership(name: str, segments: Mapping[str, Sequence[Filter]], now: float) -> MembershipTest:
    """Who belongs to segment ``name`` (a built-in, else the first created one of that name, else nobody),
    with the name looked up once for all players."""
    if is_builtin_segment(name):
        return lambda player: bool(in_builtin_segment(name, player, now))
    for segment_name, filters in segments.items():
        if segment_name.lower() == name.lower():
            groups = filter_groups(filters)
            return lambda player: _matches_groups(player, groups, now)
    return lambda player: False


def _platform_rule(body: Mapping[str, Any]) -> tuple[frozenset[int] | None, frozenset[int]]:
    """(device types allowed by the ``isXxx: true`` flags or None for all, device types excluded by false)."""
    chosen = [PLATFORM_FLAGS[flag] for flag in PLATFORM_FLAGS if body.get(flag) is True]
    refused = [PLATFORM_FLAGS[flag] for flag in PLATFORM_FLAGS if body.get(flag) is False]
    allowed = frozenset().union(*chosen) if chosen else None
    return allowed, frozenset().union(*refused) if refused else frozenset()


def _platform_allowed(body: Mapping[str, Any], player: Player) -> bool:
    allowed, refused = _platform_rule(body)
    device_type = _as_int(player.get("device_type"))
    return (allowed is None or device_type in allowed) and device_type not in refused


def needs_tags(body: Mapping[str, Any]) -> bool:
    """Whether resolving ``body`` reads player tags (so callers may skip decoding them)."""
    if body.get("filters") is not None:
        return True
    names = [*(body.get("included_segments") or []), *(body.get("excluded_segments") or [])]
    return any(isinstance(name, str) and not is_builtin_segment(name) for name in names)


def resolve_audience(
    body: Mapping[str, Any],
    players: Iterable[Player],
    segments: Mapping[str, Sequence[Filter]],
    now: float,
) -> Audience:
    """Resolve a (validated) notification body against all players of its app.

    ``segments`` maps each created segment's name to its filter list. Only subscribed players of the
    notification's channel are recipients (each once); listed ids that exist but are unsubscribed (or do not
    exist) come back as invalid ids, like OneSignal's ``invalid_player_ids``.
    """
    audience = _resolve(body, players, segments, now)
    seen: set[str] = set()
    unique: list[Player] = []
    for player in audience.recipients:
        key = str(player.get("id"))
        if key not in seen:
            seen.add(key)
            unique.append(player)
    audience.recipients = unique
    return audience


def _resolve(
    body: Mapping[str, Any],
    players: Iterable[Player],
    segments: Mapping[str, Sequence[Filter]],
    now: float,
) -> Audience:
    channel = notification_channel(body)
    include_unsubscribed = bool(body.get("include_unsubscribed"))
    audience = Audience(channel=channel)
    player_list = list(players)

    allowed, refused = _platform_rule(body)

    def reachable(player: Player) -> bool:
        device_type = _as_int(player.get("device_type"))
        return (
            (allowed is None or device_type in allowed)
            and device_type not in refused
            and channel_of(player) == channel
            and (include_unsubscribed or is_subscribed(player))
        )

    excluded = [
        _segment_membership(name, segments, now)
        for name in body.get("excluded_segments") or []
        if isinstance(name, str)
    ]

    def kept(player: Player) -> bool:
        return not any(member(player) for member in excluded)

    ids = body.get("include_player_ids") or body.get("include_subscription_ids")
    if ids is not None and (
        body.get("include_player_ids") is not None or body.get("include_subscription_ids") is not None
    ):
        by_id = {str(player.get("id")): player for player in player_list}
        for player_id in ids:
            found = by_id.get(player_id)
            # With explicit ids the channel comes from the player itself (a player id is one subscription).
            if (
                found is not None
                and (include_unsubscribed or is_subscribed(found))
                and _platform_allowed(body, found)
            ):
                audience.recipients.append(found)
            else:
                audience.invalid_player_ids.append(player_id)
        audience.channel = _majority_channel(audience.recipients, channel)
        return audience

    external_ids = body.get("include_external_user_ids")
    aliases = body.get("include_aliases")
    if external_ids is not None or aliases is not None:
        wanted: dict[str, list[str]] = {}
        if external_ids is not None:
            wanted["external_id"] = list(external_ids)
        if isinstance(aliases, Mapping):
            for label, values in aliases.items():
                wanted.setdefault(str(label), []).extend(str(value) for value in values)
        for label, values in wanted.items():
            by_alias: dict[object, list[Player]] = {}
            for player in player_list:
                by_alias.setdefault(_alias_of(player, label), []).append(player)
            for value in values:
                reached = [player for player in by_alias.get(value, []) if reachable(player)]
                audience.recipients.extend(reached)
                if not reached:
                    if label == "external_id" and external_ids is not None and value in external_ids:
                        audience.invalid_external_user_ids.append(value)
                    else:
                        audience.invalid_aliases.setdefault(label, []).append(value)
        return audience

    if body.get("include_email_tokens") is not None or body.get("include_phone_numbers") is not None:
        tokens = set(body.get("include_email_tokens") or []) | set(body.get("include_phone_numbers") or [])
        audience.recipients = [p for p in player_list if reachable(p) and p.get("identifier") in tokens]
        return audience

    included = [
        _segment_membership(name, segments, now)
        for name in body.get("included_segments") or []
        if isinstance(name, str)
    ]
    filters = body.get("filters")
    groups = filter_groups(filters) if filters is not None else None
    for player in player_list:
        if not reachable(player) or not kept(player):
            continue
        if included and not any(member(player) for member in included):
            continue
        if groups is not None and not _matches_groups(player, groups, now):
            continue
        audience.recipients.append(player)
    return audience


def _alias_of(player: Player, label: str) -> object:
    if label in ("external_id", "external_user_id"):
        return player.get("external_user_id") or player.get("external_id")
    if label == "onesignal_id":
        return player.get("onesignal_id")
    aliases = player.get("aliases") or {}
    return aliases.get(label) if isinstance(aliases, Mapping) else None


def _majority_channel(players: Sequence[Player], default: str) -> str:
    if not players:
        return default
    counts: dict[str, int] = {}
    for player in players:
        counts[channel_of(player)] = counts.get(channel_of(player), 0) + 1
    return max(counts, key=lambda name: counts[name])
