"""What create_notification returns: sent, sent with invalid recipients, or not sent.

OneSignal answers HTTP 200 even when nothing went out (an empty ``id`` and errors such as
``["All included players are not subscribed"]``); that answer is a :class:`NotificationNotSent`, never a
success. Every result carries the idempotency key the send used and whether the server replayed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from onesignal_desktop.api.errors import OneSignalError
from onesignal_desktop.api.models import CreateNotificationResponse, InvalidRecipients

__all__ = [
    "CreateNotificationResult",
    "NotificationNotSent",
    "NotificationNotSentError",
    "NotificationSent",
    "NotificationSentWithInvalidRecipients",
    "result_from_response",
]


class NotificationNotSentError(OneSignalError):
    """Raised by :meth:`NotificationNotSent.raise_if_not_sent` for callers that want an exception."""


@dataclass(frozen=True, slots=True)
class NotificationSent:
    """The notification was created and goes to ``recipients`` recipients (None when not reported)."""

    id: str
    recipients: int | None
    idempotency_key: str
    replayed: bool = False
    external_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    status: Literal["sent", "sent_with_invalid_recipients", "not_sent"] = "sent"

    @property
    def sent(self) -> bool:
        return True

    def raise_if_not_sent(self) -> None:
        return None


@dataclass(frozen=True, slots=True)
class NotificationSentWithInvalidRecipients(NotificationSent):
    """Created, but some recipients were dropped (unknown player ids, external ids or aliases)."""

    invalid: InvalidRecipients = field(default_factory=InvalidRecipients)
    status: Literal["sent", "sent_with_invalid_recipients", "not_sent"] = "sent_with_invalid_recipients"

    @property
    def invalid_player_ids(self) -> list[str]:
        return list(self.invalid.invalid_player_ids or [])

    @property
    def invalid_external_user_ids(self) -> list[str]:
        return list(self.invalid.invalid_external_user_ids or [])

    @property
    def invalid_aliases(self) -> dict[str, list[str]]:
        return dict(self.invalid.invalid_aliases or {})


@dataclass(frozen=True, slots=True)
class NotificationNotSent:
    """HTTP 200 but nothing was created; ``messages`` says why (e.g. nobody subscribed in the target)."""

    messages: list[str]
    idempotency_key: str
    replayed: bool = False
    invalid: InvalidRecipients | None = None
    status: Literal["sent", "sent_with_invalid_recipients", "not_sent"] = "not_sent"

    @property
    def sent(self) -> bool:
        return False

    @property
    def id(self) -> None:
        return None

    @property
    def recipients(self) -> int:
        return 0

    def raise_if_not_sent(self) -> None:
        messages = self.messages or ["the notification was not sent"]
        raise NotificationNotSentError("create_notification", messages)


CreateNotificationResult = NotificationSent | NotificationSentWithInvalidRecipients | NotificationNotSent


def result_from_response(
    response: CreateNotificationResponse, *, idempotency_key: str, replayed: bool
) -> CreateNotificationResult:
    invalid = response.invalid_recipients()
    messages = response.error_messages()
    if not response.is_sent:
        if invalid is not None:
            messages = messages + _describe_invalid(invalid)
        return NotificationNotSent(
            messages=messages or ["the notification was not sent"],
            idempotency_key=idempotency_key,
            replayed=replayed,
            invalid=invalid,
        )
    notification_id = response.id or ""
    if invalid is not None:
        return NotificationSentWithInvalidRecipients(
            id=notification_id,
            recipients=response.recipients,
            idempotency_key=idempotency_key,
            replayed=replayed,
            external_id=response.external_id,
            warnings=messages,
            invalid=invalid,
        )
    return NotificationSent(
        id=notification_id,
        recipients=response.recipients,
        idempotency_key=idempotency_key,
        replayed=replayed,
        external_id=response.external_id,
        warnings=messages,
    )


def _describe_invalid(invalid: InvalidRecipients) -> list[str]:
    described: list[str] = []
    if invalid.invalid_player_ids:
        described.append(f"invalid player ids: {', '.join(invalid.invalid_player_ids)}")
    if invalid.invalid_external_user_ids:
        described.append(f"invalid external user ids: {', '.join(invalid.invalid_external_user_ids)}")
    for label, ids in (invalid.invalid_aliases or {}).items():
        described.append(f"invalid {label} aliases: {', '.join(ids)}")
    return described
