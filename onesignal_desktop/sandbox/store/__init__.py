"""The sandbox's SQLite store (WAL): apps, users, aliases, subscriptions (= players), segments, templates,
API keys, live activities, the audit log.

One store, two eras: a legacy *player* IS a *subscription*; its ``external_user_id`` is the user's
``external_id`` alias; tags, language, country, timezone, amount spent live on the *user*. The legacy player
view (:class:`Player`) joins a subscription with its user, so a change made through either API shows
through the other.

Using it
--------
``store = Store(path)``; every method is thread-safe. Reads run concurrently on pooled connections;
writes are serialized. Records come back as dataclasses (:class:`App`, :class:`User`, :class:`Subscription`,
:class:`Player`, :class:`Segment`, :class:`Template`, :class:`ApiKey`, :class:`LiveActivity`,
:class:`AuditEvent`) with ``to_json()`` giving the wire
shape. Times are epoch seconds (floats) read from the SandboxClock by the caller and passed in as ``now``.

Raw SQL for things this module does not cover (e.g. the simulation's own tables)::

    with store.read() as db:            # a sqlite3.Connection, rows are sqlite3.Row
        rows = db.execute("SELECT ...").fetchall()
    with store.write() as db:           # one transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)
        db.execute("INSERT ...")

Other modules add their own tables with :func:`register_schema` at import time (before the Store opens);
the DDL must be idempotent (``CREATE TABLE IF NOT EXISTS``)::

    register_schema("CREATE TABLE IF NOT EXISTS notifications (id TEXT PRIMARY KEY, app_id TEXT, data TEXT)")

Bulk loading (demo data, ``--players N``): :meth:`Store.bulk_create_players` inserts many players in one
transaction (100,000 in a few seconds).
"""

from __future__ import annotations

from onesignal_desktop.sandbox.store.api_keys import ApiKey, ApiKeysStore
from onesignal_desktop.sandbox.store.apps import App, AppsStore
from onesignal_desktop.sandbox.store.audit_log import AuditEvent, AuditLogStore, AuditQuery
from onesignal_desktop.sandbox.store.base import (
    _EXTRA_SCHEMAS,
    SCHEMA_VERSION,
    StoreBase,
    StoreConflict,
    iso,
    new_id,
    register_schema,
)
from onesignal_desktop.sandbox.store.custom_events import CustomEventRecord, CustomEventsStore
from onesignal_desktop.sandbox.store.journeys import JourneyRecord, JourneyRun, JourneysStore
from onesignal_desktop.sandbox.store.live_activities import LiveActivitiesStore, LiveActivity
from onesignal_desktop.sandbox.store.people import (
    DEVICE_TYPES,
    SUBSCRIPTION_FIELDS,
    SUBSCRIPTION_TYPES,
    USER_FIELDS,
    PeopleStore,
    Player,
    Subscription,
    User,
    subscribed_from,
)
from onesignal_desktop.sandbox.store.segments import DEFAULT_SEGMENTS, Segment, SegmentsStore
from onesignal_desktop.sandbox.store.templates import Template, TemplatesStore


class Store(
    AppsStore,
    PeopleStore,
    SegmentsStore,
    TemplatesStore,
    ApiKeysStore,
    LiveActivitiesStore,
    AuditLogStore,
    JourneysStore,
    CustomEventsStore,
):
    """Thread-safe data access over one SQLite database in WAL mode: every domain's queries."""


__all__ = [
    "DEFAULT_SEGMENTS",
    "DEVICE_TYPES",
    "SCHEMA_VERSION",
    "SUBSCRIPTION_FIELDS",
    "SUBSCRIPTION_TYPES",
    "USER_FIELDS",
    "_EXTRA_SCHEMAS",
    "ApiKey",
    "App",
    "AuditEvent",
    "AuditQuery",
    "CustomEventRecord",
    "JourneyRecord",
    "JourneyRun",
    "LiveActivity",
    "Player",
    "Segment",
    "Store",
    "StoreBase",
    "StoreConflict",
    "Subscription",
    "Template",
    "User",
    "iso",
    "new_id",
    "register_schema",
    "subscribed_from",
]
