"""OneSignal Desktop: a native admin console for OneSignal, with a local sandbox."""

from __future__ import annotations

from functools import cache


@cache
def _installed_version() -> str:
    # importlib.metadata costs ~25 ms to import: only what asks for the version pays for it (the
    # sandbox's child process never does).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("onesignal-desktop")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__"]
