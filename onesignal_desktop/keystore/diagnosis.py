"""Turn whatever a keyring backend raised into a sentence a person can act on."""

from __future__ import annotations

from collections.abc import Callable

from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import InitError, KeyringLocked, NoKeyringError

NO_KEYRING = (
    "No system keyring is available (on Linux, start and unlock a Secret Service such as "
    "GNOME Keyring or KWallet to have keys remembered)."
)
NULL_KEYRING = (
    "The keyring backend in use (keyring.backends.null) keeps nothing, so keys would be gone at the next "
    "start; set PYTHON_KEYRING_BACKEND or keyringrc.cfg to a real keyring to have keys remembered."
)
LOCKED = "The system keyring is locked."


def backend_name(backend: KeyringBackend) -> str:
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


def is_fail_backend(backend: KeyringBackend) -> bool:
    """The backend keyring picks when it found nothing usable (also hidden inside a chainer)."""
    return _all_members(backend, lambda member: isinstance(member, fail.Keyring))


def unusable_reason(backend: KeyringBackend) -> str | None:
    """Why keys given to ``backend`` would not be remembered, or None when it is a real store.

    keyring's fail backend raises on every call; its null backend accepts every write and keeps nothing
    (a user may have configured it to silence keyring), which must not be reported as "remembered".
    """
    if is_fail_backend(backend):
        return NO_KEYRING
    if _all_members(backend, lambda member: isinstance(member, fail.Keyring | null.Keyring)):
        return NULL_KEYRING
    return None


def _all_members(backend: KeyringBackend, test: Callable[[KeyringBackend], bool]) -> bool:
    if test(backend):
        return True
    chained = getattr(backend, "backends", None)
    if chained is not None and not isinstance(chained, str):
        members = list(chained)
        return not members or all(_all_members(member, test) for member in members)
    return False


def describe_failure(error: BaseException, *, secret: str | None = None) -> str:
    """A reason for the failure that never contains ``secret`` (nor, as far as we can tell, any key)."""
    if isinstance(error, NoKeyringError):
        return NO_KEYRING
    if isinstance(error, KeyringLocked):
        return LOCKED
    detail = _scrub(str(error), secret)
    kind = "D-Bus error" if _looks_like_dbus(error) else type(error).__name__
    if isinstance(error, InitError):
        kind = "the keyring could not start"
    suffix = f" ({kind}: {detail})" if detail else f" ({kind})"
    return f"The system keyring could not be used{suffix}."


def timed_out(seconds: float) -> str:
    return (
        f"The system keyring did not answer within {seconds:g} seconds "
        "(it may be waiting for an unlock prompt)."
    )


def _looks_like_dbus(error: BaseException) -> bool:
    module = type(error).__module__ or ""
    text = f"{type(error).__name__} {error}".lower()
    return module.startswith(("jeepney", "secretstorage", "dbus")) or "dbus" in text or "d-bus" in text


def _scrub(text: str, secret: str | None) -> str:
    if secret:
        text = text.replace(secret, "***")
    text = " ".join(text.split())
    return text[:200]
