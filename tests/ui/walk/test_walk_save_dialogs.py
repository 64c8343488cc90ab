"""Issue 17, item 14: save dialogs start in the user's Downloads (or Documents), not the working
directory, and each kind of file remembers the folder it was last saved to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths

from onesignal_desktop.ui.common import save_paths
from onesignal_desktop.ui.notifications.report import ask_save_path as ask_history_path
from onesignal_desktop.ui.players.export import choose_save_path as ask_players_export_path


@pytest.fixture
def user_folders(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    folders = {"downloads": tmp_path / "Downloads", "documents": tmp_path / "Documents"}
    for folder in folders.values():
        folder.mkdir()
    where = {
        QStandardPaths.StandardLocation.DownloadLocation: folders["downloads"],
        QStandardPaths.StandardLocation.DocumentsLocation: folders["documents"],
        QStandardPaths.StandardLocation.HomeLocation: tmp_path,
    }
    monkeypatch.setattr(save_paths.QStandardPaths, "writableLocation", lambda location: str(where[location]))
    return folders


class FakeDialogs:
    """Stands in for the file dialog: records where it opened and answers with a chosen path."""

    def __init__(self) -> None:
        self.opened_at: list[str] = []
        self.answer = ""

    def save(self, _parent: Any, _caption: str, directory: str, _filters: str) -> tuple[str, str]:
        self.opened_at.append(directory)
        return self.answer, ""


def test_exports_start_in_downloads_and_remember_their_folder_per_kind(
    qtbot, console, user_folders, tmp_path: Path, monkeypatch
) -> None:
    dialogs = FakeDialogs()
    monkeypatch.setattr(save_paths.QFileDialog, "getSaveFileName", dialogs.save)
    window = console.window

    dialogs.answer = str(tmp_path / "elsewhere" / "players.csv.gz")
    (tmp_path / "elsewhere").mkdir()
    assert ask_players_export_path(window, "players.csv.gz") == dialogs.answer
    assert Path(dialogs.opened_at[-1]) == user_folders["downloads"] / "players.csv.gz"

    # Another kind of file still starts in Downloads…
    dialogs.answer = ""
    assert ask_history_path(window, "history.csv.gz") is None
    assert Path(dialogs.opened_at[-1]) == user_folders["downloads"] / "history.csv.gz"
    # …while the players export opens where it was saved last time, also after a restart.
    ask_players_export_path(window, "players-2.csv.gz")
    assert Path(dialogs.opened_at[-1]) == tmp_path / "elsewhere" / "players-2.csv.gz"
    assert str(tmp_path / "elsewhere") in str(console.context.settings.value("file_dialogs/players-export"))
    assert Path.cwd() not in [Path(p).parent for p in dialogs.opened_at]
