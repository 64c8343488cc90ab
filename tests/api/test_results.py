"""create_notification results: sent, sent with invalid recipients, not sent; replay detection."""

from __future__ import annotations

import pytest
from api_support import APP_ID, FakeServer

from onesignal_desktop.api import (
    NotificationNotSent,
    NotificationNotSentError,
    NotificationSent,
    NotificationSentWithInvalidRecipients,
    OneSignalClient,
)

NID = "b98881cc-1e94-4366-bbd9-db8f3429292b"
BODY = {"app_id": APP_ID, "contents": {"en": "Hello"}, "include_aliases": {"external_id": ["u1", "u2"]}}


def test_sent(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": NID, "recipients": 2, "external_id": None})
    result = client.create_notification(BODY)
    assert type(result) is NotificationSent
    assert result.sent and result.id == NID and result.recipients == 2 and not result.replayed
    result.raise_if_not_sent()


def test_http_200_with_empty_id_is_not_sent(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": "", "errors": ["All included players are not subscribed"]})
    result = client.create_notification(BODY)
    assert isinstance(result, NotificationNotSent)
    assert not result.sent and result.id is None and result.recipients == 0
    assert result.messages == ["All included players are not subscribed"]
    with pytest.raises(NotificationNotSentError, match="All included players are not subscribed"):
        result.raise_if_not_sent()


def test_sent_with_invalid_recipients(client: OneSignalClient, server: FakeServer) -> None:
    errors = {"invalid_player_ids": ["dead-1"], "invalid_aliases": {"external_id": ["u2"]}}
    server.reply(200, {"id": NID, "recipients": 1, "errors": errors})
    result = client.create_notification(BODY)
    assert isinstance(result, NotificationSentWithInvalidRecipients)
    assert result.sent and result.id == NID and result.recipients == 1
    assert result.invalid_player_ids == ["dead-1"]
    assert result.invalid_aliases == {"external_id": ["u2"]}
    assert result.invalid_external_user_ids == []


def test_nobody_valid_is_not_sent_and_says_who(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": "", "errors": {"invalid_external_user_ids": ["u1", "u2"]}})
    result = client.create_notification(BODY)
    assert isinstance(result, NotificationNotSent)
    assert result.messages == ["invalid external user ids: u1, u2"]


def test_replay_reported_from_the_header(client: OneSignalClient, server: FakeServer) -> None:
    server.reply(200, {"id": NID, "recipients": 2}, headers={"Idempotent-Replayed": "true"})
    assert client.create_notification(BODY, idempotency_key="k1").replayed


def test_replay_reported_when_the_same_id_comes_back_for_the_same_key(
    client: OneSignalClient, server: FakeServer
) -> None:
    server.reply(200, {"id": NID, "recipients": 2})
    server.reply(200, {"id": NID, "recipients": 2})
    server.reply(200, {"id": "another", "recipients": 2})
    assert not client.create_notification(BODY, idempotency_key="k1").replayed
    assert client.create_notification(BODY, idempotency_key="k1").replayed
    assert not client.create_notification(BODY, idempotency_key="k2").replayed
