"""What a notification's counters say: its status, progress, audience and whether it can be cancelled.

OneSignal's notification object has no status field; the console derives one from the fields it does have.
The rule, applied in this order (``processed`` = successful + failed + errored):

1. **Canceled** — ``canceled`` is true.
2. **Scheduled** — nothing processed yet, not completed, and ``send_after`` lies later than ``queued_at``
   (the send was asked for a later time and that time has not produced any send yet).
3. **Sending** — not completed and either something is processed or something is ``remaining``
   (this includes the short queue before the first send, and timezone/intelligent delivery spreading
   over 24 hours).
4. **Failed** — completed (``completed_at`` set, or nothing remaining) with sends attempted but none
   successful (every send failed or errored).
5. **Delivered** — completed with at least one successful send.
6. **Not sent** — completed with nothing processed: nobody was reached.

The status only reads the notification's own fields, never the local clock: the server (or a sandbox
with a frozen clock) is the only judge of where a delivery stands. The local clock is used only to decide
how soon a scheduled notification goes out (auto-refresh) and to show times.

Everything here is plain Python (no Qt) and runs on the worker thread, so the UI thread only compares
finished :class:`NotificationRow` values.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from onesignal_desktop.api.models import NotificationWithMeta
from onesignal_desktop.api.models.common import parse_timestamp

#: A scheduled notification due within this many seconds keeps the list refreshing by itself.
SCHEDULED_SOON_SECONDS = 15 * 60.0
#: ``send_after`` this close to ``queued_at`` is "send now", not a schedule (clocks and rounding differ).
SCHEDULE_SLACK_SECONDS = 2.0

CHANNEL_LABELS = {"push": "Push", "email": "Email", "sms": "SMS"}


class Status(enum.Enum):
    SCHEDULED = "Scheduled"
    SENDING = "Sending"
    DELIVERED = "Delivered"
    CANCELED = "Canceled"
    NOT_SENT = "Not sent"
    FAILED = "Failed"

    @property
    def in_flight(self) -> bool:
        return self in (Status.SCHEDULED, Status.SENDING)


STATUS_EXPLANATIONS = {
    Status.SCHEDULED: "Waiting for its send time; nothing has gone out yet.",
    Status.SENDING: "Being delivered right now.",
    Status.DELIVERED: "Delivery finished with at least one successful send.",
    Status.CANCELED: "Canceled before delivery finished.",
    Status.NOT_SENT: "Finished without reaching anybody.",
    Status.FAILED: "Delivery finished but every send failed or errored.",
}


def _count(value: int | None) -> int:
    return value if isinstance(value, int) and value > 0 else 0


def _epoch(value: Any) -> float | None:
    moment = parse_timestamp(value)
    return moment.timestamp() if moment is not None else None


def derive_status(notification: NotificationWithMeta) -> Status:
    """The status by the rule in this module's docstring."""
    if notification.canceled:
        return Status.CANCELED
    processed = _count(notification.successful) + _count(notification.failed) + _count(notification.errored)
    remaining = _count(notification.remaining)
    completed = _epoch(notification.completed_at) is not None or (
        notification.remaining is not None and remaining == 0
    )
    if not completed:
        queued_at = _epoch(notification.queued_at)
        send_after = _epoch(notification.send_after)
        scheduled = (
            send_after is not None
            and queued_at is not None
            and send_after > queued_at + SCHEDULE_SLACK_SECONDS
        )
        if processed == 0 and scheduled:
            return Status.SCHEDULED
        if processed > 0 or remaining > 0:
            return Status.SENDING
    if processed == 0:
        return Status.NOT_SENT
    if _count(notification.successful) == 0:
        return Status.FAILED
    return Status.DELIVERED


def cancel_blocker(status: Status) -> str | None:
    """Why a notification in ``status`` can no longer be cancelled, or None if it can."""
    if status.in_flight:
        return None
    return {
        Status.CANCELED: "This notification is already canceled.",
        Status.DELIVERED: "Delivery has finished: there is nothing left to cancel.",
        Status.FAILED: "Delivery has finished (every send failed): there is nothing left to cancel.",
        Status.NOT_SENT: "Nothing is waiting to be sent: there is nothing to cancel.",
    }[status]


def heading_of(notification: NotificationWithMeta) -> str:
    """The words people recognise a notification by: its heading, name, email subject or message."""
    for candidate in (
        notification.headings,
        notification.name,
        notification.email_subject,
        notification.contents,
    ):
        if isinstance(candidate, dict):
            text = candidate.get("en") or next((v for v in candidate.values() if v), "")
        else:
            text = candidate or ""
        text = " ".join(str(text).split())
        if text:
            return text
    return "(untitled)"


