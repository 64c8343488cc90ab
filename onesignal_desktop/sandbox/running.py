"""The in-thread sandbox: :func:`start_sandbox` serves it on loopback and returns a :class:`Sandbox`.

``onesignal_desktop.sandbox`` re-exports both lazily (see its docstring for how to use them).
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from onesignal_desktop.sandbox.auth import KeyRing
from onesignal_desktop.sandbox.clock import SandboxClock
from onesignal_desktop.sandbox.faults import FaultConfig, Faults
from onesignal_desktop.sandbox.ratelimits import RateLimiter
from onesignal_desktop.sandbox.routing import ServerContext
from onesignal_desktop.sandbox.server import SandboxHTTPServer, build_router
from onesignal_desktop.sandbox.store import Store, new_id
from onesignal_desktop.sandbox.store.request_log import DEFAULT_CAPACITY, RequestLog

DB_FILE = "sandbox.sqlite3"


class Sandbox:
    """A running sandbox server."""

    def __init__(self, server: SandboxHTTPServer, ctx: ServerContext, temp_dir: Path | None) -> None:
        self._server = server
        self._ctx = ctx
        self._temp_dir = temp_dir
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="onesignal-sandbox", daemon=True
        )
        self._stopped = False
        self._thread.start()

    @property
    def base_url(self) -> str:
        return self._server.url

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def org_key(self) -> str:
        return self._ctx.keys.org_key

    @property
    def organization_id(self) -> str:
        return self._ctx.organization_id

    @property
    def clock(self) -> SandboxClock:
        return self._ctx.clock

    @property
    def faults(self) -> Faults:
        return self._ctx.faults

    @property
    def store(self) -> Store:
        return self._ctx.store

    @property
    def request_log(self) -> RequestLog | None:
        """The log of requests it answered (None when started with ``request_log=0``)."""
        return self._ctx.request_log

    @property
    def context(self) -> ServerContext:
        return self._ctx

    @property
    def data_dir(self) -> Path:
        return self._ctx.data_dir

    def app_key(self, app_id: str) -> str:
        """The app's REST key (its ``basic_auth_key``)."""
        return self._ctx.keys.legacy_app_key(app_id)

    def unsubscribe_token(self, notification_id: str, subscription_id: str) -> str:
        """The unsubscribe token the sandbox put in an email of ``notification_id`` to that subscription
        (what ``{{subscription.unsubscribe_token}}`` gives in a real email)."""
        from onesignal_desktop.sandbox.sim.unsubscribe import unsubscribe_token

        return unsubscribe_token(self._ctx.keys, notification_id, subscription_id)

    def app_ids(self) -> list[str]:
        return [app.id for app in self._ctx.store.list_apps()]

    def stop(self, *, grace_seconds: float = 0.0) -> None:
        """Stop serving and close the store. Connections are closed at once (a request on its way ends
        in a connection error, as when a server goes away), unless ``grace_seconds`` lets the requests
        being answered finish first (the CLI on SIGTERM); idle keep-alive connections never wait."""
        if self._stopped:
            return
        self._stopped = True
        self._server.stopping = True
        self._server.shutdown()
        # A handler still at work (a slow request) finishes before the store closes beneath it; a
        # connection accepted just before the shutdown registers late, so it is closed on the next round.
        deadline = time.monotonic() + 5
        if grace_seconds > 0:
            # Requests being answered get their answers (each then closes its connection: stopping is set).
            self._server.wait_until_idle(timeout=min(grace_seconds, 5.0))
        self._server.close_connections()
        while not self._server.wait_for_connections(timeout=0.05) and time.monotonic() < deadline:
            self._server.close_connections()
        self._server.server_close()
        self._thread.join(timeout=5)
        if self._ctx.request_log is not None:
            self._ctx.request_log.close()
        self._ctx.store.close()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    def wait(self) -> None:
        """Block until stopped (used by the CLI)."""
        self._thread.join()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Sandbox({self.base_url}, data_dir={str(self.data_dir)!r})"


def _sim_hook(name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("onesignal_desktop.sandbox.sim.demo")
    except ModuleNotFoundError as error:
        if error.name in ("onesignal_desktop.sandbox.sim.demo", "onesignal_desktop.sandbox.sim"):
            return None
        raise
    hook = getattr(module, name, None)
    return hook if callable(hook) else None


def start_sandbox(
    data_dir: str | Path | None = None,
    *,
    port: int = 0,
    host: str = "127.0.0.1",
    org_key: str | None = None,
    players: int | None = None,
    faults: str | FaultConfig | None = None,
    rate_limits: str | None = None,
    clock: SandboxClock | None = None,
    seed_demo: bool = True,
    request_log: int = DEFAULT_CAPACITY,
    on_listening: Callable[[str, str, Path], None] | None = None,
) -> Sandbox:
    """Start a sandbox on ``host:port`` (0: a free port) in a background thread and return it.

    ``on_listening(base_url, org_key, data_dir)`` is called once the port is open and before the demo
    data and generated players are made: a client told then can get going, and its first requests wait
    in the listen queue until the data is there and the server answers.

    ``request_log``: how many requests the request log keeps (the oldest go first); 0 keeps none.
    """
    temp_dir: Path | None = None
    server: SandboxHTTPServer | None = None
    if data_dir is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="onesignal-sandbox-"))
        directory = temp_dir
    else:
        directory = Path(data_dir)
        directory.mkdir(parents=True, exist_ok=True)
    router = build_router()  # imports the routes modules first, so their register_schema calls count
    store = Store(directory / DB_FILE)
    log: RequestLog | None = None
    try:
        organization_id = store.get_meta("organization_id")
        if organization_id is None:
            organization_id = new_id()
            store.set_meta("organization_id", organization_id)
        sandbox_clock = clock or SandboxClock()
        log = RequestLog(store, request_log) if request_log else None
        ctx = ServerContext(
            store=store,
            clock=sandbox_clock,
            keys=KeyRing(directory, org_key, store),
            faults=Faults(faults),
            data_dir=directory,
            organization_id=organization_id,
            rate_limits=RateLimiter(sandbox_clock, rate_limits) if rate_limits else None,
            request_log=log,
        )
        server = SandboxHTTPServer((host, port), router, ctx)
        if on_listening is not None:
            on_listening(server.url, ctx.keys.org_key, directory)
        if seed_demo and not store.list_apps():
            seed = _sim_hook("seed_demo")
            if seed is not None:
                seed(ctx)
        if players:
            generate = _sim_hook("generate_players")
            if generate is not None:
                generate(ctx, players)
    except BaseException:
        if server is not None:
            server.server_close()
        if log is not None:
            log.close()
        store.close()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        raise
    return Sandbox(server, ctx, temp_dir)


__all__ = ["DB_FILE", "Sandbox", "start_sandbox"]
