from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onesignal_desktop.sandbox.sim import delivery as d

T0 = 1_700_000_000.0


def plan(**overrides: object) -> d.DeliveryPlan:
    values: dict[str, object] = {
        "notification_id": "5f0c1b0e-1111-4a2b-9c3d-000000000001",
        "queued_at": T0,
        "platform_counts": {0: 400, 1: 500, 5: 100},
    }
    values.update(overrides)
    return d.DeliveryPlan(**values)  # type: ignore[arg-type]


def test_delivery_goes_queued_then_sending_then_delivered_within_seconds() -> None:
    p = plan()
    assert p.state(T0) == d.QUEUED
    assert d.delivery_status(p, T0).remaining == 1000
    middle = d.delivery_status(p, T0 + d.QUEUE_SECONDS + 1.0)
    assert middle.state == d.SENDING
    assert 0 < middle.remaining < 1000
    assert middle.completed_at is None
    done = d.delivery_status(p, T0 + 10)
    assert done.state == d.DELIVERED
    assert done.remaining == 0
    assert done.completed_at == int(p.completes_at)
    t = done.totals
    assert t.successful + t.failed + t.errored == 1000
    assert t.successful > 900
    assert 0 < t.received <= t.successful


def test_numbers_are_deterministic_and_differ_between_notifications() -> None:
    a1 = d.delivery_status(plan(), T0 + 3600).as_fields()
    a2 = d.delivery_status(plan(), T0 + 3600).as_fields()
    b = d.delivery_status(plan(notification_id="other"), T0 + 3600).as_fields()
    assert a1 == a2
    assert a1 != b


def test_platform_stats_add_up_to_the_totals() -> None:
    status = d.delivery_status(plan(platform_counts={0: 10, 1: 20, 11: 5, 14: 7}), T0 + 7200)
    stats = status.platform_delivery_stats
    assert set(stats) == {"ios", "android", "email", "sms"}
    assert sum(s["successful"] for s in stats.values()) == status.totals.successful
    assert sum(s["converted"] for s in stats.values()) == status.totals.converted
    assert "unique_opens" in stats["email"]
    assert "provider_successful" in stats["sms"]


def test_clicks_keep_arriving_after_delivery() -> None:
    p = plan(platform_counts={1: 10_000})
    just_done = d.delivery_status(p, p.completes_at).totals.converted
    later = d.delivery_status(p, p.completes_at + 3600).totals.converted
    assert later > just_done
    assert later <= d.delivery_status(p, p.completes_at + 3600).totals.successful


def test_send_after_in_the_future_stays_scheduled_until_then() -> None:
    p = plan(send_after=T0 + 3600)
    assert p.state(T0 + 3599) == d.SCHEDULED
    assert d.delivery_status(p, T0 + 3599).remaining == 1000
    assert d.delivery_status(p, T0 + 3600 + 30).state == d.DELIVERED


def test_cancel_freezes_progress_and_reports_canceled() -> None:
    p = plan(platform_counts={1: 100_000})
    p.canceled_at = p.send_start + 1.0
    status = d.delivery_status(p, T0 + 3600)
    assert status.canceled
    assert status.state == d.CANCELED
    assert status.completed_at is None
    assert 0 < status.totals.successful < 100_000
    assert status.remaining == 0


def test_throttle_and_delayed_option_spread_the_sending() -> None:
    throttled = plan(platform_counts={1: 600}, throttle_rate_per_minute=60)
    assert throttled.sending_seconds == 600.0
    assert d.delivery_status(throttled, throttled.send_start + 300).state == d.SENDING
    spread = plan(delayed_option="timezone")
    assert spread.sending_seconds == d.SPREAD_SECONDS


def test_forced_error_rate_fails_everything() -> None:
    status = d.delivery_status(plan(forced_error_rate=1.0), T0 + 60)
    assert status.totals.successful == 0
    assert status.totals.errored + status.totals.failed == 1000


def test_plan_round_trips_through_a_dict() -> None:
    p = plan(send_after=T0 + 5, delayed_option="last-active", throttle_rate_per_minute=10, canceled_at=T0 + 2)
    assert d.DeliveryPlan.from_dict(p.to_dict()) == p


@given(
    counts=st.dictionaries(st.sampled_from([0, 1, 5, 8, 11, 14]), st.integers(1, 5000), min_size=1),
    times=st.lists(st.floats(0, 7200), min_size=2, max_size=6),
    throttle=st.one_of(st.none(), st.integers(1, 500)),
)
@settings(max_examples=150, deadline=None)
def test_counters_only_grow_and_always_add_up(
    counts: dict[int, int], times: list[float], throttle: int | None
) -> None:
    p = plan(platform_counts=counts, throttle_rate_per_minute=throttle)
    previous = None
    for moment in sorted(times):
        status = d.delivery_status(p, T0 + moment)
        t = status.totals
        assert t.successful + t.failed + t.errored + status.remaining == p.recipients
        assert 0 <= t.converted <= t.successful and 0 <= t.received <= t.successful
        if previous is not None:
            assert t.processed >= previous.processed
            assert t.successful >= previous.successful
            assert t.converted >= previous.converted
            assert t.failed >= previous.failed
        previous = t
