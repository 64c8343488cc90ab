"""The players list against a sandbox over loopback: pages as you scroll, load all, sort, filter, faults."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.players.rows import COLUMNS, DEVICE, SESSIONS

PLAYERS = 700


def detailed_view(qtbot: Any, players_tab: Any) -> Any:
    """The players list once its first player is selected and shown in the details panel."""
    view = players_tab.players
    qtbot.waitUntil(lambda: view.details.player is not None, timeout=10_000)
    return view


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
    assert view.model.rowCount() == loaded and not view.model.holding
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.loaded_count > loaded, timeout=10_000)


def held_load_all(qtbot: Any, view: Any, sandbox: Any) -> None:
    """Starts Load all with slow pages and waits until the second 300 players are loaded (and held)."""
    sandbox.faults.inject("latency", ms=600, method="GET", path="/players", times=5)
    view.load_all_button.click()
    qtbot.waitUntil(lambda: view.model.loaded_count == 600, timeout=10_000)
    assert view.loading_all and view.model.holding  # the last page is still on its way (600 ms)


def test_load_all_holds_arriving_rows_until_the_end_or_a_scroll_to_the_end(
    qtbot: Any, players_tab: Any, sandbox: Any
) -> None:
    view = detailed_view(qtbot, players_tab)
    model = view.model
    selected = view.selected_player_id()
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    held_load_all(qtbot, view, sandbox)
    assert model.rowCount() == 300 and model.held_count == 300 and inserted == []  # the table stays still
    assert view.count_label.text() == f"600 of {PLAYERS} players loaded · scroll to the end to see them"
    assert (view.progress.value(), view.progress.maximum()) == (600, PLAYERS)
    assert view.progress.text() == "85%"
    view.table.scrollToBottom()  # the view asks for more at the end: it gets what is held
    qtbot.waitUntil(lambda: model.rowCount() == 600, timeout=5000)
    assert inserted == [(300, 599)] and view.loading_all
    assert view.count_label.text() == f"600 of {PLAYERS} players loaded"  # nothing held: no hint
    qtbot.waitUntil(lambda: not view.loading_all, timeout=15_000)
    assert model.rowCount() == model.loaded_count == PLAYERS and not model.holding
    assert inserted == [(300, 599), (600, PLAYERS - 1)]
    assert len({model.player_id_at(row) for row in range(PLAYERS)}) == PLAYERS
    assert view.selected_player_id() == selected and view.details.player_id == selected
    assert view.count_label.text() == f"{PLAYERS} of {PLAYERS} players loaded"


def test_a_failing_load_all_shows_what_arrived_and_names_the_operation(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any
) -> None:
    view = players_tab.players
    model = view.model
    reported: list[tuple[str, str]] = []
    console.context.error_reported.connect(lambda operation, message: reported.append((operation, message)))
    sandbox.faults.inject("latency", ms=200, method="GET", path="/players", times=1)
    sandbox.faults.inject("500", method="GET", path="/players", times=10)  # the page after it fails
    view.load_all_button.click()
    qtbot.waitUntil(lambda: bool(reported), timeout=20_000)
    assert reported[0][0] == "Load all players"
    assert not view.loading_all and not view.progress.isVisibleTo(view)
    assert model.loaded_count == 600 and model.rowCount() == 600 and not model.holding
    assert view.model.player_id_at(599) is not None


def test_a_sorted_filtered_list_stays_sorted_and_filtered_through_load_all(
    qtbot: Any, players_tab: Any, sandbox: Any
) -> None:
    view = players_tab.players
    model = view.model
    sessions = [name for name, field in COLUMNS].index("Sessions")
    view.sort_by(sessions, Qt.SortOrder.DescendingOrder)
    view.filter_edit.setText("sms")
    view.apply_filter()
    view.select_row(1)
    selected = view.selected_player_id()
    assert selected is not None
    matches_in_first_page = model.rowCount()
    held_load_all(qtbot, view, sandbox)
    assert model.rowCount() == matches_in_first_page  # rows arriving meanwhile are held
    qtbot.waitUntil(lambda: not view.loading_all, timeout=15_000)
    assert model.loaded_count == PLAYERS
    every_match = sum(1 for row in model._rows if row[DEVICE] == 14)
    assert model.rowCount() == every_match > matches_in_first_page
    assert all(model.row_at(row)[DEVICE] == 14 for row in range(every_match))
    counts = [model.row_at(row)[SESSIONS] for row in range(every_match)]
    assert counts == sorted(counts, reverse=True)
    assert view.selected_player_id() == selected
    assert f"{every_match:,} match" in view.count_label.text()


def test_sorting_during_load_all_sorts_every_loaded_player(
    qtbot: Any, players_tab: Any, sandbox: Any
) -> None:
    view = detailed_view(qtbot, players_tab)
    model = view.model
    selected = view.selected_player_id()
    held_load_all(qtbot, view, sandbox)
    sessions = [name for name, field in COLUMNS].index("Sessions")
    view.sort_by(sessions, Qt.SortOrder.AscendingOrder)  # a header click while rows are held
    assert model.rowCount() == 600 and model.held_count == 0
    counts = [model.row_at(row)[SESSIONS] for row in range(600)]
    assert counts == sorted(counts)
    qtbot.waitUntil(lambda: not view.loading_all, timeout=15_000)
    counts = [model.row_at(row)[SESSIONS] for row in range(model.rowCount())]
    assert len(counts) == PLAYERS and counts == sorted(counts)
    assert view.selected_player_id() == selected


def test_load_all_on_an_empty_list_shows_the_first_page_at_once(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any
) -> None:
    view = players_tab.players
    model = view.model
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, _message: reported.append(operation))
    sandbox.faults.inject("500", method="GET", path="/players", times=10)
    view.set_app(view.app_id)  # the first page fails: an empty list, Load all still offered
    qtbot.waitUntil(lambda: bool(reported) and not model.fetching, timeout=20_000)
    assert model.loaded_count == 0 and view.load_all_button.isEnabled()
    sandbox.faults.clear()
    sandbox.faults.inject("latency", ms=600, method="GET", path="/players", times=5)
    view.load_all_button.click()
    qtbot.waitUntil(lambda: model.loaded_count == 300, timeout=10_000)
    assert model.rowCount() == 300 and view.stack.currentWidget() is not view.empty_label
    qtbot.waitUntil(lambda: model.loaded_count == 600, timeout=10_000)
    assert model.rowCount() == 300 and view.loading_all  # later pages are held
    qtbot.waitUntil(lambda: not view.loading_all, timeout=15_000)
    assert model.rowCount() == PLAYERS


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
    view = detailed_view(qtbot, players_tab)
    model = view.model
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


def test_the_count_label_keeps_a_fixed_size_while_loading_all_and_still_fits_its_text(
    qtbot: Any, players_tab: Any, sandbox: Any
) -> None:
    from onesignal_desktop.ui.players.list_view import QWIDGETSIZE_MAX

    view = players_tab.players
    label = view.count_label

    def fits() -> bool:
        return label.fontMetrics().horizontalAdvance(label.text()) <= label.maximumWidth()

    held_load_all(qtbot, view, sandbox)
    # A label that may change size makes the whole window lay out and repaint at every page.
    assert label.minimumSize() == label.maximumSize() and fits()
    view.filter_edit.setText("sms")  # "· N match" makes the text longer than planned: the label widens
    view.apply_filter()
    assert "match" in label.text() and label.minimumSize() == label.maximumSize() and fits()
    qtbot.waitUntil(lambda: not view.loading_all, timeout=15_000)
    assert label.maximumWidth() == QWIDGETSIZE_MAX and label.minimumWidth() == 0
