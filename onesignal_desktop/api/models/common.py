"""Shapes shared by several resources: timestamps, language maps, plain success and error bodies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final, TypeAlias

from pydantic import Field, JsonValue

from ._base import OneSignalModel

#: OneSignal reports times as unix seconds in some bodies and ISO-8601 strings in others, and the
#: specs do not always say which. Both are accepted and kept exactly as the server sent them.
Timestamp: TypeAlias = int | float | str

#: A language code ("en", "zh-Hans", ...) mapped to the text in that language.
LanguageMap: TypeAlias = dict[str, str]

#: Free-form JSON object (notification ``data``, template content, ...).
JsonObject: TypeAlias = dict[str, JsonValue]

#: An alias label ("external_id", "onesignal_id", or a custom label) mapped to its id.
Identity: TypeAlias = dict[str, str]

#: A credential OneSignal sends or accepts in plain text (certificates, server keys, tokens). It is sent
#: in payloads as-is but never shown by ``repr``, so logs and tracebacks cannot leak it.
Credential: TypeAlias = Annotated[str | None, Field(repr=False)]

#: Language codes OneSignal lists for content maps; others are still accepted.
LANGUAGE_CODES: Final[tuple[str, ...]] = (
    "en", "ar", "bs", "bg", "ca", "zh-Hans", "zh-Hant", "zh", "hr", "cs", "da", "nl", "et", "fi", "fr",
    "ka", "de", "el", "hi", "he", "hu", "id", "it", "ja", "ko", "lv", "lt", "ms", "nb", "pl", "fa", "pt",
    "pa", "ro", "ru", "sr", "sk", "es", "sv", "th", "tr", "uk", "vi",
)  # fmt: skip


def parse_timestamp(value: Timestamp | None) -> datetime | None:
    """Read a OneSignal time (unix seconds, numeric string or ISO-8601) as an aware UTC datetime.

    Returns None for a missing or unreadable value: a display must never fail on an odd timestamp.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_unix(float(value))
    text = value.strip()
    if not text:
        return None
    try:
        return _from_unix(float(text))
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _from_unix(seconds: float) -> datetime | None:
    # Some endpoints answer in milliseconds; no real OneSignal time lies beyond the year 5000 in seconds.
    if seconds > 100_000_000_000:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


class SuccessResponse(OneSignalModel):
    """``{"success": true}``: the answer of cancel, delete and several update calls."""

    success: bool | None = None


class EmptyResponse(OneSignalModel):
    """A body the spec leaves empty or open (delete user, update/delete subscription): whatever the
    server sends is kept as extra fields."""


class ErrorItem(OneSignalModel):
    """One structured error, as the current API reports them (``{"code", "title", "meta"}``)."""

    code: str | None = None
    title: str | None = None
    meta: JsonObject | None = None


def messages_from(value: object) -> list[str]:
    """Readable lines from any JSON an error field may hold (strings, lists, objects, numbers)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [line for item in value for line in messages_from(item)]
    if isinstance(value, dict):
        for wording in ("title", "message", "detail"):
            if isinstance(value.get(wording), str) and value[wording]:
                return [str(value[wording])]
        return [f"{key}: {item}" for key, item in value.items() if item not in (None, "", [], {})]
    return [str(value)]


class ErrorResponse(OneSignalModel):
    """An error body. ``errors`` comes as a list of strings, a list of ErrorItem, a single string or an
    object, depending on the endpoint; any other JSON is kept as it came (never a parse failure).
    ``messages()`` flattens every shape into readable lines."""

    errors: Annotated[list[str | ErrorItem] | JsonValue, Field(union_mode="left_to_right")] = None
    success: bool | None = None
    reference: JsonValue = None
    limit: str | None = Field(default=None, description="Rate-limit bodies name the limit hit.")

    def messages(self) -> list[str]:
        found: list[str] = []
        errors = self.errors
        if isinstance(errors, list):
            for item in errors:
                if isinstance(item, ErrorItem):
                    headline = item.title or item.code
                    found.extend([headline] if headline else messages_from(item.model_extra))
                else:
                    found.extend(messages_from(item))
        else:
            found.extend(messages_from(errors))
        if not found and self.success is False:
            found.append("The request was not successful")
        return [message for message in found if message]
