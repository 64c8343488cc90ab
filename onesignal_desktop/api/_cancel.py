"""Cancellation checks shared by the multi-step helpers (paging, export download)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from onesignal_desktop.api.errors import OperationCancelled

__all__ = ["CancelCheck", "check_cancelled", "is_cancelled", "wait_unless_cancelled"]

#: A threading.Event (set = cancel) or a callable returning True to cancel.
CancelCheck = threading.Event | Callable[[], bool] | None

_POLL_SLICE = 0.1


def is_cancelled(cancel: CancelCheck) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def check_cancelled(cancel: CancelCheck, operation: str) -> None:
    if is_cancelled(cancel):
        raise OperationCancelled(operation, ["cancelled"])


def wait_unless_cancelled(
    seconds: float, cancel: CancelCheck, operation: str, sleep: Callable[[float], None] | None = None
) -> None:
    """Wait ``seconds``, waking early (and raising OperationCancelled) when the caller cancels."""
    check_cancelled(cancel, operation)
    if seconds <= 0:
        return
    if sleep is not None:
        sleep(seconds)
    elif isinstance(cancel, threading.Event):
        cancel.wait(seconds)
    elif cancel is None:
        time.sleep(seconds)
    else:
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0 and not is_cancelled(cancel):
            time.sleep(min(_POLL_SLICE, remaining))
    check_cancelled(cancel, operation)
