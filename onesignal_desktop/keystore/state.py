"""Whether keys survive a restart, in words a person understands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SESSION_ONLY_CONSEQUENCE = (
    "Keys you enter are kept for this session only and forgotten when you quit; "
    "they are not written anywhere else."
)


class KeyringKind(Enum):
    UNKNOWN = "unknown"  # not probed yet
    SYSTEM = "system"  # the OS keyring answers
    SESSION_ONLY = "session-only"  # no usable keyring: keys live in memory for this run


@dataclass(frozen=True, slots=True)
class KeyringState:
    kind: KeyringKind
    message: str
    backend_name: str = ""

    @property
    def persistent(self) -> bool:
        return self.kind is KeyringKind.SYSTEM

    @classmethod
    def unknown(cls) -> KeyringState:
        return cls(KeyringKind.UNKNOWN, "The system keyring has not been checked yet.")

    @classmethod
    def system(cls, backend_name: str) -> KeyringState:
        message = f"Keys are stored in the system keyring ({backend_name})."
        return cls(KeyringKind.SYSTEM, message, backend_name)

    @classmethod
    def session_only(cls, reason: str, backend_name: str = "") -> KeyringState:
        return cls(KeyringKind.SESSION_ONLY, f"{reason} {SESSION_ONLY_CONSEQUENCE}", backend_name)
