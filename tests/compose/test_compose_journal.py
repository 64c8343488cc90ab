from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from onesignal_desktop.compose._guard import CredentialInPayloadError
from onesignal_desktop.compose.journal import (
    AlreadySentError,
    SendAnswer,
    SendConflictError,
    SendJournal,
)

APP_ID = "8250eaf6-1a58-489e-b136-7c74a864b434"
BODY: dict[str, Any] = {"app_id": APP_ID, "contents": {"en": "Hi"}, "included_segments": ["All"]}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def journal(tmp_path: Path, clock: FakeClock) -> SendJournal:
    with SendJournal.in_directory(tmp_path, clock=clock) as opened:
        yield opened  # type: ignore[misc]


def test_begin_is_durable_and_an_unanswered_send_is_pending_after_reopening(tmp_path: Path) -> None:
    with SendJournal.in_directory(tmp_path) as journal:
        entry = journal.begin("draft-1", BODY)
    with SendJournal.in_directory(tmp_path) as reopened:
        (pending,) = reopened.pending()
    assert pending.send_id == "draft-1"
    assert pending.idempotency_key == entry.idempotency_key
    assert pending.body == BODY
    assert pending.possibly_sent
    assert pending.request_body() == {**BODY, "idempotency_key": entry.idempotency_key}
    assert pending.request_body("external_id")["external_id"] == entry.idempotency_key


def test_answered_send_is_no_longer_pending(journal: SendJournal) -> None:
    journal.begin("d", BODY)
    entry = journal.answer("d", SendAnswer.from_response({"id": "n-1", "recipients": 12}))
    assert journal.pending() == []
    assert entry.state == "answered"
    assert entry.answer == SendAnswer("sent", "n-1", 12)
    assert entry.answer_id == "n-1"


def test_double_click_and_retry_reuse_the_key(journal: SendJournal) -> None:
    first = journal.begin("d", BODY)
    journal.note_failure("d", "timed out")
    second = journal.begin("d", dict(BODY))
    assert second.idempotency_key == first.idempotency_key
    assert second.attempts == 2
    assert second.last_failure == "timed out"


def test_resend_reuses_key_and_counts_attempts(journal: SendJournal, clock: FakeClock) -> None:
    first = journal.begin("d", BODY)
    clock.now += 60
    again = journal.resend("d")
    assert (again.idempotency_key, again.body, again.attempts) == (first.idempotency_key, BODY, 2)
    assert again.last_attempt_at == first.last_attempt_at + 60
    answered = journal.answer("d", SendAnswer.from_response({"id": "n-1", "recipients": 3}, replayed=True))
    assert answered.answer is not None and answered.answer.replayed is True


def test_sending_a_sent_draft_again_is_refused(journal: SendJournal) -> None:
    journal.begin("d", BODY)
    journal.answer("d", SendAnswer.from_response({"id": "n-1", "recipients": 3}))
    with pytest.raises(AlreadySentError) as raised:
        journal.begin("d", BODY)
    assert raised.value.entry.answer_id == "n-1"
    with pytest.raises(AlreadySentError):
        journal.resend("d")


def test_a_changed_body_while_unanswered_is_a_conflict(journal: SendJournal) -> None:
    journal.begin("d", BODY)
    with pytest.raises(SendConflictError):
        journal.begin("d", {**BODY, "contents": {"en": "Changed"}})


def test_after_a_refusal_or_no_recipients_a_new_key_is_used(journal: SendJournal) -> None:
    first = journal.begin("d", BODY)
    journal.answer("d", SendAnswer.failure("Included segments not found", status=400))
    second = journal.begin("d", {**BODY, "included_segments": ["Subscribed Users"]})
    assert second.idempotency_key != first.idempotency_key
    assert second.attempts == 1
    journal.answer(
        "d", SendAnswer.from_response({"id": "", "errors": ["All included players are not subscribed"]})
    )
    assert journal.begin("d", BODY).idempotency_key not in (first.idempotency_key, second.idempotency_key)


def test_reading_create_responses() -> None:
    not_sent = SendAnswer.from_response({"id": "", "errors": ["All included players are not subscribed"]})
    assert not_sent.outcome == "not_sent" and not_sent.messages == (
        "All included players are not subscribed",
    )
    partial = SendAnswer.from_response({"id": "n", "recipients": 1, "errors": {"invalid_player_ids": ["p1"]}})
    assert partial.outcome == "sent" and partial.invalid_recipients == {"invalid_player_ids": ("p1",)}
    assert SendAnswer.from_response({}).outcome == "not_sent"
    for answer in (not_sent, partial, SendAnswer.failure("boom", status=500)):
        assert SendAnswer.from_json(answer.to_json()) == answer


def test_dismiss_and_filter_by_app(journal: SendJournal) -> None:
    journal.begin("a", BODY)
    journal.begin("b", {**BODY, "app_id": "other"})
    assert [e.send_id for e in journal.pending(APP_ID)] == ["a"]
    journal.dismiss("a")
    assert [e.send_id for e in journal.pending()] == ["b"]
    with pytest.raises(KeyError):
        journal.answer("missing", SendAnswer.failure("x"))


def test_prune_forgets_old_answered_sends_but_keeps_pending(journal: SendJournal, clock: FakeClock) -> None:
    journal.begin("old-answered", BODY)
    journal.answer("old-answered", SendAnswer.from_response({"id": "n"}))
    journal.begin("old-pending", BODY)
    clock.now += 31 * 24 * 3600
    journal.begin("new", BODY)
    assert journal.prune() == 1
    assert sorted(e.send_id for e in journal.entries()) == ["new", "old-pending"]


