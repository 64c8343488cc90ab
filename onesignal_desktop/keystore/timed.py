"""Run one blocking keyring call with a deadline.

A Secret Service waiting for an unlock prompt can block forever; the call runs on a daemon thread so a
hung backend never holds up the caller, nor the process at exit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class CallTimedOut(Exception):
    pass


class _Outcome(Generic[T]):
    __slots__ = ("error", "value")

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


def call_with_timeout(fn: Callable[[], T], timeout: float, *, name: str = "keyring-call") -> T:
    outcome: _Outcome[T] = _Outcome()

    def run() -> None:
        try:
            outcome.value = fn()
        except BaseException as error:  # handed back to the caller's thread below
            outcome.error = error

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise CallTimedOut
    if outcome.error is not None:
        raise outcome.error
    return outcome.value  # type: ignore[return-value]
