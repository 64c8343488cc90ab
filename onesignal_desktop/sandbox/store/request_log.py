"""The request log: every request the sandbox answered, kept in its store as a bounded ring.

The request thread only appends a tuple of what it already has to a queue (:meth:`RequestLog.record`);
a writer thread turns those into rows (masking the key, finding the app, bounding the bodies) and inserts
them in batches, then drops the oldest rows beyond the log's capacity. Readers call :meth:`RequestLog.flush`
first, so a request answered before the read is always in it.

Each entry: ``id`` (grows by one per request), ``time`` (epoch seconds, real time), ``method``, ``path``
(as sent, with its ``/api/v1`` prefix), ``query``, ``status`` (0 when the connection was reset on purpose),
``duration_ms``, ``app_id`` (from the path, the query or the body; "" when none), ``key`` (masked:
``os_v2_app_abcd…wxyz``), ``fault`` (the injected fault's kind, "" when none), the request and answer
bodies (at most :data:`BODY_LIMIT` bytes each, ``…_truncated`` telling when cut), and the request headers
(Authorization masked). Sandbox-only requests (``/_sandbox/...``) are not logged.
"""

from __future__ import annotations

import collections
import functools
import re
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from onesignal_desktop.sandbox.store.base import StoreBase, register_schema

DEFAULT_CAPACITY = 100_000
BODY_LIMIT = 4096
#: the writer wakes at least this often; a read flushes at once
FLUSH_INTERVAL_SECONDS = 0.05
BATCH_ROWS = 2000
_APP_ID_IN_BODY = re.compile(rb'"app_id"\s*:\s*"([^"\\]{1,64})"')
# Keys reach bodies too (POST /apps answers basic_auth_key, POST /auth/tokens its formatted_token), and a
# log on disk must hold no usable key: anything shaped like a v2 key, and whatever sits in these fields.
_KEY_SHAPED = re.compile(rb"os_v2_(?:org|app)_[a-z2-7]{16,}")
_KEY_FIELDS = re.compile(rb'("(?:basic_auth_key|formatted_token|api_key|rest_api_key)"\s*:\s*")([^"\\]*)(")')
_KEY_VISIBLE_HEAD = 14
_KEY_VISIBLE_TAIL = 4

SCHEMA = """
CREATE TABLE IF NOT EXISTS request_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    status INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    app_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fault TEXT NOT NULL,
    request_headers TEXT NOT NULL,
    request_body BLOB NOT NULL,
    request_truncated INTEGER NOT NULL,
    response_body BLOB NOT NULL,
    response_truncated INTEGER NOT NULL,
    response_type TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS request_log_app ON request_log(app_id, id);
"""

register_schema(SCHEMA)

#: the columns the inspector's table shows (no bodies, no headers)
SUMMARY_COLUMNS = ("id", "time", "method", "path", "query", "status", "duration_ms", "app_id", "key", "fault")


