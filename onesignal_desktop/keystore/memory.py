"""A keyring backend that lives in this process only: for the screenshot script and the tests.

It lets the console run end to end without touching the user's real keyring.
"""

from __future__ import annotations

import threading
from typing import Any, NoReturn

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class _NeverChosen:
    """A ``priority`` that raises when read, on the class as on an instance. Raising makes keyring's
    discovery pass the backend over: it is only ever used when set explicitly, so a machine without a
    Secret Service never mistakes it for a real keyring. (A plain descriptor rather than keyring's own
    classproperty helper, which keyring 24 keeps in a private module and later releases in keyring.compat.)"""

    def __get__(self, instance: object, owner: type | None = None) -> NoReturn:
        raise RuntimeError("the in-memory keyring is only used when set explicitly")


class MemoryKeyring(KeyringBackend):
    priority: Any = _NeverChosen()

    name = "in-memory keyring of this process"

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], str] = {}

    def __repr__(self) -> str:
        return f"MemoryKeyring({len(self._entries)} entries)"

    @property
    def entry_names(self) -> list[tuple[str, str]]:
        with self._lock:
            return sorted(self._entries)

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            if (service, username) not in self._entries:
                raise PasswordDeleteError(username)
            del self._entries[(service, username)]
