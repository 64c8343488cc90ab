"""Keys in the OS keyring, one entry per key, with a session-only fallback when no keyring is usable.

Pure Python (no Qt). The console builds one :class:`KeyStore` per run, probes it off the UI thread at
start-up, and reads keys through it at call time.
"""

from onesignal_desktop.keystore.entries import SERVICE, KeyRef
from onesignal_desktop.keystore.memory import MemoryKeyring
from onesignal_desktop.keystore.state import KeyringKind, KeyringState
from onesignal_desktop.keystore.store import KeyStore

__all__ = ["SERVICE", "KeyRef", "KeyStore", "KeyringKind", "KeyringState", "MemoryKeyring"]
