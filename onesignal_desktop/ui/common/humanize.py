"""Raw API values as people read them: UTC offsets, device types, times, durations (no Qt here).

Each formatter has a ``raw_*`` companion for the tooltip, so the exact value the API sent is one hover
away. Views use these, never their own formatting, so the same value reads the same everywhere.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any, Final

#: OneSignal's device_type codes (players API) and the names people know them by.
DEVICE_TYPES: Final[dict[int, str]] = {
    0: "iOS",
    1: "Android",
    2: "Amazon",
    3: "Windows Phone",
    4: "Chrome App",
    5: "Chrome",
    6: "Windows",
    7: "Safari",
    8: "Firefox",
    9: "macOS",
    10: "Alexa",
    11: "Email",
    13: "Huawei",
    14: "SMS",
}

#: OneSignal allows offsets from UTC-12:00 to UTC+14:00.
MIN_OFFSET: Final = -12 * 3600
MAX_OFFSET: Final = 14 * 3600
_OFFSET_TEXT = re.compile(r"^(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def device_type(code: Any) -> str:
    """ "Android" for 1; "Device type 12" for a code OneSignal may add later; "—" for none."""
    if code is None or isinstance(code, bool):
        return "—"
    try:
        number = int(code)
    except (TypeError, ValueError):
        return str(code)
    return DEVICE_TYPES.get(number, f"Device type {number}")


def raw_device_type(code: Any) -> str:
    return f"device_type {code}" if code is not None else ""


def utc_offset(seconds: Any, zone: str | None = None) -> str:
    """ "UTC+02:00", or "UTC+02:00 Europe/Berlin" when the zone's name is known; "—" for none."""
    if seconds is None or isinstance(seconds, bool) or seconds == "":
        return zone or "—"
    try:
        total = int(seconds)
    except (TypeError, ValueError):
        return str(seconds)
    sign = "+" if total >= 0 else "-"
    hours, rest = divmod(abs(total), 3600)
    text = f"UTC{sign}{hours:02d}:{rest // 60:02d}"
    return f"{text} {zone}" if zone else text


def raw_utc_offset(seconds: Any) -> str:
    return f"timezone {seconds} (seconds from UTC)" if seconds not in (None, "") else ""


def parse_utc_offset(text: str) -> int | None:
    """Seconds from UTC, from "UTC+02:00", "+2", "-08:00", "+0530" or plain seconds ("-28800").

    ValueError (saying what is accepted) for anything else or beyond UTC-12:00 … UTC+14:00; None for
    an empty text."""
    value = text.strip()
    if not value:
        return None
    if re.fullmatch(r"[+-]?\d{3,6}", value) and not re.fullmatch(r"[+-]\d{4}", value):
        seconds = int(value)  # the API's own form: seconds
    else:
        match = _OFFSET_TEXT.match(value.split(" ")[0] if value.upper().startswith("UTC") else value)
        if match is None:
            raise ValueError("Write the offset from UTC like UTC+02:00 or -08:00 (or in seconds: 7200).")
        sign = -1 if match.group(1) in ("-", "\u2212") else 1
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if minutes >= 60:
            raise ValueError("The minutes of an offset go up to 59, e.g. UTC+05:30.")
        seconds = sign * (hours * 3600 + minutes * 60)
    if not MIN_OFFSET <= seconds <= MAX_OFFSET:
        raise ValueError("The offset must be between UTC-12:00 and UTC+14:00.")
    return seconds


def _epoch(value: Any) -> float | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.timestamp()
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return float(text)
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return None


def local_time(value: Any) -> str:
    """Epoch seconds or an ISO time as the local date and time ("2026-12-07 22:00"); "—" for none."""
    epoch = _epoch(value)
    if epoch is None:
        return "—" if value in (None, "") else str(value)
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


def raw_time(value: Any) -> str:
    """The tooltip of a time: the raw value, and the same moment in UTC."""
    epoch = _epoch(value)
    if epoch is None:
        return ""
    utc = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"{value} ({utc})"


def duration(seconds: Any) -> str:
    """ "1 h 05 min", "3 min 20 s", "45 s"; "—" for none."""
    if seconds is None or isinstance(seconds, bool) or seconds == "":
        return "—"
    try:
        total = int(float(seconds))
    except (TypeError, ValueError):
        return str(seconds)
    hours, rest = divmod(abs(total), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours:,} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def raw_seconds(seconds: Any) -> str:
    return f"{seconds} seconds" if seconds not in (None, "") else ""
