"""The status rule (status.py) and the auto-refresh backoff, on bodies as OneSignal sends them."""

from __future__ import annotations

from typing import Any

import pytest

from onesignal_desktop.api.models import NotificationWithMeta
from onesignal_desktop.ui.notifications.auto_refresh import BackoffPolicy
from onesignal_desktop.ui.notifications.status import (
    SCHEDULED_SOON_SECONDS,
    Status,
    cancel_blocker,
    derive_status,
    row_from,
)

QUEUED = 1_800_000_000


def notification(**fields: Any) -> NotificationWithMeta:
    body: dict[str, Any] = {
        "id": "0b5c0c2e-5d5b-4a2b-9a55-1d9f3c1d0001",
        "headings": {"en": "Hello"},
        "contents": {"en": "World"},
        "queued_at": QUEUED,
        "send_after": QUEUED,
        "successful": 0,
        "failed": 0,
        "errored": 0,
        "converted": 0,
        "received": 0,
        "remaining": 0,
        "canceled": False,
        "completed_at": None,
    }
    body.update(fields)
    return NotificationWithMeta.model_validate(body)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"send_after": QUEUED + 3600, "remaining": 100}, Status.SCHEDULED),
        ({"remaining": 100}, Status.SENDING),  # queued, nothing out yet
        ({"successful": 40, "remaining": 60}, Status.SENDING),
        ({"send_after": QUEUED + 3600, "successful": 1, "remaining": 99}, Status.SENDING),
        ({"successful": 97, "failed": 3, "completed_at": QUEUED + 5}, Status.DELIVERED),
        ({"successful": 97, "failed": 3}, Status.DELIVERED),  # nothing remaining, no completed_at
        ({"errored": 100, "completed_at": QUEUED + 5}, Status.FAILED),
        ({"failed": 60, "errored": 40, "completed_at": QUEUED + 5}, Status.FAILED),
        ({"completed_at": QUEUED + 5}, Status.NOT_SENT),
        ({"canceled": True, "successful": 12}, Status.CANCELED),
        ({"canceled": True, "send_after": QUEUED + 3600}, Status.CANCELED),
        ({"send_after": QUEUED + 1, "remaining": 10}, Status.SENDING),  # within the slack: "send now"
    ],
)
def test_status_rule(fields: dict[str, Any], expected: Status) -> None:
    assert derive_status(notification(**fields)) is expected


def test_counters_sent_as_text_or_missing_do_not_break_the_rule() -> None:
    # The models read numbers the spec types loosely; a missing counter counts as zero.
    partial = NotificationWithMeta.model_validate(
        {"id": "x", "queued_at": str(QUEUED), "send_after": str(QUEUED + 600), "remaining": 5}
    )
    assert derive_status(partial) is Status.SCHEDULED


def test_only_scheduled_and_sending_can_be_cancelled() -> None:
    assert cancel_blocker(Status.SCHEDULED) is None
    assert cancel_blocker(Status.SENDING) is None
    for status in (Status.DELIVERED, Status.CANCELED, Status.FAILED, Status.NOT_SENT):
        reason = cancel_blocker(status)
        assert reason and reason.endswith(".")


def test_row_shows_what_people_recognise() -> None:
    row = row_from(
        notification(
            headings=None,
            contents={"en": "  Your   code: 4821 "},
            sms_from="+15550001111",
            successful=3,
            remaining=1,
            included_segments=["Subscribed Users"],
        )
    )
    assert row.heading == "Your code: 4821"
    assert row.channel == "SMS"
    assert row.total == 4 and row.delivered_share == 0.75 and row.progress_text == "75%"
    assert row.audience == "segments Subscribed Users"
    assert "4821" in row.search_text


def test_scheduled_soon_keeps_the_list_watching() -> None:
    soon = row_from(notification(send_after=QUEUED + 600, remaining=5))
    later = row_from(notification(send_after=QUEUED + SCHEDULED_SOON_SECONDS + 600, remaining=5))
    assert soon.needs_watching(now=QUEUED)
    assert not later.needs_watching(now=QUEUED)
    assert row_from(notification(remaining=5)).needs_watching(now=QUEUED)
    assert not row_from(notification(successful=5, completed_at=QUEUED + 3)).needs_watching(now=QUEUED)


def test_backoff_doubles_to_the_cap_and_restarts_on_change() -> None:
    policy = BackoffPolicy(first=2.0, longest=30.0)
    waits = []
    wait = None
    for _ in range(6):
        wait = policy.next_wait(wait, changed=False)
        waits.append(wait)
    assert waits == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert policy.next_wait(30.0, changed=True) == 2.0
