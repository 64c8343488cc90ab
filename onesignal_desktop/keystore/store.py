"""The key store: the OS keyring when it works, this session's memory when it does not."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from onesignal_desktop.keystore.entries import PROBE_ENTRY, SERVICE, KeyRef
from onesignal_desktop.keystore.state import KeyringKind, KeyringState
from onesignal_desktop.keystore.timed import CallTimedOut, call_with_timeout

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring and the diagnosis (which imports it) load on first use, off the UI thread: importing keyring
# at start-up cost the console ~80 ms on the UI thread before its window could be built.

StateListener = Callable[[KeyringState], None]

_KEY_SHAPE = re.compile(r"os_v2_(?:org|app)_[a-z2-7]{8,}")

DEFAULT_TIMEOUT = 5.0


class KeyStore:
    """Reads and writes keys, one keyring entry per key, under service ``onesignal-desktop``.

    Every backend call has a deadline. When the keyring is missing, locked, times out or raises, the
    store switches to session-only memory for the rest of the run, reports why through ``state`` and
    the listeners, and never writes a key anywhere else. Keys read once are remembered for the session
    so API calls do not go to D-Bus each time. Methods block: call them off the UI thread.
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        service: str = SERVICE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._backend = backend
        self._service = service
        self._timeout = timeout
        self._lock = threading.RLock()
        self._memory: dict[KeyRef, str] = {}
        self._known_missing: set[KeyRef] = set()
        self._state = KeyringState.unknown()
        self._listeners: list[StateListener] = []

    def __repr__(self) -> str:  # never shows a key
        return f"KeyStore(service={self._service!r}, state={self._state.kind.value})"

    @property
    def state(self) -> KeyringState:
        return self._state

    def add_listener(self, listener: StateListener) -> None:
        """``listener`` is called (on whatever thread changed it) when the state changes."""
        self._listeners.append(listener)

    def probe(self, timeout: float | None = None) -> KeyringState:
        """Find out whether the keyring answers, by reading an entry that does not exist."""
        from onesignal_desktop.keystore.diagnosis import (
            backend_name,
            describe_failure,
            timed_out,
            unusable_reason,
        )

        deadline = self._timeout if timeout is None else timeout
        try:
            backend = call_with_timeout(self._resolve_backend, deadline, name="keyring-probe")
            unusable = unusable_reason(backend)
            if unusable is not None:
                return self._degrade(unusable, backend_name(backend))
            call_with_timeout(
                lambda: backend.get_password(self._service, PROBE_ENTRY), deadline, name="keyring-probe"
            )
        except CallTimedOut:
            return self._degrade(timed_out(deadline))
        except Exception as error:
            return self._degrade(describe_failure(error))
        self._set_state(KeyringState.system(backend_name(backend)))
        return self._state

    def get(self, ref: KeyRef) -> str | None:
        with self._lock:
            if ref in self._memory:
                return self._memory[ref]
            if ref in self._known_missing or not self._uses_keyring():
                return None
        secret = self._on_keyring(lambda backend: backend.get_password(self._service, ref.entry_name))
        with self._lock:
            if secret:
                self._memory[ref] = secret
            elif self._uses_keyring():
                self._known_missing.add(ref)
        return secret or None

    def has(self, ref: KeyRef) -> bool:
        return self.get(ref) is not None

    def set(self, ref: KeyRef, secret: str) -> KeyringState:
        """Store ``secret``; returns the state afterwards (session-only if the keyring refused it)."""
        if not secret:
            raise ValueError("an empty key cannot be stored; remove it instead")
        with self._lock:
            self._memory[ref] = secret
            self._known_missing.discard(ref)
        if self._uses_keyring():
            self._on_keyring(
                lambda backend: backend.set_password(self._service, ref.entry_name, secret), secret=secret
            )
        return self._state

    def remember(self, ref: KeyRef, secret: str) -> None:
        """Hold ``secret`` for this session only, never writing it to the keyring (sandbox keys)."""
        if not secret:
            raise ValueError("an empty key cannot be remembered")
        with self._lock:
            self._memory[ref] = secret
            self._known_missing.discard(ref)

    def known_secrets(self) -> list[str]:
        """Every key this session has seen (read, stored or remembered), for guards that must keep them
        out of files: legacy and pasted keys have no shape a pattern could recognise."""
        with self._lock:
            return list(set(self._memory.values()))

    def scrub(self, text: str) -> str:
        """``text`` with every key this session has seen, and anything shaped like a OneSignal key (one
        typed and refused, one a server just sent), replaced by ``[redacted]``."""
        with self._lock:
            secrets = sorted(set(self._memory.values()), key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "[redacted]")
        return _KEY_SHAPE.sub("[redacted]", text)

    def delete(self, ref: KeyRef) -> None:
        with self._lock:
            self._memory.pop(ref, None)
            self._known_missing.add(ref)
        if self._uses_keyring():
            self._on_keyring(lambda backend: _delete_if_present(backend, self._service, ref.entry_name))

    def forget_session(self) -> None:
        """Drop every key held in memory (the keyring itself is untouched)."""
        with self._lock:
            self._memory.clear()
            self._known_missing.clear()

    def _uses_keyring(self) -> bool:
        return self._state.kind is not KeyringKind.SESSION_ONLY

    def _resolve_backend(self) -> KeyringBackend:
        if self._backend is None:
            from onesignal_desktop.keystore.backend_choice import choose_backend

            self._backend = choose_backend()
        return self._backend

    def _on_keyring(
        self, operation: Callable[[KeyringBackend], str | None], *, secret: str | None = None
    ) -> str | None:
        from onesignal_desktop.keystore.diagnosis import (
            backend_name,
            describe_failure,
            timed_out,
            unusable_reason,
        )

        try:
            backend = call_with_timeout(self._resolve_backend, self._timeout)
            unusable = unusable_reason(backend)
            if unusable is not None:
                self._degrade(unusable, backend_name(backend))
                return None
            return call_with_timeout(lambda: operation(backend), self._timeout)
        except CallTimedOut:
            self._degrade(timed_out(self._timeout))
        except Exception as error:
            self._degrade(describe_failure(error, secret=secret))
        return None

    def _degrade(self, reason: str, backend: str = "") -> KeyringState:
        self._set_state(KeyringState.session_only(reason, backend))
        return self._state

    def _set_state(self, state: KeyringState) -> None:
        with self._lock:
            changed = state != self._state
            self._state = state
        if changed:
            for listener in list(self._listeners):
                listener(state)


def _delete_if_present(backend: KeyringBackend, service: str, entry: str) -> None:
    from keyring.errors import PasswordDeleteError

    # Nothing stored under that name is already the state we want.
    with contextlib.suppress(PasswordDeleteError):
        backend.delete_password(service, entry)
