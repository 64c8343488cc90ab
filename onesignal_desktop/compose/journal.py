"""The send journal: a durable record of every notification send, written *before* the request goes out.

Why: a send whose answer never arrives (timeout, crash, ``kill -9``) may or may not have created a
notification. The journal keeps the exact body and its idempotency key, so the next start can show it
as "possibly sent" and offer a resend that reuses the key: OneSignal then replays the first result
instead of sending twice.

Flow, per logical send (keyed by a ``send_id``, typically the draft id)::

    entry = journal.begin(draft_id, body)         # durable before the first attempt
    try:
        result = client.create_notification(entry.body, idempotency_key=entry.idempotency_key)
    except Exception as error:
        if api.errors.is_definite_refusal(error):       # OneSignal's own 4xx in its error shape
            journal.answer(draft_id, SendAnswer.failure(str(error), status=error.status))
        else:                                           # no answer, 5xx, 429, a proxy's 408 or HTML page
            journal.note_failure(draft_id, str(error))  # still pending: possibly sent, resent with its key
    else:
        journal.answer(draft_id, SendAnswer.from_result(result))

    # next start
    for entry in journal.pending(): ...             # "possibly sent"
    entry = journal.resend(draft_id)                # same body, same key

Storage is SQLite in WAL mode with ``synchronous=FULL``: every call commits one transaction, so a
process killed at any point leaves a readable journal holding every call that returned. Keys never
go in: the journal takes no headers, and refuses a body that carries a credential.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from ._guard import KnownKeys, ensure_no_credentials, no_known_keys, redact_keys

Outcome = Literal["sent", "not_sent", "failed"]
State = Literal["pending", "answered", "dismissed"]

JOURNAL_FILE_NAME: Final = "send-journal.sqlite3"
_SCHEMA_VERSION: Final = 1
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS sends (
    send_id         TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL,
    app_id          TEXT,
    body            TEXT NOT NULL,
    created_at      REAL NOT NULL,
    attempts        INTEGER NOT NULL,
    last_attempt_at REAL NOT NULL,
    last_failure    TEXT,
    state           TEXT NOT NULL,
    answered_at     REAL,
    answer          TEXT
);
CREATE INDEX IF NOT EXISTS sends_by_state ON sends (state, created_at);
"""
_COLUMNS: Final = (
    "send_id, idempotency_key, app_id, body, created_at, attempts, last_attempt_at, last_failure,"
    " state, answered_at, answer"
)


class JournalError(Exception):
    """Base of the journal's refusals."""


class AlreadySentError(JournalError):
    """The send was answered with a created notification; sending the draft again would duplicate it."""

    def __init__(self, entry: JournalEntry) -> None:
        super().__init__(f"send {entry.send_id} already created notification {entry.answer_id}")
        self.entry = entry


class SendConflictError(JournalError):
    """A send for this id is still unanswered with a different body: resend or dismiss it first."""

    def __init__(self, entry: JournalEntry) -> None:
        super().__init__(
            f"send {entry.send_id} may already have gone out with a different body; "
            "resend or dismiss it first"
        )
        self.entry = entry


