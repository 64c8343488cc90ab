"""Keys in the OS keyring, one entry per key, with a session-only fallback when no keyring is usable.

Pure Python (no Qt). The console builds one :class:`KeyStore` per run, probes it off the UI thread at
start-up, and reads keys through it at call time.
"""

from typing import TYPE_CHECKING, Any

from onesignal_desktop.keystore.entries import SERVICE, KeyRef
from onesignal_desktop.keystore.state import KeyringKind, KeyringState
from onesignal_desktop.keystore.store import KeyStore

if TYPE_CHECKING:
    from onesignal_desktop.keystore.memory import MemoryKeyring


def __getattr__(name: str) -> Any:
    # MemoryKeyring subclasses keyring's backend class: importing it imports keyring (~40 ms), which
    # the console's start must not pay on its UI thread; tests and scripts that use it load it here.
    if name == "MemoryKeyring":
        from onesignal_desktop.keystore.memory import MemoryKeyring

        return MemoryKeyring
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SERVICE", "KeyRef", "KeyStore", "KeyringKind", "KeyringState", "MemoryKeyring"]
