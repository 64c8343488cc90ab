"""Odd ``Retry-After`` values on a 429: the client never fails on them, never waits longer than the cap,
and the error it raises carries either no hint or a finite, non-negative one."""

from __future__ import annotations

import math

import httpx
from bad_input_support import APP_ID, APP_KEY, ORG_KEY
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from onesignal_desktop.api import OneSignalClient, RateLimitedError, RetryPolicy

RETRY_AFTER_CAP = 60.0

RETRY_AFTER_VALUES = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.from_regex(r"\A[ \t]*[-+]?[0-9]{0,6}(\.[0-9]{0,4})?([eE][-+]?[0-9]{1,5})?[ \t]*\Z"),
    st.sampled_from(["Infinity", "-Infinity", "NaN", "inf", "1e309", "-0", "", "  ", "1,5", "0x10"]),
    st.datetimes().map(lambda moment: moment.strftime("%a, %d %b %Y %H:%M:%S GMT")),
)


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(value=RETRY_AFTER_VALUES)
def test_any_retry_after_ends_in_a_bounded_wait_and_a_sane_hint(value: str) -> None:
    waits: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429, json={"errors": ["API rate limit exceeded"]}, headers={"Retry-After": value}
        )

    with OneSignalClient(
        organization_key=ORG_KEY,
        app_keys={APP_ID: APP_KEY},
        rate_budget=False,
        retry=RetryPolicy(max_attempts=2, sleep=waits.append, jitter=lambda delay: delay),
        transport=httpx.MockTransport(answer),
    ) as client:
        try:
            client.get_apps()
        except RateLimitedError as error:
            hint = error.retry_after
            assert hint is None or (math.isfinite(hint) and hint >= 0), hint
        else:
            raise AssertionError("a 429 on every attempt must end in RateLimitedError")
    assert len(waits) <= 1 and all(0 <= wait <= RETRY_AFTER_CAP for wait in waits), waits
