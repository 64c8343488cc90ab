from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from onesignal_desktop.compose._guard import CredentialInPayloadError, find_credential
from onesignal_desktop.compose.drafts import (
    CREATE_FIELDS,
    Draft,
    DraftNotFoundError,
    DraftStore,
    create_fields_of,
    duplicate_notification,
)

PAYLOAD: dict[str, Any] = {
    "app_id": "8250eaf6-1a58-489e-b136-7c74a864b434",
    "headings": {"en": "Flash sale", "de": "Blitzangebot"},
    "contents": {"en": "50% off today only", "de": "Nur heute 50 % Rabatt"},
    "included_segments": ["Subscribed Users"],
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DraftStore]:
    with DraftStore.in_directory(tmp_path) as opened:
        yield opened


def run_and_kill(data_dir: Path, script: str, lines_before_kill: int) -> list[str]:
    """Run ``script`` (gets the data dir as argv[1]) and SIGKILL it after it printed that many lines."""
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    try:
        while len(lines) < lines_before_kill:
            line = process.stdout.readline()
            assert line, "the child died on its own"
            lines.append(line.strip())
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        process.stdout.close()
    return lines


def test_save_and_load_round_trip(store: DraftStore) -> None:
    draft = Draft.new(PAYLOAD, ui_state={"zone": "Europe/Berlin"})
    saved = store.save(draft)
    assert store.load(draft.id) == saved
    assert saved.updated_at >= draft.updated_at
    assert [d.id for d in store.drafts()] == [draft.id]
    assert saved.title == "Flash sale"


def test_titles() -> None:
    assert Draft.new({}).title == "Untitled draft"
    assert Draft.new({"contents": {"fr": "Bonjour"}}).title == "Bonjour"
    assert Draft.new({"email_subject": "Invoice"}).title == "Invoice"
    assert Draft.new(PAYLOAD, label="Black Friday").title == "Black Friday"
    long_title = Draft.new({"headings": {"en": "word " * 40}}).title
    assert len(long_title) == 60 and long_title.endswith("…")


def test_a_draft_left_open_by_a_killed_process_is_recoverable(tmp_path: Path) -> None:
    lines = run_and_kill(
        tmp_path,
        """
        import sys, itertools
        from onesignal_desktop.compose.drafts import Draft, DraftStore
        store = DraftStore.in_directory(sys.argv[1])
        closed = store.save(Draft.new({"contents": {"en": "closed cleanly"}}))
        store.close(closed)
        draft = Draft.new({"contents": {"en": ""}})
        for n in itertools.count():
            draft = store.save(Draft(draft.id, {"contents": {"en": "typing " + "x" * n}}, draft.created_at))
            print(draft.id, n, flush=True)
        """,
        lines_before_kill=25,
    )
    draft_id = lines[-1].split()[0]
    typed_at_least = int(lines[-1].split()[1])
    with DraftStore.in_directory(tmp_path) as store:
        (recovered,) = store.recoverable()
        assert recovered.id == draft_id
        assert len(recovered.payload["contents"]["en"]) >= len("typing ") + typed_at_least
        assert {d.title for d in store.drafts()} >= {"closed cleanly"}
        restored = store.restore(draft_id)
        assert restored == recovered
        assert store.recoverable() == []
        store.discard(draft_id)
        assert [d.title for d in store.drafts()] == ["closed cleanly"]


def test_drafts_open_in_another_running_session_are_not_offered(tmp_path: Path) -> None:
    with DraftStore.in_directory(tmp_path) as other, DraftStore.in_directory(tmp_path) as mine:
        other.save(Draft.new(PAYLOAD))
        assert mine.recoverable() == []
    with DraftStore.in_directory(tmp_path) as later:
        assert later.recoverable() == []  # the other session shut down cleanly


def test_close_by_id_and_draft(store: DraftStore, tmp_path: Path) -> None:
    first = store.save(Draft.new(PAYLOAD))
    second = store.save(Draft.new({"contents": {"en": "second"}}))
    store.close(first.id)
    store.close(second)
    raw = [json.loads(p.read_text()) for p in (tmp_path / "drafts").glob("*.json")]
    assert [r["open_session"] for r in raw] == [None, None]
    with pytest.raises(DraftNotFoundError):
        store.close("missing")


def test_discard_and_load_missing(store: DraftStore) -> None:
    draft = store.save(Draft.new(PAYLOAD))
    store.discard(draft.id)
    with pytest.raises(DraftNotFoundError):
        store.load(draft.id)
    with pytest.raises(DraftNotFoundError):
        store.discard(draft.id)
    with pytest.raises(DraftNotFoundError):
        store.load("../../etc/passwd")


def test_a_corrupt_draft_file_is_skipped(store: DraftStore, tmp_path: Path) -> None:
    store.save(Draft.new(PAYLOAD))
    (tmp_path / "drafts" / "broken.json").write_text("{not json")
    assert len(store.drafts()) == 1


