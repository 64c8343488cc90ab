"""Shared helpers of the API client tests: fake keys, a recording fake server, a fake sleep."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from onesignal_desktop.api import OneSignalClient

# Look like real keys (so redaction is tested on realistic strings) but are not.
ORG_KEY = "os_v2_org_" + "a" * 52
APP_ID = "5eb5a37e-b458-11e3-ac11-000c2940e62c"
APP_KEY = "os_v2_app_" + "b" * 52


@dataclass
class FakeServer:
    """Answers with queued responses (or a default) and records every request."""

    requests: list[httpx.Request] = field(default_factory=list)
    queue: list[httpx.Response | Exception] = field(default_factory=list)
    default: Callable[[httpx.Request], httpx.Response] = field(
        default=lambda request: httpx.Response(200, json={})
    )

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if self.queue:
            answer = self.queue.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return self.default(request)

    def reply(self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None) -> None:
        content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.queue.append(httpx.Response(status, content=content, headers=headers))

    def fail(self, error: Exception) -> None:
        self.queue.append(error)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def last_json(self) -> Any:
        return json.loads(self.last.content)


class FakeSleep:
    """Records requested sleeps instead of sleeping; advances a fake monotonic clock."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


#: The ``make_client`` fixture: builds a client on the fake server (keyword overrides allowed).
MakeClient = Callable[..., OneSignalClient]


#: Every public operation of the client: the seed era's (players, user auth key) ...
SEED_OPERATIONS = [
    "create_app",
    "get_app",
    "get_apps",
    "update_app",
    "create_notification",
    "cancel_notification",
    "get_notification",
    "get_notifications",
    "get_notification_history",
    "create_segments",
    "delete_segments",
    "create_player",
    "get_player",
    "get_players",
    "export_players",
    "update_player",
    "update_player_tags",
    "delete_player",
    "get_outcomes",
]
#: ... and the current era's (users, subscriptions, templates, API keys).
CURRENT_OPERATIONS = [
    "get_segments",
    "get_segment",
    "update_segment",
    "create_user",
    "get_user",
    "update_user",
    "delete_user",
    "get_aliases",
    "create_alias",
    "delete_alias",
    "create_subscription",
    "update_subscription",
    "delete_subscription",
    "transfer_subscription",
    "view_templates",
    "view_template",
    "create_template",
    "update_template",
    "delete_template",
    "view_api_keys",
    "create_api_key",
    "update_api_key",
    "rotate_api_key",
    "delete_api_key",
    "export_events",
    # Live activities, audience estimate, audit logs, email analytics (issue 15).
    "start_live_activity",
    "update_live_activity",
    "estimate_notification_recipients",
    "list_audit_logs",
    "get_email_reputation",
    "get_email_provider_metrics",
    "get_email_provider_metrics_timeseries",
    "unsubscribe_email_with_token",
    # Journeys and custom events (issue 15).
    "view_journeys",
    "create_journey",
    "view_journey",
    "update_journey",
    "delete_journey",
    "view_journey_stats",
    "update_journey_node",
    "duplicate_journey",
    "create_custom_events",
    # The last of the Node SDK 5.18.0's operations (issue 15: by subscription, by token, copy).
    "get_aliases_by_subscription",
    "create_alias_by_subscription",
    "update_subscription_by_token",
    "copy_template_to_app",
]