def mask_key(key: str) -> str:
    """Enough of a key to tell keys apart, never enough to use it: ``os_v2_app_abcd…wxyz``."""
    if not key:
        return ""
    if len(key) <= _KEY_VISIBLE_HEAD + _KEY_VISIBLE_TAIL:
        return key[: min(4, len(key) // 2)] + "…"
    return key[:_KEY_VISIBLE_HEAD] + "…" + key[-_KEY_VISIBLE_TAIL:]


def mask_authorization(header: str) -> str:
    scheme, _, value = header.strip().partition(" ")
    if not value:
        return mask_key(scheme)
    if value.lower().startswith("token="):
        return f'{scheme} token="{mask_key(value[6:].strip().strip(chr(34)))}"'
    return f"{scheme} {mask_key(value.strip())}"


class Captured(NamedTuple):
    """What the request thread hands over: only references to what it already had (a NamedTuple: ~10x
    cheaper to make than a frozen dataclass, and made on every request)."""

    time: float
    method: str
    raw_path: str
    query: str
    status: int
    duration_ms: float
    app_id: str
    fault: str
    headers: Mapping[str, str]
    request_body: bytes
    response_body: bytes
    response_type: str


class RequestFilter:
    """Which entries a read wants (every field optional)."""

    def __init__(
        self,
        *,
        path: str | None = None,
        status: str | None = None,
        app_id: str | None = None,
        method: str | None = None,
    ) -> None:
        self.path = path or None
        self.app_id = app_id or None
        self.method = method.upper() if method else None
        self.status_range = parse_status(status) if status else None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.path:
            clauses.append("instr(path, ?) > 0")
            params.append(self.path)
        if self.app_id:
            clauses.append("app_id = ?")
            params.append(self.app_id)
        if self.method:
            clauses.append("method = ?")
            params.append(self.method)
        if self.status_range:
            clauses.append("status BETWEEN ? AND ?")
            params.extend(self.status_range)
        return (" AND ".join(clauses) or "1"), params


def parse_status(text: str) -> tuple[int, int]:
    """``404`` -> (404, 404); ``4xx`` -> (400, 499); ``0`` is a reset connection. ValueError when neither."""
    text = text.strip().lower()
    if re.fullmatch(r"[1-5]xx", text):
        hundred = int(text[0]) * 100
        return hundred, hundred + 99
    if re.fullmatch(r"\d{1,3}", text):
        return int(text), int(text)
    raise ValueError(f"status must be a code like 404 or a class like 4xx, not {text!r}")


class RequestLog:
    """The ring of logged requests over one store; thread-safe."""

    def __init__(self, store: StoreBase, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 0:
            raise ValueError(f"the request log's capacity must be 0 or more, not {capacity}")
        self.store = store
        self.capacity = capacity
        # A connection of its own: the log's writes neither queue behind the store's write lock nor count
        # as store writes (which would drop the store's cached counts every batch).
        self._db = store.extra_connection()
        self._db.executescript(SCHEMA)
        self._pending: collections.deque[Captured] = collections.deque()
        self._wake = threading.Event()
        self._flush_lock = threading.Lock()
        self._closed = False
        self._thread: threading.Thread | None = None
        if capacity:
            self._thread = threading.Thread(target=self._run, name="sandbox-request-log", daemon=True)
            self._thread.start()

    @property
    def enabled(self) -> bool:
        return self.capacity > 0 and not self._closed

    # ------------------------------------------------------------------------------------ writing

    def record(self, entry: Captured) -> None:
        """Queue one entry (the request thread's whole cost: one deque append)."""
        if self.capacity and not self._closed:
            self._pending.append(entry)
            if len(self._pending) >= BATCH_ROWS:
                self._wake.set()

    def flush(self) -> None:
        """Write every queued entry now (readers call this first)."""
        with self._flush_lock:
            while self._pending:
                batch: list[Captured] = []
                while self._pending and len(batch) < BATCH_ROWS:
                    batch.append(self._pending.popleft())
                self._write(batch)

    def close(self) -> None:
        """Write what is queued and stop the writer (before the store closes)."""
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.flush()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(FLUSH_INTERVAL_SECONDS)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # a failing write must not stop the log (nor the server)
                import traceback

                traceback.print_exc()
                time.sleep(FLUSH_INTERVAL_SECONDS)

    def _write(self, batch: list[Captured]) -> None:
        rows = [_row(entry) for entry in batch]
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT INTO request_log(time, method, path, query, status, duration_ms, app_id, key, fault, "
                "request_headers, request_body, request_truncated, response_body, response_truncated, "
                "response_type) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            last = db.execute("SELECT MAX(id) FROM request_log").fetchone()[0]
            if last is not None and last > self.capacity:
                db.execute("DELETE FROM request_log WHERE id <= ?", (int(last) - self.capacity,))
        except BaseException:
            db.rollback()
            raise
        db.commit()

    # ------------------------------------------------------------------------------------ reading

    def page(
        self, *, after_id: int = 0, limit: int = 1000, where: RequestFilter | None = None
    ) -> list[dict[str, Any]]:
        """Summaries (no bodies) of entries with ``id > after_id``, oldest first."""
        self.flush()
        clause, params = (where or RequestFilter()).where()
        with self.store.read() as db:
            rows = db.execute(
                f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM request_log WHERE id > ? AND {clause} "
                "ORDER BY id LIMIT ?",
                (after_id, *params, limit),
            ).fetchall()
        return [dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in rows]

    def get(self, entry_id: int) -> dict[str, Any] | None:
        """One whole entry (bodies and headers), or None when it is not (or no longer) in the log."""
        self.flush()
        with self.store.read() as db:
            row = db.execute("SELECT * FROM request_log WHERE id = ?", (entry_id,)).fetchone()
        return None if row is None else _full(row)

    def iter_full(self, where: RequestFilter | None = None, *, chunk: int = 1000) -> Iterator[dict[str, Any]]:
        """Every whole entry matching ``where``, oldest first (for the JSON lines export)."""
        self.flush()
        clause, params = (where or RequestFilter()).where()
        after = 0
        while True:
            with self.store.read() as db:
                rows = db.execute(
                    f"SELECT * FROM request_log WHERE id > ? AND {clause} ORDER BY id LIMIT ?",
                    (after, *params, chunk),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _full(row)
            after = int(rows[-1]["id"])

    def stats(self) -> dict[str, int]:
        self.flush()
        with self.store.read() as db:
            count, first, last = db.execute("SELECT COUNT(*), MIN(id), MAX(id) FROM request_log").fetchone()
        return {"count": int(count), "first_id": int(first or 0), "last_id": int(last or 0)}

    def clear(self) -> None:
        """Forget every entry (ids keep growing, so a reader's ``after_id`` stays valid)."""
        self.flush()  # queued entries get their ids first, so none is reused after the clear
        with self._flush_lock:
            self._db.execute("DELETE FROM request_log")


def _key_in(header: str) -> str:
    """The key of an Authorization header in any scheme (``Key``, ``Basic``, ``Bearer token="..."``)."""
    _, _, value = header.strip().partition(" ")
    value = value.strip()
    if value.lower().startswith("token="):
        value = value[6:].strip().strip('"')
    return value


def _key_in_headers(headers: Mapping[str, str]) -> str:
    for name, value in headers.items():
        if name.lower() == "authorization":
            return _key_in(value)
    return ""


def _masked_bytes(key: bytes) -> bytes:
    return mask_key(key.decode("utf-8", "replace")).encode()


@functools.lru_cache(maxsize=64)
def _spellings_of(key: str) -> re.Pattern[bytes]:
    """The key as written anywhere: each character itself or percent-encoded (either case); a space also
    as ``+``, the way forms send it."""
    parts = []
    for char in key:
        options = [
            re.escape(char.encode()),
            b"%" + f"{ord(char):02x}".encode(),
            b"%" + f"{ord(char):02X}".encode(),
        ]
        if char == " ":
            options.append(rb"\+")
        parts.append(b"(?:" + b"|".join(options) + b")")
    return re.compile(b"".join(parts))


def _scrubbed(data: bytes, spent_key: str) -> bytes:
    """``data`` with every key in it masked: the request's own key (raw, URL- and form-encoded), anything
    shaped like a OneSignal key, and the values of the fields that carry keys."""
    if not data:
        return data
    if len(spent_key) >= 8:
        masked = mask_key(spent_key).encode()
        data = _spellings_of(spent_key).sub(lambda _found: masked, data)
    data = _KEY_SHAPED.sub(lambda found: _masked_bytes(found.group(0)), data)
    return _KEY_FIELDS.sub(
        lambda found: found.group(1) + _masked_bytes(found.group(2)) + found.group(3), data
    )


def _bounded(body: bytes) -> tuple[bytes, int]:
    if len(body) <= BODY_LIMIT:
        return body, 0
    return body[:BODY_LIMIT], 1


def _app_of(entry: Captured) -> str:
    if entry.app_id:
        return entry.app_id
    found = _APP_ID_IN_BODY.search(entry.request_body[:BODY_LIMIT])
    return found.group(1).decode("utf-8", "replace") if found else ""


def _row(entry: Captured) -> tuple[Any, ...]:
    key = ""
    lines = []
    for name, value in entry.headers.items():
        if name.lower() == "authorization":
            key = mask_key(_key_in(value))
            value = mask_authorization(value)
        lines.append(f"{name}: {value}")
    spent_key = _key_in_headers(entry.headers)
    request_body, request_cut = _bounded(entry.request_body)
    response_body, response_cut = _bounded(entry.response_body)
    request_body = _scrubbed(request_body, spent_key)
    response_body = _scrubbed(response_body, spent_key)
    return (
        entry.time,
        entry.method,
        _scrubbed(entry.raw_path.encode(), spent_key).decode("utf-8", "replace"),
        _scrubbed(entry.query.encode(), spent_key).decode("utf-8", "replace"),
        entry.status,
        round(entry.duration_ms, 3),
        _app_of(entry),
        key,
        entry.fault,
        "\n".join(lines),
        request_body,
        request_cut,
        response_body,
        response_cut,
        entry.response_type,
    )


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")


def _full(row: Any) -> dict[str, Any]:
    entry = {name: row[name] for name in SUMMARY_COLUMNS}
    entry["request_headers"] = dict(
        line.split(": ", 1) for line in str(row["request_headers"]).split("\n") if ": " in line
    )
    entry["request_body"] = _text(row["request_body"])
    entry["request_truncated"] = bool(row["request_truncated"])
    entry["response_body"] = _text(row["response_body"])
    entry["response_truncated"] = bool(row["response_truncated"])
    entry["response_type"] = row["response_type"]
    return entry


__all__ = [
    "BODY_LIMIT",
    "DEFAULT_CAPACITY",
    "SUMMARY_COLUMNS",
    "Captured",
    "RequestFilter",
    "RequestLog",
    "mask_authorization",
    "mask_key",
    "parse_status",
]
