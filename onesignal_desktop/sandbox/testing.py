"""The sandbox as other projects' OneSignal in their tests: an app with its keys, and what was sent.

The pytest plugin (:mod:`onesignal_desktop.sandbox.pytest_plugin`) hands these out as fixtures; without
pytest they work the same::

    with start_sandbox(seed_demo=False) as sandbox:
        app = new_app(sandbox, players=3)
        os.environ.update(app.env())   # ONESIGNAL_API_URL, ONESIGNAL_APP_ID, ONESIGNAL_REST_API_KEY, ...
        run_the_code_under_test()
        app.assert_notification_created(segment="Subscribed Users", heading="Order shipped")

Every app is new and empty apart from its default segments and ``players`` subscribed devices, so tests
sharing one server do not see each other's sends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.running import Sandbox

#: The environment a program under test reads to find its OneSignal (``--print-env`` prints the same names).
ENV_API_URL = "ONESIGNAL_API_URL"
ENV_APP_ID = "ONESIGNAL_APP_ID"
ENV_REST_API_KEY = "ONESIGNAL_REST_API_KEY"
ENV_ORG_API_KEY = "ONESIGNAL_ORG_API_KEY"
IOS_PUSH = 0
ANDROID_PUSH = 1
_DEVICE_TYPES = {IOS_PUSH: "iOSPush", ANDROID_PUSH: "AndroidPush"}


class UnknownAppError(LookupError):
    """A test named an app the sandbox does not have."""


class SandboxUsageError(ValueError):
    """A helper was given something it cannot use (the message names what and why)."""


@dataclass(frozen=True)
class SentNotification:
    """A notification the sandbox accepted (it had recipients), as the program under test sent it."""

    id: str
    body: Mapping[str, Any]
    recipients: int
    queued_at: float

    @property
    def segments(self) -> list[str]:
        return [str(name) for name in self.body.get("included_segments") or []]

    def heading(self, language: str = "en") -> str | None:
        return _text(self.body.get("headings"), language)

    def contents(self, language: str = "en") -> str | None:
        return _text(self.body.get("contents"), language)

    def describe(self) -> str:
        audience = ", ".join(self.segments) or _other_audience(self.body)
        return (
            f"{self.id}: to {audience}; heading {self.heading()!r}; contents {self.contents()!r}; "
            f"{self.recipients} recipient(s)"
        )


def _text(value: Any, language: str) -> str | None:
    if isinstance(value, Mapping):
        text = value.get(language)
        return None if text is None else str(text)
    return None


def _other_audience(body: Mapping[str, Any]) -> str:
    for key in ("include_aliases", "include_subscription_ids", "include_player_ids", "filters"):
        if body.get(key):
            return f"{key}={json.dumps(body[key], ensure_ascii=False)[:80]}"
    return "no audience"


@dataclass
class SandboxApp:
    """An app of a running sandbox with its keys, and what was sent to it."""

    sandbox: Sandbox
    id: str
    name: str
    rest_api_key: str
    player_ids: list[str] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        """The API's base URL, standing in for ``https://api.onesignal.com``."""
        return self.sandbox.base_url

    @property
    def org_api_key(self) -> str:
        return self.sandbox.org_key

    def env(self) -> dict[str, str]:
        """``KEY=value`` settings for the program under test (the names ``sandbox --print-env`` uses)."""
        return {
            ENV_API_URL: self.api_url,
            ENV_APP_ID: self.id,
            ENV_REST_API_KEY: self.rest_api_key,
            ENV_ORG_API_KEY: self.org_api_key,
        }

    def notifications(self) -> list[SentNotification]:
        """Every notification created for this app so far, oldest first."""
        from onesignal_desktop.sandbox.store import notifications as records

        found: list[SentNotification] = []
        offset = 0
        while True:
            page, total = records.list_notifications(
                self.sandbox.store, self.id, limit=500, offset=offset, kind=None
            )
            found.extend(SentNotification(r.id, r.body, r.plan.recipients, r.queued_at) for r in page)
            offset += len(page)
            if not page or offset >= total:
                break
        found.sort(key=lambda sent: sent.queued_at)
        return found

    def assert_notification_created(
        self,
        *,
        segment: str | None = None,
        heading: str | None = None,
        contents: str | None = None,
        language: str = "en",
        count: int | None = None,
    ) -> list[SentNotification]:
        """Fail unless a notification (``count``: exactly that many) matching every given field was created.

        ``segment`` must be one of its ``included_segments``; ``heading``/``contents`` are compared with
        the text in ``language``. Returns the matches; the failure message lists what was sent instead.
        """
        if count is not None and count < 0:
            raise SandboxUsageError(f"count must be 0 or more, not {count}")
        sent = self.notifications()
        matches = [
            n
            for n in sent
            if (segment is None or segment in n.segments)
            and (heading is None or n.heading(language) == heading)
            and (contents is None or n.contents(language) == contents)
        ]
        wanted = _describe_wanted(segment, heading, contents, language)
        if (count is None and not matches) or (count is not None and len(matches) != count):
            expected = "a notification" if count is None else f"{count} notification(s)"
            raise AssertionError(
                f"expected {expected} {wanted} in app {self.name!r}, found {len(matches)}.\n"
                + _sent_listing(sent)
            )
        return matches

    def assert_no_send(self) -> None:
        """Fail if any notification was created for this app (the message lists them)."""
        sent = self.notifications()
        if sent:
            raise AssertionError(
                f"expected no notification in app {self.name!r}, found {len(sent)}.\n" + _sent_listing(sent)
            )

    def add_players(self, count: int, *, device_type: int = IOS_PUSH) -> list[str]:
        """Add ``count`` subscribed push devices (iOS by default, or ``ANDROID_PUSH``); returns their ids."""
        if count < 0:
            raise SandboxUsageError(f"the number of players must be 0 or more, not {count}")
        if device_type not in _DEVICE_TYPES:
            raise SandboxUsageError(
                f"device_type {device_type!r} is not a push device the helper knows "
                f"(use {IOS_PUSH} for iOS or {ANDROID_PUSH} for Android)"
            )
        store = self.sandbox.store
        start = len(self.player_ids)
        now = self.sandbox.clock.now()
        items = [
            {
                "device_type": device_type,
                "type": _DEVICE_TYPES[device_type],
                "token": f"{self.id.replace('-', '')}{start + index:032x}",
                "enabled": True,
                "notification_types": 1,
                "created_at": now,
                "last_active": now,
            }
            for index in range(count)
        ]
        store.bulk_create_players(self.id, items, now)
        tokens = {str(item["token"]) for item in items}
        with store.read() as db:
            rows = db.execute("SELECT id, token FROM subscriptions WHERE app_id = ?", (self.id,)).fetchall()
        added = [str(row["id"]) for row in rows if row["token"] in tokens]
        self.player_ids.extend(added)
        return added


