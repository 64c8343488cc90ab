"""The real start (``python -m onesignal_desktop``, a new user's fresh home) loads none of the heavy
packages on the UI thread: the API layer (httpx, pydantic, the models: ~270 ms), keyring and its
backends, the charts (pyqtgraph), the sandbox's server and store, importlib.metadata. Each of them,
imported by the window or a page built with it, holds the first paint back or freezes the window once
it shows; they belong on the worker that connects (or in the sandbox's own process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = (
    "onesignal_desktop.api",
    "httpx",
    "httpcore",
    "pydantic",
    "keyring",
    "pyqtgraph",
    "onesignal_desktop.sandbox.server",
    "onesignal_desktop.sandbox.store",
    "importlib.metadata",
)

# A finder that never finds anything: it sees every first import, and notes those on the UI thread.
# The console quits once its Apps table shows the sandbox's apps (or after 60 s).
SCRIPT = textwrap.dedent(
    """
    import runpy, sys, threading

    HEAVY = {heavy!r}
    seen = []

    class Watch:
        def find_spec(self, name, path=None, target=None):
            if threading.current_thread() is threading.main_thread() and name.startswith(HEAVY):
                seen.append(name)
            return None

    sys.meta_path.insert(0, Watch())

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    app = QApplication([sys.argv[0]])

    def listed():
        for window in app.topLevelWidgets():
            for view in window.findChildren(QAbstractItemView):
                model = view.model()
                if view.isVisible() and model is not None and model.rowCount() > 0:
                    print("listed", flush=True)
                    app.quit()
                    return

    poll = QTimer()
    poll.timeout.connect(listed)
    poll.start(20)
    QTimer.singleShot(60_000, app.quit)
    sys.argv = ["onesignal-desktop", "--settings-file", sys.argv[1], "--data-dir", sys.argv[2]]
    try:
        runpy.run_module("onesignal_desktop", run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
    print("ui-thread imports:", " ".join(sorted(set(seen))), flush=True)
    """
)


def test_the_start_loads_no_heavy_package_on_the_ui_thread(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "PYTHON_KEYRING"))}
    env.update({"HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT.format(heavy=HEAVY),
            str(tmp_path / "settings.ini"),
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = result.stdout.splitlines()
    assert "listed" in lines, result.stdout + result.stderr[-3000:]
    assert lines[-1].strip() == "ui-thread imports:", lines[-1]
