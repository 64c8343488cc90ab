"""Helpers of the fault tests: every client operation as a callable that works against a sandbox app.

``OPERATION_CALLS`` maps each operation name to a function ``(client, world) -> result``. ``World`` makes
what an operation needs (a player, a user, a template, ...) with a separate, fault-free setup client, so
a fault injected right before the call hits the operation under test and nothing else.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

import onesignal_desktop.api as api_package
from onesignal_desktop.api import OneSignalClient, RetryPolicy
from onesignal_desktop.api._core import Operation
from onesignal_desktop.sandbox.clock import SandboxClock

_counter = itertools.count(1)

#: The sending domain of every sandbox app (the email analytics operations ask per domain).
SENDING_DOMAIN = "mail.sandbox.test"


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def client_operations() -> dict[str, Operation]:
    """Every operation the client defines, found in the API package's modules (not from a list kept by
    hand), so an operation added anywhere under onesignal_desktop.api is found."""
    found: dict[str, Operation] = {}
    for module_info in pkgutil.walk_packages(api_package.__path__, api_package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, Operation):
                # The first definition is the plain one; a variant made retry-safe by an idempotency key in
                # the body (start_live_activity's) shares its name and is tested by its own module.
                found.setdefault(value.name, value)
    return found


class CountingTransport(httpx.BaseTransport):
    """A real loopback transport that counts the requests the client puts on the wire."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self._lock = threading.Lock()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class FakeSleep:
    """Records the waits the retry policy asks for and advances a fake monotonic clock instead."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def fake_retry(sleep: FakeSleep, *, max_attempts: int = 4) -> RetryPolicy:
    return RetryPolicy(max_attempts=max_attempts, sleep=sleep, clock=sleep.clock, jitter=lambda delay: delay)


@dataclass
class World:
    """An app with one subscribed player, and factories for the things single operations need."""

    setup: OneSignalClient  # never sees a fault
    app_id: str
    clock: SandboxClock
    notification_id: str = ""
    player_id: str = ""
    external_id: str = ""
    segment_id: str = ""
    template_id: str = ""
    token_id: str = ""
    organization_id: str = ""
    #: The sandbox's unsubscribe token for (notification id, subscription id), as an email carries it.
    unsubscribe_token: Callable[[str, str], str] = lambda notification_id, subscription_id: ""

    @classmethod
    def create(
        cls,
        setup: OneSignalClient,
        clock: SandboxClock,
        *,
        organization_id: str = "",
        unsubscribe_token: Callable[[str, str], str] | None = None,
    ) -> World:
        app = setup.create_app({"name": unique("Faults app")})
        assert app.id
        world = cls(setup=setup, app_id=app.id, clock=clock, organization_id=organization_id)
        if unsubscribe_token is not None:
            world.unsubscribe_token = unsubscribe_token
        world.external_id = unique("user")
        world.player_id = world.new_player(external_id=world.external_id)
        world.notification_id = world.new_notification()
        world.segment_id = world.new_segment()
        world.template_id = world.new_template()
        world.token_id = world.new_api_key()
        return world

    def journey_body(self) -> dict[str, Any]:
        return {"name": unique("journey"), "nodes": [{"kind": "wait", "duration_seconds": 600}]}

    def new_journey(self) -> str:
        created = self.setup.create_journey(self.app_id, self.journey_body())
        assert created.id
        return created.id

    def new_journey_and_node(self) -> tuple[str, str]:
        created = self.setup.create_journey(self.app_id, self.journey_body())
        assert created.id and created.nodes and created.nodes[0].id
        return created.id, created.nodes[0].id

    def new_player(self, *, external_id: str | None = None) -> str:
        body: dict[str, Any] = {"app_id": self.app_id, "device_type": 1, "identifier": unique("token")}
        if external_id:
            body["external_user_id"] = external_id
        created = self.setup.create_player(body)
        assert created.id
        return created.id

    def new_notification(self, *, scheduled: bool = False) -> str:
        body: dict[str, Any] = {
            "app_id": self.app_id,
            "contents": {"en": unique("hello")},
            "included_segments": ["Subscribed Users"],
        }
        if scheduled:
            body["send_after"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock.now() + 86400))
        sent = self.setup.create_notification(body)
        assert sent.id, sent
        return sent.id

    def new_segment(self) -> str:
        created = self.setup.create_segments(
            self.app_id,
            {
                "name": unique("segment"),
                "filters": [{"field": "session_count", "relation": ">", "value": "0"}],
            },
        )
        assert created.id
        return created.id

    def no_export_running(self) -> None:
        """The sandbox allows one players/events export per organization at a time, until it is ready."""
        self.clock.advance(3600)

    def new_user(self) -> str:
        external_id = unique("user")
        self.setup.create_user(self.app_id, {"identity": {"external_id": external_id}})
        return external_id

    def new_alias(self, external_id: str) -> str:
        label = unique("crm").replace("-", "_")
        self.setup.create_alias(self.app_id, "external_id", external_id, {"identity": {label: unique("c")}})
        return label

    def new_subscription(self, external_id: str | None = None) -> str:
        return self.new_email_subscription(external_id)[0]

    def new_email_subscription(self, external_id: str | None = None) -> tuple[str, str]:
        """A new email subscription: its id and its address (the token update-by-token finds it by)."""
        owner = external_id or self.new_user()
        address = unique("u") + "@example.com"
        created = self.setup.create_subscription(
            self.app_id, "external_id", owner, {"subscription": {"type": "Email", "token": address}}
        )
        assert created.subscription is not None and created.subscription.id
        return created.subscription.id, address

    def new_app(self) -> str:
        app = self.setup.create_app({"name": unique("other app")})
        assert app.id
        return app.id

    def new_template(self) -> str:
        created = self.setup.create_template(
            {"app_id": self.app_id, "name": unique("template"), "contents": {"en": "Hi"}}
        )
        assert created.id
        return created.id

    def iso_days_ago(self, days: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock.now() - days * 86400))

    def new_email_unsubscribe(self) -> tuple[str, str]:
        """An email sent to a new email subscriber, and the unsubscribe token that email carried to them."""
        created = self.setup.create_player(
            {"app_id": self.app_id, "device_type": 11, "identifier": unique("reader") + "@example.com"}
        )
        assert created.id
        sent = self.setup.create_notification(
            {
                "app_id": self.app_id,
                "include_player_ids": [created.id],
                "email_subject": unique("news"),
                "email_body": "<p>Hi</p>",
            }
        )
        assert sent.id, sent
        return sent.id, self.unsubscribe_token(sent.id, created.id)

    def new_live_activity(self) -> str:
        activity_id = unique("order")
        self.setup.start_live_activity(self.app_id, "OrderAttributes", live_activity_start(activity_id))
        return activity_id

    def new_api_key(self) -> str:
        created = self.setup.create_api_key(self.app_id, {"name": unique("key")})
        assert created.token_id
        return created.token_id


def live_activity_start(activity_id: str) -> dict[str, Any]:
    return {
        "name": unique("live"),
        "event": "start",
        "activity_id": activity_id,
        "event_attributes": {"order": "42"},
        "event_updates": {"status": "preparing"},
        "contents": {"en": "Your order is being prepared"},
        "headings": {"en": "Order 42"},
        "included_segments": ["Subscribed Users"],
    }


#: A call of the operation under test; ``prepare`` runs first (fault-free) and returns the call's argument.
@dataclass(frozen=True)
class OperationCall:
    call: Callable[[OneSignalClient, World, Any], Any]
    prepare: Callable[[World], Any] = lambda world: None


def _call(
    function: Callable[[OneSignalClient, World, Any], Any], prepare: Callable[[World], Any] | None = None
) -> OperationCall:
    return OperationCall(function, prepare or (lambda world: None))


OPERATION_CALLS: dict[str, OperationCall] = {
    # Seed operations.
    "create_app": _call(lambda c, w, _: c.create_app({"name": unique("new app")})),
    "get_app": _call(lambda c, w, _: c.get_app(w.app_id)),
    "get_apps": _call(lambda c, w, _: c.get_apps()),
    "update_app": _call(lambda c, w, _: c.update_app(w.app_id, {"name": unique("renamed")})),
    "create_notification": _call(
        lambda c, w, key: c.create_notification(
            {"app_id": w.app_id, "contents": {"en": "fault"}, "included_segments": ["Subscribed Users"]},
            idempotency_key=key,
        ),
        lambda w: unique("send-key"),
    ),
    "cancel_notification": _call(
        lambda c, w, nid: c.cancel_notification(w.app_id, nid), lambda w: w.new_notification(scheduled=True)
    ),
    "get_notification": _call(lambda c, w, _: c.get_notification(w.app_id, w.notification_id)),
    "get_notifications": _call(lambda c, w, _: c.get_notifications(w.app_id, 10)),
    "get_notification_history": _call(
        lambda c, w, _: c.get_notification_history(w.notification_id, {"events": "sent", "app_id": w.app_id})
    ),
    "create_segments": _call(
        lambda c, w, _: c.create_segments(
            w.app_id,
            {
                "name": unique("segment"),
                "filters": [{"field": "session_count", "relation": ">", "value": "1"}],
            },
        )
    ),
    "delete_segments": _call(lambda c, w, sid: c.delete_segments(w.app_id, sid), lambda w: w.new_segment()),
    "create_player": _call(
        lambda c, w, _: c.create_player({"app_id": w.app_id, "device_type": 1, "identifier": unique("token")})
    ),
    "get_player": _call(lambda c, w, _: c.get_player(w.app_id, w.player_id)),
    "get_players": _call(lambda c, w, _: c.get_players(w.app_id, 10)),
    "export_players": _call(
        lambda c, w, _: c.export_players(w.app_id, extra_fields=["country"]), lambda w: w.no_export_running()
    ),
    "update_player": _call(
        lambda c, w, _: c.update_player(w.player_id, {"app_id": w.app_id, "language": "fr"})
    ),
    "update_player_tags": _call(
        lambda c, w, _: c.update_player_tags(w.app_id, w.external_id, {"tags": {"level": unique("l")}})
    ),
    "delete_player": _call(lambda c, w, pid: c.delete_player(w.app_id, pid), lambda w: w.new_player()),
    "get_outcomes": _call(lambda c, w, _: c.get_outcomes(w.app_id, ["os__click.count"], "1d")),
    # Current API.
    "get_segments": _call(lambda c, w, _: c.get_segments(w.app_id)),
    "get_segment": _call(lambda c, w, _: c.get_segment(w.app_id, w.segment_id)),
    "update_segment": _call(
        lambda c, w, _: c.update_segment(w.app_id, w.segment_id, {"name": unique("segment")})
    ),
    "create_user": _call(
        lambda c, w, _: c.create_user(w.app_id, {"identity": {"external_id": unique("user")}})
    ),
    "get_user": _call(lambda c, w, _: c.get_user(w.app_id, "external_id", w.external_id)),
    "update_user": _call(
        lambda c, w, _: c.update_user(
            w.app_id, "external_id", w.external_id, {"properties": {"language": "de"}}
        )
    ),
    "delete_user": _call(
        lambda c, w, ext: c.delete_user(w.app_id, "external_id", ext), lambda w: w.new_user()
    ),
    "get_aliases": _call(lambda c, w, _: c.get_aliases(w.app_id, "external_id", w.external_id)),
    "create_alias": _call(
        lambda c, w, _: c.create_alias(
            w.app_id,
            "external_id",
            w.external_id,
            {"identity": {unique("label").replace("-", "_"): unique("c")}},
        )
    ),
    "delete_alias": _call(
        lambda c, w, made: c.delete_alias(w.app_id, "external_id", made[0], made[1]),
        lambda w: (lambda ext: (ext, w.new_alias(ext)))(w.new_user()),
    ),
    "create_subscription": _call(
        lambda c, w, _: c.create_subscription(
            w.app_id,
            "external_id",
            w.external_id,
            {"subscription": {"type": "SMS", "token": f"+1555555{next(_counter) % 10000:04d}"}},
        )
    ),
    "update_subscription": _call(
        lambda c, w, sid: c.update_subscription(w.app_id, sid, {"subscription": {"enabled": False}}),
        lambda w: w.new_subscription(),
    ),
    "delete_subscription": _call(
        lambda c, w, sid: c.delete_subscription(w.app_id, sid), lambda w: w.new_subscription()
    ),
    "transfer_subscription": _call(
        lambda c, w, sid: c.transfer_subscription(
            w.app_id, sid, {"identity": {"external_id": w.external_id}}
        ),
        lambda w: w.new_subscription(),
    ),
    "get_aliases_by_subscription": _call(
        lambda c, w, sid: c.get_aliases_by_subscription(w.app_id, sid), lambda w: w.new_subscription()
    ),
    "create_alias_by_subscription": _call(
        lambda c, w, sid: c.create_alias_by_subscription(
            w.app_id, sid, {"identity": {unique("label").replace("-", "_"): unique("c")}}
        ),
        lambda w: w.new_subscription(),
    ),
    "update_subscription_by_token": _call(
        lambda c, w, made: c.update_subscription_by_token(
            w.app_id, "Email", made[1], {"subscription": {"enabled": False}}
        ),
        lambda w: w.new_email_subscription(),
    ),
    "view_templates": _call(lambda c, w, _: c.view_templates(w.app_id)),
    "view_template": _call(lambda c, w, _: c.view_template(w.template_id, w.app_id)),
    "create_template": _call(
        lambda c, w, _: c.create_template(
            {"app_id": w.app_id, "name": unique("template"), "contents": {"en": "Hi"}}
        )
    ),
    "update_template": _call(
        lambda c, w, _: c.update_template(w.template_id, w.app_id, {"name": unique("template")})
    ),
    "delete_template": _call(lambda c, w, tid: c.delete_template(tid, w.app_id), lambda w: w.new_template()),
    "copy_template_to_app": _call(
        lambda c, w, target: c.copy_template_to_app(w.template_id, w.app_id, {"target_app_id": target}),
        lambda w: w.new_app(),
    ),
    "view_api_keys": _call(lambda c, w, _: c.view_api_keys(w.app_id)),
    "create_api_key": _call(lambda c, w, _: c.create_api_key(w.app_id, {"name": unique("key")})),
    "update_api_key": _call(lambda c, w, _: c.update_api_key(w.app_id, w.token_id, {"name": unique("key")})),
    "rotate_api_key": _call(lambda c, w, tid: c.rotate_api_key(w.app_id, tid), lambda w: w.new_api_key()),
    "delete_api_key": _call(lambda c, w, tid: c.delete_api_key(w.app_id, tid), lambda w: w.new_api_key()),
    "export_events": _call(
        lambda c, w, _: c.export_events(w.notification_id, w.app_id), lambda w: w.no_export_running()
    ),
    # Live activities, audience estimate, audit logs, email analytics.
    "start_live_activity": _call(
        lambda c, w, _: c.start_live_activity(
            w.app_id, "OrderAttributes", live_activity_start(unique("order"))
        )
    ),
    "update_live_activity": _call(
        lambda c, w, activity_id: c.update_live_activity(
            w.app_id, activity_id, {"name": unique("eta"), "event": "update", "event_updates": {"eta": 5}}
        ),
        lambda w: w.new_live_activity(),
    ),
    "estimate_notification_recipients": _call(
        lambda c, w, _: c.estimate_notification_recipients(
            {"app_id": w.app_id, "included_segments": ["Subscribed Users"], "target_channel": "push"}
        )
    ),
    "list_audit_logs": _call(
        lambda c, w, _: c.list_audit_logs(w.organization_id, start_time=w.iso_days_ago(1), limit=10)
    ),
    "get_email_reputation": _call(lambda c, w, _: c.get_email_reputation(w.app_id)),
    "get_email_provider_metrics": _call(
        lambda c, w, _: c.get_email_provider_metrics(
            w.app_id, SENDING_DOMAIN, w.iso_days_ago(7), w.iso_days_ago(0)
        )
    ),
    "get_email_provider_metrics_timeseries": _call(
        lambda c, w, _: c.get_email_provider_metrics_timeseries(
            w.app_id, SENDING_DOMAIN, w.iso_days_ago(7), w.iso_days_ago(0), "daily"
        )
    ),
    "unsubscribe_email_with_token": _call(
        lambda c, w, sent: c.unsubscribe_email_with_token(w.app_id, sent[0], sent[1]),
        lambda w: w.new_email_unsubscribe(),
    ),
    "view_journeys": _call(lambda c, w, _: c.view_journeys(w.app_id, limit=10)),
    "create_journey": _call(lambda c, w, _: c.create_journey(w.app_id, w.journey_body())),
    "view_journey": _call(lambda c, w, jid: c.view_journey(w.app_id, jid), lambda w: w.new_journey()),
    "update_journey": _call(
        lambda c, w, jid: c.update_journey(w.app_id, jid, {"name": unique("journey")}),
        lambda w: w.new_journey(),
    ),
    "delete_journey": _call(lambda c, w, jid: c.delete_journey(w.app_id, jid), lambda w: w.new_journey()),
    "view_journey_stats": _call(
        lambda c, w, jid: c.view_journey_stats(w.app_id, jid), lambda w: w.new_journey()
    ),
    "update_journey_node": _call(
        lambda c, w, ids: c.update_journey_node(w.app_id, ids[0], ids[1], {"annotation": unique("note")}),
        lambda w: w.new_journey_and_node(),
    ),
    "duplicate_journey": _call(
        lambda c, w, jid: c.duplicate_journey(w.app_id, jid), lambda w: w.new_journey()
    ),
    "create_custom_events": _call(
        lambda c, w, _: c.create_custom_events(
            w.app_id, {"events": [{"name": unique("event"), "external_id": w.external_id}]}
        )
    ),
}
