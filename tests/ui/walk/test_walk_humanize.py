"""Issue 17, item 11: UTC offsets, device types, times and durations read as people read them, with the
raw value in the tooltip; a typed "UTC+02:00" is saved as OneSignal's seconds."""

from __future__ import annotations

import time
from typing import Any

from onesignal_desktop.ui.players.model import PlayersModel
from onesignal_desktop.ui.players.rows import COLUMNS, CREATED, DEVICE

from .conftest import open_tab, sandbox_client


def _details(qtbot: Any, console: Any, app_id: str) -> Any:
    tab = open_tab(console.window, "Players")
    console.context.set_current_app(app_id)
    details = tab.players.details
    qtbot.waitUntil(lambda: details.player is not None and not details.scope.busy, timeout=10_000)
    return tab, details


def test_player_details_read_as_people_read_them(qtbot, console, sandbox, demo_app_id):
    _tab, details = _details(qtbot, console, demo_app_id)
    player = details.player
    device = details.info_labels["device_type"]
    assert device.text() in ("iOS", "Android", "Chrome", "Email", "SMS", "Safari", "Firefox", "Huawei")
    assert device.toolTip() == f"device_type {player.device_type}"
    created = details.info_labels["created_at"]
    assert created.text() == time.strftime("%Y-%m-%d %H:%M", time.localtime(player.created_at))
    assert str(player.created_at) in created.toolTip() and "UTC" in created.toolTip()
    if player.timezone is not None:
        assert details._editor("timezone").text().startswith("UTC")
        assert str(player.timezone) in details._editor("timezone").toolTip()

    details._editor("timezone").setText("UTC+02:00")
    details.save()
    qtbot.waitUntil(lambda: details.status_label.text() == "Saved.", timeout=10_000)
    with sandbox_client(sandbox) as client:
        assert client.get_player(demo_app_id, details.player_id).timezone == 7200
    assert details._editor("timezone").text() == "UTC+02:00"

    details._editor("timezone").setText("half past")
    details.save()
    assert "UTC+02:00" in details.fields["timezone"].error


def test_the_players_list_tooltips_hold_the_raw_values(qtbot, console, demo_app_id):
    tab, _details_pane = _details(qtbot, console, demo_app_id)
    model = tab.players.model
    assert isinstance(model, PlayersModel)
    columns = [field for _header, field in COLUMNS]
    row = model.row_at(0)
    device_cell = model.index(0, columns.index(DEVICE))
    created_cell = model.index(0, columns.index(CREATED))
    assert device_cell.data(3) == f"device_type {row[DEVICE]}"  # 3: Qt.ToolTipRole
    assert str(row[CREATED]) in created_cell.data(3)
    assert created_cell.data() == time.strftime("%Y-%m-%d %H:%M", time.localtime(row[CREATED]))
