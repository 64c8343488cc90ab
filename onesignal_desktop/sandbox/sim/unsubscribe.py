"""Unsubscribe tokens of email sends: ``<subscription id>.<signature>``, signed with the server secret
for one notification, so a token cannot be made up or reused for another send."""

from __future__ import annotations

import hmac
from typing import Protocol

_SIGNATURE_CHARS = 24


class Signer(Protocol):
    def signature(self, message: str) -> str: ...


def unsubscribe_token(keys: Signer, notification_id: str, subscription_id: str) -> str:
    """The token an email of ``notification_id`` to ``subscription_id`` carries
    (``{{subscription.unsubscribe_token}}``)."""
    signed = keys.signature(f"unsubscribe:{notification_id}:{subscription_id}")[:_SIGNATURE_CHARS]
    return f"{subscription_id}.{signed}"


def subscription_of_token(keys: Signer, notification_id: str, token: str) -> str | None:
    """The subscription a valid token was made for, None for a token that is not one of ours."""
    subscription_id, _, signed = token.rpartition(".")
    if not subscription_id or not signed:
        return None
    expected = unsubscribe_token(keys, notification_id, subscription_id)
    return subscription_id if hmac.compare_digest(expected.encode(), token.encode()) else None
