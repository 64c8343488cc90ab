"""Users, their aliases and subscriptions, and the legacy player view of a subscription.

One store, two eras: a legacy *player* IS a *subscription*; its ``external_user_id`` is the user's
``external_id`` alias; tags, language, country, timezone, amount spent live on the *user*. :class:`Player`
joins a subscription with its user, so a change made through either API shows through the other."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any

from onesignal_desktop.sandbox.store.base import (
    StoreBase,
    StoreConflict,
    _dumps,
    _loads,
    _row_dict,
    new_id,
    register_schema,
)

DEVICE_TYPES: dict[int, str] = {
    0: "iOSPush",
    1: "AndroidPush",
    2: "FireOSPush",
    3: "WindowsPush",
    4: "ChromeExtensionPush",
    5: "ChromePush",
    6: "WindowsPush",
    7: "SafariLegacyPush",
    8: "FirefoxPush",
    9: "macOSPush",
    10: "AlexaPush",
    11: "Email",
    13: "HuaweiPush",
    14: "SMS",
    17: "SafariPush",
}

SUBSCRIPTION_TYPES: dict[str, int] = {
    "iOSPush": 0,
    "AndroidPush": 1,
    "FireOSPush": 2,
    "ChromeExtensionPush": 4,
    "ChromePush": 5,
    "WindowsPush": 6,
    "SafariLegacyPush": 7,
    "FirefoxPush": 8,
    "macOSPush": 9,
    "AlexaPush": 10,
    "Email": 11,
    "HuaweiPush": 13,
    "SMS": 14,
    "SafariPush": 17,
}


def subscribed_from(enabled: bool, notification_types: int | None) -> bool:
    return enabled and (notification_types is None or notification_types > 0)


@dataclass
class User:
    id: str
    app_id: str
    tags: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    timezone_id: str | None = None
    timezone_offset: int | None = None
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    ip: str | None = None
    amount_spent: float = 0.0
    purchases: list[dict[str, Any]] = field(default_factory=list)
    first_active: float = 0.0
    last_active: float = 0.0
    created_at: float = 0.0
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def external_id(self) -> str | None:
        return self.aliases.get("external_id")

    def identity(self) -> dict[str, str]:
        return {"onesignal_id": self.id, **self.aliases}

    def properties_json(self) -> dict[str, Any]:
        props: dict[str, Any] = {
            "tags": dict(self.tags),
            "first_active": int(self.first_active),
            "last_active": int(self.last_active),
        }
        optional = {
            "language": self.language,
            "timezone_id": self.timezone_id,
            "country": self.country,
            "lat": self.lat,
            "long": self.long,
            "ip": self.ip,
        }
        props.update({k: v for k, v in optional.items() if v is not None})
        if self.amount_spent:
            props["amount_spent"] = self.amount_spent
        if self.purchases:
            props["purchases"] = list(self.purchases)
        return props


@dataclass
class Subscription:
    id: str
    app_id: str
    user_id: str
    type: str
    device_type: int
    token: str | None = None
    enabled: bool = True
    notification_types: int | None = None
    session_time: int = 0
    session_count: int = 1
    sdk: str | None = None
    device_model: str | None = None
    device_os: str | None = None
    app_version: str | None = None
    rooted: bool = False
    test_type: int | None = None
    net_type: int | None = None
    carrier: str | None = None
    web_auth: str | None = None
    web_p256: str | None = None
    ad_id: str | None = None
    badge_count: int = 0
    invalid_identifier: bool = False
    created_at: float = 0.0
    last_active: float = 0.0

    @property
    def subscribed(self) -> bool:
        return subscribed_from(self.enabled, self.notification_types)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "token": self.token if self.token is not None else "",
            "enabled": self.subscribed,
            "notification_types": self.notification_types if self.notification_types is not None else 1,
            "session_time": self.session_time,
            "session_count": self.session_count,
            "rooted": self.rooted,
        }
        optional = {
            "sdk": self.sdk,
            "device_model": self.device_model,
            "device_os": self.device_os,
            "app_version": self.app_version,
            "test_type": self.test_type,
            "net_type": self.net_type,
            "carrier": self.carrier,
            "web_auth": self.web_auth,
            "web_p256": self.web_p256,
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        return data


@dataclass
class Player:
    """The legacy view: one subscription with its user's properties, tags and external id."""

    subscription: Subscription
    user: User

    @property
    def id(self) -> str:
        return self.subscription.id

    @property
    def app_id(self) -> str:
        return self.subscription.app_id

    @property
    def tags(self) -> dict[str, str]:
        return self.user.tags

    @property
    def external_user_id(self) -> str | None:
        return self.user.external_id

    @property
    def device_type(self) -> int:
        return self.subscription.device_type

    @property
    def subscribed(self) -> bool:
        return self.subscription.subscribed

    @property
    def language(self) -> str | None:
        return self.user.language

    @property
    def country(self) -> str | None:
        return self.user.country

    @property
    def session_count(self) -> int:
        return self.subscription.session_count

    @property
    def last_active(self) -> float:
        return self.subscription.last_active

    @property
    def amount_spent(self) -> float:
        return self.user.amount_spent

    def to_json(self) -> dict[str, Any]:
        sub, user = self.subscription, self.user
        notification_types = sub.notification_types
        if notification_types is None:
            notification_types = 1 if sub.enabled else -2
        data: dict[str, Any] = {
            "id": sub.id,
            "app_id": sub.app_id,
            "identifier": sub.token,
            "session_count": sub.session_count,
            "language": user.language,
            "timezone": user.timezone_offset,
            "game_version": sub.app_version,
            "device_os": sub.device_os,
            "device_type": sub.device_type,
            "device_model": sub.device_model,
            "ad_id": sub.ad_id,
            "tags": dict(user.tags),
            "last_active": int(sub.last_active),
            "playtime": sub.session_time,
            "amount_spent": user.amount_spent,
            "created_at": int(sub.created_at),
            "invalid_identifier": sub.invalid_identifier,
            "badge_count": sub.badge_count,
            "sdk": sub.sdk,
            "test_type": sub.test_type,
            "ip": user.ip,
            "external_user_id": user.external_id,
            "notification_types": notification_types,
            "country": user.country,
            "lat": user.lat,
            "long": user.long,
        }
        # The spec types these as plain strings/numbers: leave out what is unknown instead of sending null.
        return {k: v for k, v in data.items() if v is not None}


