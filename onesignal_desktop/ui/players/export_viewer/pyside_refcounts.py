"""Keeps None, True and False alive under PySide6 builds that return them without a reference.

The PySide6 6.12 abi3 wheels on Python 3.11 hand back ``None`` from void methods and the bool of
``Signal.emit`` without taking a reference (harmless on 3.12+, where these objects are immortal). On 3.11
every such call drops one reference, and after some thousands the interpreter aborts with "deallocating
None". ``pin_singletons`` raises their counts by 2**40 — what 3.12 does by making them immortal — and
only when a probe shows the leak. It runs when this module is imported, before any worker thread exists.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_HEADROOM = 1 << 40


class _Probe(QObject):
    ping = Signal()


def _lost_references(call: object, singleton: object, tries: int = 8) -> int:
    before = sys.getrefcount(singleton)
    for _ in range(tries):
        call()  # type: ignore[operator]
    return before - sys.getrefcount(singleton)


def leaks_singletons() -> bool:
    probe = _Probe()
    lost_none = _lost_references(lambda: probe.setObjectName("probe"), None)
    lost_true = _lost_references(probe.ping.emit, True)
    return lost_none >= 8 or lost_true >= 8


def pin_singletons() -> bool:
    """Returns whether the counts were raised (CPython before 3.12, leaking PySide6 only)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or not leaks_singletons():
        return False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is an object's first field
        if count.value < _HEADROOM:
            count.value += _HEADROOM
    return True


PINNED = pin_singletons()
