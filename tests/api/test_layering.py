"""The API layer stands on its own: importing it pulls in no Qt."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_api_layer_imports_no_qt() -> None:
    probe = (
        "import sys, onesignal_desktop.api, onesignal_desktop.api.client, onesignal_desktop.api.exports; "
        "print(sorted(name for name in sys.modules if name.startswith(('PySide6', 'shiboken'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
