"""The players list against a sandbox over loopback: pages as you scroll, load all, sort, filter, faults."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.players.rows import COLUMNS, DEVICE, SESSIONS

PLAYERS = 700


def test_scrolling_loads_the_next_page_of_300(qtbot: Any, players_tab: Any) -> None:
    view = players_tab.players
    model = view.model
    assert model.rowCount() == 300
    assert model.total_count == PLAYERS
    assert view.count_label.text() == f"300 of {PLAYERS} players loaded"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 600, timeout=10_000)
    assert view.count_label.text() == f"600 of {PLAYERS} players loaded"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == PLAYERS, timeout=10_000)
    assert model.exhausted and not model.canFetchMore()
    ids = [model.player_id_at(row) for row in range(model.rowCount())]
    assert len(set(ids)) == PLAYERS
    assert not view.load_all_button.isEnabled()


def test_first_player_is_selected_and_detailed(
    qtbot: Any, players_tab: Any, app_client: Any, app_id: str
) -> None:
    view = players_tab.players
    qtbot.waitUntil(lambda: view.details.player is not None, timeout=10_000)
    first = view.model.player_id_at(0)
    assert view.details.player.id == first
    server = app_client.get_player(app_id, first)
    assert view.details.info_labels["id"].text() == first
    assert view.details._editor("identifier").text() == (server.identifier or "")
    assert view.details.tags.tags() == {k: str(v) for k, v in (server.tags or {}).items()}


def test_load_all_with_progress_then_sort_and_filter_on_the_rows(qtbot: Any, players_tab: Any) -> None:
    view = players_tab.players
    model = view.model
    view.load_all_button.click()
    assert view.cancel_button.isVisibleTo(view) and view.progress.isVisibleTo(view)
    qtbot.waitUntil(lambda: not view.loading_all, timeout=15_000)
    assert model.loaded_count == PLAYERS
    assert not view.progress.isVisibleTo(view)

    sessions = [name for name, field in COLUMNS].index("Sessions")
    view.sort_by(sessions, Qt.SortOrder.DescendingOrder)
    counts = [model.row_at(row)[SESSIONS] for row in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)

    view.filter_edit.setText("sms")
    view.apply_filter()
    shown = model.rowCount()
    assert 0 < shown < PLAYERS
    assert all(model.row_at(row)[DEVICE] == 14 for row in range(shown))
    assert f"{shown:,} match" in view.count_label.text()
    counts = [model.row_at(row)[SESSIONS] for row in range(shown)]
    assert counts == sorted(counts, reverse=True)  # the filter keeps the sort

    view.filter_edit.setText("no-such-player-anywhere")
    view.apply_filter()
    assert model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty_label
    assert "No loaded player matches" in view.empty_label.text()


def test_device_types_show_by_name_and_icon(players_tab: Any) -> None:
    model = players_tab.players.model
    names = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert {"iOS", "Android"} <= names
    icon = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()


def test_cancel_load_all_keeps_what_arrived_and_the_tab_usable(
    qtbot: Any, players_tab: Any, sandbox: Any
) -> None:
    view = players_tab.players
    sandbox.faults.inject("latency", ms=400, method="GET", path="/players", times=5)
    view.load_all_button.click()
    qtbot.waitUntil(lambda: view.cancel_button.isVisibleTo(view), timeout=5000)
    view.cancel_button.click()
    assert not view.loading_all
    assert view.load_all_button.isVisibleTo(view)
    loaded = view.model.loaded_count
    assert 300 <= loaded < PLAYERS
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.loaded_count > loaded, timeout=10_000)


def test_a_failing_page_names_the_operation_and_f5_recovers(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any
) -> None:
    view = players_tab.players
    reported: list[tuple[str, str]] = []
    console.context.error_reported.connect(lambda operation, message: reported.append((operation, message)))
    sandbox.faults.inject("500", method="GET", path="/players", times=10)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: bool(reported), timeout=15_000)
    operation, message = reported[0]
    assert operation == "Load players"
    assert message.startswith("Load players failed")
    assert view.model.loaded_count == 300  # what was there stays
    assert "stopped after an error (F5 reloads)" in view.count_label.text()
    sandbox.faults.clear()
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: view.model.loaded_count == 300 and not view.model.fetching, timeout=10_000)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.loaded_count == 600, timeout=10_000)


def test_a_big_list_is_sorted_and_filtered_on_a_worker(
    qtbot: Any, players_tab: Any, monkeypatch: Any
) -> None:
    from onesignal_desktop.ui.players import list_view

    monkeypatch.setattr(list_view, "ARRANGE_ON_WORKER_ROWS", 100)
    view = players_tab.players
    model = view.model
    view.filter_edit.setText("sms")
    view.apply_filter()
    assert view.arranging and view.count_label.text() == "Sorting and filtering 300 players…"
    assert model.rowCount() == 300  # the old view stays until the new one is ready
    qtbot.waitUntil(lambda: not view.arranging, timeout=10_000)
    assert model.filter_text == "sms" and 0 < model.rowCount() < 300
    assert all(model.row_at(row)[DEVICE] == 14 for row in range(model.rowCount()))

    sessions = [name for name, field in COLUMNS].index("Sessions")
    view.sort_by(sessions, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not view.arranging, timeout=10_000)
    counts = [model.row_at(row)[SESSIONS] for row in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True) and model.sort_field == SESSIONS

    view.table.scrollToBottom()  # rows arriving later join the filtered, sorted view (the view may fetch on
    qtbot.waitUntil(lambda: model.loaded_count >= 600, timeout=10_000)  # its own while matches don't fill it)
    assert all(model.row_at(row)[DEVICE] == 14 for row in range(model.rowCount()))
    counts = [model.row_at(row)[SESSIONS] for row in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)


def test_switching_to_an_empty_app_explains_the_empty_list(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any
) -> None:
    from onesignal_desktop.api import OneSignalClient

    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as org:
        empty_app = str(org.create_app({"name": "Empty"}).id)
    console.context.catalog.reload()
    qtbot.waitUntil(lambda: any(app.id == empty_app for app in console.context.catalog.apps), timeout=10_000)
    console.context.set_current_app(empty_app)
    view = players_tab.players
    qtbot.waitUntil(lambda: view.model.exhausted and view.model.loaded_count == 0, timeout=10_000)
    assert view.stack.currentWidget() is view.empty_label
    assert "no players yet" in view.empty_label.text() and "New player" in view.empty_label.text()
    assert view.details.stack.currentWidget() is view.details.empty_label
    assert not view.load_all_button.isEnabled()


def test_f5_while_the_server_is_unreachable_keeps_the_loaded_rows_and_shows_the_error(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any
) -> None:
    view = players_tab.players
    model = view.model
    qtbot.waitUntil(lambda: view.details.player is not None, timeout=10_000)
    shown = [model.player_id_at(row) for row in range(model.rowCount())]
    selected = view.selected_player_id()
    reported: list[tuple[str, str]] = []
    console.context.error_reported.connect(lambda operation, message: reported.append((operation, message)))
    sandbox.faults.inject("reset", times=None)
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(reported) and not model.fetching, timeout=20_000)
    operation, message = reported[0]
    assert operation == "Load players" and message.startswith("Load players failed")
    assert [model.player_id_at(row) for row in range(model.rowCount())] == shown
    assert view.stack.currentWidget() is not view.empty_label
    assert view.selected_player_id() == selected
    assert "stopped after an error (F5 reloads)" in view.count_label.text()

    sandbox.faults.clear()
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not model.fetching and model.rowCount() > 0, timeout=10_000)
    assert model.loaded_count == 300 and model.total_count == PLAYERS
    assert view.selected_player_id() == selected
    assert "stopped after an error" not in view.count_label.text()
