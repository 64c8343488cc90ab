"""Turn whatever a keyring backend raised into a sentence a person can act on."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import InitError, KeyringLocked, NoKeyringError

NO_KEYRING = (
    "No system keyring is available (on Linux, start and unlock a Secret Service such as "
    "GNOME Keyring or KWallet to have keys remembered)."
)
LOCKED = "The system keyring is locked."


def backend_name(backend: KeyringBackend) -> str:
    name = getattr(backend, "name", None)
    return str(name) if name else type(backend).__name__


def is_fail_backend(backend: KeyringBackend) -> bool:
    """The backend keyring picks when it found nothing usable (also hidden inside a chainer)."""
    if isinstance(backend, fail.Keyring):
        return True
    chained = getattr(backend, "backends", None)
    if chained is not None and not isinstance(chained, str):
        members = list(chained)
        return not members or all(is_fail_backend(member) for member in members)
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