def audience_of(notification: NotificationWithMeta) -> str:
    """Who the notification was sent to, in a few words."""
    parts: list[str] = []
    if notification.included_segments:
        parts.append("segments " + ", ".join(notification.included_segments))
    if notification.excluded_segments:
        parts.append("excluding " + ", ".join(notification.excluded_segments))
    if notification.filters:
        count = sum(1 for item in notification.filters if "field" in _as_dict(item))
        parts.append(f"{count} filter{'s' if count != 1 else ''}")
    explicit = (
        notification.include_subscription_ids
        or notification.include_player_ids
        or notification.include_external_user_ids
        or notification.include_aliases
        or notification.include_email_tokens
        or notification.include_phone_numbers
    )
    if explicit:
        parts.append(f"{len(explicit)} specific recipient{'s' if len(explicit) != 1 else ''}")
    return "; ".join(parts) if parts else "specific recipients"


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    dump = getattr(item, "model_dump", None)
    return dump(exclude_none=True) if callable(dump) else {}


def format_local(epoch: float | None) -> str:
    if epoch is None:
        return "—"
    return datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class NotificationRow:
    """One notification as the list shows it, computed on the worker thread.

    Rows compare equal when everything the list and the report's counters show is the same, so a
    refresh can tell which rows changed without touching Qt. ``notification`` (the parsed API model)
    rides along for the report and is left out of the comparison.
    """

    id: str
    heading: str
    channel: str
    status: Status
    successful: int
    total: int
    recipients: int
    when_epoch: float | None
    when_text: str
    audience: str
    search_text: str
    # Not shown in the list, but in the report: a row with new clicks is a changed row.
    failed: int
    errored: int
    received: int
    converted: int
    notification: NotificationWithMeta = field(compare=False, repr=False)

    @property
    def delivered_share(self) -> float:
        return self.successful / self.total if self.total > 0 else 0.0

    @property
    def delivery_rate(self) -> float | None:
        """Successful sends of those attempted (``None`` before any attempt)."""
        attempted = self.successful + self.failed + self.errored
        return self.successful / attempted if attempted else None

    @property
    def click_through_rate(self) -> float | None:
        """Clicks of successful sends, as OneSignal's dashboard counts CTR (``None`` before any)."""
        return self.converted / self.successful if self.successful else None

    @property
    def progress_text(self) -> str:
        if self.status is Status.CANCELED:
            return f"{self.successful:,} sent" if self.successful else "none sent"
        return f"{self.delivered_share:.0%}" if self.total else "—"

    @property
    def never_sent(self) -> bool:
        """Canceled before a single send went out (say, a scheduled notification): it has no
        "sent" time and no history to export."""
        return self.status is Status.CANCELED and self.successful + self.failed + self.errored == 0

    @property
    def when_words(self) -> str:
        """How the list and the report introduce ``when_text``."""
        if self.status is Status.SCHEDULED:
            return "scheduled for"
        return "was scheduled for" if self.never_sent else "sent"

    @property
    def cancel_blocker(self) -> str | None:
        return cancel_blocker(self.status)

    def scheduled_soon(self, now: float | None = None) -> bool:
        if self.status is not Status.SCHEDULED:
            return False
        if self.when_epoch is None:
            return True
        now = time.time() if now is None else now
        return self.when_epoch - now <= SCHEDULED_SOON_SECONDS

    def needs_watching(self, now: float | None = None) -> bool:
        """True while the list should keep refreshing for this row."""
        return self.status is Status.SENDING or self.scheduled_soon(now)


def row_from(notification: NotificationWithMeta) -> NotificationRow:
    """Build the list row for a notification (plain Python: call it on the worker)."""
    status = derive_status(notification)
    successful = _count(notification.successful)
    processed = successful + _count(notification.failed) + _count(notification.errored)
    remaining = 0 if status is Status.CANCELED else _count(notification.remaining)
    total = processed + remaining
    send_after = _epoch(notification.send_after)
    queued_at = _epoch(notification.queued_at)
    when = send_after if send_after is not None else queued_at
    when_text = format_local(when)
    heading = heading_of(notification)
    channel = CHANNEL_LABELS.get(notification.channel, notification.channel.capitalize())
    audience = audience_of(notification)
    search_text = " ".join(
        (heading, notification.id or "", channel, status.value, audience, _contents_text(notification))
    ).casefold()
    return NotificationRow(
        id=notification.id or "",
        heading=heading,
        channel=channel,
        status=status,
        successful=successful,
        total=total,
        recipients=total,
        when_epoch=when,
        when_text=when_text,
        audience=audience,
        search_text=search_text,
        failed=_count(notification.failed),
        errored=_count(notification.errored),
        received=_count(notification.received),
        converted=_count(notification.converted),
        notification=notification,
    )


def _contents_text(notification: NotificationWithMeta) -> str:
    parts: list[str] = []
    for mapping in (notification.headings, notification.contents):
        if isinstance(mapping, dict):
            parts.extend(str(value) for value in mapping.values())
    if notification.name:
        parts.append(notification.name)
    return " ".join(parts)
