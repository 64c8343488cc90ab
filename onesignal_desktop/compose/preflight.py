"""Pre-flight validation of a create-notification body, reported per field.

:func:`preflight` returns :class:`~.problems.Problem` objects whose ``field`` is a dotted key into the
body (``"contents.en"``, ``"buttons"``, ``"web_buttons.1.url"``, ``"include_aliases.external_id.3"``)
or the group key :data:`AUDIENCE` for "nobody is targeted", so the form can show each message next to
the widget at fault. Errors are what OneSignal would refuse or what would surely misfire; warnings are
advice.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from .languages import DEFAULT_LANGUAGE, LANGUAGES
from .problems import Problem
from .schedule import check_schedule

Channel = Literal["push", "email", "sms"]

#: Field key used when the body targets nobody at all (the form maps it to its audience section).
AUDIENCE: Final = "audience"

MAX_BUTTONS: Final = 3
MAX_IDS_PER_REQUEST: Final = 2000
MAX_TTL_SECONDS: Final = 2_419_200
MAX_DATA_BYTES: Final = 2048
MAX_COLLAPSE_ID: Final = 64
MAX_SMS_MEDIA: Final = 10

SEGMENT_FIELDS: Final = ("included_segments", "excluded_segments")

#: Targeting by explicit recipients; each is "not compatible with any other targeting parameters".
ID_FIELDS: Final = (
    "include_subscription_ids",
    "include_player_ids",
    "include_external_user_ids",
    "include_aliases",
    "email_to",
    "include_email_tokens",
    "include_phone_numbers",
    "include_ios_tokens",
    "include_wp_wns_uris",
    "include_amazon_reg_ids",
    "include_chrome_reg_ids",
    "include_chrome_web_reg_ids",
    "include_android_reg_ids",
)

#: Fields that must hold a subscription / player id (a UUID).
_UUID_ID_FIELDS: Final = ("include_subscription_ids", "include_player_ids")

#: Image fields that must be http(s) URLs.
_WEB_IMAGE_FIELDS: Final = (
    "chrome_web_image",
    "chrome_web_icon",
    "chrome_web_badge",
    "firefox_icon",
    "global_image",
)
#: Fields that take a URL *or* an Android resource name.
_IMAGE_OR_RESOURCE_FIELDS: Final = ("big_picture", "huawei_big_picture", "adm_big_picture", "large_icon")
#: Click-through links; ``url`` and ``app_url`` may be app deep links (any scheme).
_LINK_FIELDS: Final = ("url", "app_url")

_EMAIL_FIELDS: Final = (
    "email_subject",
    "email_body",
    "email_preheader",
    "email_from_address",
    "email_from_name",
)
_SMS_FIELDS: Final = ("sms_from", "sms_media_urls")
_SUBSTITUTION = re.compile(r"\{\{.*?\}\}")
_RESOURCE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_./]*$")


def channel_of(body: Mapping[str, Any]) -> Channel:
    """Which channel a body sends on: ``target_channel`` if set, else guessed from its fields."""
    target = body.get("target_channel") or body.get("channel_for_external_user_ids")
    if target in ("push", "email", "sms"):
        return target  # type: ignore[no-any-return]
    if any(_present(body.get(name)) for name in (*_EMAIL_FIELDS, "email_to", "include_email_tokens")):
        return "email"
    if any(_present(body.get(name)) for name in (*_SMS_FIELDS, "include_phone_numbers")):
        return "sms"
    return "push"


def preflight(
    body: Mapping[str, Any],
    *,
    now: datetime | float | None = None,
    channel: Channel | None = None,
    default_language: str = DEFAULT_LANGUAGE,
) -> list[Problem]:
    """Everything worth telling the user about ``body`` before it is sent, most important first."""
    resolved: Channel = channel or channel_of(body)
    problems: list[Problem] = []
    problems += _check_app_id(body)
    problems += _check_content(body, resolved, default_language)
    problems += _check_audience(body)
    problems += _check_links(body)
    if resolved == "push":
        problems += _check_buttons(body, "buttons")
        problems += _check_buttons(body, "web_buttons")
        problems += _check_push_options(body)
    problems += check_schedule(body, now=now)
    return problems


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_app_id(body: Mapping[str, Any]) -> list[Problem]:
    app_id = body.get("app_id")
    if not _present(app_id):
        return [Problem("app_id", "Pick the app to send from")]
    if not _is_uuid(app_id):
        return [Problem("app_id", f"{app_id!r} is not an app id (a UUID)")]
    return []


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _language_map(body: Mapping[str, Any], name: str) -> tuple[dict[str, Any], list[Problem]]:
    value = body.get(name)
    if value is None:
        return {}, []
    if not isinstance(value, Mapping):
        return {}, [Problem(name, 'Expected text per language, like {"en": "..."}')]
    problems = [
        Problem(f"{name}.{code}", f"{code!r} is not a language OneSignal knows")
        for code in value
        if code not in LANGUAGES
    ]
    return dict(value), problems


def _check_content(body: Mapping[str, Any], channel: Channel, default_language: str) -> list[Problem]:
    problems: list[Problem] = []
    uses_template = _present(body.get("template_id"))
    if uses_template and not _is_uuid(body.get("template_id")):
        problems.append(Problem("template_id", "A template id is a UUID"))
    default_name = LANGUAGES.get(default_language, default_language)

    if channel == "email":
        if not _text(body.get("email_subject")) and not uses_template:
            problems.append(Problem("email_subject", "An email needs a subject"))
        email_body = _text(body.get("email_body"))
        if not email_body and not uses_template:
            problems.append(Problem("email_body", "An email needs a body"))
        elif email_body and "[unsubscribe_url]" not in email_body:
            problems.append(
                Problem("email_body", "Include an [unsubscribe_url] link in the email body", "warning")
            )
        address = body.get("email_from_address")
        if _present(address) and not _EMAIL.match(str(address)):
            problems.append(Problem("email_from_address", f"{address!r} is not an email address"))
        return problems

    contents, bad_codes = _language_map(body, "contents")
    problems += bad_codes
    for name in ("headings", "subtitle"):
        texts, bad = _language_map(body, name)
        problems += bad
        for code, text in texts.items():
            if _text(text) and not _text(contents.get(code)) and code in LANGUAGES:
                problems.append(
                    Problem(
                        f"{name}.{code}",
                        f"There is a {name.rstrip('s')} in {LANGUAGES[code]} but no message in it",
                        "warning",
                    )
                )
    silent = body.get("content_available") is True
    if not _text(contents.get(default_language)) and not uses_template and not silent:
        if channel == "sms":
            message = "An SMS needs its text"
        elif any(_text(text) for text in contents.values()):
            message = f"Add the {default_name} message: OneSignal requires it and falls back to it"
        else:
            message = f"Write the message ({default_name})"
        problems.append(Problem(f"contents.{default_language}", message))

    if channel == "sms":
        sender = body.get("sms_from")
        if _present(sender) and not (isinstance(sender, str) and _E164.match(sender.strip())):
            problems.append(
                Problem("sms_from", "The sender is a phone number in international format (+1555...)")
            )
        if not _text(body.get("name")):
            problems.append(
                Problem("name", "OneSignal requires a name for SMS messages (not shown to people)")
            )
        media = body.get("sms_media_urls")
        if isinstance(media, list) and len(media) > MAX_SMS_MEDIA:
            problems.append(Problem("sms_media_urls", f"At most {MAX_SMS_MEDIA} media files per SMS"))
    return problems


def _targeting_modes(body: Mapping[str, Any]) -> list[str]:
    modes: list[str] = []
    if any(_present(body.get(name)) for name in SEGMENT_FIELDS):
        modes.append("segments")
    if _present(body.get("filters")):
        modes.append("filters")
    modes += [name for name in ID_FIELDS if _present(body.get(name))]
    return modes


_MODE_NAMES: Final = {
    "segments": "segments",
    "filters": "filters",
    "include_subscription_ids": "subscription ids",
    "include_player_ids": "player ids",
    "include_external_user_ids": "external user ids",
    "include_aliases": "aliases",
    "email_to": "email addresses",
    "include_email_tokens": "email addresses",
    "include_phone_numbers": "phone numbers",
}


def _check_audience(body: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    modes = _targeting_modes(body)
    if not modes:
        return [Problem(AUDIENCE, "Choose who gets it: segments, filters or specific recipients")]
    if modes == ["segments"] and not _present(body.get("included_segments")):
        problems.append(
            Problem("included_segments", "Excluding segments needs at least one included segment")
        )
    if "segments" in modes and len(modes) > 1:
        for mode in modes[1:]:
            problems.append(
                Problem(
                    mode,
                    f"OneSignal refuses segments together with {_MODE_NAMES.get(mode, mode)}: "
                    "keep one way of choosing the audience",
                )
            )
    elif len(modes) > 1:
        for mode in modes[1:]:
            problems.append(
                Problem(
                    mode,
                    f"{_MODE_NAMES.get(modes[0], modes[0]).capitalize()} can't be combined with "
                    f"{_MODE_NAMES.get(mode, mode)}: keep one way of choosing the audience",
                )
            )
    for name in SEGMENT_FIELDS:
        problems += _check_string_list(body, name)
    problems += _check_filters(body)
    for name in ID_FIELDS:
        if name == "include_aliases":
            problems += _check_aliases(body)
        else:
            problems += _check_string_list(body, name, limit=MAX_IDS_PER_REQUEST)
    return problems


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_EMAIL_ID_FIELDS: Final = ("email_to", "include_email_tokens")


def _entry_problem(name: str, item: str) -> str | None:
    if name in _UUID_ID_FIELDS and not _is_uuid(item):
        return f"{item!r} is not an id (a UUID)"
    if name in _EMAIL_ID_FIELDS and not _EMAIL.match(item.strip()):
        return f"{item!r} is not an email address"
    if name == "include_phone_numbers" and not _E164.match(item.strip()):
        return f"{item!r} is not a phone number in international format (+15551234567)"
    return None


def _check_string_list(body: Mapping[str, Any], name: str, *, limit: int | None = None) -> list[Problem]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        return [Problem(name, "Expected a list")]
    problems: list[Problem] = []
    if limit is not None and len(value) > limit:
        problems.append(Problem(name, f"At most {limit:,} recipients per request (got {len(value):,})"))
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            problems.append(Problem(f"{name}.{index}", "Empty entry"))
        else:
            reason = _entry_problem(name, item)
            if reason is not None:
                problems.append(Problem(f"{name}.{index}", reason))
    return problems


def _check_aliases(body: Mapping[str, Any]) -> list[Problem]:
    aliases = body.get("include_aliases")
    if aliases is None:
        return []
    if not isinstance(aliases, Mapping):
        return [Problem("include_aliases", "Expected alias labels mapped to lists of ids")]
    problems: list[Problem] = []
    total = 0
    for label, ids in aliases.items():
        if not isinstance(ids, list):
            problems.append(Problem(f"include_aliases.{label}", "Expected a list of ids"))
            continue
        total += len(ids)
        for index, item in enumerate(ids):
            if not isinstance(item, str) or not item.strip():
                problems.append(Problem(f"include_aliases.{label}.{index}", "Empty entry"))
            elif label == "onesignal_id" and not _is_uuid(item):
                problems.append(
                    Problem(f"include_aliases.{label}.{index}", f"{item!r} is not a OneSignal id")
                )
    if total > MAX_IDS_PER_REQUEST:
        problems.append(Problem("include_aliases", f"At most {MAX_IDS_PER_REQUEST:,} aliases per request"))
    if _present(aliases) and not _present(body.get("target_channel")):
        problems.append(
            Problem("target_channel", "Say which channel (push, email or SMS) the aliases are for", "warning")
        )
    return problems


_RELATIONS: Final = frozenset(
    {">", "<", "=", "!=", "exists", "not_exists", "time_elapsed_gt", "time_elapsed_lt"}
)
_UNARY: Final = frozenset({"exists", "not_exists"})


def _check_filters(body: Mapping[str, Any]) -> list[Problem]:
    filters = body.get("filters")
    if filters is None:
        return []
    if not isinstance(filters, list):
        return [Problem("filters", "Expected a list of filters")]
    problems: list[Problem] = []
    previous_was_operator = True
    for index, item in enumerate(filters):
        where = f"filters.{index}"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "Expected a filter"))
            continue
        if "operator" in item:
            if item["operator"] not in ("AND", "OR"):
                problems.append(Problem(f"{where}.operator", "The operator is AND or OR"))
            elif previous_was_operator:
                problems.append(Problem(f"{where}.operator", f"{item['operator']} needs a filter before it"))
            previous_was_operator = True
            continue
        previous_was_operator = False
        if not _text(item.get("field")):
            problems.append(Problem(f"{where}.field", "Pick what to filter on"))
        relation = item.get("relation")
        if relation not in _RELATIONS:
            problems.append(Problem(f"{where}.relation", f"{relation!r} is not a comparison OneSignal knows"))
        if item.get("field") == "tag" and not _text(item.get("key")):
            problems.append(Problem(f"{where}.key", "A tag filter needs the tag's key"))
        if relation in _RELATIONS and relation not in _UNARY and item.get("value") in (None, ""):
            problems.append(Problem(f"{where}.value", "This comparison needs a value"))
    if filters and previous_was_operator:
        problems.append(
            Problem(f"filters.{len(filters) - 1}.operator", "A filter list can't end with AND/OR")
        )
    return problems


def url_problem(value: Any, *, web_only: bool) -> str | None:
    """Why ``value`` is not a usable link (None when it is). ``web_only``: http(s) required.

    Liquid substitutions (``{{ user.id }}``) count as text; the server fills them in.
    """
    if not isinstance(value, str):
        return "A link is text"
    if _SUBSTITUTION.fullmatch(value.strip()):
        return None
    candidate = _SUBSTITUTION.sub("x", value.strip())
    if any(char.isspace() for char in candidate):
        return "A link can't contain spaces"
    try:
        parts = urlsplit(candidate)
        _ = parts.port  # raises for a malformed port
    except ValueError:
        return "This is not a valid link"
    if not parts.scheme:
        return "Start the link with https://"
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        if not host or host.startswith(".") or host.endswith("..") or ".." in host:
            return "The link has no valid host"
        return None
    if web_only:
        return "Use an http:// or https:// link"
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        return "This is not a valid link"
    return None


def _check_link(problems: list[Problem], field: str, value: Any, *, web_only: bool) -> None:
    if not _present(value):
        return
    reason = url_problem(value, web_only=web_only)
    if reason is not None:
        problems.append(Problem(field, reason))
    elif isinstance(value, str) and value.strip().lower().startswith("http://") and field in _LINK_FIELDS:
        problems.append(Problem(field, "iOS only opens https:// links unless the app allows http", "warning"))


def _check_links(body: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for name in _LINK_FIELDS:
        _check_link(problems, name, body.get(name), web_only=False)
    _check_link(problems, "web_url", body.get("web_url"), web_only=True)
    if _present(body.get("url")) and (_present(body.get("web_url")) or _present(body.get("app_url"))):
        problems.append(Problem("url", "Leave url empty when web_url or app_url is set", "warning"))
    for name in _WEB_IMAGE_FIELDS:
        _check_link(problems, name, body.get(name), web_only=True)
    for name in _IMAGE_OR_RESOURCE_FIELDS:
        value = body.get(name)
        if isinstance(value, str) and _RESOURCE_NAME.match(value.strip()) and "://" not in value:
            continue  # an Android drawable name
        _check_link(problems, name, value, web_only=True)
    attachments = body.get("ios_attachments")
    if isinstance(attachments, Mapping):
        for key, value in attachments.items():
            _check_link(problems, f"ios_attachments.{key}", value, web_only=True)
    media = body.get("sms_media_urls")
    if isinstance(media, list):
        for index, value in enumerate(media):
            _check_link(problems, f"sms_media_urls.{index}", value, web_only=True)
    return problems


def _check_buttons(body: Mapping[str, Any], name: str) -> list[Problem]:
    buttons = body.get(name)
    if buttons is None:
        return []
    if not isinstance(buttons, Sequence) or isinstance(buttons, str):
        return [Problem(name, "Expected a list of buttons")]
    problems: list[Problem] = []
    if len(buttons) > MAX_BUTTONS:
        problems.append(Problem(name, f"At most {MAX_BUTTONS} buttons (there are {len(buttons)})"))
    seen: set[str] = set()
    for index, button in enumerate(buttons):
        where = f"{name}.{index}"
        if not isinstance(button, Mapping):
            problems.append(Problem(where, "Expected a button"))
            continue
        button_id = _text(button.get("id"))
        if not button_id:
            problems.append(Problem(f"{where}.id", "A button needs an id (your app receives it on click)"))
        elif button_id in seen:
            problems.append(Problem(f"{where}.id", f"Another button already uses the id {button_id!r}"))
        seen.add(button_id)
        if not _text(button.get("text")):
            problems.append(Problem(f"{where}.text", "A button needs a label"))
        if name == "web_buttons":
            _check_link(problems, f"{where}.url", button.get("url"), web_only=False)
            _check_link(problems, f"{where}.icon", button.get("icon"), web_only=True)
    return problems


def _check_int(
    problems: list[Problem], body: Mapping[str, Any], name: str, low: int | None, high: int | None
) -> None:
    value = body.get(name)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(name, "Expected a whole number"))
    elif (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"between {low:,} and {high:,}" if low is not None and high is not None else f"at least {low}"
        )
        problems.append(Problem(name, f"Must be {bounds}"))


def _check_push_options(body: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    _check_int(problems, body, "ttl", 0, MAX_TTL_SECONDS)
    _check_int(problems, body, "priority", 0, 10)
    _check_int(problems, body, "ios_badgeCount", None, None)
    badge_type = body.get("ios_badgeType")
    if badge_type is not None and badge_type not in ("None", "SetTo", "Increase"):
        problems.append(Problem("ios_badgeType", "The badge type is None, SetTo or Increase"))
    channel = body.get("android_channel_id")
    if channel is not None and not _is_uuid(channel):
        # OneSignal's Android categories are named by UUID; anything else is refused at send time.
        problems.append(Problem("android_channel_id", "A notification channel id is a UUID from OneSignal"))
    collapse_id = body.get("collapse_id")
    if isinstance(collapse_id, str) and len(collapse_id) > MAX_COLLAPSE_ID:
        problems.append(Problem("collapse_id", f"At most {MAX_COLLAPSE_ID} characters"))
    throttle = body.get("throttle_rate_per_minute")
    if throttle not in (None, ""):
        try:
            if int(str(throttle)) < 0:
                raise ValueError
        except ValueError:
            problems.append(
                Problem("throttle_rate_per_minute", "A throttle is a number of messages per minute")
            )
    data = body.get("data")
    if data is not None:
        if not isinstance(data, Mapping):
            problems.append(Problem("data", "Additional data is a set of key/value pairs"))
        else:
            size = len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
            if size > MAX_DATA_BYTES:
                problems.append(
                    Problem("data", f"Additional data is limited to {MAX_DATA_BYTES} bytes ({size})")
                )
    return problems
