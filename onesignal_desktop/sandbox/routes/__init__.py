"""Route modules of the sandbox: every module here defining ``router: Router`` is mounted by the server."""

from __future__ import annotations

import importlib
import pkgutil

from onesignal_desktop.sandbox.routing import Router


def discover_routers() -> list[Router]:
    routers: list[Router] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            routers.append(router)
    return routers
