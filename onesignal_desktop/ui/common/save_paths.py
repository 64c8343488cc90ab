"""Where file dialogs start: the user's Downloads (exports) or Documents (files to read), then the
folder last used for that kind of file, never the console's working directory.

The console installs its settings with :func:`use_settings`, so the last folder of each kind is
remembered across starts; without them it is remembered for this run only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_PREFIX = "file_dialogs"
_settings: QSettings | None = None
_this_run: dict[str, str] = {}

Location = QStandardPaths.StandardLocation


def use_settings(settings: QSettings | None) -> None:
    """Remember folders in ``settings`` (the console's); None: in memory for this run."""
    global _settings
    _settings = settings
    _this_run.clear()


def _standard(location: QStandardPaths.StandardLocation) -> Path | None:
    text = QStandardPaths.writableLocation(location)
    return Path(text) if text and Path(text).is_dir() else None


def start_folder(kind: str, *, reading: bool = False) -> Path:
    """The folder a dialog for ``kind`` (say "players-export") starts in."""
    remembered = _settings.value(f"{_PREFIX}/{kind}") if _settings is not None else _this_run.get(kind)
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    order = (Location.DocumentsLocation, Location.DownloadLocation)
    if not reading:
        order = (Location.DownloadLocation, Location.DocumentsLocation)
    for location in (*order, Location.HomeLocation):
        found = _standard(location)
        if found is not None:
            return found
    return Path.home()


def remember(kind: str, chosen: str | Path) -> None:
    """The folder of ``chosen`` becomes where the next dialog of ``kind`` starts."""
    folder = str(Path(chosen).parent)
    if _settings is not None:
        _settings.setValue(f"{_PREFIX}/{kind}", folder)
    else:
        _this_run[kind] = folder


def suggested_path(kind: str, file_name: str) -> str:
    return str(start_folder(kind) / file_name)


def ask_save_path(
    parent: QWidget | None, kind: str, caption: str, file_name: str, filters: str
) -> str | None:
    """A save dialog starting in the folder for ``kind``, with ``file_name`` suggested; None if cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested_path(kind, file_name), filters)
    if not path:
        return None
    remember(kind, path)
    return path


def ask_open_path(parent: QWidget | None, kind: str, caption: str, filters: str) -> str | None:
    """An open dialog starting in the folder for ``kind``; None if cancelled."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, caption, str(start_folder(kind, reading=True)), filters
    )
    if not path:
        return None
    remember(kind, path)
    return path
