"""Each main action of the Players tab under a server fault: the error names the operation, nothing is lost,
and the same action works once the fault is gone."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from onesignal_desktop.api.errors import NotFoundError


def shown_player(qtbot: Any, players_tab: Any) -> Any:
    details = players_tab.players.details
    qtbot.waitUntil(lambda: details.player is not None and not details.scope.busy, timeout=10_000)
    return details


@pytest.mark.parametrize("fault", ["reset", "html", "500"])
def test_create_player_fault_is_shown_in_the_dialog_and_retry_works(
    qtbot: Any, players_tab: Any, sandbox: Any, app_client: Any, app_id: str, fault: str
) -> None:
    sandbox.faults.inject(fault, method="POST", path="/players")
    players_tab.create_new()
    dialog = players_tab.last_dialog
    dialog.identifier_edit.setText("push-token-under-fault")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    qtbot.waitUntil(lambda: dialog.server_error.isVisibleTo(dialog), timeout=15_000)
    assert dialog.server_error.text().startswith("Create player failed")
    assert dialog.isVisible() and dialog.identifier_edit.text() == "push-token-under-fault"
    ok.click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    created = players_tab.players.details.player_id
    assert app_client.get_player(app_id, created).identifier == "push-token-under-fault"


def test_delete_player_fault_names_the_operation_and_keeps_the_row(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any, app_client: Any, app_id: str
) -> None:
    details = shown_player(qtbot, players_tab)
    player_id = details.player_id
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, message: reported.append(message))
    sandbox.faults.inject("400", method="DELETE", path="/players/*")
    players_tab.players.delete_selected()
    box = players_tab.players.last_dialog
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == "Delete player").click()
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert reported[0].startswith("Delete player failed")
    assert players_tab.players.model.view_row_of(player_id) >= 0
    assert app_client.get_player(app_id, player_id).id == player_id
    players_tab.players.delete_selected()
    box = players_tab.players.last_dialog
    next(b for b in box.buttons() if b.text() == "Delete player").click()
    qtbot.waitUntil(lambda: players_tab.players.model.view_row_of(player_id) < 0, timeout=10_000)
    with pytest.raises(NotFoundError):
        app_client.get_player(app_id, player_id)


def test_details_load_fault_names_the_operation_and_selecting_again_works(
    qtbot: Any, console: Any, players_tab: Any, sandbox: Any
) -> None:
    shown_player(qtbot, players_tab)
    reported: list[str] = []
    console.context.error_reported.connect(lambda operation, message: reported.append(message))
    sandbox.faults.inject("404", method="GET", path="/players/*")
    players_tab.players.select_row(1)
    qtbot.waitUntil(lambda: bool(reported), timeout=10_000)
    assert reported[0].startswith("Load player failed")
    assert "Load player failed" in players_tab.players.details.status_label.text()
    players_tab.players.select_row(2)
    details = players_tab.players.details
    qtbot.waitUntil(lambda: details.player_id == players_tab.players.model.player_id_at(2), timeout=10_000)
