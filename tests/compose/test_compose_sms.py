from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onesignal_desktop.compose.sms import sms_length


@pytest.mark.parametrize(
    ("text", "segments", "encoding"),
    [
        ("", 0, "GSM-7"),
        ("Your code is 1234", 1, "GSM-7"),
        ("a" * 160, 1, "GSM-7"),
        ("a" * 161, 2, "GSM-7"),
        ("a" * 306, 2, "GSM-7"),
        ("a" * 307, 3, "GSM-7"),
        ("€" * 80, 1, "GSM-7"),
        ("€" * 81, 2, "GSM-7"),
        ("ü" * 160, 1, "GSM-7"),
        ("Olá ç ã", 1, "UCS-2"),
        ("é" * 159 + "😀", 3, "UCS-2"),
        ("😀" * 35, 1, "UCS-2"),
        ("😀" * 36, 2, "UCS-2"),
    ],
)
def test_segments_follow_gsm_and_ucs2_limits(text: str, segments: int, encoding: str) -> None:
    length = sms_length(text)
    assert (length.segments, length.encoding) == (segments, encoding)
    assert length.characters == len(text)


def test_describe() -> None:
    assert sms_length("Hi").describe() == "2 characters · 1 SMS segment (GSM-7)"
    assert sms_length("a" * 200).describe() == "200 characters · 2 SMS segments (GSM-7)"


@given(st.text(max_size=400))
def test_more_text_never_needs_fewer_segments(text: str) -> None:
    assert sms_length(text + "x").segments >= sms_length(text).segments
