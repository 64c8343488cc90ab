"""The console's start-up heap is frozen once the first apps list is on screen, so full garbage collections
stop walking it (see ui/gc_tuning.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from onesignal_desktop.ui.shell.gc_tuning import freeze_after_first_load, freeze_after_tab_builds
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import Console, build_console


def unshown_console(qtbot, keystore, sandbox, tmp_path) -> Console:
    console = build_console(
        settings=open_settings(tmp_path / "settings.ini"),
        keystore=keystore,
        sandbox=sandbox,
        data_dir=tmp_path / "data",
    )
    qtbot.addWidget(console.window)
    return console


@pytest.fixture
def restored_collector() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_heap_is_frozen_once_after_the_first_apps_load(
    restored_collector: None, qtbot, keystore, sandbox, tmp_path
) -> None:
    gc.unfreeze()
    console = unshown_console(qtbot, keystore, sandbox, tmp_path)
    freeze_after_first_load(console.context)
    assert gc.get_freeze_count() == 0
    console.window.show()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)
    assert console.context.catalog.loaded
    frozen = gc.get_freeze_count()

    gc.unfreeze()
    console.context.catalog.reload()  # later loads do not freeze again
    qtbot.waitUntil(lambda: console.context.catalog.loaded and not console.context.catalog.busy)
    qtbot.wait(50)
    assert gc.get_freeze_count() == 0
    assert frozen > 10_000  # the start-up heap: modules, classes, Qt wrappers
    console.shutdown()


def test_heap_is_frozen_again_after_a_tab_is_first_opened(
    restored_collector: None, qtbot, keystore, sandbox, tmp_path
) -> None:
    console = unshown_console(qtbot, keystore, sandbox, tmp_path)
    freeze_after_tab_builds(console.window)
    console.window.show()
    qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
    gc.unfreeze()
    titles = [console.window.tab_widget.tabText(i) for i in range(console.window.tab_widget.count())]

    console.window.tab_widget.setCurrentIndex(titles.index("Notifications"))  # built now, first time

    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    console.window.tab_widget.setCurrentIndex(0)
    console.window.tab_widget.setCurrentIndex(titles.index("Notifications"))  # already built: no freeze
    qtbot.wait(50)
    assert gc.get_freeze_count() == 0
    assert frozen > 10_000  # the tab's modules, classes and widgets joined the frozen heap
    console.shutdown()