_USER_COLUMNS = (
    "id, app_id, tags, language, timezone_id, timezone_offset, country, lat, long, ip, amount_spent, "
    "purchases, first_active, last_active, created_at"
)

_SUB_COLUMNS = (
    "id, app_id, user_id, type, device_type, token, enabled, notification_types, session_time, "
    "session_count, "
    "sdk, device_model, device_os, app_version, rooted, test_type, net_type, carrier, web_auth, web_p256, "
    "ad_id, badge_count, invalid_identifier, created_at, last_active"
)

SUBSCRIPTION_FIELDS = tuple(c.strip() for c in _SUB_COLUMNS.split(","))

USER_FIELDS = tuple(c.strip() for c in _USER_COLUMNS.split(","))

_PLAYER_SELECT = (
    "SELECT "
    + ", ".join(f"s.{c} AS s_{c}" for c in SUBSCRIPTION_FIELDS)
    + ", "
    + ", ".join(f"u.{c} AS u_{c}" for c in USER_FIELDS)
    + " FROM subscriptions s JOIN users u ON u.id = s.user_id"
)

_USER_UPDATABLE = {
    "tags",
    "language",
    "timezone_id",
    "timezone_offset",
    "country",
    "lat",
    "long",
    "ip",
    "amount_spent",
    "purchases",
    "first_active",
    "last_active",
}

_SUB_UPDATABLE = set(SUBSCRIPTION_FIELDS) - {"id", "app_id", "user_id", "created_at"}


def _user_from(row: Mapping[str, Any], prefix: str = "") -> User:
    return User(
        id=row[prefix + "id"],
        app_id=row[prefix + "app_id"],
        tags=_loads(row[prefix + "tags"], {}),
        language=row[prefix + "language"],
        timezone_id=row[prefix + "timezone_id"],
        timezone_offset=row[prefix + "timezone_offset"],
        country=row[prefix + "country"],
        lat=row[prefix + "lat"],
        long=row[prefix + "long"],
        ip=row[prefix + "ip"],
        amount_spent=row[prefix + "amount_spent"] or 0.0,
        purchases=_loads(row[prefix + "purchases"], []),
        first_active=row[prefix + "first_active"],
        last_active=row[prefix + "last_active"],
        created_at=row[prefix + "created_at"],
    )


