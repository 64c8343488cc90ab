"""GUI test fixtures: a console on a fresh sandbox, settings in a temp INI file, keys in memory only.

Other tabs' tests (tests/ui/<area>/) can use ``console`` and ``sandbox`` as well; an area that wants the
sandbox to hold one app of generated players overrides ``large_app_players``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.keystore import KeyStore
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.sandbox.sim.demo import add_large_app
from onesignal_desktop.ui.shell.startup import Console, build_console


@pytest.fixture
def large_app_players() -> int | None:
    """How many generated players (each with a user) the sandbox's one app holds; ``None``: no app.
    An area's conftest overrides it to get that app."""
    return None


@pytest.fixture
def sandbox(large_app_players: int | None) -> Iterator[Any]:
    with start_sandbox(seed_demo=False) as running:
        if large_app_players is not None:
            add_large_app(
                running.store,
                organization_id=running.organization_id,
                now=running.clock.now(),
                count=large_app_players,
            )
        yield running


@pytest.fixture
def app_id(sandbox: Any) -> str:
    """The id of the sandbox's only app."""
    (only,) = sandbox.app_ids()
    return str(only)


@pytest.fixture
def app_client(sandbox: Any) -> Iterator[OneSignalClient]:
    """A client holding the REST keys of the sandbox's apps."""
    with OneSignalClient(sandbox.base_url, app_keys=sandbox.app_key) as client:
        yield client


@pytest.fixture
def console(qtbot, settings: QSettings, keystore: KeyStore, sandbox, tmp_path: Path) -> Iterator[Console]:
    """The console window, shown, connected to ``sandbox`` and done with its first apps load."""
    built = build_console(
        settings=settings, keystore=keystore, sandbox=sandbox, data_dir=tmp_path / "console-data"
    )
    qtbot.addWidget(built.window)
    built.window.show()
    qtbot.waitUntil(lambda: built.context.catalog.loaded, timeout=10_000)
    yield built
    built.shutdown()


@pytest.fixture
def org_client(sandbox: Any) -> Iterator[OneSignalClient]:
    """A client holding the sandbox's organization key and its apps' REST keys."""
    with OneSignalClient(
        sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key
    ) as client:
        yield client


@pytest.fixture
def console_on_app(
    qtbot: Any, settings: QSettings, keystore: KeyStore, sandbox: Any, app_id: str, tmp_path: Path
) -> Iterator[Console]:
    """The console window at a roomy size, shown, with ``app_id`` as its current app."""
    built = build_console(
        settings=settings, keystore=keystore, sandbox=sandbox, data_dir=tmp_path / "console-data"
    )
    qtbot.addWidget(built.window)
    built.window.resize(1280, 820)
    built.window.show()
    qtbot.waitUntil(lambda: built.context.catalog.loaded, timeout=10_000)
    built.context.set_current_app(app_id)
    yield built
    built.shutdown()


@pytest.fixture
def players_page(qtbot: Any, console: Console, app_id: str) -> Any:
    """The Players tab on screen, on the sandbox's only app."""
    from onesignal_desktop.ui.players.tab import PlayersTab

    window = console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Players"))
    tab = window.current_tab()
    assert isinstance(tab, PlayersTab)
    qtbot.waitUntil(lambda: console.context.current_app_id == app_id, timeout=10_000)
    return tab


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt's offscreen platform warns about size hints whenever a dialog is shown; that says nothing
    about our code, so GUI tests ignore that one message (every other warning still fails a test)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))
