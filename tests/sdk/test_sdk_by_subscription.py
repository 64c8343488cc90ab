"""Finding a user by subscription, adding an alias through it, updating a subscription by its token and
copying a template to another app, called through OneSignal's official Python SDK 5.18.0 against the
sandbox: the SDK's requests are understood and its models read the answers."""

from __future__ import annotations

from typing import Any

import pytest
from onesignal.exceptions import NotFoundException  # type: ignore[import-untyped]
from onesignal.model.copy_template_request import CopyTemplateRequest  # type: ignore[import-untyped]
from onesignal.model.subscription import Subscription  # type: ignore[import-untyped]
from onesignal.model.subscription_body import SubscriptionBody  # type: ignore[import-untyped]
from onesignal.model.user_identity_body import UserIdentityBody  # type: ignore[import-untyped]

from onesignal_desktop.api import OneSignalClient


def _email_user(client: OneSignalClient, app_id: str, external_id: str, address: str) -> str:
    created = client.create_user(
        app_id,
        {"identity": {"external_id": external_id}, "subscriptions": [{"type": "Email", "token": address}]},
    )
    assert created.subscriptions and created.subscriptions[0].id
    return created.subscriptions[0].id


def test_a_user_is_read_and_given_an_alias_through_a_subscription(
    sdk: Any, client: OneSignalClient, app_id: str
) -> None:
    subscription_id = _email_user(client, app_id, "sdk-reader", "sdk-reader@example.com")
    owner = sdk.get_aliases_by_subscription(app_id, subscription_id)
    assert owner.identity["external_id"] == "sdk-reader"
    added = sdk.create_alias_by_subscription(
        app_id, subscription_id, UserIdentityBody(identity={"crm_id": "c-1"})
    )
    assert added.identity["crm_id"] == "c-1" and added.identity["external_id"] == "sdk-reader"
    assert client.get_aliases(app_id, "crm_id", "c-1").identity == added.to_dict()["identity"]
    with pytest.raises(NotFoundException):
        sdk.get_aliases_by_subscription(app_id, "00000000-0000-4000-8000-000000000000")


def test_a_subscription_is_disabled_by_its_token(sdk: Any, client: OneSignalClient, app_id: str) -> None:
    _email_user(client, app_id, "sdk-token", "sdk-token@example.com")
    body = SubscriptionBody(subscription=Subscription(enabled=False))
    sdk.update_subscription_by_token(app_id, "Email", "sdk-token@example.com", body)
    subscriptions = client.get_user(app_id, "external_id", "sdk-token").subscriptions or []
    assert [sub.enabled for sub in subscriptions] == [False]
    with pytest.raises(NotFoundException):
        sdk.update_subscription_by_token(app_id, "Email", "nobody@example.com", body)


def test_a_template_is_copied_to_another_app(sdk: Any, client: OneSignalClient, app_id: str) -> None:
    target = client.create_app({"name": "SDK copy target"})
    template = client.create_template({"app_id": app_id, "name": "Welcome back", "contents": {"en": "Hi"}})
    assert template.id
    copy = sdk.copy_template_to_app(template.id, app_id, CopyTemplateRequest(target_app_id=target.id))
    assert copy.id and copy.id != template.id and copy.name == "Welcome back"
    assert [t.id for t in client.view_templates(target.id).templates or []] == [copy.id]
