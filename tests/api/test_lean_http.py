"""Importing the API client skips httpx's CLI and httpcore's trio while they load, and hides nothing after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
import onesignal_desktop.api
import httpcore
print("trio loaded by the client:", "trio" in sys.modules)
print("httpcore trio:", httpcore._synchronization.trio is not None)
import importlib
hidden = []
for name in ("trio", "httpx._main"):
    try:
        importlib.import_module(name)  # still importable by anyone else
    except ImportError as error:  # httpx's CLI also needs rich, which may be missing: that is not hiding
        if "None in sys.modules" in str(error):
            hidden.append(name)
print("hidden after:", hidden)
"""


def run_fresh(extra_path: Path | None = None) -> str:
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True, env=env
    )
    return done.stdout


def test_client_import_leaves_trio_and_the_httpx_cli_importable() -> None:
    out = run_fresh()
    assert "hidden after: []" in out


def test_client_import_does_not_load_trio_when_installed(tmp_path: Path) -> None:
    """With a trio importable (a stand-in package here, so the test runs wherever it runs), httpcore would
    import it at load time; the client keeps it out."""
    stand_in = tmp_path / "trio"
    stand_in.mkdir()
    (stand_in / "__init__.py").write_text("import sys\nsys.modules['trio'] = sys.modules[__name__]\n")
    out = run_fresh(tmp_path)
    assert "trio loaded by the client: False" in out
    assert "httpcore trio: False" in out
