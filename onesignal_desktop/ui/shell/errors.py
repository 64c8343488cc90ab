"""Errors in plain words: which operation, and what went wrong. Never a key."""

from __future__ import annotations

from collections.abc import Callable


def describe_error(operation: str, error: BaseException, scrub: Callable[[str], str] = str) -> str:
    """ "<operation> failed: <what went wrong>", with any known key scrubbed out."""
    return scrub(f"{operation} failed: {_detail(error)}")


def _detail(error: BaseException) -> str:
    try:
        from onesignal_desktop.api.errors import (
            APIStatusError,
            MissingKeyError,
            OneSignalError,
            TransportError,
        )
    except ImportError:  # the API layer is optional for the frame's own tests
        return _generic(error)
    if isinstance(error, MissingKeyError):
        return ("; ".join(error.messages) or "a key is missing") + " — set it with Keys… (Ctrl+K)"
    if isinstance(error, TransportError):
        return "could not reach the server" + _messages(error)
    if isinstance(error, APIStatusError):
        return f"the server answered HTTP {error.status}" + _messages(error)
    if isinstance(error, OneSignalError):
        return "; ".join(error.messages) or type(error).__name__
    return _generic(error)


def _messages(error: object) -> str:
    # A dash, not parentheses: the server's own words often carry parentheses of their own.
    messages = [m for m in getattr(error, "messages", []) if m]
    return f" — {'; '.join(messages)}" if messages else ""


def _generic(error: BaseException) -> str:
    text = str(error).strip()
    return f"{text} ({type(error).__name__})" if text else type(error).__name__
