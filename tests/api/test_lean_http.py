"""Importing the API client skips httpx's CLI and httpcore's trio while they load, and hides nothing after."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

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


def run_fresh() -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def test_client_import_leaves_trio_and_the_httpx_cli_importable() -> None:
    out = run_fresh()
    assert "hidden after: []" in out


@pytest.mark.skipif(importlib.util.find_spec("trio") is None, reason="trio is not installed here")
def test_client_import_does_not_load_trio_when_installed() -> None:
    out = run_fresh()
    assert "trio loaded by the client: False" in out
    assert "httpcore trio: False" in out