def _describe_wanted(segment: str | None, heading: str | None, contents: str | None, language: str) -> str:
    parts = []
    if segment is not None:
        parts.append(f"to segment {segment!r}")
    if heading is not None:
        parts.append(f"with heading {heading!r} ({language})")
    if contents is not None:
        parts.append(f"with contents {contents!r} ({language})")
    return " ".join(parts) or "of any kind"


def _sent_listing(sent: Sequence[SentNotification]) -> str:
    if not sent:
        return "Nothing was sent."
    return "Sent:\n" + "\n".join(f"  - {n.describe()}" for n in sent)


def new_app(sandbox: Sandbox, *, name: str = "Test app", players: int = 3) -> SandboxApp:
    """A new app with OneSignal's default segments and ``players`` subscribed iOS devices."""
    if not name.strip():
        raise SandboxUsageError("an app needs a name")
    store = sandbox.store
    now = sandbox.clock.now()
    record = store.create_app(name.strip(), sandbox.organization_id, now)
    store.create_default_segments(record.id, now)
    app = SandboxApp(sandbox, record.id, record.name, sandbox.app_key(record.id))
    app.add_players(players)
    return app


def existing_app(sandbox: Sandbox, app: str) -> SandboxApp:
    """An app already in the sandbox, by id or by name; UnknownAppError naming the apps there when none."""
    records = sandbox.store.list_apps()
    for record in records:
        if app in (record.id, record.name):
            return SandboxApp(sandbox, record.id, record.name, sandbox.app_key(record.id))
    known = ", ".join(f"{r.name!r} ({r.id})" for r in records) or "none"
    raise UnknownAppError(f"the sandbox at {sandbox.base_url} has no app {app!r}; its apps: {known}")


__all__ = [
    "ANDROID_PUSH",
    "ENV_API_URL",
    "ENV_APP_ID",
    "ENV_ORG_API_KEY",
    "ENV_REST_API_KEY",
    "IOS_PUSH",
    "SandboxApp",
    "SandboxUsageError",
    "SentNotification",
    "UnknownAppError",
    "existing_app",
    "new_app",
]
