"""The composer's form as plain data, and the exact create-notification body it stands for (no Qt).

:func:`build_body` turns a :class:`ComposerForm` into the body that goes out (and into the JSON view,
the snippets, the draft and the journal); :func:`form_from_body` reads a body (a draft, a duplicated
notification) back into a form. Fields the form does not edit are carried in ``extra`` so a duplicate
loses nothing. What the user typed is kept as typed: a number field holding ``"abc"`` goes into the body
as the string, and :func:`~onesignal_desktop.compose.preflight.preflight` names it next to its field.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from onesignal_desktop.compose.languages import DEFAULT_LANGUAGE
from onesignal_desktop.compose.preflight import Channel, channel_of
from onesignal_desktop.compose.problems import Problem
from onesignal_desktop.compose.schedule import (
    DeliveryMode,
    ScheduleError,
    format_send_after,
    localize,
    parse_send_after,
)

IdField = Literal["include_subscription_ids", "include_player_ids"]

#: Alias labels offered for "users by alias"; any other label can be typed.
ALIAS_LABELS: Final = ("external_id", "onesignal_id")

#: The iOS attachment key the composer writes its one iOS image under.
IOS_ATTACHMENT_ID: Final = "id1"

_TEXT_FIELDS: Final = {
    "name": "name",
    "url": "url",
    "big_picture": "big_picture",
    "chrome_web_image": "chrome_web_image",
    "ios_sound": "ios_sound",
    "ios_category": "ios_category",
    "ios_badge_type": "ios_badgeType",
    "android_channel_id": "android_channel_id",
    "collapse_id": "collapse_id",
    "thread_id": "thread_id",
    "email_subject": "email_subject",
    "email_body": "email_body",
    "email_preheader": "email_preheader",
    "email_from_name": "email_from_name",
    "email_from_address": "email_from_address",
    "sms_from": "sms_from",
}
_NUMBER_FIELDS: Final = {
    "ttl": "ttl",
    "priority": "priority",
    "ios_badge_count": "ios_badgeCount",
    "throttle": "throttle_rate_per_minute",
}
_LANGUAGE_FIELDS: Final = ("headings", "subtitle", "contents")
_SCHEDULE_FIELDS: Final = ("send_after", "delayed_option", "delivery_time_of_day")
_AUDIENCE_FIELDS: Final = (
    "included_segments",
    "excluded_segments",
    "filters",
    "include_subscription_ids",
    "include_player_ids",
    "include_aliases",
    "include_external_user_ids",
    "channel_for_external_user_ids",
    "target_channel",
)
#: Every body field the form edits; anything else is carried through ``extra``.
MANAGED_FIELDS: Final = frozenset(
    {
        "app_id",
        *_TEXT_FIELDS.values(),
        *_NUMBER_FIELDS.values(),
        *_LANGUAGE_FIELDS,
        *_SCHEDULE_FIELDS,
        *_AUDIENCE_FIELDS,
        "ios_attachments",
        "buttons",
        "data",
        "sms_media_urls",
        # Sent by the journal per attempt, never part of a draft.
        "idempotency_key",
        "external_id",
        "id",
    }
)


@dataclass
class LanguageText:
    title: str = ""
    subtitle: str = ""
    message: str = ""


@dataclass
class ButtonSpec:
    """An action button: ``id`` comes back to the app on click, ``text`` is its label."""

    id: str = ""
    text: str = ""
    icon: str = ""

    def is_blank(self) -> bool:
        return not (self.id.strip() or self.text.strip() or self.icon.strip())


@dataclass
class ComposerForm:
    """Everything the composer window edits, as typed."""

    app_id: str = ""
    channel: Channel = "push"
    name: str = ""
    languages: list[str] = field(default_factory=lambda: [DEFAULT_LANGUAGE])
    texts: dict[str, LanguageText] = field(default_factory=dict)
    # Push content.
    url: str = ""
    big_picture: str = ""
    ios_image: str = ""
    chrome_web_image: str = ""
    buttons: list[ButtonSpec] = field(default_factory=list)
    data: list[tuple[str, str]] = field(default_factory=list)
    # Push options (numbers as typed).
    ttl: str = ""
    priority: str = ""
    ios_badge_type: str = ""
    ios_badge_count: str = ""
    ios_sound: str = ""
    ios_category: str = ""
    android_channel_id: str = ""
    collapse_id: str = ""
    thread_id: str = ""
    # Email.
    email_subject: str = ""
    email_body: str = ""
    email_preheader: str = ""
    email_from_name: str = ""
    email_from_address: str = ""
    # SMS.
    sms_from: str = ""
    sms_media_urls: list[str] = field(default_factory=list)
    # Audience.
    included_segments: list[str] = field(default_factory=list)
    excluded_segments: list[str] = field(default_factory=list)
    filters: list[Any] = field(default_factory=list)
    subscription_ids: list[str] = field(default_factory=list)
    subscription_id_field: IdField = "include_subscription_ids"
    alias_label: str = "external_id"
    alias_ids: list[str] = field(default_factory=list)
    # Delivery.
    delivery: DeliveryMode = "now"
    send_at: datetime | None = None  # wall-clock time in ``zone`` (naive)
    zone: str = "UTC"
    time_of_day: str = ""
    throttle: str = ""
    # Fields of a loaded body the form does not edit; sent as they came.
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> LanguageText:
        return self.texts.setdefault(language, LanguageText())


def local_zone_name() -> str:
    """The IANA name of this machine's time zone, or ``"UTC"`` when it can't be told."""
    candidates: list[str] = []
    if os.environ.get("TZ"):
        candidates.append(os.environ["TZ"].lstrip(":"))
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return "UTC"


def split_entries(text: str) -> list[str]:
    """Ids or names typed one per line or separated by commas, blanks dropped."""
    return [item.strip() for line in text.splitlines() for item in line.split(",") if item.strip()]


def _number(text: str) -> int | str:
    stripped = text.strip()
    try:
        return int(stripped.replace("_", "").replace(",", ""))
    except ValueError:
        return stripped


def _language_maps(form: ComposerForm) -> dict[str, dict[str, str]]:
    maps: dict[str, dict[str, str]] = {name: {} for name in _LANGUAGE_FIELDS}
    for code in form.languages:
        text = form.texts.get(code)
        if text is None:
            continue
        for name, value in (
            ("headings", text.title),
            ("subtitle", text.subtitle),
            ("contents", text.message),
        ):
            if value.strip():
                maps[name][code] = value
    return maps


def _schedule(form: ComposerForm, problems: list[Problem]) -> dict[str, str]:
    if form.delivery == "at":
        if form.send_at is None:
            problems.append(Problem("send_after", "Pick the date and time to send at"))
            return {}
        try:
            return {"send_after": format_send_after(localize(form.send_at, form.zone))}
        except ScheduleError as error:
            problems.append(Problem("send_after", str(error)))
            return {}
    if form.delivery == "timezone":
        fields = {"delayed_option": "timezone"}
        if form.time_of_day.strip():
            fields["delivery_time_of_day"] = form.time_of_day.strip()
        return fields
    if form.delivery == "last_active":
        return {"delayed_option": "last-active"}
    return {}


def build_body(form: ComposerForm) -> tuple[dict[str, Any], list[Problem]]:
    """The create-notification body for ``form``, and the problems only the form can see (a data key
    used twice, a time the clocks skip); everything else is for ``preflight`` on the body."""
    problems: list[Problem] = []
    body: dict[str, Any] = {"app_id": form.app_id} if form.app_id else {}
    body.update({key: value for key, value in form.extra.items() if key not in MANAGED_FIELDS})
    if form.name.strip():
        body["name"] = form.name.strip()
    maps = _language_maps(form)

    if form.channel == "push":
        for name in _LANGUAGE_FIELDS:
            if maps[name]:
                body[name] = maps[name]
        for attribute in ("url", "big_picture", "chrome_web_image"):
            value = getattr(form, attribute).strip()
            if value:
                body[_TEXT_FIELDS[attribute]] = value
        if form.ios_image.strip():
            body["ios_attachments"] = {IOS_ATTACHMENT_ID: form.ios_image.strip()}
        buttons = [button for button in form.buttons if not button.is_blank()]
        if buttons:
            body["buttons"] = [
                {
                    "id": b.id.strip(),
                    "text": b.text.strip(),
                    **({"icon": b.icon.strip()} if b.icon.strip() else {}),
                }
                for b in buttons
            ]
        data: dict[str, str] = {}
        for index, (key, value) in enumerate(form.data):
            key = key.strip()
            if not key and not value.strip():
                continue
            if not key:
                problems.append(Problem(f"data.{index}", "Give this value a key"))
            elif key in data:
                problems.append(Problem(f"data.{index}", f"The key {key!r} is used twice"))
            else:
                data[key] = value
        if data:
            body["data"] = data
        for attribute in (
            "ios_sound",
            "ios_category",
            "ios_badge_type",
            "android_channel_id",
            "collapse_id",
            "thread_id",
        ):
            value = getattr(form, attribute).strip()
            if value:
                body[_TEXT_FIELDS[attribute]] = value
        for attribute in ("ttl", "priority", "ios_badge_count"):
            raw = getattr(form, attribute)
            if raw.strip():
                body[_NUMBER_FIELDS[attribute]] = _number(raw)
    elif form.channel == "email":
        for attribute in (
            "email_subject",
            "email_body",
            "email_preheader",
            "email_from_name",
            "email_from_address",
        ):
            value = getattr(form, attribute)
            if value.strip():
                body[_TEXT_FIELDS[attribute]] = value.strip() if attribute != "email_body" else value
    else:
        if maps["contents"]:
            body["contents"] = maps["contents"]
        if form.sms_from.strip():
            body["sms_from"] = form.sms_from.strip()
        media = [url.strip() for url in form.sms_media_urls if url.strip()]
        if media:
            body["sms_media_urls"] = media

    if form.included_segments:
        body["included_segments"] = list(form.included_segments)
    if form.excluded_segments:
        body["excluded_segments"] = list(form.excluded_segments)
    if form.filters:
        body["filters"] = list(form.filters)
    if form.subscription_ids:
        body[form.subscription_id_field] = list(form.subscription_ids)
    if form.alias_ids:
        label = form.alias_label.strip() or "external_id"
        body["include_aliases"] = {label: list(form.alias_ids)}
        body["target_channel"] = form.channel

    body.update(_schedule(form, problems))
    if form.throttle.strip():
        body["throttle_rate_per_minute"] = _number(form.throttle)
    return body, problems


def _string(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return []


def _wall_time(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def form_from_body(
    body: Mapping[str, Any],
    *,
    zone: str | None = None,
    languages: list[str] | None = None,
    channel: Channel | None = None,
) -> ComposerForm:
    """A form showing ``body``; ``zone`` is the time zone the user picked (kept beside a draft),
    ``languages`` the language tabs open, ``channel`` the channel (else read from the body)."""
    form = ComposerForm(app_id=_string(body, "app_id"), zone=zone or local_zone_name())
    form.channel = channel or channel_of(body)
    form.name = _string(body, "name")
    found_languages: list[str] = list(languages or [])
    for name, attribute in (("headings", "title"), ("subtitle", "subtitle"), ("contents", "message")):
        texts = body.get(name)
        if not isinstance(texts, Mapping):
            continue
        for code, value in texts.items():
            if code not in found_languages:
                found_languages.append(code)
            setattr(form.text(code), attribute, value if isinstance(value, str) else str(value))
    if DEFAULT_LANGUAGE in found_languages:
        found_languages.remove(DEFAULT_LANGUAGE)
    form.languages = [DEFAULT_LANGUAGE, *found_languages]

    for attribute, name in _TEXT_FIELDS.items():
        if attribute != "name":
            setattr(form, attribute, _string(body, name))
    for attribute, name in _NUMBER_FIELDS.items():
        setattr(form, attribute, _string(body, name))
    attachments = body.get("ios_attachments")
    extra: dict[str, Any] = {}
    if isinstance(attachments, Mapping) and len(attachments) == 1:
        form.ios_image = str(next(iter(attachments.values())))
    elif attachments is not None:
        extra["ios_attachments"] = attachments
    buttons = body.get("buttons")
    if isinstance(buttons, list):
        for button in buttons:
            if isinstance(button, Mapping):
                form.buttons.append(
                    ButtonSpec(_string(button, "id"), _string(button, "text"), _string(button, "icon"))
                )
    data = body.get("data")
    if isinstance(data, Mapping):
        form.data = [
            (str(key), value if isinstance(value, str) else _json(value)) for key, value in data.items()
        ]
    form.sms_media_urls = _strings(body.get("sms_media_urls"))

    form.included_segments = _strings(body.get("included_segments"))
    form.excluded_segments = _strings(body.get("excluded_segments"))
    filters = body.get("filters")
    form.filters = list(filters) if isinstance(filters, list) else []
    if body.get("include_subscription_ids"):
        form.subscription_ids = _strings(body.get("include_subscription_ids"))
    elif body.get("include_player_ids"):
        form.subscription_ids = _strings(body.get("include_player_ids"))
        form.subscription_id_field = "include_player_ids"
    aliases = body.get("include_aliases")
    if isinstance(aliases, Mapping) and aliases:
        label, ids = next(iter(aliases.items()))
        form.alias_label, form.alias_ids = str(label), _strings(ids)
        if len(aliases) > 1:
            extra["include_aliases"] = dict(aliases)
            form.alias_ids = []
    elif body.get("include_external_user_ids"):
        form.alias_label, form.alias_ids = "external_id", _strings(body.get("include_external_user_ids"))

    option = body.get("delayed_option")
    raw_send_after = body.get("send_after")
    moment = parse_send_after(raw_send_after) if isinstance(raw_send_after, str) else None
    if option == "timezone":
        form.delivery = "timezone"
        form.time_of_day = _string(body, "delivery_time_of_day")
    elif option == "last-active":
        form.delivery = "last_active"
    elif moment is not None:
        form.delivery = "at"
        form.send_at = _wall_time(moment, form.zone)
    elif isinstance(raw_send_after, int | float) and not isinstance(raw_send_after, bool):
        form.delivery = "at"
        form.send_at = _wall_time(datetime.fromtimestamp(raw_send_after, UTC), form.zone)
    form.throttle = _string(body, "throttle_rate_per_minute")

    for key, value in body.items():
        if key not in MANAGED_FIELDS:
            extra[key] = value
    form.extra = extra
    return form


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def zone_of_name(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def default_send_at(now: datetime, zone: str) -> datetime:
    """A sensible first pick for "at a date and time": the first full hour at least an hour ahead."""
    local = now.astimezone(zone_of_name(zone)).replace(tzinfo=None) + timedelta(hours=1)
    whole_hour = datetime.combine(local.date(), time(local.hour))
    return whole_hour if whole_hour == local else whole_hour + timedelta(hours=1)


__all__ = [
    "ALIAS_LABELS",
    "IOS_ATTACHMENT_ID",
    "MANAGED_FIELDS",
    "ButtonSpec",
    "ComposerForm",
    "LanguageText",
    "build_body",
    "default_send_at",
    "form_from_body",
    "local_zone_name",
    "split_entries",
]
