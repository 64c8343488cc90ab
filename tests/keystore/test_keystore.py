"""The key store keeps one keyring entry per key and falls back to this session's memory when it must."""

from __future__ import annotations

import time

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import InitError, KeyringLocked

from onesignal_desktop.keystore import SERVICE, KeyRef, KeyringKind, KeyStore, MemoryKeyring

ORG_KEY = "os_v2_org_" + "a" * 52
APP_KEY = "os_v2_app_" + "b" * 52
APP_ID = "8f0a2a0c-6e9b-4c8a-9a51-3f0e6a1b2c3d"


class DBusError(Exception):
    """Looks like what jeepney/secretstorage raise when the bus misbehaves."""


class RaisingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class LockedKeyring(RaisingKeyring):
    def __init__(self) -> None:
        super().__init__(KeyringLocked("Failed to unlock the collection!"))


def test_each_key_is_its_own_entry_under_the_service(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore()
    assert store.probe().kind is KeyringKind.SYSTEM

    store.set(KeyRef.organization("work"), ORG_KEY)
    store.set(KeyRef.app("work", APP_ID), APP_KEY)

    assert memory_keyring.entry_names == [(SERVICE, "work/app/" + APP_ID), (SERVICE, "work/organization")]
    assert memory_keyring.get_password(SERVICE, "work/organization") == ORG_KEY


def test_keys_survive_into_a_new_session(memory_keyring: MemoryKeyring) -> None:
    KeyStore().set(KeyRef.app("work", APP_ID), APP_KEY)

    later = KeyStore()
    later.probe()
    assert later.get(KeyRef.app("work", APP_ID)) == APP_KEY
    assert later.get(KeyRef.app("other-profile", APP_ID)) is None


def test_replacing_and_removing_a_key(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore()
    store.probe()
    ref = KeyRef.organization("work")
    store.set(ref, ORG_KEY)
    store.set(ref, "os_v2_org_" + "c" * 52)
    assert KeyStore().get(ref) == "os_v2_org_" + "c" * 52

    store.delete(ref)
    assert store.get(ref) is None
    assert KeyStore().get(ref) is None
    store.delete(ref)  # removing a key that is not there is not an error


def test_probe_reads_an_entry_nobody_wrote(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore()
    state = store.probe()
    assert state.persistent
    assert "system keyring" in state.message
    assert memory_keyring.entry_names == []


@pytest.mark.parametrize(
    ("backend", "expected_words"),
    [
        (fail.Keyring(), "No system keyring is available"),
        (null.Keyring(), "keeps nothing"),
        (LockedKeyring(), "keyring is locked"),
        (RaisingKeyring(DBusError("org.freedesktop.DBus.Error.ServiceUnknown")), "D-Bus error"),
        (RaisingKeyring(InitError("cannot connect")), "could not start"),
        (RaisingKeyring(RuntimeError("boom")), "could not be used"),
    ],
    ids=["fail-backend", "null-backend", "locked", "dbus-error", "init-error", "raising"],
)
def test_no_usable_keyring_keeps_keys_for_the_session_and_says_so(backend, expected_words) -> None:
    store = KeyStore(backend)
    state = store.probe()

    assert state.kind is KeyringKind.SESSION_ONLY
    assert expected_words in state.message
    assert "for this session only" in state.message

    store.set(KeyRef.organization("work"), ORG_KEY)
    assert store.get(KeyRef.organization("work")) == ORG_KEY
    assert ORG_KEY not in state.message and ORG_KEY not in repr(store)

    store.delete(KeyRef.organization("work"))
    assert store.get(KeyRef.organization("work")) is None


def test_a_key_given_to_the_null_keyring_is_not_said_to_be_remembered() -> None:
    """keyring's null backend accepts every write and keeps nothing: keys would vanish at restart."""
    store = KeyStore(null.Keyring())  # no probe first: the first write must find out by itself
    state = store.set(KeyRef.organization("work"), ORG_KEY)
    assert state.kind is KeyringKind.SESSION_ONLY and not state.persistent
    assert "keeps nothing" in state.message and "for this session only" in state.message
    assert store.get(KeyRef.organization("work")) == ORG_KEY
    assert KeyStore(null.Keyring()).get(KeyRef.organization("work")) is None


def test_probe_gives_up_on_a_hanging_keyring(hanging_keyring: KeyringBackend) -> None:
    store = KeyStore(hanging_keyring)
    started = time.monotonic()
    state = store.probe(timeout=0.2)

    assert time.monotonic() - started < 2
    assert state.kind is KeyringKind.SESSION_ONLY
    assert "did not answer within 0.2 seconds" in state.message
    # Once given up on, the hanging keyring is not asked again: setting a key returns at once.
    started = time.monotonic()
    store.set(KeyRef.organization("work"), ORG_KEY)
    assert time.monotonic() - started < 1  # it hangs until the test ends: a wait on it is seconds
    assert store.get(KeyRef.organization("work")) == ORG_KEY


def test_keyring_failing_after_a_good_probe_keeps_the_key_in_memory() -> None:
    class BreaksOnWrite(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise DBusError(f"could not store {password}")  # a careless backend echoing the secret

    store = KeyStore(BreaksOnWrite())
    assert store.probe().persistent
    reported = []
    store.add_listener(reported.append)

    state = store.set(KeyRef.organization("work"), ORG_KEY)

    assert state.kind is KeyringKind.SESSION_ONLY
    assert reported == [state]
    assert ORG_KEY not in state.message
    assert "***" in state.message
    assert store.get(KeyRef.organization("work")) == ORG_KEY


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        KeyStore().set(KeyRef.organization("work"), "")


def test_repr_and_labels_never_show_a_key() -> None:
    store = KeyStore()
    store.set(KeyRef.app("work", APP_ID), APP_KEY)
    assert APP_KEY not in repr(store)
    assert APP_ID in KeyRef.app("work", APP_ID).label


def test_remembered_keys_never_reach_the_keyring(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore()
    store.probe()
    store.remember(KeyRef.app("Sandbox (local)", APP_ID), APP_KEY)
    assert store.get(KeyRef.app("Sandbox (local)", APP_ID)) == APP_KEY
    assert memory_keyring.entry_names == []


def test_scrub_hides_every_key_of_the_session() -> None:
    store = KeyStore()
    store.remember(KeyRef.organization("work"), ORG_KEY)
    store.remember(KeyRef.app("work", APP_ID), APP_KEY)
    text = store.scrub(f"401 for {ORG_KEY} and then {APP_KEY}!")
    assert text == "401 for [redacted] and then [redacted]!"
