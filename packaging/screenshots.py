"""Save a PNG of each tab and dialog of the console, opened offscreen on a fresh sandbox.

    python3 packaging/screenshots.py OUTDIR

Uses a temporary settings file, data directory and an in-memory keyring, so the user's settings, drafts
and keyring are never touched; key fields are masked in every picture. Files are named for what they show
(apps.png, apps-edit.png, keys.png, notifications.png, notification-report.png, composer.png, ...; the
README links them). New tabs are picked up from the window itself: a tab's ``screenshot_views()`` are
saved as ``<tab>-<name>.png`` unless RENAMES gives them a shorter name.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from onesignal_desktop.keystore import KeyStore, MemoryKeyring
from onesignal_desktop.ui.shell.settings import open_settings
from onesignal_desktop.ui.shell.startup import Console, build_console
from onesignal_desktop.ui.shell.theme import apply_system_scheme

WINDOW_SIZE = (1180, 740)

# "<tab>-<view>" names that read better on their own (the README and the issues use these).
RENAMES = {
    "players-details": "player-details",
    "players-users": "users",
    "players-new-user": "new-user",
    "analytics-trends": "trends",
    "analytics-outcomes": "outcomes",
    "analytics-email-metrics": "email-metrics",
    "notifications-live-activities": "live-activities",
    "apps-audit-log": "audit-log",
    "notifications-templates": "templates",
    "notifications-compare": "compare",
    "apps-api-keys": "api-keys",
}

# The composer picture: a filled draft, previewed (sent nowhere; drafts live in the scratch directory).
COMPOSER_DRAFT = {
    "name": "Weekend sale",
    "headings": {"en": "Weekend sale: 20% off", "de": "Wochenend-Sale: 20 % Rabatt"},
    "contents": {
        "en": "Everything in the shop, until Sunday midnight. Tap to see the deals.",
        "de": "Alles im Shop, bis Sonntag Mitternacht. Tippen, um die Angebote zu sehen.",
    },
    "included_segments": ["Breaking News Fans"],
    "url": "https://example.com/sale",
    "ios_badgeType": "Increase",
    "ios_badgeCount": 1,
}


def settle(app: QApplication, until: Callable[[], bool] = lambda: True, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not until():
        app.processEvents()
        time.sleep(0.01)
    for _ in range(15):  # let layouts and late repaints finish
        app.processEvents()
        time.sleep(0.01)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def save(widget: QWidget, out_dir: Path, name: str, saved: list[Path]) -> None:
    name = RENAMES.get(name, name)
    status_bar = getattr(widget, "statusBar", None)
    if callable(status_bar):
        status_bar().clearMessage()  # a passing message ("Saved the export to /tmp/...") is not the point
    path = out_dir / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    saved.append(path)


def quiet_offscreen_noise(kind: QtMsgType, _context: object, message: str) -> None:
    """The offscreen platform warns about size hints for every dialog; other messages still show."""
    if "does not support propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def take_all(out_dir: Path) -> list[Path]:
    """Open the console and save every picture into ``out_dir``; needs a QApplication."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "create the QApplication first"
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="onesignal-screenshots-") as scratch:
        console: Console = build_console(
            settings=open_settings(Path(scratch) / "settings.ini"),
            keystore=KeyStore(MemoryKeyring()),
            sandbox_dir=Path(scratch) / "sandbox",
            data_dir=Path(scratch) / "data",
        )
        window = console.window
        window.resize(*WINDOW_SIZE)
        window.show()
        catalog = console.context.catalog
        settle(app, lambda: catalog.loaded and console.context.bridge.active_count == 0)

        for index in range(len(window.tabs)):
            window.tab_widget.setCurrentIndex(index)
            settle(app, lambda: console.context.bridge.active_count == 0)
            name = slug(window.tab_widget.tabText(index))
            if name == "segments":
                show_first_segment(app, console, window.tab_at(index))
            if name == "journeys":
                take_journeys(app, console, window.tab_at(index), out_dir, saved)
                continue
            save(window, out_dir, name, saved)
        for index, tab in enumerate(window.tabs):
            window.tab_widget.setCurrentIndex(index)
            settle(app, lambda: console.context.bridge.active_count == 0)
            prefix = slug(window.tab_widget.tabText(index))
            for name, open_view in tab.screenshot_views():
                view = open_view()
                if view is None:
                    continue
                settle(app, lambda: console.context.bridge.active_count == 0)
                save(view, out_dir, f"{prefix}-{slug(name)}", saved)
                if view.isWindow() and view is not window:
                    view.close()
                settle(app)
        take_notifications(app, console, out_dir, saved)
        take_inspector(app, console, out_dir, saved)
        window.tab_widget.setCurrentIndex(0)
        settle(app)

        window.open_keys_dialog()
        keys = window.keys_dialog
        settle(app, lambda: keys is not None and "checking" not in keys.org_row.status.text())
        if keys is not None:
            save(keys, out_dir, "keys", saved)
            keys.close()
        settle(app)
        window.open_profiles_dialog()
        profiles = window.profiles_dialog
        settle(app)
        save(profiles, out_dir, "profiles", saved)
        profiles.close()
        settle(app)
        take_first_run(app, console, out_dir, saved)
        console.shutdown()
    return saved


