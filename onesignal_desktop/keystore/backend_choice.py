"""Which keyring backend to use, chosen without keyring's search of every installed backend.

``keyring.get_keyring()`` imports every backend it knows and asks each for its priority; on Linux the
macOS backend's import alone looks for its system library with ``ctypes.util.find_library``, which runs
``ldconfig`` and ``gcc`` (~200 ms of a console start). A desktop console only ever wants the platform's
own store, so :func:`choose_backend` loads just that one. A backend set with ``keyring.set_keyring`` (the
tests' in-memory keyring) and what the user configured for keyring (the ``PYTHON_KEYRING_BACKEND``
variable or a ``keyringrc.cfg``) still win, through keyring's own resolution.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# Best first, as keyring's priorities rank them on each platform.
PLATFORM_BACKENDS: dict[str, tuple[str, ...]] = {
    "linux": ("keyring.backends.SecretService.Keyring", "keyring.backends.kwallet.DBusKeyring"),
    "darwin": ("keyring.backends.macOS.Keyring",),
    "win32": ("keyring.backends.Windows.WinVaultKeyring",),
}


def user_configured_backend() -> bool:
    """True when the user told keyring which backend to use (environment or config file)."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    from keyring.util.platform_ import config_root

    return (Path(config_root()) / "keyringrc.cfg").exists()


def choose_backend() -> KeyringBackend:
    """The user's configured backend, else the platform's first usable one, else keyring's fail
    backend (which the key store reports as "no system keyring")."""
    import keyring
    from keyring.backends import fail
    from keyring.core import load_keyring

    candidates = PLATFORM_BACKENDS.get(sys.platform)
    already_set = getattr(keyring.core, "_keyring_backend", None) is not None
    if candidates is None or already_set or user_configured_backend():
        return keyring.get_keyring()
    for name in candidates:
        try:
            return load_keyring(name)  # checks the backend's priority: raises when it is unusable
        except Exception:  # an unusable backend: the next one gets its turn
            continue
    return fail.Keyring()  # type: ignore[no-untyped-call]
