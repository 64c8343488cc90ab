"""The store's foundation: one SQLite database (WAL), pooled read connections, serialized writes, the
schema registry every domain module adds its tables to, and small helpers shared by the domains."""

from __future__ import annotations

import collections
import contextlib
import functools
import json
import os
import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_EXTRA_SCHEMAS: list[str] = []
_MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []

#: The tables that decide who a send reaches: a write to any of them makes remembered audiences stale.
AUDIENCE_TABLES = ("users", "subscriptions", "aliases", "segments")
#: How many audiences are remembered (each holds its recipients' ids: ~4 MB for 100,000).
AUDIENCE_CACHE_SIZE = 32
# Readers map the database instead of copying its pages through the 2 MB default cache: a scan of an
# app's 100,000 players (an audience estimate) reads ~70 MB of pages.
READ_MMAP_BYTES = 1 << 30

META_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def register_schema(ddl: str) -> None:
    """Add idempotent DDL (``CREATE TABLE IF NOT EXISTS ...``) run whenever a Store opens."""
    if ddl not in _EXTRA_SCHEMAS:
        _EXTRA_SCHEMAS.append(ddl)


def register_migration(migrate: Callable[[sqlite3.Connection], None]) -> None:
    """Add a step run whenever a Store opens, after the schemas: it brings a database written by an
    earlier version up to date (and must do nothing on one that already is)."""
    if migrate not in _MIGRATIONS:
        _MIGRATIONS.append(migrate)


def new_id() -> str:
    """A random (version 4) UUID's text, as ``str(uuid.uuid4())`` gives it, formatted directly (a third
    of the time; bulk inserts make one per row)."""
    number = (int.from_bytes(os.urandom(16)) & _UUID_KEEP) | _UUID_SET
    text = f"{number:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# The bits a version-4 UUID fixes: the RFC 4122 variant and the version number.
_UUID_KEEP = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_UUID_SET = (0x8000 << 48) | (4 << 76)


@functools.lru_cache(maxsize=8192)  # the same few instants are written again and again (created_at, ...)
def iso(epoch: float) -> str:
    """OneSignal's ISO-8601 timestamps (UTC, milliseconds, ``Z``)."""
    from datetime import UTC, datetime

    return (
        datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(epoch * 1000) % 1000:03d}Z"
    )


def _loads(text: str | None, default: Any) -> Any:
    if not text:
        return default
    return json.loads(text)


# One encoder for every stored JSON column (json.dumps with options builds a new one per call, which
# was a tenth of generating 100,000 players).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


