"""The request inspector as a developer uses it: opened with Ctrl+Shift+I on the sandbox, it lists what
was sent (live), filters by path, status and app, shows one request whole, copies it as curl without the
key, and injects faults into the next requests; bad input is said next to the field."""

from __future__ import annotations

from typing import Any

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from onesignal_desktop.ui.inspector.view import InspectorWindow
from onesignal_desktop.ui.shell.startup import Console


def open_inspector(qtbot: Any, console: Console) -> InspectorWindow:
    window = console.window
    window.activateWindow()
    qtbot.waitUntil(lambda: window.inspector_action.isEnabled(), timeout=10_000)
    qtbot.keyClick(
        window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(
        lambda: window.inspector_window is not None and window.inspector_window.isVisible(), timeout=5000
    )
    inspector = window.inspector_window
    assert isinstance(inspector, InspectorWindow)
    return inspector


def rows(inspector: InspectorWindow) -> list[tuple[str, str, str]]:
    model = inspector.model
    return [
        (model.index(r, 2).data(), model.index(r, 3).data(), model.index(r, 4).data())
        for r in range(model.rowCount())
    ]


def test_the_console_requests_show_live_and_one_opens_whole(
    qtbot: Any, console: Console, sandbox: Any
) -> None:
    inspector = open_inspector(qtbot, console)
    qtbot.waitUntil(lambda: ("GET", "/apps", "200") in rows(inspector), timeout=10_000)

    app = httpx.post(
        f"{sandbox.base_url}/apps",
        json={"name": "From a script"},
        headers={"Authorization": f"Key {sandbox.org_key}"},
    ).json()
    qtbot.waitUntil(lambda: ("POST", "/apps", "200") in rows(inspector), timeout=10_000)

    index = rows(inspector).index(("POST", "/apps", "200"))
    inspector.table.selectRow(index)
    qtbot.waitUntil(lambda: inspector.copy_curl.isEnabled(), timeout=10_000)
    details = inspector.details.toPlainText()
    assert details.startswith("POST /apps\n") and '"name": "From a script"' in details
    assert "── answer 200" in details and app["id"] in details
    assert sandbox.org_key not in details

    qtbot.mouseClick(inspector.copy_curl, Qt.MouseButton.LeftButton)
    curl = QGuiApplication.clipboard().text()
    assert curl.startswith(f"curl -sS -X POST {sandbox.base_url}/apps")
    assert '-H "Authorization: Key $ONESIGNAL_ORG_API_KEY"' in curl and sandbox.org_key not in curl
    assert '--data-raw \'{"name":"From a script"}\'' in curl or "From a script" in curl


def test_filters_by_path_status_and_app_and_a_bad_status_is_said(
    qtbot: Any, console: Console, sandbox: Any
) -> None:
    org = {"Authorization": f"Key {sandbox.org_key}"}
    app = httpx.post(f"{sandbox.base_url}/apps", json={"name": "Filtered"}, headers=org).json()
    httpx.get(f"{sandbox.base_url}/apps/not-there", headers=org)
    httpx.get(
        f"{sandbox.base_url}/players",
        params={"app_id": app["id"]},
        headers={"Authorization": f"Key {app['basic_auth_key']}"},
    )
    inspector = open_inspector(qtbot, console)
    qtbot.waitUntil(lambda: ("GET", "/apps/not-there", "404") in rows(inspector), timeout=10_000)

    qtbot.keyClicks(inspector.status_filter, "4xx")
    qtbot.waitUntil(lambda: rows(inspector) == [("GET", "/apps/not-there", "404")], timeout=10_000)
    inspector.status_filter.clear()
    qtbot.keyClicks(inspector.app_filter, app["id"])
    qtbot.waitUntil(lambda: [r[1].split("?")[0] for r in rows(inspector)] == ["/players"], timeout=10_000)
    inspector.app_filter.clear()
    qtbot.keyClicks(inspector.path_filter, "not-there")
    qtbot.waitUntil(lambda: rows(inspector) == [("GET", "/apps/not-there", "404")], timeout=10_000)

    qtbot.keyClicks(inspector.status_filter, "teapot")
    qtbot.waitUntil(lambda: inspector.filter_error.isVisible(), timeout=10_000)
    assert "status must be a code like 404 or a class like 4xx, not 'teapot'" in inspector.filter_error.text()
    assert inspector.status_filter.text() == "teapot"


def test_the_fault_switch_fails_the_next_requests_and_clears(
    qtbot: Any, console: Console, sandbox: Any
) -> None:
    inspector = open_inspector(qtbot, console)
    switch = inspector.faults
    switch.kind.setCurrentText("429")
    switch.times.setValue(2)
    switch.retry_after.setValue(4)
    qtbot.keyClicks(switch.path, "/apps")

    qtbot.mouseClick(switch.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: switch.state.text() == "Set: 429 for 2 request(s) on /apps", timeout=10_000)
    org = {"Authorization": f"Key {sandbox.org_key}"}
    answers = [httpx.get(f"{sandbox.base_url}/apps", headers=org) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200] and answers[0].headers["Retry-After"] == "4"
    qtbot.waitUntil(lambda: [r for r in rows(inspector) if r[2] == "429"] != [], timeout=10_000)

    switch.mode.setCurrentText("a share of requests")
    switch.kind.setCurrentText("503")
    switch.share.setValue(100)
    switch.path.clear()
    qtbot.mouseClick(switch.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: switch.state.text() == "Set: 503 on 100% of requests", timeout=10_000)
    assert httpx.get(f"{sandbox.base_url}/apps", headers=org).status_code == 503
    qtbot.mouseClick(switch.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: switch.state.text() == "No faults set", timeout=10_000)
    assert httpx.get(f"{sandbox.base_url}/apps", headers=org).status_code == 200


def test_it_is_offered_only_on_the_sandbox(qtbot: Any, console: Console) -> None:
    inspector = open_inspector(qtbot, console)
    window = console.window

    console.context.connection_changed.emit(None)  # what a switch to a OneSignal profile first says

    assert not window.inspector_action.isEnabled()
    assert not inspector.isVisible() and window.inspector_window is None
    qtbot.keyClick(
        window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.inspector_window is None
