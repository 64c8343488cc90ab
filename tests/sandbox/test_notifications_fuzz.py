"""Odd notification bodies never crash the sandbox: every answer is 200 or a 400 with OneSignal's errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from onesignal_desktop.sandbox import Sandbox, SandboxClock, start_sandbox

T0 = 1_750_000_000.0
KEYS = [
    "contents",
    "headings",
    "included_segments",
    "excluded_segments",
    "include_player_ids",
    "include_subscription_ids",
    "include_external_user_ids",
    "include_aliases",
    "target_channel",
    "filters",
    "send_after",
    "delayed_option",
    "delivery_time_of_day",
    "throttle_rate_per_minute",
    "idempotency_key",
    "external_id",
    "email_subject",
    "email_body",
    "sms_from",
    "template_id",
    "isIos",
    "include_unsubscribed",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**12),
    st.text(max_size=12),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["en", "field", "relation", "value", "key", "operator", "external_id"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)
filter_entries = st.fixed_dictionaries(
    {
        "field": st.sampled_from(["tag", "country", "session_count", "last_session", "location", "bogus"]),
        "relation": st.sampled_from([">", "<", "=", "!=", "exists", "time_elapsed_gt", "in_array", "??"]),
    },
    optional={
        "key": st.text(max_size=5),
        "value": scalars,
        "hours_ago": scalars,
        "radius": scalars,
        "lat": scalars,
        "long": scalars,
    },
)
bodies = st.dictionaries(
    st.sampled_from(KEYS), st.one_of(values, st.lists(filter_entries, max_size=3)), max_size=6
)


@pytest.fixture(scope="module")
def fuzz_target() -> Iterator[tuple[Sandbox, httpx.Client, str]]:
    with start_sandbox(seed_demo=False, clock=SandboxClock(start=T0, frozen=True)) as sb:
        app = sb.store.create_app("Fuzz", sb.organization_id, T0)
        sb.store.bulk_create_players(
            app.id, [{"id": f"p{i}", "device_type": i % 3, "token": f"t{i}"} for i in range(5)], T0
        )
        headers = {"Authorization": f"Key {sb.app_key(app.id)}"}
        with httpx.Client(base_url=sb.base_url, headers=headers, timeout=10) as client:
            yield sb, client, app.id


@given(body=bodies, based=st.booleans())
@example(body={}, based=True)  # always exercise both answers, whatever the draw
@example(body={}, based=False)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_body_gets_a_onesignal_answer(
    fuzz_target: tuple[Sandbox, httpx.Client, str], body: dict[str, Any], based: bool
) -> None:
    _, client, app_id = fuzz_target
    base = {"contents": {"en": "x"}, "included_segments": ["All"]} if based else {}
    response = client.post("/notifications", json={"app_id": app_id, **base, **body})
    assert response.status_code in (200, 400), response.text
    answer = response.json()
    if response.status_code == 400:
        assert answer["errors"] and all(isinstance(message, str) for message in answer["errors"])
    else:
        assert isinstance(answer["id"], str) and isinstance(answer["recipients"], int)