def show_first_segment(app: QApplication, console: Console, tab: QWidget) -> None:
    """The Segments tab with a segment selected, rather than an empty new one."""
    table = getattr(getattr(tab, "segments", None), "table", None)
    if table is not None and table.model() is not None and table.model().rowCount() > 0:
        table.selectRow(0)
        settle(app, idle(console))


def take_journeys(
    app: QApplication, console: Console, tab: QWidget, out_dir: Path, saved: list[Path]
) -> None:
    """The Journeys tab on the demo app that has journeys (Demo Shop), a journey's graph with its figures,
    then one of its message boxes opened for editing; the app chosen before is chosen again after."""
    context = console.context
    before = context.current_app_id
    shop = next((a.id for a in context.catalog.apps if a.name == "Demo Shop"), None)
    view = getattr(tab, "journeys", None)
    if shop is not None and view is not None:
        context.set_current_app(shop)
        settle(app, lambda: idle(console)() and view.model.rowCount() > 0 and view.shown_id is not None)
        rows = [view.model.record_at(r) for r in range(view.model.rowCount())]
        series = next((r for r in rows if r is not None and r.name == "Welcome series"), None)
        if series is not None:
            view.refresh_and_select(series.id)
            settle(app, lambda: idle(console)() and view.shown_id == series.id)
    save(console.window, out_dir, "journeys", saved)
    graph = getattr(getattr(view, "graph_view", None), "graph", None)
    box = next((b for b in graph.boxes.values() if b.editable), None) if graph is not None else None
    if view is not None and box is not None:
        view.edit_node(box.node)
        settle(app)
        if view.dialog is not None:
            save(view.dialog, out_dir, "journey-message", saved)
            view.dialog.close()
    if before is not None:
        context.set_current_app(before)
        settle(app, idle(console))


def idle(console: Console) -> Callable[[], bool]:
    from onesignal_desktop.ui.common.charts.view import ChartView

    # Charts asked for while pyqtgraph is still being imported in the background draw once it is.
    return lambda: (
        console.context.bridge.active_count == 0
        and all(chart.drawn for chart in console.window.findChildren(ChartView))
    )


def take_notifications(app: QApplication, console: Console, out_dir: Path, saved: list[Path]) -> None:
    """The report of a delivered notification, and the composer with a filled draft."""
    window = console.window
    titles = [slug(window.tab_widget.tabText(i)) for i in range(window.tab_widget.count())]
    index = titles.index("notifications") if "notifications" in titles else None
    if index is None:
        return
    window.tab_widget.setCurrentIndex(index)
    tab = window.tab_at(index)
    model = getattr(tab, "model", None)
    settle(app, lambda: model is not None and model.rowCount() > 0 and idle(console)())
    rows = list(getattr(model, "rows", [])) if model is not None else []
    if rows and hasattr(tab, "select_notification"):
        best = max(rows, key=lambda row: (row.successful, row.recipients))
        tab.select_notification(best.id)
        report = tab.report
        settle(app, lambda: report.row is not None and not report.scope.busy and idle(console)())
        save(window, out_dir, "notification-report", saved)

    try:
        from onesignal_desktop.ui.notifications.composer import open_composer
    except ImportError:
        return
    composer = open_composer(console.context, window, dict(COMPOSER_DRAFT))
    composer.resize(*WINDOW_SIZE)
    settle(app, idle(console))
    save(composer, out_dir, "composer", saved)
    composer.close()
    settle(app)


def take_inspector(app: QApplication, console: Console, out_dir: Path, saved: list[Path]) -> None:
    """The request inspector (Ctrl+Shift+I) over what the console itself sent, one request opened."""
    window = console.window
    window.open_inspector()
    inspector = window.inspector_window
    if inspector is None:
        return
    inspector.resize(1280, 760)
    model = getattr(inspector, "model")  # noqa: B009 (the window type is imported lazily by the console)
    settle(app, lambda: model.rowCount() > 5)
    rows = [model.index(r, 3).data() for r in range(model.rowCount())]
    chosen = next((r for r, path in enumerate(rows) if "/notifications" in path), model.rowCount() - 1)
    inspector.table.selectRow(chosen)
    settle(app, lambda: inspector.copy_curl.isEnabled())
    save(inspector, out_dir, "inspector", saved)
    inspector.close()
    settle(app)


def take_first_run(app: QApplication, console: Console, out_dir: Path, saved: list[Path]) -> None:
    """The first-start panel, and the Connect account dialog it opens (with a key typed: masked)."""
    from onesignal_desktop.ui.dialogs.first_run import FirstRunPanel

    panel = FirstRunPanel(console.context, console.window)
    panel.show()
    settle(app)
    save(panel, out_dir, "first-run", saved)
    dialog = panel.open_connect_dialog()
    dialog.key_edit.setText("not-a-real-key-just-dots-in-the-picture")
    settle(app)
    save(dialog, out_dir, "first-run-connect", saved)
    dialog.close()
    panel.close()
    settle(app)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    qInstallMessageHandler(quiet_offscreen_noise)
    app = QApplication(["onesignal-desktop-screenshots"])
    apply_system_scheme(app)
    for path in take_all(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