def _sub_from(row: Mapping[str, Any], prefix: str = "") -> Subscription:
    values = {name: row[prefix + name] for name in SUBSCRIPTION_FIELDS}
    values["enabled"] = bool(values["enabled"])
    values["rooted"] = bool(values["rooted"])
    values["invalid_identifier"] = bool(values["invalid_identifier"])
    return Subscription(**values)


PEOPLE_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    tags TEXT NOT NULL DEFAULT '{}',
    language TEXT,
    timezone_id TEXT,
    timezone_offset INTEGER,
    country TEXT,
    lat REAL,
    long REAL,
    ip TEXT,
    amount_spent REAL NOT NULL DEFAULT 0,
    purchases TEXT NOT NULL DEFAULT '[]',
    first_active REAL NOT NULL,
    last_active REAL NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS users_app ON users(app_id);
CREATE TABLE IF NOT EXISTS aliases (
    app_id TEXT NOT NULL,
    label TEXT NOT NULL,
    value TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (app_id, label, value),
    UNIQUE (user_id, label)
);
CREATE TABLE IF NOT EXISTS subscriptions (
    id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id),
    type TEXT NOT NULL,
    device_type INTEGER NOT NULL,
    token TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    notification_types INTEGER,
    session_time INTEGER NOT NULL DEFAULT 0,
    session_count INTEGER NOT NULL DEFAULT 1,
    sdk TEXT,
    device_model TEXT,
    device_os TEXT,
    app_version TEXT,
    rooted INTEGER NOT NULL DEFAULT 0,
    test_type INTEGER,
    net_type INTEGER,
    carrier TEXT,
    web_auth TEXT,
    web_p256 TEXT,
    ad_id TEXT,
    badge_count INTEGER NOT NULL DEFAULT 0,
    invalid_identifier INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    last_active REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_app ON subscriptions(app_id);
