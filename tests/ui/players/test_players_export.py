"""Exporting players to CSV from the tab: options, waiting, download, save where chosen, open in the viewer;
and the tab offering the export when the app is too big to list."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from onesignal_desktop.api.errors import BadRequestError
from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.ui.players.export import ExportOptionsDialog
from onesignal_desktop.ui.players.rows import PlayerPage

FAST = ExportPolling(initial_delay=0.05, factor=1.5, max_delay=0.2, deadline=60)


def open_export_dialog(qtbot: Any, tab: Any, tmp_path: Path) -> ExportOptionsDialog:
    target = tmp_path / "french.csv.gz"
    tab.choose_save_path = lambda parent, suggested: str(target)
    tab.export_strip.polling = FAST
    tab.players.export_button.click()
    dialog = tab.last_dialog
    assert isinstance(dialog, ExportOptionsDialog)
    qtbot.waitUntil(lambda: not dialog.segment_hint.text().startswith("Loading"), timeout=10_000)
    return dialog


def test_export_a_segment_and_open_it_in_the_viewer(
    qtbot: Any, players_tab: Any, sandbox: Any, app_client: Any, app_id: str, tmp_path: Path
) -> None:
    app_client.create_segments(
        app_id, {"name": "French", "filters": [{"field": "language", "relation": "=", "value": "fr"}]}
    )
    expected = sum(
        1
        for player in app_client.iter_players(app_id)
        if player.language == "fr" and (player.notification_types or 0) > 0
    )
    assert expected > 0
    sandbox.clock.freeze()
    dialog = open_export_dialog(qtbot, players_tab, tmp_path)
    assert dialog.segment.findText("French") >= 0
    dialog.segment.setCurrentText("French")
    dialog.field_boxes["ip"].setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    strip = players_tab.export_strip
    qtbot.waitUntil(lambda: strip.phase == "waiting", timeout=10_000)
    assert strip.isVisibleTo(players_tab) and "preparing" in strip.label.text()
    sandbox.clock.advance(120)  # the sandbox's file is ready now
    qtbot.waitUntil(lambda: players_tab.export_viewer is not None, timeout=10_000)
    viewer = players_tab.export_viewer
    qtbot.waitUntil(lambda: not viewer.is_indexing and viewer.model.rowCount() > 0, timeout=10_000)

    target = tmp_path / "french.csv.gz"
    assert viewer.path == target and target.is_file()
    with gzip.open(target, "rt", encoding="utf-8") as file:
        lines = file.read().splitlines()
    assert len(lines) == expected + 1
    assert viewer.model.rowCount() == expected
    assert "ip" in viewer.model.header
    assert players_tab.views.currentWidget() is players_tab.export_page
    assert not strip.isVisibleTo(players_tab)


def test_export_refuses_a_future_date_next_to_the_picker(
    qtbot: Any, players_tab: Any, tmp_path: Path
) -> None:
    dialog = open_export_dialog(qtbot, players_tab, tmp_path)
    dialog.since_check.setChecked(True)
    future = QDate.currentDate().addDays(3)
    dialog.since_date.setDate(future)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert "past" in dialog.since_field.error
    assert dialog.isVisible() and dialog.since_date.date() == future
    dialog.since_date.setDate(QDate.currentDate().addDays(-7))
    assert dialog.since_field.error == ""
    assert dialog.options().last_active_since is not None


def test_an_export_failure_names_the_operation(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any, tmp_path: Path
) -> None:
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, message: reported.append(message))
    dialog = open_export_dialog(qtbot, players_tab, tmp_path)
    dialog.segment.setCurrentText("No such segment")
    dialog.accept()
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert reported[0].startswith("Export players failed")
    assert "does not exist" in reported[0]
    assert not players_tab.export_strip.running and not players_tab.export_strip.isVisibleTo(players_tab)
    assert not (tmp_path / "french.csv.gz").exists()


def test_a_big_app_total_shows_the_banner_offering_the_export(
    qtbot: Any, players_tab: Any, tmp_path: Path
) -> None:
    view = players_tab.players
    assert not view.banner_box.isVisibleTo(view)
    view.model.add_page(PlayerPage(300, [], 100_000))  # the server now says the app has 100,000 players
    assert view.banner_box.isVisibleTo(view)
    assert "100,000 players" in view.banner.text() and "80,000" in view.banner.text()
    players_tab.choose_save_path = lambda parent, suggested: None
    view.banner_button.click()
    assert isinstance(players_tab.last_dialog, ExportOptionsDialog)


def test_a_refused_list_says_why_and_offers_the_export(
    qtbot: Any, console: Any, players_tab: Any, monkeypatch: Any
) -> None:
    refusal = BadRequestError(
        "get_players",
        ["View devices is not available for apps with more than 80,000 users; use the CSV export."],
        status=400,
    )

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise refusal

    monkeypatch.setattr(console.context.client, "get_players", refuse)
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, message: reported.append(message))
    players_tab.refresh()
    view = players_tab.players
    qtbot.waitUntil(lambda: view.refused, timeout=10_000)
    assert view.stack.currentWidget() is view.empty_label
    assert "too big" in view.empty_label.text() and "Export to CSV" in view.empty_label.text()
    assert view.banner_box.isVisibleTo(view) and "80,000" in view.banner.text()
    assert not view.load_all_button.isEnabled()
    assert reported == []  # explained in the tab, not as an error
    assert shiboken6.isValid(view)


def test_closing_the_console_closes_the_open_export(
    qtbot: Any, players_tab: Any, console: Any, tmp_path: Path
) -> None:
    from onesignal_desktop.ui.players.export_viewer.sample_export import write_export

    export = write_export(tmp_path / "players.csv.gz", 2_000)
    players_tab.show_export(str(export))
    viewer = players_tab.export_viewer
    assert viewer is not None and viewer.path == export

    console.shutdown()

    # Its index processes and decompressed copy must not outlive the console.
    assert viewer.path is None
    assert not viewer.is_indexing
