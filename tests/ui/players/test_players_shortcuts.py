"""Shortcuts and the composer hand-off of the Players tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from onesignal_desktop.ui.players import tab as players_tab_module


def test_ctrl_f_focuses_the_filter_and_f5_reloads(qtbot: Any, console: Any, players_tab: Any) -> None:
    window = console.window
    view = players_tab.players
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.loaded_count == 600, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: view.filter_edit.hasFocus() or window.focusWidget() is view.filter_edit, timeout=2000
    )
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: view.model.loaded_count == 300 and not view.model.fetching, timeout=10_000)


def test_ctrl_f_in_the_users_view_focuses_the_lookup(qtbot: Any, console: Any, players_tab: Any) -> None:
    players_tab.views.setCurrentWidget(players_tab.users)
    players_tab.focus_find()
    assert console.window.focusWidget() is players_tab.users.id_edit or players_tab.users.id_edit.hasFocus()


def test_send_test_notification_opens_the_composer_aimed_at_the_player(
    qtbot: Any, players_tab: Any, app_id: str, monkeypatch: Any
) -> None:
    opened: list[dict[str, Any]] = []
    monkeypatch.setattr(
        players_tab_module, "open_composer", lambda context, parent, draft: opened.append(draft) or "composer"
    )
    details = players_tab.players.details
    qtbot.waitUntil(lambda: details.player is not None, timeout=10_000)
    details.test_button.click()
    assert opened == [
        {
            "name": f"Test to player {details.player_id}",
            "include_subscription_ids": [details.player_id],
            "app_id": app_id,
        }
    ]
    assert players_tab.last_dialog == "composer"
