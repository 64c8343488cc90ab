"""How long an SMS is in what carriers bill: segments of GSM-7 or UCS-2 text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

# The GSM 03.38 basic character set, and the extension table (each costs two septets).
_GSM_BASIC: Final = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED: Final = frozenset("^{}\\[~]|€\f")

GSM_SINGLE: Final = 160
GSM_PART: Final = 153
UCS2_SINGLE: Final = 70
UCS2_PART: Final = 67


@dataclass(frozen=True)
class SmsLength:
    """``characters`` as the user counts them, ``units`` as the encoding counts them (GSM-7 septets
    or UTF-16 code units), and the ``segments`` the message is split into."""

    characters: int
    units: int
    segments: int
    encoding: Literal["GSM-7", "UCS-2"]

    def describe(self) -> str:
        plural = "s" if self.segments != 1 else ""
        return f"{self.characters} characters · {self.segments} SMS segment{plural} ({self.encoding})"


def sms_length(text: str) -> SmsLength:
    """How ``text`` is billed: GSM-7 when every character is in the GSM alphabet, UCS-2 otherwise."""
    if all(char in _GSM_BASIC or char in _GSM_EXTENDED for char in text):
        units = sum(2 if char in _GSM_EXTENDED else 1 for char in text)
        single, part, encoding = GSM_SINGLE, GSM_PART, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = UCS2_SINGLE, UCS2_PART, "UCS-2"
    if units == 0:
        segments = 0
    elif units <= single:
        segments = 1
    else:
        segments = -(-units // part)
    return SmsLength(len(text), units, segments, encoding)  # type: ignore[arg-type]
