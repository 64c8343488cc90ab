"""The Audit log page against a real sandbox: changes made through the sandbox listed with actor,
action, target, IP and time; filters; paging by cursor (Load more, or scrolling to the end); CSV export;
a bad time range is said next to the filters and what was typed stays."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox.store import AuditEvent
from onesignal_desktop.ui.apps.audit_log.view import AuditLogView
from onesignal_desktop.ui.apps.tab import AppsTab
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

APPS_TAB = [spec.title for spec in TABS].index("Apps")


@pytest.fixture
def app_id(org_client: OneSignalClient) -> str:
    app = org_client.create_app({"name": "Audited"})
    assert app.id
    return app.id


@pytest.fixture
def console(console_on_app: Console) -> Console:
    return console_on_app


def audit_page(qtbot: Any, console: Console) -> AuditLogView:
    console.window.tab_widget.setCurrentIndex(APPS_TAB)
    tab = console.window.tab_at(APPS_TAB)
    assert isinstance(tab, AppsTab)
    tab.pages.show_page(tab.audit_log)
    qtbot.waitUntil(lambda: tab.audit_log.app_filter.count() > 1, timeout=10_000)
    return tab.audit_log


def search(qtbot: Any, page: AuditLogView) -> None:
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.status.text().startswith("Loading"), timeout=10_000)


def test_changes_are_listed_and_filtered(
    qtbot, console: Console, app_client: OneSignalClient, app_id: str
) -> None:
    app_client.create_segments(
        app_id, {"name": "VIP", "filters": [{"field": "session_count", "relation": ">", "value": "2"}]}
    )
    app_client.create_template({"app_id": app_id, "name": "Welcome", "contents": {"en": "Hi"}})
    page = audit_page(qtbot, console)
    search(qtbot, page)
    actions = [page.cell(row, 1) for row in range(page.loaded_count())]
    assert "app.created" in actions and "segment.created" in actions and "template.created" in actions
    row = actions.index("segment.created")
    assert page.cell(row, 2) == "Legacy REST API key"  # the actor: which key made it
    assert page.cell(row, 3) == "segment" and page.cell(row, 4).startswith("VIP (")
    assert page.cell(row, 6) == "127.0.0.1"
    qtbot.keyClicks(page.action_filter, "template.created")
    search(qtbot, page)
    assert [page.cell(r, 1) for r in range(page.loaded_count())] == ["template.created"]
    assert page.status.text() == "1 entries"


def test_a_long_log_pages_by_cursor_and_exports(
    qtbot, console: Console, sandbox: Any, app_id: str, tmp_path: Path
) -> None:
    now = sandbox.clock.now()
    sandbox.store.insert_audit_events(
        (
            AuditEvent(sandbox.organization_id, now - 600 + i * 0.001, "segment.updated", app_id=app_id,
                       target_type="segment", target_id=f"s{i}", ip="10.1.1.1")
            for i in range(250)
        ),
    )  # fmt: skip
    page = audit_page(qtbot, console)
    page.app_filter.setCurrentIndex(page.app_filter.findData(app_id))
    qtbot.keyClicks(page.action_filter, "segment.updated")
    search(qtbot, page)
    assert page.loaded_count() == 100 and page.more_button.isEnabled()
    qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loaded_count() == 200, timeout=10_000)
    page.table.scrollToBottom()  # reaching the end loads the rest
    qtbot.waitUntil(lambda: page.loaded_count() == 250, timeout=10_000)
    assert not page.more_button.isEnabled()
    assert [page.cell(r, 4) for r in (0, 249)] == ["s0", "s249"]
    target = tmp_path / "audit.csv"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.status.text().startswith("Exported"), timeout=10_000)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["Time", "Action"] and len(rows) == 251 and rows[250][4] == "s249"


def test_a_bad_time_range_is_said_next_to_the_filters(qtbot, console: Console, app_id: str) -> None:
    page = audit_page(qtbot, console)
    qtbot.keyClicks(page.actor_filter, "key-1")
    page.end_edit.setDateTime(page.start_edit.dateTime().addSecs(-60))
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    assert page.filter_message.isVisible() and "start must be before the end" in page.filter_message.text()
    assert page.actor_filter.text() == "key-1" and page.loaded_count() == 0
