"""The console's non-secret settings (QSettings on the INI file ``places`` names) and data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

from onesignal_desktop import places
from onesignal_desktop.ui.shell.profiles import ProfileStore

ORGANIZATION = "OneSignal Desktop"
APPLICATION = "onesignal-desktop"


def open_settings(path: Path | None = None) -> QSettings:
    """The user's settings (``places.settings_file()``), or an INI file at ``path`` (tests and the
    screenshot script pass one)."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    # Versions before one set of places kept the file where Qt names it after the organisation.
    earlier = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
    places.adopt(Path(earlier.fileName()), places.settings_file())
    return QSettings(str(places.settings_file()), QSettings.Format.IniFormat)


def app_data_dir() -> Path:
    """The console's per-user data folder (its sandbox, logs, drafts): ``places.console_data_dir()``."""
    now = places.console_data_dir()
    app = QCoreApplication.instance()
    if app is not None and app.organizationName() == ORGANIZATION and app.applicationName() == APPLICATION:
        # Versions before one set of places kept it in Qt's app data folder (named after the organisation).
        earlier = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        if earlier:
            places.adopt(Path(earlier), now)
    return now


__all__ = ["APPLICATION", "ORGANIZATION", "ProfileStore", "app_data_dir", "open_settings"]