def test_credentials_never_reach_the_journal(journal: SendJournal, tmp_path: Path) -> None:
    key = "os_v2_app_" + "k" * 52
    with pytest.raises(CredentialInPayloadError) as raised:
        journal.begin("d", {**BODY, "headers": {"Authorization": f"Key {key}"}})
    assert key not in str(raised.value)
    with pytest.raises(CredentialInPayloadError):
        journal.begin("d", {**BODY, "data": {"note": key}})
    journal.begin("d", BODY)
    journal.note_failure("d", f"server said bad key {key}")
    journal.answer("d", SendAnswer.failure(f"Authorization {key} rejected", status=403))
    journal.close()
    for path in tmp_path.iterdir():
        assert key.encode() not in path.read_bytes()


def test_unreadable_journal_is_set_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    (tmp_path / "send-journal.sqlite3").write_bytes(b"this is not a database" * 100)
    with SendJournal.in_directory(tmp_path) as journal:
        assert journal.recovered_from is not None and journal.recovered_from.exists()
        journal.begin("d", BODY)
        assert [e.send_id for e in journal.pending()] == ["d"]


def test_threads_share_one_journal(journal: SendJournal) -> None:
    def work(worker: int) -> None:
        for index in range(20):
            send_id = f"{worker}-{index}"
            journal.begin(send_id, BODY)
            if index % 2:
                journal.answer(send_id, SendAnswer.from_response({"id": send_id}))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(journal.pending()) == 40
    assert len(journal.entries(limit=1000)) == 80


WRITER = textwrap.dedent(
    """
    import sys
    from onesignal_desktop.compose.journal import SendAnswer, SendJournal

    journal = SendJournal(sys.argv[1])
    body = {"app_id": "a", "contents": {"en": "x" * 2000}, "included_segments": ["All"]}
    index = 0
    while True:
        send_id = f"s{index}"
        journal.begin(send_id, body)
        print("begun", send_id, flush=True)
        if index % 3 == 0:
            journal.answer(send_id, SendAnswer.from_response({"id": f"n{index}", "recipients": index}))
            print("answered", send_id, flush=True)
        index += 1
    """
)


@pytest.mark.parametrize("lines_before_kill", [1, 7, 40, 120])
def test_kill_9_mid_write_leaves_a_readable_journal_with_every_acknowledged_record(
    tmp_path: Path, lines_before_kill: int
) -> None:
    path = tmp_path / "journal.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    seen: list[tuple[str, str]] = []
    try:
        while len(seen) < lines_before_kill:
            line = process.stdout.readline()
            assert line, "writer died before it was killed"
            kind, send_id = line.split()
            seen.append((kind, send_id))
    finally:
        # Killed while it is busy writing the next records: no clean shutdown of any kind.
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    seen += [tuple(line.split()) for line in process.stdout.read().splitlines() if line.count(" ") == 1]  # type: ignore[misc]
    process.stdout.close()

    with SendJournal(path) as journal:
        entries = {entry.send_id: entry for entry in journal.entries(limit=100_000)}
        pending = {entry.send_id for entry in journal.pending()}
    begun = {send_id for kind, send_id in seen if kind == "begun"}
    answered = {send_id for kind, send_id in seen if kind == "answered"}
    assert begun <= set(entries)
    assert all(entries[send_id].answer is not None for send_id in answered)
    assert (begun - answered) - pending <= {max(begun, key=lambda s: int(s[1:]))}
    assert all(entry.body["contents"]["en"] == "x" * 2000 for entry in entries.values())


def test_reading_the_api_clients_results() -> None:
    from onesignal_desktop.api import models, results

    sent = results.NotificationSent(id="n-1", recipients=4, idempotency_key="k", replayed=True)
    assert SendAnswer.from_result(sent) == SendAnswer("sent", "n-1", 4, replayed=True)
    invalid = models.InvalidRecipients(invalid_player_ids=["p1"], invalid_aliases={"external_id": ["u9"]})
    partial = results.NotificationSentWithInvalidRecipients(
        id="n-2", recipients=1, idempotency_key="k", warnings=["some dropped"], invalid=invalid
    )
    assert SendAnswer.from_result(partial) == SendAnswer(
        "sent",
        "n-2",
        1,
        messages=("some dropped",),
        invalid_recipients={"invalid_player_ids": ("p1",), "invalid_aliases.external_id": ("u9",)},
        replayed=False,
    )
    not_sent = results.NotificationNotSent(
        messages=["All included players are not subscribed"], idempotency_key="k"
    )
    answer = SendAnswer.from_result(not_sent)
    assert (answer.outcome, answer.notification_id, answer.recipients) == ("not_sent", None, None)
    assert answer.messages == ("All included players are not subscribed",)


def test_a_key_the_console_knows_never_reaches_the_journal_whatever_its_shape(tmp_path: Path) -> None:
    legacy = "NGEwMGZmMjItY2NkNy0xMWUzLTk5ZDUtMDAwYzI5NDBlNjJj"
    with SendJournal.in_directory(tmp_path, known_keys=lambda: [legacy]) as journal:
        with pytest.raises(CredentialInPayloadError) as raised:
            journal.begin("d", {**BODY, "data": {"pasted": f"key {legacy}"}})
        assert legacy not in str(raised.value)
        journal.begin("d", BODY)
        journal.note_failure("d", f"the proxy echoed {legacy}")
        assert legacy not in (journal.get("d").last_failure or "")  # type: ignore[union-attr]
    assert all(legacy.encode() not in path.read_bytes() for path in tmp_path.iterdir() if path.is_file())
