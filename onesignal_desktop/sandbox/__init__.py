"""A OneSignal-compatible local server with its own SQLite store (no Qt here).

``start_sandbox(...)`` serves it on loopback in a background thread::

    with start_sandbox() as sb:                 # temp data dir, removed on stop
        httpx.get(f"{sb.base_url}/apps", headers={"Authorization": f"Key {sb.org_key}"})
        sb.app_key(app_id)                     # that app's REST key
        sb.faults.inject("503", times=1)       # see faults.py
        sb.clock.advance(60)                   # see clock.py

Hooks for the simulation (``sandbox/sim``): a module ``onesignal_desktop.sandbox.sim.demo`` may define
``seed_demo(ctx: ServerContext) -> None`` (run once, on a store with no apps, when ``seed_demo=True``) and
``generate_players(ctx: ServerContext, count: int) -> None`` (run when ``players=N``); both are optional.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.clock import SandboxClock
    from onesignal_desktop.sandbox.running import Sandbox, start_sandbox

# Loaded on first use: the console imports ``sandbox.process`` (which only starts a child process) on
# its start path, and importing the server, the store and the routes with it cost ~70 ms there.
_LAZY = {
    "Sandbox": "onesignal_desktop.sandbox.running",
    "start_sandbox": "onesignal_desktop.sandbox.running",
    "SandboxClock": "onesignal_desktop.sandbox.clock",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


__all__ = ["Sandbox", "SandboxClock", "start_sandbox"]
