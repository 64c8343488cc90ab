"""Running pytest in a child process on a project of its own, the way another project runs its tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLUGIN = "onesignal_desktop.sandbox.pytest_plugin"


def run_pytest(
    project: Path, *args: str, load_plugin: bool = True, extra_path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m pytest`` in ``project`` (its own rootdir: none of this repository's pytest settings),
    with this checkout importable; ``-p`` loads the plugin where the installed entry point is stale."""
    paths = [str(REPO), *([extra_path] if extra_path else [])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", "--no-header"]
    if load_plugin:
        command += ["-p", PLUGIN]
    return subprocess.run(
        [*command, *args], cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False
    )
