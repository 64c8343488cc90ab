"""pytest plugin: a local OneSignal (the sandbox) for the tests of programs that send through OneSignal.

Installed with ``onesignal-desktop`` and registered through the ``pytest11`` entry point; it does nothing
until a test asks for one of its fixtures (this module imports only pytest; the sandbox loads on first
use). Disable it with ``-p no:onesignal_desktop.sandbox.pytest_plugin``.

Fixtures
--------
``onesignal_app``
    A new app in the session's sandbox with its default segments and 3 subscribed iOS devices (change with
    ``@pytest.mark.onesignal_app(name="Shop", players=10)``): ``.id``, ``.rest_api_key``,
    ``.org_api_key``, ``.api_url``, ``.env()``, and assertions ``assert_notification_created(segment=...,
    heading=..., contents=..., count=...)`` and ``assert_no_send()``.
``onesignal_env``
    ``onesignal_app``'s settings put in ``os.environ`` for the test (ONESIGNAL_API_URL, ONESIGNAL_APP_ID,
    ONESIGNAL_REST_API_KEY, ONESIGNAL_ORG_API_KEY); returns the app.
``onesignal_sandbox``
    The sandbox server shared by the whole run (a free loopback port, a temp store, no demo data).
``onesignal_private_sandbox``
    A sandbox of this test's own (for a test that changes the clock or faults of everything it talks to
    while others run in the same process, or that must start from nothing).
``onesignal_clock``
    The shared sandbox's clock (``freeze()``, ``advance(seconds)``, ``set(epoch)``), put back on real time
    after the test.
``onesignal_faults``
    The shared sandbox's faults (``inject("429", times=2, retry_after=3)``, ``inject("503")``,
    ``inject("latency", ms=300)``, ``inject("reset")``, ``configure("500=0.2,seed=7")``), cleared after the
    test.

ini options: ``onesignal_sandbox_faults`` (a fault spec for the shared sandbox, as ``--faults`` takes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from onesignal_desktop.sandbox.clock import SandboxClock
    from onesignal_desktop.sandbox.faults import Faults
    from onesignal_desktop.sandbox.running import Sandbox
    from onesignal_desktop.sandbox.testing import SandboxApp

FAULTS_INI = "onesignal_sandbox_faults"
APP_MARKER = "onesignal_app"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(FAULTS_INI, "fault spec for the shared OneSignal sandbox, e.g. 503=0.05,seed=7", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{APP_MARKER}(name='Test app', players=3): how the onesignal_app fixture makes its app"
    )


def _start(faults: str | None) -> Sandbox:
    from onesignal_desktop.sandbox.running import start_sandbox

    return start_sandbox(seed_demo=False, faults=faults or None)


@pytest.fixture(scope="session")
def onesignal_sandbox(pytestconfig: pytest.Config) -> Iterator[Sandbox]:
    """The OneSignal sandbox shared by this test run."""
    from onesignal_desktop.sandbox.faults import FaultConfig, FaultSpecError

    spec = str(pytestconfig.getini(FAULTS_INI) or "").strip()
    if spec:
        try:
            FaultConfig.parse(spec)
        except FaultSpecError as error:
            raise pytest.UsageError(f"ini option {FAULTS_INI} = {spec!r}: {error}") from None
    sandbox = _start(spec)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def onesignal_private_sandbox() -> Iterator[Sandbox]:
    """A OneSignal sandbox for this test alone, stopped after it."""
    sandbox = _start(None)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def onesignal_app(request: pytest.FixtureRequest, onesignal_sandbox: Sandbox) -> SandboxApp:
    """A new app in the shared sandbox, with its keys, default segments and subscribed devices."""
    from onesignal_desktop.sandbox.testing import SandboxUsageError, new_app

    marker = request.node.get_closest_marker(APP_MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    unknown = sorted(set(options) - {"name", "players"})
    if marker is not None and (marker.args or unknown):
        given = ", ".join([*map(repr, marker.args), *unknown])
        raise SandboxUsageError(f"@pytest.mark.{APP_MARKER} takes only name= and players=, not {given}")
    name = options.get("name", "Test app")
    players = options.get("players", 3)
    if not isinstance(name, str):
        raise SandboxUsageError(f"@pytest.mark.{APP_MARKER}: name must be a string, not {name!r}")
    if not isinstance(players, int) or isinstance(players, bool):
        raise SandboxUsageError(f"@pytest.mark.{APP_MARKER}: players must be a number, not {players!r}")
    return new_app(onesignal_sandbox, name=name, players=players)


@pytest.fixture
def onesignal_env(onesignal_app: SandboxApp, monkeypatch: pytest.MonkeyPatch) -> SandboxApp:
    """``onesignal_app`` with its URL and keys in ``os.environ`` for this test."""
    for name, value in onesignal_app.env().items():
        monkeypatch.setenv(name, value)
    return onesignal_app


@pytest.fixture
def onesignal_clock(onesignal_sandbox: Sandbox) -> Iterator[SandboxClock]:
    """The shared sandbox's clock; back on real time after the test."""
    import time

    clock = onesignal_sandbox.clock
    try:
        yield clock
    finally:
        clock.unfreeze()
        clock.set(time.time())


@pytest.fixture
def onesignal_faults(onesignal_sandbox: Sandbox, pytestconfig: pytest.Config) -> Iterator[Faults]:
    """The shared sandbox's faults; after the test, only the ini option's faults (if any) remain."""
    faults = onesignal_sandbox.faults
    try:
        yield faults
    finally:
        faults.clear()
        spec = str(pytestconfig.getini(FAULTS_INI) or "").strip()
        if spec:
            faults.configure(spec)
