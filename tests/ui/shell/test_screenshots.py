"""packaging/screenshots.py keeps working as tabs are added: one readable PNG per tab and dialog."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

SCRIPT = Path(__file__).resolve().parents[3] / "packaging" / "screenshots.py"


@pytest.mark.slow
def test_screenshots_of_every_tab_and_dialog(qapp, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    saved = script.take_all(tmp_path)

    names = {path.name for path in saved}
    expected = {"apps.png", "notifications.png", "players.png", "segments.png"}
    expected |= {"apps-new.png", "apps-new-invalid.png", "apps-edit.png", "keys.png", "profiles.png"}
    # The names the README shows (issues 4-8).
    expected |= {"notification-report.png", "composer.png", "player-details.png", "players-export.png"}
    expected |= {"users.png", "segments-builder.png", "outcomes.png", "templates.png", "api-keys.png"}
    expected |= {"first-run.png", "first-run-connect.png"}
    expected |= {"new-user.png"}  # issue 15: the last operations reachable from the console
    expected |= {"trends.png", "compare.png"}  # issue 16
    assert expected <= names, sorted(expected - names)
    for path in saved:
        assert path.stat().st_size < 400_000, f"{path.name} is too big for the README"
    for path in saved:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 400 and image.height() >= 300, path.name