CREATE INDEX IF NOT EXISTS subscriptions_app_state ON subscriptions(app_id, enabled, notification_types);
CREATE INDEX IF NOT EXISTS subscriptions_user ON subscriptions(user_id);
CREATE INDEX IF NOT EXISTS subscriptions_token ON subscriptions(app_id, type, token);
"""
register_schema(PEOPLE_SCHEMA)


class PeopleStore(StoreBase):
    """Users, aliases, subscriptions and players."""

    def _aliases(self, db: sqlite3.Connection, user_ids: list[str]) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {uid: {} for uid in user_ids}
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in db.execute(
                f"SELECT user_id, label, value FROM aliases WHERE user_id IN ({marks}) ORDER BY rowid", chunk
            ):
                found[row[0]][row[1]] = row[2]
        return found

    def create_user(
        self,
        app_id: str,
        now: float,
        *,
        aliases: Mapping[str, str] | None = None,
        properties: Mapping[str, Any] | None = None,
        user_id: str | None = None,
    ) -> User:
        """A new user; StoreConflict if one of ``aliases`` belongs to someone else."""
        user = User(id=user_id or new_id(), app_id=app_id, first_active=now, last_active=now, created_at=now)
        with self.write() as db:
            db.execute(
                f"INSERT INTO users({_USER_COLUMNS}) VALUES ({','.join('?' * len(USER_FIELDS))})",
                self._user_values(user),
            )
            if properties:
                self._update_user(db, user.id, properties)
            for label, value in (aliases or {}).items():
                self._set_alias(db, app_id, user.id, label, value)
        found = self.get_user(app_id, user.id)
        assert found is not None
        return found

    @staticmethod
    def _user_values(user: User) -> tuple[Any, ...]:
        return (
            user.id,
            user.app_id,
            _dumps(user.tags),
            user.language,
            user.timezone_id,
            user.timezone_offset,
            user.country,
            user.lat,
            user.long,
            user.ip,
            user.amount_spent,
            _dumps(user.purchases),
            user.first_active,
            user.last_active,
            user.created_at,
        )

    def _set_alias(self, db: sqlite3.Connection, app_id: str, user_id: str, label: str, value: str) -> None:
        owner = db.execute(
            "SELECT user_id FROM aliases WHERE app_id = ? AND label = ? AND value = ?", (app_id, label, value)
        ).fetchone()
        if owner is not None and owner[0] != user_id:
            raise StoreConflict(f"The alias {label}:{value} is already in use by another user")
        db.execute("DELETE FROM aliases WHERE user_id = ? AND label = ?", (user_id, label))
        db.execute(
            "INSERT INTO aliases(app_id, label, value, user_id) VALUES (?,?,?,?)",
            (app_id, label, value, user_id),
        )

    def _update_user(self, db: sqlite3.Connection, user_id: str, properties: Mapping[str, Any]) -> None:
        changes = {k: v for k, v in properties.items() if k in _USER_UPDATABLE}
        if "tags" in changes:
            row = db.execute("SELECT tags FROM users WHERE id = ?", (user_id,)).fetchone()
            tags: dict[str, str] = _loads(row[0] if row else None, {})
            for key, value in dict(changes["tags"] or {}).items():
                # OneSignal deletes a tag given an empty string or null.
                if value is None or value == "":
                    tags.pop(str(key), None)
                else:
                    tags[str(key)] = str(value)
            changes["tags"] = _dumps(tags)
        if "purchases" in changes:
            changes["purchases"] = _dumps(changes["purchases"] or [])
        if not changes:
            return
        assignments = ", ".join(f"{name} = ?" for name in changes)
        db.execute(f"UPDATE users SET {assignments} WHERE id = ?", (*changes.values(), user_id))

    def update_user(self, app_id: str, user_id: str, properties: Mapping[str, Any]) -> User | None:
        """Merge ``properties`` (tags merge key by key; empty/null value deletes a tag)."""
        with self.write() as db:
            self._update_user(db, user_id, properties)
        return self.get_user(app_id, user_id)

    def add_session_deltas(self, user_id: str, session_time: int, session_count: int, now: float) -> None:
        """Credit session deltas to the user's most recently active subscription (OneSignal's behaviour)."""
        with self.write() as db:
            row = db.execute(
                "SELECT id FROM subscriptions WHERE user_id = ? "
                "ORDER BY last_active DESC, rowid DESC LIMIT 1",
                (user_id,),
            ).fetchone()
            if row is not None:
                db.execute(
                    "UPDATE subscriptions SET session_time = session_time + ?, "
                    "session_count = session_count + ?, last_active = ? WHERE id = ?",
                    (session_time, session_count, now, row[0]),
                )
            db.execute("UPDATE users SET last_active = ? WHERE id = ?", (now, user_id))

    def users_active_since(self, app_id: str, since: float) -> dict[str, float]:
        """Each user of the app whose latest session (``last_active``) came after ``since``: id → when."""
        with self.read() as db:
            rows = db.execute(
                "SELECT id, last_active FROM users WHERE app_id = ? AND last_active > ?", (app_id, since)
            ).fetchall()
        return {str(row[0]): float(row[1]) for row in rows}

    def get_user(self, app_id: str, user_id: str) -> User | None:
        with self.read() as db:
            row = db.execute(
                f"SELECT {_USER_COLUMNS} FROM users WHERE id = ? AND app_id = ?", (user_id, app_id)
            ).fetchone()
            if row is None:
                return None
            user = _user_from(_row_dict(row))
            user.aliases = self._aliases(db, [user.id])[user.id]
            return user

    def find_user_id(self, app_id: str, label: str, value: str) -> str | None:
        """The user an alias points at; ``onesignal_id`` is the user's own id."""
        with self.read() as db:
            if label == "onesignal_id":
                row = db.execute(
                    "SELECT id FROM users WHERE id = ? AND app_id = ?", (value, app_id)
                ).fetchone()
            else:
                row = db.execute(
                    "SELECT user_id FROM aliases WHERE app_id = ? AND label = ? AND value = ?",
                    (app_id, label, value),
                ).fetchone()
        return None if row is None else str(row[0])

    def find_user(self, app_id: str, label: str, value: str) -> User | None:
        user_id = self.find_user_id(app_id, label, value)
        return None if user_id is None else self.get_user(app_id, user_id)

    def set_aliases(self, app_id: str, user_id: str, aliases: Mapping[str, str]) -> User | None:
        """Add or replace aliases on a user; StoreConflict when one is taken by another user."""
        with self.write() as db:
            for label, value in aliases.items():
                self._set_alias(db, app_id, user_id, label, value)
        return self.get_user(app_id, user_id)

    def delete_alias(self, user_id: str, label: str) -> bool:
        with self.write() as db:
            return (
                db.execute("DELETE FROM aliases WHERE user_id = ? AND label = ?", (user_id, label)).rowcount
                > 0
            )

    def delete_user(self, app_id: str, user_id: str) -> bool:
        """Delete a user with its aliases and subscriptions (as OneSignal does)."""
        with self.write() as db:
            db.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))
            db.execute("DELETE FROM aliases WHERE user_id = ?", (user_id,))
            return db.execute("DELETE FROM users WHERE id = ? AND app_id = ?", (user_id, app_id)).rowcount > 0

    def user_subscriptions(self, user_id: str) -> list[Subscription]:
        with self.read() as db:
            rows = db.execute(
                f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE user_id = ? ORDER BY rowid", (user_id,)
            ).fetchall()
        return [_sub_from(_row_dict(row)) for row in rows]

    def count_users(self, app_id: str) -> int:
        with self.read() as db:
            return int(db.execute("SELECT COUNT(*) FROM users WHERE app_id = ?", (app_id,)).fetchone()[0])

    def create_subscription(
        self, user_id: str, app_id: str, now: float, fields: Mapping[str, Any]
    ) -> Subscription:
        """A subscription owned by ``user_id``. ``fields`` use Subscription's attribute names; ``type`` or
        ``device_type`` (one derives the other) is required."""
        sub = self._new_subscription(user_id, app_id, now, fields)
        with self.write() as db:
            self._insert_subscription(db, sub)
        return sub

    @staticmethod
    def _new_subscription(user_id: str, app_id: str, now: float, fields: Mapping[str, Any]) -> Subscription:
        values = {k: v for k, v in fields.items() if k in SUBSCRIPTION_FIELDS and v is not None}
        if "type" not in values:
            values["type"] = DEVICE_TYPES.get(int(values.get("device_type", 1)), "AndroidPush")
        if "device_type" not in values:
            values["device_type"] = SUBSCRIPTION_TYPES.get(str(values["type"]), 1)
        values.setdefault("id", new_id())
        values.setdefault("created_at", now)
        values.setdefault("last_active", now)
        values["app_id"] = app_id
        values["user_id"] = user_id
        return Subscription(**values)

    @staticmethod
    def _insert_subscription(db: sqlite3.Connection, sub: Subscription) -> None:
        db.execute(
            f"INSERT INTO subscriptions({_SUB_COLUMNS}) VALUES ({','.join('?' * len(SUBSCRIPTION_FIELDS))})",
            tuple(getattr(sub, name) for name in SUBSCRIPTION_FIELDS),
        )

    def get_subscription(self, app_id: str | None, subscription_id: str) -> Subscription | None:
        with self.read() as db:
            row = db.execute(
                f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE id = ?", (subscription_id,)
            ).fetchone()
        if row is None or (app_id is not None and row["app_id"] != app_id):
            return None
        return _sub_from(_row_dict(row))

    def find_subscription_by_token(self, app_id: str, sub_type: str, token: str) -> Subscription | None:
        with self.read() as db:
            row = db.execute(
                f"SELECT {_SUB_COLUMNS} FROM subscriptions "
                "WHERE app_id = ? AND type = ? AND token = ? LIMIT 1",
                (app_id, sub_type, token),
            ).fetchone()
        return None if row is None else _sub_from(_row_dict(row))

    def update_subscription(self, subscription_id: str, fields: Mapping[str, Any]) -> Subscription | None:
        changes = {k: v for k, v in fields.items() if k in _SUB_UPDATABLE}
        if "type" in changes and "device_type" not in changes:
            changes["device_type"] = SUBSCRIPTION_TYPES.get(str(changes["type"]), 1)
        if "device_type" in changes and "type" not in changes:
            changes["type"] = DEVICE_TYPES.get(int(changes["device_type"]), "AndroidPush")
        with self.write() as db:
            if changes:
                assignments = ", ".join(f"{name} = ?" for name in changes)
                db.execute(
                    f"UPDATE subscriptions SET {assignments} WHERE id = ?",
                    (*changes.values(), subscription_id),
                )
            row = db.execute(
                f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE id = ?", (subscription_id,)
            ).fetchone()
        return None if row is None else _sub_from(_row_dict(row))

    def delete_subscription(self, subscription_id: str) -> bool:
        with self.write() as db:
            return db.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,)).rowcount > 0

    def move_subscription(self, subscription_id: str, user_id: str) -> None:
        """Give a subscription to another user; the old owner is removed if nothing identifies it any more."""
        with self.write() as db:
            row = db.execute("SELECT user_id FROM subscriptions WHERE id = ?", (subscription_id,)).fetchone()
            if row is None or row[0] == user_id:
                return
            old_user = row[0]
            db.execute("UPDATE subscriptions SET user_id = ? WHERE id = ?", (user_id, subscription_id))
            self._drop_if_orphan(db, old_user)

    @staticmethod
    def _drop_if_orphan(db: sqlite3.Connection, user_id: str) -> None:
        has_subs = db.execute("SELECT 1 FROM subscriptions WHERE user_id = ? LIMIT 1", (user_id,)).fetchone()
        has_aliases = db.execute("SELECT 1 FROM aliases WHERE user_id = ? LIMIT 1", (user_id,)).fetchone()
        if has_subs is None and has_aliases is None:
            db.execute("DELETE FROM users WHERE id = ?", (user_id,))

    @staticmethod
    def _player_from(values: dict[str, Any], aliases: dict[str, dict[str, str]]) -> Player:
        sub = _sub_from(values, "s_")
        user = _user_from(values, "u_")
        user.aliases = aliases.get(user.id, {})
        return Player(sub, user)

    def _players(self, db: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[Player]:
        return self._players_from(db.execute(f"{_PLAYER_SELECT} {where}", params), db)

    def _players_from(self, cursor: sqlite3.Cursor, db: sqlite3.Connection) -> list[Player]:
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        aliases = self._aliases(db, sorted({row["u_id"] for row in rows}))
        return [self._player_from(row, aliases) for row in rows]

    def get_player(self, player_id: str, app_id: str | None = None) -> Player | None:
        with self.read() as db:
            players = self._players(db, "WHERE s.id = ?", (player_id,))
        if not players or (app_id is not None and players[0].app_id != app_id):
            return None
        return players[0]

    def list_players(self, app_id: str, limit: int, offset: int) -> tuple[list[Player], int]:
        """A page of the app's players (oldest first) and the real total."""
        total = self.count_players(app_id)
        with self.read() as db:
            # Page over the (app_id) index first; join only the rows of the page.
            bounds = db.execute(
                "SELECT MIN(rowid), MAX(rowid) FROM (SELECT rowid FROM subscriptions "
                "WHERE app_id = ? ORDER BY rowid LIMIT ? OFFSET ?)",
                (app_id, limit, offset),
            ).fetchone()
            if bounds is None or bounds[0] is None:
                return [], total
            players = self._players(
                db, "WHERE s.app_id = ? AND s.rowid BETWEEN ? AND ? ORDER BY s.rowid", (app_id, *bounds)
            )
        return players, total

    def count_players(self, app_id: str) -> int:
        def count() -> int:
            with self.read() as db:
                row = db.execute("SELECT COUNT(*) FROM subscriptions WHERE app_id = ?", (app_id,)).fetchone()
            return int(row[0])

        return int(self.cached("players", app_id, count))

    def iter_players(self, app_id: str, batch_size: int = 5000) -> Iterator[Player]:
        """Every player of the app, in batches (no connection is held between batches)."""
        last_rowid = 0
        while True:
            with self.read() as db:
                bounds = db.execute(
                    "SELECT MIN(rowid), MAX(rowid) FROM (SELECT rowid FROM subscriptions "
                    "WHERE app_id = ? AND rowid > ? ORDER BY rowid LIMIT ?)",
                    (app_id, last_rowid, batch_size),
                ).fetchone()
                if bounds is None or bounds[0] is None:
                    return
                players = self._players(
                    db, "WHERE s.app_id = ? AND s.rowid BETWEEN ? AND ? ORDER BY s.rowid", (app_id, *bounds)
                )
            yield from players
            last_rowid = int(bounds[1])

    def get_players(self, app_id: str, player_ids: Iterable[str]) -> list[Player]:
        ids = list(dict.fromkeys(player_ids))
        found: list[Player] = []
        with self.read() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.extend(self._players(db, f"WHERE s.app_id = ? AND s.id IN ({marks})", (app_id, *chunk)))
        return found

    def create_player(
        self,
        app_id: str,
        now: float,
        *,
        subscription: Mapping[str, Any],
        user: Mapping[str, Any] | None = None,
        external_user_id: str | None = None,
    ) -> Player:
        """A legacy player: a subscription on the user with ``external_user_id`` (created if needed), or on
        a new anonymous user. ``user`` properties (tags merge) are applied to that user."""
        with self.write() as db:
            user_id = None
            if external_user_id:
                row = db.execute(
                    "SELECT user_id FROM aliases WHERE app_id = ? AND label = 'external_id' AND value = ?",
                    (app_id, external_user_id),
                ).fetchone()
                user_id = None if row is None else str(row[0])
            if user_id is None:
                new_user = User(id=new_id(), app_id=app_id, first_active=now, last_active=now, created_at=now)
                db.execute(
                    f"INSERT INTO users({_USER_COLUMNS}) VALUES ({','.join('?' * len(USER_FIELDS))})",
                    self._user_values(new_user),
                )
                user_id = new_user.id
                if external_user_id:
                    self._set_alias(db, app_id, user_id, "external_id", external_user_id)
            if user:
                self._update_user(db, user_id, user)
            sub = self._new_subscription(user_id, app_id, now, subscription)
            self._insert_subscription(db, sub)
        player = self.get_player(sub.id)
        assert player is not None
        return player

    def update_player(
        self,
        player_id: str,
        *,
        subscription: Mapping[str, Any] | None = None,
        user: Mapping[str, Any] | None = None,
        external_user_id: str | None = None,
        now: float = 0.0,
    ) -> Player | None:
        """Legacy update: subscription fields on the subscription, the rest on its user.

        ``external_user_id``: a non-empty value identifies the player's user (moving the player to the user
        that already has that external id); "" removes the alias (the player moves to a fresh anonymous
        user, so other devices of the user keep theirs).
        """
        with self.write() as db:
            row = db.execute(
                "SELECT app_id, user_id FROM subscriptions WHERE id = ?", (player_id,)
            ).fetchone()
            if row is None:
                return None
            app_id, user_id = str(row[0]), str(row[1])
            if external_user_id is not None:
                user_id = self._identify(db, app_id, player_id, user_id, external_user_id, now)
            if user:
                self._update_user(db, user_id, user)
            if subscription:
                changes = {k: v for k, v in subscription.items() if k in _SUB_UPDATABLE}
                if changes:
                    assignments = ", ".join(f"{name} = ?" for name in changes)
                    db.execute(
                        f"UPDATE subscriptions SET {assignments} WHERE id = ?", (*changes.values(), player_id)
                    )
        return self.get_player(player_id)

    def _identify(
        self, db: sqlite3.Connection, app_id: str, sub_id: str, user_id: str, external_id: str, now: float
    ) -> str:
        current = db.execute(
            "SELECT value FROM aliases WHERE user_id = ? AND label = 'external_id'", (user_id,)
        ).fetchone()
        current_value = None if current is None else str(current[0])
        if current_value == (external_id or None):
            return user_id
        if not external_id:
            target = self._fresh_user(db, app_id, user_id, now)
        else:
            owner = db.execute(
                "SELECT user_id FROM aliases WHERE app_id = ? AND label = 'external_id' AND value = ?",
                (app_id, external_id),
            ).fetchone()
            if owner is not None:
                target = str(owner[0])
            elif current_value is None:
                self._set_alias(db, app_id, user_id, "external_id", external_id)
                return user_id
            else:
                target = self._fresh_user(db, app_id, user_id, now)
                self._set_alias(db, app_id, target, "external_id", external_id)
        db.execute("UPDATE subscriptions SET user_id = ? WHERE id = ?", (target, sub_id))
        self._drop_if_orphan(db, user_id)
        return target

    def _fresh_user(self, db: sqlite3.Connection, app_id: str, copy_from: str, now: float) -> str:
        """A new anonymous user carrying a copy of another user's properties and tags."""
        new_user_id = new_id()
        columns = [c for c in USER_FIELDS if c not in ("id", "created_at")]
        db.execute(
            f"INSERT INTO users(id, created_at, {', '.join(columns)}) "
            f"SELECT ?, ?, {', '.join(columns)} FROM users WHERE id = ?",
            (new_user_id, now, copy_from),
        )
        return new_user_id

    def delete_player(self, player_id: str) -> bool:
        """Delete the subscription; its user goes too when nothing else identifies it."""
        with self.write() as db:
            row = db.execute("SELECT user_id FROM subscriptions WHERE id = ?", (player_id,)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM subscriptions WHERE id = ?", (player_id,))
            self._drop_if_orphan(db, str(row[0]))
            return True

    def bulk_create_players(self, app_id: str, players: Iterable[Mapping[str, Any]], now: float) -> int:
        """Insert many players in one transaction. Each item: subscription fields (Subscription attribute
        names) plus optional ``"user"`` (User attribute names, ``tags`` as a dict) and
        ``"external_user_id"``. Every item gets its own new user. Returns how many were inserted."""
        count = 0
        user_marks = ",".join("?" * len(USER_FIELDS))
        sub_marks = ",".join("?" * len(SUBSCRIPTION_FIELDS))
        # New users' ids are random either way; handed out in sorted order, every index keyed by a user id
        # (the users' primary key, subscriptions by user, aliases by user) is appended to instead of
        # written at random places (100,000 players: ~25% less time).
        sorted_ids = iter(sorted(new_id() for _ in players)) if isinstance(players, Sequence) else None
        with self.write() as db:
            user_rows: list[tuple[Any, ...]] = []
            sub_rows: list[tuple[Any, ...]] = []
            alias_rows: list[tuple[str, str, str, str]] = []
            for item in players:
                props = dict(item.get("user") or {})
                created = float(item.get("created_at") or now)
                user = User(
                    id=new_id() if sorted_ids is None else next(sorted_ids),
                    app_id=app_id,
                    first_active=float(props.pop("first_active", created)),
                    last_active=float(props.pop("last_active", item.get("last_active") or created)),
                    created_at=created,
                )
                for key, value in props.items():
                    if key in _USER_UPDATABLE:
                        setattr(user, key, value)
                user_rows.append(self._user_values(user))
                sub_rows.append(_subscription_row(user.id, app_id, now, item))
                external = item.get("external_user_id")
                if external:
                    alias_rows.append((app_id, "external_id", str(external), user.id))
                count += 1
                if len(sub_rows) >= 5000:
                    self._flush_bulk(db, user_marks, sub_marks, user_rows, sub_rows, alias_rows)
            self._flush_bulk(db, user_marks, sub_marks, user_rows, sub_rows, alias_rows)
        return count

    @staticmethod
    def _flush_bulk(
        db: sqlite3.Connection,
        user_marks: str,
        sub_marks: str,
        user_rows: list[tuple[Any, ...]],
        sub_rows: list[tuple[Any, ...]],
        alias_rows: list[tuple[str, str, str, str]],
    ) -> None:
        db.executemany(f"INSERT INTO users({_USER_COLUMNS}) VALUES ({user_marks})", user_rows)
        db.executemany(f"INSERT INTO subscriptions({_SUB_COLUMNS}) VALUES ({sub_marks})", sub_rows)
        db.executemany("INSERT INTO aliases(app_id, label, value, user_id) VALUES (?,?,?,?)", alias_rows)
        user_rows.clear()
        sub_rows.clear()
        alias_rows.clear()


_SUBSCRIPTION_DEFAULTS = {
    spec.name: spec.default for spec in dataclass_fields(Subscription) if spec.default is not MISSING
}
_SUBSCRIPTION_FIELD_SET = frozenset(SUBSCRIPTION_FIELDS)


def _subscription_row(user_id: str, app_id: str, now: float, fields: Mapping[str, Any]) -> tuple[Any, ...]:
    """The subscriptions row ``_new_subscription`` would make (same defaults, same derived type), built
    without the dataclass in between: bulk inserts make one per player."""
    values = dict(_SUBSCRIPTION_DEFAULTS)
    values.update(
        (name, value)
        for name, value in fields.items()
        if name in _SUBSCRIPTION_FIELD_SET and value is not None
    )
    if "type" not in fields or fields["type"] is None:
        values["type"] = DEVICE_TYPES.get(int(values.get("device_type", 1)), "AndroidPush")
    if "device_type" not in fields or fields["device_type"] is None:
        values["device_type"] = SUBSCRIPTION_TYPES.get(str(values["type"]), 1)
    if values.get("id") is None:
        values["id"] = new_id()
    if fields.get("created_at") is None:
        values["created_at"] = now
    if fields.get("last_active") is None:
        values["last_active"] = now
    values["app_id"] = app_id
    values["user_id"] = user_id
    return tuple(map(values.__getitem__, SUBSCRIPTION_FIELDS))