# A statement writes to an audience table if it is not a read and names one (as a word: user_id or
# sim_notifications do not count). Naming one without writing it only forgets audiences early; apps
# are listed because deleting an app deletes its subscriptions and segments (foreign key cascade).
_READ_ONLY_STATEMENT = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN)\b", re.IGNORECASE)
_AUDIENCE_TABLE_NAMED = re.compile(r"\b(" + "|".join((*AUDIENCE_TABLES, "apps")) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _writes_audience_table(sql: str) -> bool:
    return not _READ_ONLY_STATEMENT.match(sql) and _AUDIENCE_TABLE_NAMED.search(sql) is not None


class _WatchedConnection(sqlite3.Connection):
    """The writer: tells the store when a statement writes to a table that decides audiences (a
    classification per distinct SQL text, cached; row triggers made bulk inserts 70% slower)."""

    on_audience_write: Callable[[], None] | None = None

    def _seen(self, sql: str) -> None:
        if self.on_audience_write is not None and _writes_audience_table(sql):
            self.on_audience_write()

    # Told after the statement (so an autocommit one has committed) and even when it fails (a failed
    # executemany may have written some rows to the open transaction).
    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        finally:
            self._seen(sql)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        finally:
            self._seen(sql)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        try:
            return super().executescript(sql_script)
        finally:
            self._seen(sql_script)


class StoreConflict(Exception):
    """A uniqueness rule was broken (alias already taken, duplicate segment id, ...)."""


def _row_dict(row: sqlite3.Row) -> dict[str, Any]:
    return dict(zip(row.keys(), row, strict=True))


class StoreBase:
    """Thread-safe data access over one SQLite database in WAL mode: connections, transactions, meta.

    Each domain module adds its queries as a subclass; :class:`~onesignal_desktop.sandbox.store.Store`
    combines them."""

    def __init__(self, path: Path | str, *, pool_size: int = 8) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.RLock()
        writer = self._connect(_WatchedConnection)
        assert isinstance(writer, _WatchedConnection)
        writer.on_audience_write = self._audience_written
        self._writer = writer
        # Big inserts (a generated app's players) update several indexes keyed by random ids: with
        # SQLite's default 2 MB page cache they went to and from disk pages all the time.
        self._writer.execute("PRAGMA cache_size=-32768")
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._all: list[sqlite3.Connection] = [self._writer]
        self._pool_size = pool_size
        self._created = 0
        self._pool_lock = threading.Lock()
        self._closed = False
        self._writer_local = threading.local()
        # Counts over a whole app are cached until the next write (any write: simple and always correct).
        self._version = 0
        self._counts: dict[tuple[str, str], tuple[int, Any]] = {}
        # Audiences are remembered until the next write to AUDIENCE_TABLES only (sends write notifications
        # all the time, which must not forget them): the writer reports such statements.
        self._audience_version = 0
        self._audience_dirty = False
        self._audiences: collections.OrderedDict[Any, tuple[int, Any]] = collections.OrderedDict()
        self._audiences_lock = threading.Lock()
        self._computing: dict[Any, _Computation] = {}
        self._writer.executescript(META_SCHEMA)
        for ddl in _EXTRA_SCHEMAS:
            self._writer.executescript(ddl)
        for migrate in _MIGRATIONS:
            migrate(self._writer)
        self._writer.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
        self._writer.commit()

    def _audience_written(self) -> None:
        # Called on the writer's thread (the write lock held). The version moves at the first such
        # statement, so an audience read meanwhile from the committed data is not kept under the new version,
        # and again when the transaction ends (see write()), so one read before the commit is not either.
        if not self._audience_dirty:
            self._audience_dirty = True
            self._audience_version += 1
        self._audience_settled()  # a statement outside a transaction has committed already

    def _audience_settled(self) -> None:
        if self._audience_dirty and not self._writer.in_transaction:
            self._audience_dirty = False
            self._audience_version += 1

    def _connect(self, factory: type[sqlite3.Connection] = sqlite3.Connection) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=30.0, factory=factory
        )
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        return db

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection for reading (inside a write on the same thread: the writer itself)."""
        if getattr(self._writer_local, "depth", 0):
            yield self._writer
            return
        try:
            db = self._pool.get_nowait()
        except queue.Empty:
            with self._pool_lock:
                if self._closed:
                    raise sqlite3.ProgrammingError("store is closed") from None
                db = self._connect()
                db.execute(f"PRAGMA mmap_size={READ_MMAP_BYTES}")
                self._all.append(db)
        try:
            yield db
        finally:
            if db.in_transaction:
                db.rollback()
            self._pool.put(db)

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls on the same thread join the outer one."""
        with self._write_lock:
            depth = getattr(self._writer_local, "depth", 0)
            self._writer_local.depth = depth + 1
            try:
                if depth:
                    yield self._writer
                    return
                self._writer.execute("BEGIN IMMEDIATE")
                self._writer_local.after_commit = []
                try:
                    yield self._writer
                except BaseException:
                    self._writer.rollback()
                    self._version += 1
                    self._audience_settled()
                    self._writer_local.after_commit = []
                    raise
                self._writer.commit()
                self._version += 1
                self._audience_settled()
                committed, self._writer_local.after_commit = self._writer_local.after_commit, []
                for call in committed:
                    call()
            finally:
                self._writer_local.depth = depth

    def after_commit(self, call: Callable[[], None]) -> None:
        """Call ``call()`` once the caller's write transaction has committed (never if it rolls back)."""
        if not getattr(self._writer_local, "depth", 0):
            raise RuntimeError("after_commit outside a write transaction")
        self._writer_local.after_commit.append(call)

    def extra_connection(self) -> sqlite3.Connection:
        """A connection of the caller's own to this database (closed with the store), for a writer that
        must not share the store's write lock or count as a store write (the request log)."""
        with self._pool_lock:
            if self._closed:
                raise sqlite3.ProgrammingError("store is closed")
            db = self._connect()
            self._all.append(db)
        return db

    def close(self) -> None:
        with self._pool_lock:
            self._closed = True
            connections, self._all = self._all, []
        with self._write_lock:
            for db in connections:
                with contextlib.suppress(sqlite3.Error):
                    db.close()

    def get_meta(self, key: str) -> str | None:
        with self.read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def cached(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered until the next write to the store."""
        version = self._version
        hit = self._counts.get((kind, key))
        if hit is not None and hit[0] == version:
            return hit[1]
        value = compute()
        self._counts[(kind, key)] = (version, value)
        return value

    def cached_audience(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` (who a send reaches, or how many), remembered until the next write to the users,
        subscriptions, aliases or segments tables. ``key`` must name everything else the answer depends
        on (app, targeting, and the time when the audience reads the clock). Callers asking for the same
        key while it is computed wait for that computation instead of scanning the players again (16
        clients sending to one new audience at once). Inside a write transaction the reader sees
        uncommitted rows, so nothing is looked up or kept there."""
        if getattr(self._writer_local, "depth", 0):
            return compute()
        version = self._audience_version
        with self._audiences_lock:
            hit = self._audiences.get(key)
            if hit is not None and hit[0] == version:
                self._audiences.move_to_end(key)
                return hit[1]
            pending = self._computing.get(key)
            leader = pending is None or pending.version != version
            if leader:
                pending = self._computing[key] = _Computation(version)
        assert pending is not None
        if not leader:
            pending.done.wait()
            if pending.succeeded:
                return pending.value
            return compute()  # the first caller failed: fail (or succeed) on our own
        try:
            value = compute()
            pending.value, pending.succeeded = value, True
        finally:
            with self._audiences_lock:
                if self._computing.get(key) is pending:
                    del self._computing[key]
                if pending.succeeded and self._audience_version == version:
                    self._audiences[key] = (version, pending.value)
                    self._audiences.move_to_end(key)
                    while len(self._audiences) > AUDIENCE_CACHE_SIZE:
                        self._audiences.popitem(last=False)
            pending.done.set()
        return value


class _Computation:
    """An audience being computed, for the callers that wait for it."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.done = threading.Event()
        self.succeeded = False
        self.value: Any = None
