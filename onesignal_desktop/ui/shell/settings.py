"""Where the console keeps its non-secret settings and data (QSettings, app data dir)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from onesignal_desktop.ui.shell.profiles import ProfileStore

ORGANIZATION = "OneSignal Desktop"
APPLICATION = "onesignal-desktop"


def open_settings(path: Path | None = None) -> QSettings:
    """The user's settings, or an INI file at ``path`` (tests and the screenshot script pass one)."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def app_data_dir() -> Path:
    """The per-user data directory (the local sandbox keeps its database under it)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".local" / "share" / APPLICATION


__all__ = ["APPLICATION", "ORGANIZATION", "ProfileStore", "app_data_dir", "open_settings"]
