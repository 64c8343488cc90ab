"""Where the console and the ``sandbox`` command keep their files: the platform's conventional per-user
folders (platformdirs), all under one name, ``onesignal-desktop``. No Qt here: the ``sandbox`` command
uses it too, so both find the same places with the same code.

- settings: ``<config>/settings.ini``
- the console's data: ``<data>/console/`` (its sandbox in ``sandbox/``, ``logs/``, drafts, send journal)
- the ``sandbox`` command's data: ``<data>/sandbox/``

where ``<config>`` and ``<data>`` are ``~/.config/onesignal-desktop`` and ``~/.local/share/onesignal-desktop``
on Linux, ``~/Library/Application Support/onesignal-desktop`` (both) on macOS and
``%LOCALAPPDATA%\\onesignal-desktop`` (both) on Windows; the README has the table.
(``$XDG_CONFIG_HOME`` and ``$XDG_DATA_HOME`` are followed on Linux.) The console's own sandbox is
``console/sandbox/``: a database of its own, so the standalone server and the console's never share one
SQLite file while both run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from platformdirs import user_config_path, user_data_path

NAME = "onesignal-desktop"


def config_dir() -> Path:
    return user_config_path(NAME, appauthor=False, roaming=False)


def data_dir() -> Path:
    return user_data_path(NAME, appauthor=False, roaming=False)


def settings_file() -> Path:
    """The console's settings (profiles, window state, first-run choice): an INI file."""
    return config_dir() / "settings.ini"


def console_data_dir() -> Path:
    """The console's data: its sandbox (``sandbox/``), logs (``logs/``), drafts and send journal."""
    return data_dir() / "console"


def sandbox_command_data_dir() -> Path:
    """The data of ``onesignal-desktop sandbox`` when ``--data`` is not given."""
    return data_dir() / "sandbox"


def adopt(earlier: Path, now: Path) -> bool:
    """Move what an earlier version kept at ``earlier`` to ``now`` when only the earlier place exists, so
    an upgrade keeps the user's profiles and data. True when something was moved."""
    if now.exists() or not earlier.exists() or earlier.resolve() == now.resolve():
        return False
    now.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.move(str(earlier), str(now))
    except OSError:  # another disk or a locked file: the new place starts empty, the old one stays
        return False
    return True


__all__ = [
    "NAME",
    "adopt",
    "config_dir",
    "console_data_dir",
    "data_dir",
    "sandbox_command_data_dir",
    "settings_file",
]
