"""The console picks its keyring backend without keyring's search of every backend (slow on Linux:
the macOS backend's library lookup runs ldconfig and gcc), and still honours what the user configured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import keyring.backend
import pytest
from keyring.backends import fail, null

from onesignal_desktop.keystore import backend_choice


@pytest.fixture
def fresh_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No keyring configuration: an empty config folder and no backend variable."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # nothing set with set_keyring either
    return tmp_path


def only(name: str) -> dict[str, tuple[str, ...]]:
    return {sys.platform: (name,)}


def test_the_platform_backend_is_chosen_without_searching_every_backend(
    fresh_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def search(*_args: object) -> list[keyring.backend.KeyringBackend]:
        raise AssertionError("keyring searched every backend")

    monkeypatch.setattr(keyring.backend, "get_all_keyring", search)
    monkeypatch.setattr(backend_choice, "PLATFORM_BACKENDS", only("keyring.backends.null.Keyring"))
    assert isinstance(backend_choice.choose_backend(), null.Keyring)


def test_no_usable_platform_backend_means_no_system_keyring(
    fresh_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A backend whose priority raises (no D-Bus, no Secret Service) is passed over, as keyring would.
    monkeypatch.setattr(
        backend_choice,
        "PLATFORM_BACKENDS",
        only("onesignal_desktop.keystore.memory.MemoryKeyring"),
    )
    assert isinstance(backend_choice.choose_backend(), fail.Keyring)


def test_the_backend_the_user_configured_wins(fresh_config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setattr(backend_choice, "PLATFORM_BACKENDS", only("keyring.backends.fail.Keyring"))
    assert isinstance(backend_choice.choose_backend(), null.Keyring)


def test_a_backend_set_in_this_process_wins(fresh_config: Path, memory_keyring: object) -> None:
    keyring.set_keyring(memory_keyring)  # type: ignore[arg-type]
    assert backend_choice.choose_backend() is memory_keyring


def test_the_key_store_imports_no_keyring_until_it_is_used() -> None:
    # The console builds its KeyStore on the UI thread at start-up; keyring loads on the probe's thread.
    code = (
        "import sys\n"
        "from onesignal_desktop.keystore import KeyStore\n"
        "KeyStore()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'keyring'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
