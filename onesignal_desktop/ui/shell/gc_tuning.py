"""Keep garbage-collector pauses off the UI thread's back.

A full collection walks every object the collector tracks, and every thread waits for it (it holds the
GIL), so the window freezes for as long as it runs. After start-up most of the heap lives as long as the
process (modules, classes, functions, Qt wrappers, the in-process sandbox's code); measured while loading
100,000 players with the sandbox in-process, full collections paused everything for ~140 ms, and ~8 ms
once that heap was frozen (``tests/benchmarks/bench_players_load.py``).

:func:`freeze_after_first_load` (once the apps of the first connection are listed, when the API layer is
imported): one collection, then ``gc.freeze()`` moves everything alive into the permanent generation that
later collections skip. Tabs are built the first time they are opened, each with its modules and widgets;
:func:`freeze_after_tab_builds` freezes again after each (the collection then walks only what is new:
measured, the Notifications tab auto-refreshing 500 notifications had 67 ms stalls unfrozen, 13 ms
frozen). Frozen objects are still freed by reference counting; only a
reference cycle among them would outlive its use.

Raising the young-generation threshold (700 -> 10,000) was measured as well and changed nothing that
matters (same pauses, same gaps), so Python's thresholds stay.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.context import ConsoleContext
    from onesignal_desktop.ui.shell.main_window import MainWindow


def freeze_heap() -> None:
    gc.collect()
    gc.freeze()


def freeze_after_first_load(context: ConsoleContext) -> None:
    """Freeze the heap once, right after the first apps list arrives (not in its way)."""
    catalog = context.catalog

    def first_load() -> None:
        if catalog.loaded:
            catalog.changed.disconnect(first_load)
            QTimer.singleShot(0, freeze_heap)

    catalog.changed.connect(first_load)


def freeze_after_tab_builds(window: MainWindow) -> None:
    """Freeze the heap again right after a tab is built (in the next event-loop turn, once it shows)."""
    window.tab_built.connect(lambda _tab: QTimer.singleShot(0, freeze_heap))
