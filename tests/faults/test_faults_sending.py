"""Sending under faults: 1,000+ generated failure sequences around create_notification.

For each logical send: every attempt carried the same idempotency key; at most one notification exists
(exactly one when any attempt reached the server); the call ends as the retry rule says (sent, or the
typed error of the attempt that stopped it); a later resend with the same key replays instead of sending
again. Over real loopback HTTP against one in-process sandbox, with a fake sleep (no real waits).
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from faults_support import FakeSleep, fake_retry
from send_chaos import STEP_KINDS, ChaosTransport, StepKind

from onesignal_desktop.api import NotificationSent, OneSignalClient, OneSignalError
from onesignal_desktop.sandbox import Sandbox, start_sandbox

MAX_ATTEMPTS = 4
SEED = 20261126
CHUNKS = 10


def _sequences() -> list[tuple[StepKind, ...]]:
    """Every sequence of one and two steps, then seeded random ones of three to six steps."""
    exhaustive = [(kind,) for kind in STEP_KINDS] + list(itertools.product(STEP_KINDS, repeat=2))
    rng = random.Random(SEED)
    failing = [kind for kind in STEP_KINDS if kind.error is not None]
    generated = [
        tuple(rng.choice(failing if rng.random() < 0.8 else STEP_KINDS) for _ in range(rng.randint(3, 6)))
        for _ in range(1100 - len(exhaustive))
    ]
    return exhaustive + generated


SEQUENCES = _sequences()


@dataclass(frozen=True)
class Expected:
    attempts: int
    error: type[OneSignalError] | None  # None: the call returns a sent result
    processed: bool  # some attempt reached the server, so the notification exists
    replayed: bool  # the successful attempt found an earlier one already handled


def expected_outcome(script: tuple[StepKind, ...]) -> Expected:
    """What the retry rule promises for this script (steps past the script succeed)."""
    processed = False
    for attempt in range(1, MAX_ATTEMPTS + 1):
        kind = script[attempt - 1] if attempt <= len(script) else STEP_KINDS[0]
        if kind.error is None:
            return Expected(attempt, None, True, replayed=processed)
        processed = processed or kind.processed
        if not kind.retried or attempt == MAX_ATTEMPTS:
            return Expected(attempt, kind.error, processed, replayed=False)
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def chaos(sandbox: Sandbox) -> Iterator[ChaosTransport]:
    transport = ChaosTransport(sandbox)
    yield transport
    transport.close()


@pytest.fixture(scope="module")
def sender(sandbox: Sandbox, chaos: ChaosTransport) -> Iterator[OneSignalClient]:
    with OneSignalClient(
        sandbox.base_url,
        organization_key=sandbox.org_key,
        app_keys=sandbox.app_key,
        retry=fake_retry(FakeSleep(), max_attempts=MAX_ATTEMPTS),
        transport=chaos,
    ) as api:
        yield api


def notifications_with_key(sandbox: Sandbox, app_id: str, key: str) -> int:
    with sandbox.store.read() as db:
        row = db.execute(
            "SELECT COUNT(*) FROM sim_notifications WHERE app_id = ? AND idempotency_key = ?", (app_id, key)
        ).fetchone()
    return int(row[0])


def test_the_generated_sequences_cover_every_kind_in_every_position() -> None:
    assert len(SEQUENCES) >= 1000
    for position in range(MAX_ATTEMPTS):
        seen = {script[position].name for script in SEQUENCES if len(script) > position}
        assert seen == {kind.name for kind in STEP_KINDS}, position
    outcomes = [expected_outcome(script) for script in SEQUENCES]
    assert sum(1 for outcome in outcomes if outcome.replayed) >= 100  # lost answers, then replays
    assert sum(1 for outcome in outcomes if outcome.error and outcome.processed) >= 100  # possibly sent
    assert sum(1 for outcome in outcomes if outcome.error and not outcome.processed) >= 100  # never sent


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_each_logical_send_makes_at_most_one_notification(
    chunk: int,
    sandbox: Sandbox,
    setup_client: OneSignalClient,
    sender: OneSignalClient,
    chaos: ChaosTransport,
) -> None:
    app_id = setup_client.create_app({"name": f"Sending under faults {chunk}"}).id
    assert app_id
    setup_client.create_player({"app_id": app_id, "device_type": 1, "identifier": "device-token"})
    created = 0
    for index in range(chunk, len(SEQUENCES), CHUNKS):
        script = SEQUENCES[index]
        expected = expected_outcome(script)
        given_key = (
            str(uuid.UUID(int=random.Random(index).getrandbits(128), version=4)) if index % 2 else None
        )
        payload = {"app_id": app_id, "contents": {"en": f"send {index}"}, "included_segments": ["All"]}
        described = f"sequence {index}: {[kind.name for kind in script]}"

        chaos.play(list(script))
        try:
            result = sender.create_notification(payload, idempotency_key=given_key)
        except OneSignalError as error:
            assert expected.error is not None, f"{described}: unexpected {error!r}"
            assert type(error) is expected.error, f"{described}: {error!r}"
            assert error.operation == "create_notification"
            result = None
        else:
            assert expected.error is None, f"{described}: returned {result!r}"
            assert isinstance(result, NotificationSent) and result.id, described
            assert result.replayed == expected.replayed, described

        keys = {attempt.idempotency_key for attempt in chaos.attempts}
        assert len(chaos.attempts) == expected.attempts, described
        assert len(keys) == 1, f"{described}: keys {keys}"
        key = keys.pop()
        assert key is not None and (key == given_key if given_key else uuid.UUID(key).version == 4), described
        if result is not None:
            assert result.idempotency_key == key
        assert notifications_with_key(sandbox, app_id, key) == (1 if expected.processed else 0), described

        if result is None:  # the person sends again ("possibly sent"): the same key, no new notification
            chaos.play([])
            again = sender.create_notification(payload, idempotency_key=key)
            assert isinstance(again, NotificationSent), described
            assert again.replayed == expected.processed, described
            assert notifications_with_key(sandbox, app_id, key) == 1, described
        created += 1

    listed = setup_client.get_notifications(app_id, 1)
    assert listed.total_count == created  # the same count as the server's own list reports


def test_a_slow_first_attempt_handled_after_its_retry_makes_no_second_notification(tmp_path: Path) -> None:
    """The first attempt times out at the client but the server still handles it, after the retry has
    already created the notification: it must replay, not create a second one."""
    data = tmp_path / "data"
    sandbox = start_sandbox(data, seed_demo=False)
    try:
        with OneSignalClient(
            sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key
        ) as setup:
            app_id = setup.create_app({"name": "Slow first attempt"}).id
            assert app_id
            setup.create_player({"app_id": app_id, "device_type": 1, "identifier": "token"})
        with OneSignalClient(
            sandbox.base_url,
            app_keys=sandbox.app_key,
            retry=fake_retry(FakeSleep(), max_attempts=MAX_ATTEMPTS),
            timeout=httpx.Timeout(10.0, read=0.2),
        ) as impatient:
            sandbox.faults.inject("latency", times=1, method="POST", path="/notifications", ms=600)
            sent = impatient.create_notification(
                {"app_id": app_id, "contents": {"en": "slow"}, "included_segments": ["All"]}
            )
        assert isinstance(sent, NotificationSent) and not sent.replayed
    finally:
        sandbox.stop()  # waits for the slow first attempt to be handled
    with (
        start_sandbox(data, seed_demo=False) as restarted,
        OneSignalClient(restarted.base_url, app_keys=restarted.app_key) as reader,
    ):
        listed = reader.get_notifications(app_id)
    assert [notification.id for notification in listed.notifications] == [sent.id]
