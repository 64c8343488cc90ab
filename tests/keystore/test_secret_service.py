"""The key store against a real Secret Service: gnome-keyring-daemon on a private D-Bus session.

The daemon runs under ``dbus-run-session`` with HOME pointing at a temporary directory, so the user's
own keyring is never reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.secret_service,
    pytest.mark.skipif(
        not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
        reason="needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus gnome-keyring)",
    ),
]

ROUND_TRIP = textwrap.dedent(
    """
    import sys
    from keyring.backends.SecretService import Keyring
    from onesignal_desktop.keystore import KeyRef, KeyStore

    key = "os_v2_app_" + "q" * 52
    ref = KeyRef.app("ci", "5e3c6a4e-0000-4000-8000-000000000001")
    first = KeyStore(Keyring())
    state = first.probe(timeout=10)
    assert state.persistent, state.message
    first.set(ref, key)
    assert first.state.persistent, first.state.message

    second = KeyStore(Keyring())  # a fresh store reads from the keyring, not from memory
    second.probe(timeout=10)
    assert second.get(ref) == key
    second.delete(ref)
    assert KeyStore(Keyring()).get(ref) is None
    print("secret-service-ok", state.backend_name)
    """
)


NO_UNLOCKED_COLLECTION = textwrap.dedent(
    """
    from keyring.backends.SecretService import Keyring
    from onesignal_desktop.keystore import KeyRef, KeyStore

    store = KeyStore(Keyring())
    state = store.probe(timeout=10)
    store.set(KeyRef.organization("ci"), "os_v2_org_" + "z" * 52)
    assert not store.state.persistent
    assert store.get(KeyRef.organization("ci")) == "os_v2_org_" + "z" * 52
    print(store.state.message)
    """
)


def run_on_private_bus(tmp_path: Path, daemon: str, script_text: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("DISPLAY", None)  # no prompt can be shown: an unlock request must fail, not wait
    script = tmp_path / "script.py"
    script.write_text(script_text)
    return subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", f"{daemon} >/dev/null && {sys.executable} {script}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_keys_round_trip_through_gnome_keyring(tmp_path: Path) -> None:
    unlocked = "printf 'ci-only-password' | gnome-keyring-daemon --unlock --components=secrets"
    result = run_on_private_bus(tmp_path, unlocked, ROUND_TRIP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "secret-service-ok" in result.stdout


def test_a_secret_service_without_an_unlocked_collection_falls_back_to_the_session(tmp_path: Path) -> None:
    started_locked = "gnome-keyring-daemon --start --components=secrets"
    result = run_on_private_bus(tmp_path, started_locked, NO_UNLOCKED_COLLECTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "for this session only" in result.stdout