@dataclass(frozen=True)
class SendAnswer:
    """What OneSignal answered to a create-notification request.

    ``sent``: a notification was created (``notification_id``, estimated ``recipients``).
    ``not_sent``: the request was accepted but nobody matched (empty id, ``messages`` say why).
    ``failed``: the request was refused (``status``, ``messages``); nothing was created.
    ``invalid_recipients`` lists ids OneSignal reported as invalid or unsubscribed, by kind.
    ``replayed`` says whether OneSignal returned an earlier result for the same key (None: unknown).
    """

    outcome: Outcome
    notification_id: str | None = None
    recipients: int | None = None
    messages: tuple[str, ...] = ()
    invalid_recipients: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    status: int | None = None
    replayed: bool | None = None

    @classmethod
    def from_response(cls, response: Mapping[str, Any], *, replayed: bool | None = None) -> SendAnswer:
        """Read a CreateNotificationSuccessResponse (``id``, ``recipients``, ``errors``) as an answer."""
        notification_id = response.get("id")
        recipients = response.get("recipients")
        errors = response.get("errors")
        messages: list[str] = []
        invalid: dict[str, tuple[str, ...]] = {}
        if isinstance(errors, list):
            messages = [str(item) for item in errors]
        elif isinstance(errors, Mapping):
            for kind, ids in errors.items():
                if isinstance(ids, list):
                    invalid[str(kind)] = tuple(str(item) for item in ids)
                else:
                    messages.append(f"{kind}: {ids}")
        elif isinstance(errors, str) and errors:
            messages = [errors]
        sent = isinstance(notification_id, str) and bool(notification_id)
        return cls(
            outcome="sent" if sent else "not_sent",
            notification_id=notification_id if sent else None,
            recipients=recipients
            if isinstance(recipients, int) and not isinstance(recipients, bool)
            else None,
            messages=tuple(redact_keys(message) for message in messages),
            invalid_recipients=invalid,
            replayed=replayed,
        )

    @classmethod
    def from_result(cls, result: Any) -> SendAnswer:
        """Read the API client's ``create_notification`` result (``NotificationSent``,
        ``NotificationSentWithInvalidRecipients`` or ``NotificationNotSent``) as an answer."""
        sent = bool(getattr(result, "sent", False))
        messages = getattr(result, "warnings", None) if sent else getattr(result, "messages", None)
        invalid: dict[str, tuple[str, ...]] = {}
        found = getattr(result, "invalid", None)
        if found is not None:
            for kind in ("invalid_player_ids", "invalid_external_user_ids"):
                ids = getattr(found, kind, None)
                if ids:
                    invalid[kind] = tuple(str(item) for item in ids)
            for label, ids in (getattr(found, "invalid_aliases", None) or {}).items():
                invalid[f"invalid_aliases.{label}"] = tuple(str(item) for item in ids)
        recipients = getattr(result, "recipients", None)
        return cls(
            outcome="sent" if sent else "not_sent",
            notification_id=str(result.id) if sent and result.id else None,
            recipients=recipients if sent and isinstance(recipients, int) else None,
            messages=tuple(redact_keys(str(message)) for message in (messages or ())),
            invalid_recipients=invalid,
            replayed=getattr(result, "replayed", None),
        )

    @classmethod
    def failure(cls, message: str, *, status: int | None = None) -> SendAnswer:
        """A definitive refusal (the request reached OneSignal and nothing was created)."""
        return cls(outcome="failed", messages=(redact_keys(message),), status=status)

    def to_json(self) -> str:
        return json.dumps(
            {
                "outcome": self.outcome,
                "notification_id": self.notification_id,
                "recipients": self.recipients,
                "messages": list(self.messages),
                "invalid_recipients": {kind: list(ids) for kind, ids in self.invalid_recipients.items()},
                "status": self.status,
                "replayed": self.replayed,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SendAnswer:
        raw = json.loads(text)
        return cls(
            outcome=raw["outcome"],
            notification_id=raw.get("notification_id"),
            recipients=raw.get("recipients"),
            messages=tuple(raw.get("messages") or ()),
            invalid_recipients={
                kind: tuple(ids) for kind, ids in (raw.get("invalid_recipients") or {}).items()
            },
            status=raw.get("status"),
            replayed=raw.get("replayed"),
        )


@dataclass(frozen=True)
class JournalEntry:
    """One logical send as the journal knows it."""

    send_id: str
    idempotency_key: str
    body: Mapping[str, Any]
    app_id: str | None
    created_at: float
    attempts: int
    last_attempt_at: float
    last_failure: str | None
    state: State
    answered_at: float | None
    answer: SendAnswer | None

    @property
    def possibly_sent(self) -> bool:
        """No answer ever came: the notification may or may not exist."""
        return self.state == "pending"

    @property
    def answer_id(self) -> str | None:
        return self.answer.notification_id if self.answer else None

    def request_body(self, key_field: str = "idempotency_key") -> dict[str, Any]:
        """The body to send, carrying the idempotency key in ``key_field``.

        The current API reads ``idempotency_key``; the legacy API (``/api/v1``) reads ``external_id``.
        """
        return {**self.body, key_field: self.idempotency_key}


def _canonical(body: Mapping[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class SendJournal:
    """The journal file at ``path``; safe to share between threads (and processes)."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], float] = time.time,
        known_keys: KnownKeys = no_known_keys,
    ) -> None:
        self.path = Path(path)
        self._known_keys = known_keys
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._lock = threading.Lock()
        self.recovered_from: Path | None = None
        try:
            self._connection = self._open()
        except sqlite3.DatabaseError:
            # Not a journal we can read (overwritten, truncated by something other than us): keep it
            # for inspection and start a fresh one rather than refusing to send anything.
            self.recovered_from = self.path.with_name(f"{self.path.name}.unreadable-{int(self._clock())}")
            self.path.replace(self.recovered_from)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._connection = self._open()

    @classmethod
    def in_directory(cls, data_dir: Path | str, **kwargs: Any) -> SendJournal:
        """The journal kept in the app data directory."""
        return cls(Path(data_dir) / JOURNAL_FILE_NAME, **kwargs)

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("journal failed its integrity check")
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> SendJournal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def _row(self, connection: sqlite3.Connection, send_id: str) -> JournalEntry | None:
        row = connection.execute(
            f"SELECT {_COLUMNS} FROM sends WHERE send_id = ?",
            (send_id,),
        ).fetchone()
        return _entry(row) if row else None

    def begin(
        self, send_id: str, body: Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> JournalEntry:
        """Record an attempt to send ``body`` for ``send_id``; call it before the request goes out.

        The first call stores the body with a new key (or ``idempotency_key``). Calling it again while
        the send is unanswered (a double click, a retry) counts another attempt and returns the same key.
        After a refusal or a "nobody matched" answer it starts over with a fresh key; after a created
        notification it raises :class:`AlreadySentError`. A different body while unanswered raises
        :class:`SendConflictError`.
        """
        ensure_no_credentials(body, "the send journal", known=self._known_keys())
        canonical = _canonical(body)
        now = self._clock()
        with self._transaction() as connection:
            existing = self._row(connection, send_id)
            if existing is not None and existing.state == "pending":
                if _canonical(existing.body) != canonical:
                    raise SendConflictError(existing)
                connection.execute(
                    "UPDATE sends SET attempts = attempts + 1, last_attempt_at = ? WHERE send_id = ?",
                    (now, send_id),
                )
            elif existing is not None and existing.answer is not None and existing.answer.outcome == "sent":
                raise AlreadySentError(existing)
            else:
                app_id = body.get("app_id")
                connection.execute(
                    f"INSERT OR REPLACE INTO sends ({_COLUMNS})"
                    " VALUES (?, ?, ?, ?, ?, 1, ?, NULL, 'pending', NULL, NULL)",
                    (
                        send_id,
                        idempotency_key or str(uuid.uuid4()),
                        app_id if isinstance(app_id, str) else None,
                        canonical,
                        now,
                        now,
                    ),
                )
            entry = self._row(connection, send_id)
        assert entry is not None
        return entry

    def resend(self, send_id: str) -> JournalEntry:
        """Count another attempt of an unanswered send; the entry's body and key are what to send."""
        now = self._clock()
        with self._transaction() as connection:
            entry = self._row(connection, send_id)
            if entry is None:
                raise KeyError(send_id)
            if entry.answer is not None and entry.answer.outcome == "sent":
                raise AlreadySentError(entry)
            connection.execute(
                "UPDATE sends SET attempts = attempts + 1, last_attempt_at = ?, state = 'pending',"
                " answered_at = NULL, answer = NULL WHERE send_id = ?",
                (now, send_id),
            )
            updated = self._row(connection, send_id)
        assert updated is not None
        return updated

    def note_failure(self, send_id: str, message: str) -> JournalEntry:
        """Remember why the last attempt got no answer (timeout, connection lost); it stays pending."""
        return self._update(
            send_id,
            "UPDATE sends SET last_failure = ? WHERE send_id = ?",
            (redact_keys(message, self._known_keys()),),
        )

    def answer(self, send_id: str, answer: SendAnswer) -> JournalEntry:
        """Record OneSignal's answer; the send is no longer "possibly sent"."""
        return self._update(
            send_id,
            "UPDATE sends SET state = 'answered', answered_at = ?, answer = ?, last_failure = NULL"
            " WHERE send_id = ?",
            (self._clock(), answer.to_json()),
        )

    def dismiss(self, send_id: str) -> JournalEntry:
        """The user has dealt with an unanswered send; stop offering it."""
        return self._update(send_id, "UPDATE sends SET state = 'dismissed' WHERE send_id = ?", ())

    def _update(self, send_id: str, statement: str, parameters: tuple[Any, ...]) -> JournalEntry:
        with self._transaction() as connection:
            cursor = connection.execute(statement, (*parameters, send_id))
            if cursor.rowcount == 0:
                raise KeyError(send_id)
            entry = self._row(connection, send_id)
        assert entry is not None
        return entry

    def get(self, send_id: str) -> JournalEntry | None:
        with self._lock:
            return self._row(self._connection, send_id)

    def pending(self, app_id: str | None = None) -> list[JournalEntry]:
        """Sends whose answer never came ("possibly sent"), oldest first; optionally for one app."""
        return self._select(
            "state = 'pending'" + (" AND app_id = ?" if app_id else ""), (app_id,) if app_id else ()
        )

    def entries(self, limit: int = 200) -> list[JournalEntry]:
        """The most recent sends, newest first."""
        return self._select("1 ORDER BY created_at DESC LIMIT ?", (limit,), order=False)

    def _select(self, where: str, parameters: tuple[Any, ...], *, order: bool = True) -> list[JournalEntry]:
        query = f"SELECT {_COLUMNS} FROM sends WHERE {where}" + (" ORDER BY created_at" if order else "")
        with self._lock:
            rows = self._connection.execute(query, parameters).fetchall()
        return [_entry(row) for row in rows]

    def prune(self, older_than_seconds: float = 30 * 24 * 3600) -> int:
        """Forget answered and dismissed sends older than the given age (OneSignal's keys expire
        after 30 days anyway); pending ones are kept until dealt with. Returns how many went."""
        cutoff = self._clock() - older_than_seconds
        with self._transaction() as connection:
            cursor = connection.execute(
                "DELETE FROM sends WHERE state != 'pending' AND created_at < ?", (cutoff,)
            )
            return cursor.rowcount


def _entry(row: tuple[Any, ...]) -> JournalEntry:
    (
        send_id,
        key,
        app_id,
        body,
        created_at,
        attempts,
        last_attempt_at,
        last_failure,
        state,
        answered_at,
        answer,
    ) = row
    return JournalEntry(
        send_id=send_id,
        idempotency_key=key,
        body=json.loads(body),
        app_id=app_id,
        created_at=created_at,
        attempts=attempts,
        last_attempt_at=last_attempt_at,
        last_failure=last_failure,
        state=state,
        answered_at=answered_at,
        answer=SendAnswer.from_json(answer) if answer else None,
    )
