"""Helpers of the journey tests: an app with users, its segments and templates, journey bodies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import Sandbox


@dataclass
class JourneyApp:
    client: OneSignalClient
    sandbox: Sandbox
    app_id: str
    users: list[str]  # external ids, in order
    subscribed_segment: str  # the id of "Subscribed Users"
    vip_segment: str  # users tagged vip=1 (the first two)
    push_template: str
    email_template: str

    def advance(self, seconds: float) -> None:
        self.sandbox.clock.advance(seconds)

    def stats(self, journey_id: str) -> Any:
        return self.client.view_journey_stats(self.app_id, journey_id)

    def event(self, external_id: str, name: str, **payload: Any) -> None:
        self.client.create_custom_events(
            self.app_id, {"events": [{"name": name, "external_id": external_id, "payload": payload}]}
        )

    def activate(self, journey_id: str) -> Any:
        return self.client.update_journey(self.app_id, journey_id, {"state": "active"})


def make_app(client: OneSignalClient, sandbox: Sandbox, users: int = 5) -> JourneyApp:
    app = client.create_app({"name": "Journeys"})
    assert app.id
    now = sandbox.clock.now()
    players = [
        {
            "device_type": 1,
            "token": f"android-{i}",
            "external_user_id": f"user-{i}",
            "user": {"tags": {"vip": "1"} if i < 2 else {}},
        }
        for i in range(users)
    ]
    sandbox.store.bulk_create_players(app.id, players, now)
    segments = client.get_segments(app.id).segments or []
    subscribed = next(s.id for s in segments if s.name == "Subscribed Users")
    vip = client.create_segments(
        app.id, {"name": "VIP", "filters": [{"field": "tag", "key": "vip", "relation": "=", "value": "1"}]}
    ).id
    push = client.create_template({"app_id": app.id, "name": "Welcome", "contents": {"en": "Welcome!"}}).id
    email = client.create_template(
        {
            "app_id": app.id,
            "name": "Welcome email",
            "isEmail": True,
            "email_subject": "Hi",
            "email_body": "<p>Hi</p>",
        }
    ).id
    assert subscribed and vip and push and email
    return JourneyApp(
        client, sandbox, app.id, [f"user-{i}" for i in range(users)], subscribed, vip, push, email
    )


def segment_journey(ja: JourneyApp, nodes: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Onboarding",
        "audience": {"kind": "segment", "included_segment_ids": [ja.subscribed_segment]},
        "nodes": nodes,
    }
    body.update(extra)
    return body


def event_journey(name: str, nodes: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"On {name}",
        "audience": {"kind": "event_trigger", "name": name},
        "nodes": nodes,
    }
    body.update(extra)
    return body