def test_kill_9_during_saves_never_leaves_a_half_written_draft(tmp_path: Path) -> None:
    run_and_kill(
        tmp_path,
        """
        import sys, itertools
        from onesignal_desktop.compose.drafts import Draft, DraftStore
        store = DraftStore.in_directory(sys.argv[1])
        draft = Draft.new({})
        for n in itertools.count():
            store.save(Draft(draft.id, {"contents": {"en": str(n) * 20000}}, draft.created_at))
            print(n, flush=True)
        """,
        lines_before_kill=15,
    )
    files = list((tmp_path / "drafts").glob("*.json"))
    assert len(files) == 1
    document = json.loads(files[0].read_text())
    text = document["draft"]["payload"]["contents"]["en"]
    assert len(set(text)) <= 2 and len(text) >= 20000


def test_credentials_are_refused(store: DraftStore) -> None:
    with pytest.raises(CredentialInPayloadError):
        store.save(Draft.new({"headers": {"authorization": "Key x"}}))
    with pytest.raises(CredentialInPayloadError):
        store.save(Draft.new(PAYLOAD, ui_state={"note": "os_v2_app_" + "a" * 52}))


LEGACY_KEY = "NGEwMGZmMjItY2NkNy0xMWUzLTk5ZDUtMDAwYzI5NDBlNjJj"  # a legacy REST key: no os_v2_ shape


def test_a_key_the_console_knows_is_refused_whatever_its_shape(tmp_path: Path) -> None:
    with DraftStore.in_directory(tmp_path, known_keys=lambda: [LEGACY_KEY, "short"]) as store:
        for payload in (
            {**PAYLOAD, "data": {"note": f"the key is {LEGACY_KEY}"}},
            {**PAYLOAD, "data": {LEGACY_KEY: "as a name"}},
        ):
            with pytest.raises(CredentialInPayloadError) as raised:
                store.save(Draft.new(payload))
            assert LEGACY_KEY not in str(raised.value)
        with pytest.raises(CredentialInPayloadError):
            store.save(Draft.new(PAYLOAD, ui_state={"pasted": LEGACY_KEY}))
        store.save(Draft.new({**PAYLOAD, "data": {"word": "short"}}))  # too short to look for in text
    assert not any(LEGACY_KEY in path.read_text() for path in tmp_path.rglob("*.json"))


def test_duplicate_a_sent_notification_copies_only_create_fields() -> None:
    sent = {
        **PAYLOAD,
        "id": "b98881cc-1e94-4366-bbd9-db8f3429292b",
        "external_id": "old-key",
        "idempotency_key": "old-key",
        "successful": 10,
        "failed": 1,
        "errored": 0,
        "converted": 3,
        "remaining": 0,
        "queued_at": 1_700_000_000,
        "send_after": 1_700_000_000,
        "completed_at": 1_700_000_100,
        "platform_delivery_stats": {"ios": {"successful": 5}},
        "canceled": False,
        "url": None,
        "buttons": [{"id": "a", "text": "Open"}],
    }
    draft = duplicate_notification(sent)
    assert draft.payload == {**PAYLOAD, "buttons": [{"id": "a", "text": "Open"}]}
    assert draft.source_notification_id == sent["id"]
    assert draft.id != sent["id"]


def _spec_create_fields() -> set[str]:
    # Vendored into the project (tests/data/openapi); a missing file fails the test.
    spec_dir = Path(__file__).resolve().parents[1] / "data" / "openapi"
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
    specs = [
        json.loads((spec_dir / "onesignal-v1.2.2.json").read_text()),
        yaml.load((spec_dir / "onesignal-v5.12.0.yaml").read_text(), Loader=Loader),
    ]
    names: set[str] = set()
    for spec in specs:
        schemas = spec["components"]["schemas"]

        def properties(name: str, schemas: dict[str, Any] = schemas) -> dict[str, Any]:
            schema, found = schemas[name], {}
            for part in schema.get("allOf", []) + schema.get("anyOf", []) + schema.get("oneOf", []):
                if "$ref" in part:
                    found |= properties(part["$ref"].rsplit("/", 1)[-1])
                else:
                    found |= part.get("properties", {})
            return found | schema.get("properties", {})

        names |= {key for key, value in properties("Notification").items() if not value.get("readOnly")}
    return names


def test_create_fields_match_the_specs_writable_fields() -> None:
    spec_fields = _spec_create_fields()
    assert spec_fields - CREATE_FIELDS == {"id", "external_id", "idempotency_key", "send_after"}
    assert not CREATE_FIELDS - spec_fields


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=15,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=5), st.text(max_size=30))
def test_any_json_payload_round_trips(store: DraftStore, payload: dict[str, Any], label: str) -> None:
    assume(find_credential(payload) is None)  # a field named like a key ("ORG_KEY") is refused by design
    draft = store.save(Draft.new(payload, label=label))
    assert store.load(draft.id) == draft
    assert create_fields_of(payload) == {
        k: v for k, v in payload.items() if k in CREATE_FIELDS and v is not None
    }


def test_draft_ids_must_be_safe_file_names(store: DraftStore) -> None:
    with pytest.raises(ValueError, match="draft id"):
        store.save(Draft("../escape", PAYLOAD))
    with pytest.raises(ValueError, match="draft id"):
        store.save(Draft("", PAYLOAD))
    saved = store.save(Draft("composer-1_a", PAYLOAD))
    assert store.load("composer-1_a") == saved
