"""Sending through the journal: one idempotency key per draft, answers recorded, lost answers kept.

Every attempt goes ``journal.begin`` (durable, before the request) -> ``create_notification`` on the
bridge -> ``journal.answer``. When no answer comes (timeout, lost connection, server errors after the
client's own retries) the entry stays pending: "possibly sent", and a retry reuses its key so OneSignal
replays the first result instead of sending twice. While a send is on the wire the controller refuses
another, so a double click sends once even before the journal's key comes into play.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QObject, Signal

from onesignal_desktop.api.errors import OneSignalError, is_definite_refusal
from onesignal_desktop.bridge import Bridge, CancelToken, TaskScope
from onesignal_desktop.compose.journal import (
    AlreadySentError,
    JournalEntry,
    SendAnswer,
    SendConflictError,
    SendJournal,
)

SEND_NOTIFICATION = "Send notification"

OutcomeKind = Literal["answered", "no_answer", "already_sent", "conflict"]


@dataclass(frozen=True)
class SendOutcome:
    """What became of one attempt.

    ``answered``: OneSignal answered (``answer`` says sent / not sent / refused).
    ``no_answer``: nothing definite came back; the send may have gone out (``message`` says why).
    ``already_sent``: the draft was sent before (``entry.answer`` has the notification).
    ``conflict``: an earlier attempt with a different body is still unanswered.
    """

    kind: OutcomeKind
    entry: JournalEntry
    answer: SendAnswer | None = None
    message: str = ""
    resent: bool = False


class SendController(QObject):
    """Sends drafts of one composer window: ``busy_changed(bool)``, ``finished(SendOutcome)``, and
    ``failed(message)`` when the journal could not record the attempt."""

    busy_changed = Signal(bool)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        journal: SendJournal,
        bridge: Bridge,
        *,
        scrub: Callable[[str], str] = str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._scope = TaskScope(bridge, self)
        self._scrub = scrub
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def send(self, send_id: str, body: Mapping[str, Any], client: Any) -> bool:
        """Start sending ``body`` for ``send_id``; False if a send is already on the wire."""
        if self._busy:
            return False
        try:
            entry = self._journal.begin(send_id, body)
        except AlreadySentError as error:
            self.finished.emit(SendOutcome("already_sent", error.entry, error.entry.answer))
            return True
        except SendConflictError as error:
            self.finished.emit(SendOutcome("conflict", error.entry))
            return True
        self._start(entry, client, resent=False)
        return True

    def resend(self, send_id: str, client: Any) -> bool:
        """Send an unanswered entry again exactly as it was, with its key."""
        if self._busy:
            return False
        try:
            entry = self._journal.resend(send_id)
        except AlreadySentError as error:
            self.finished.emit(SendOutcome("already_sent", error.entry, error.entry.answer))
            return True
        self._start(entry, client, resent=True)
        return True

    def dismiss(self, send_id: str) -> None:
        self._journal.dismiss(send_id)

    def _start(self, entry: JournalEntry, client: Any, *, resent: bool) -> None:
        self._set_busy(True)
        journal, scrub = self._journal, self._scrub
        send_id, body, key = entry.send_id, dict(entry.body), entry.idempotency_key

        # The answer goes into the journal on the worker, so it is kept even if the window closes
        # before the result reaches the UI thread.
        def work(token: CancelToken) -> SendOutcome:
            try:
                result = client.create_notification(body, idempotency_key=key)
            except Exception as error:
                message = scrub(str(error))
                if is_definite_refusal(error):
                    status = error.status if isinstance(error, OneSignalError) else None
                    answer = SendAnswer.failure(message, status=status)
                    return SendOutcome("answered", journal.answer(send_id, answer), answer, message, resent)
                return SendOutcome("no_answer", journal.note_failure(send_id, message), None, message, resent)
            answer = SendAnswer.from_result(result)
            return SendOutcome("answered", journal.answer(send_id, answer), answer, resent=resent)

        self._scope.run(SEND_NOTIFICATION, work, on_finished=self._done, on_failed=self._broken)

    def _done(self, outcome: SendOutcome) -> None:
        self._set_busy(False)
        self.finished.emit(outcome)

    def _broken(self, error: BaseException) -> None:
        """The journal itself failed (disk full, closed): nothing can be said about the send."""
        self._set_busy(False)
        self.failed.emit(self._scrub(str(error)))
