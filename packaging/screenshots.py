"""Save a PNG of each tab and dialog of the console, opened offscreen on a fresh sandbox.

    python3 packaging/screenshots.py OUTDIR

Uses a temporary settings file and an in-memory keyring, so the user's settings and keyring are never
touched; key fields are masked in every picture. Files are named for what they show (apps.png,
apps-edit.png, keys.png, notifications.png, ...). New tabs are picked up from the window itself.
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
from onesignal_desktop.ui.settings import open_settings
from onesignal_desktop.ui.startup import Console, build_console
from onesignal_desktop.ui.theme import apply_system_scheme

WINDOW_SIZE = (1180, 740)


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
            save(window, out_dir, slug(window.tab_widget.tabText(index)), saved)
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
        console.shutdown()
    return saved


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
