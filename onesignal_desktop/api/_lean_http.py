"""Import httpx and httpcore without the optional parts this client never uses.

Both import extras eagerly when they happen to be installed next to them: httpx its command-line client
(click, pygments, rich: ~15 ms) and httpcore the trio async library (~45 ms), on the console's way to
its first apps list. This client is synchronous and never runs httpx's CLI, so while the two load, those
modules are hidden (``import`` of them raises ImportError, which both packages handle as "not
installed"); afterwards nothing is hidden any more, so anyone else can still import them. Nothing is
hidden when a module was already imported or when httpx/httpcore already are.
"""

from __future__ import annotations

import importlib
import sys

NOT_NEEDED = ("httpx._main", "trio")


def import_http_stack() -> None:
    if "httpx" in sys.modules and "httpcore" in sys.modules:
        return
    hidden = [name for name in NOT_NEEDED if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the documented "cannot import" marker
    try:
        importlib.import_module("httpx")
        importlib.import_module("httpcore")
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


import_http_stack()
