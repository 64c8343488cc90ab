"""The Segments page against a real sandbox: build a segment, create it, target it, refusals, delete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.ui.segments.filter_row import FilterRow
from onesignal_desktop.ui.segments.tab import SegmentsTab
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

SEGMENTS_TAB = [spec.title for spec in TABS].index("Segments")
# (tags, session_count) of the app's players: two are on the pro plan, two have more than 5 sessions.
PLAYERS = [
    ({"plan": "pro"}, 2),
    ({"plan": "pro"}, 9),
    ({"plan": "free"}, 12),
    ({"plan": "free"}, 1),
    ({}, 0),
]


@pytest.fixture
def shop(org_client: OneSignalClient) -> str:
    app = org_client.create_app({"name": "Shop"})
    assert app.id
    for number, (tags, sessions) in enumerate(PLAYERS):
        org_client.create_player(
            {
                "app_id": app.id,
                "device_type": 1,
                "identifier": f"token-{number}",
                "tags": tags,
                "session_count": sessions,
            }
        )
    return app.id


@pytest.fixture
def app_id(shop: str) -> str:
    return shop


@pytest.fixture
def shop_console(console_on_app: Console) -> Console:
    return console_on_app


def open_segments(qtbot: Any, console: Console) -> SegmentsTab:
    console.window.tab_widget.setCurrentIndex(SEGMENTS_TAB)
    tab = console.window.tab_at(SEGMENTS_TAB)
    assert isinstance(tab, SegmentsTab)
    qtbot.waitUntil(lambda: tab.segments.loaded, timeout=10_000)
    return tab


def listed_names(tab: SegmentsTab) -> list[str]:
    return [
        name.removesuffix("  (built-in)")
        for name in (tab.segments.model.index(row, 0).data() for row in range(tab.segments.model.rowCount()))
    ]


def test_build_a_segment_create_it_target_it_and_delete_it(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str, tmp_path: Path
) -> None:
    tab = open_segments(qtbot, shop_console)
    view = tab.segments
    # A new app lists OneSignal's built-in segments, marked as such.
    assert listed_names(tab) == ["Subscribed Users", "Active Users", "Inactive Users"]
    assert all(view.model.builtin_at(row) for row in range(3))

    qtbot.keyClick(shop_console.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = view.editor
    assert editor.name_edit.hasFocus() and editor.segment_id is None
    qtbot.keyClicks(editor.name_edit, "Pro or power users")
    # Condition 1: tag plan = pro.
    qtbot.mouseClick(editor.builder.add_first_button, Qt.MouseButton.LeftButton)
    first = editor.builder.rows()[0]
    assert isinstance(first, FilterRow)
    qtbot.keyClicks(first.key_edit, "plan")
    qtbot.keyClicks(first.editor.focus_target(), "pro")
    # OR condition 2: session count greater than 5.
    qtbot.mouseClick(editor.builder.add_group_button, Qt.MouseButton.LeftButton)
    second = editor.builder.rows()[1]
    assert isinstance(second, FilterRow)
    qtbot.keyClicks(second.field_combo, "S")
    qtbot.keyClicks(second.relation_combo, "g")
    qtbot.keyClicks(second.editor.focus_target(), "5")
    expected_filters = [
        {"field": "tag", "key": "plan", "relation": "=", "value": "pro"},
        {"operator": "OR"},
        {"field": "session_count", "relation": ">", "value": "5"},
    ]
    assert editor.body() == {"name": "Pro or power users", "filters": expected_filters}
    qtbot.mouseClick(editor.json_button, Qt.MouseButton.LeftButton)
    assert '"session_count"' in editor.json_view.toPlainText()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Pro or power users" in listed_names(tab), timeout=10_000)
    created = next(s for s in org_client.get_segments(shop).segments if s.name == "Pro or power users")
    stored = org_client.get_segment(shop, str(created.id), include_segment_detail=True)
    assert stored.payload is not None
    assert [f.to_payload() for f in stored.payload.filters or []] == expected_filters
    # The new segment is selected, its size counted: players 1, 2 (pro) and 3 (12 sessions).
    qtbot.waitUntil(
        lambda: editor.segment_id == created.id and editor.size_label.text() != "Loading…", timeout=10_000
    )
    assert editor.size_label.text() == "3 subscribed users"
    assert not view.model.builtin_at(view.model.row_of(created.id))

    # Targeting it from the composer reaches exactly the sandbox's matching players.
    shop_console.context.data_dir = tmp_path / "data"  # the composer's drafts and send journal
    qtbot.mouseClick(view.notify_button, Qt.MouseButton.LeftButton)
    composer = view.last_composer
    qtbot.waitUntil(lambda: composer.audience.segments_state == "loaded", timeout=10_000)
    assert composer.audience.include.checked() == ["Pro or power users"]
    page = composer.content.languages.pages["en"]
    qtbot.keyClicks(page.title, "Pro perks")
    qtbot.keyClicks(page.message, "Something for our best users")
    with qtbot.waitSignal(composer.sent, timeout=15_000) as sent:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(composer.last_dialog.send_button, Qt.MouseButton.LeftButton)
    notification = org_client.get_notification(shop, sent.args[0])
    assert notification.included_segments == ["Pro or power users"]
    players = org_client.get_players(shop).players
    matching = [p for p in players if (p.tags or {}).get("plan") == "pro" or (p.session_count or 0) > 5]
    assert len(matching) == 3
    assert composer.result_text().startswith(
        f"Sent: notification {notification.id} to {len(matching)} recipients"
    )
    composer.close()

    shop_console.window.activateWindow()  # Delete is a shortcut of the window the list is in
    qtbot.waitUntil(shop_console.window.isActiveWindow)
    asked: list[str] = []
    view.confirm = lambda title, text: asked.append(text) or True
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert asked and "“Pro or power users”" in asked[0]
    qtbot.waitUntil(lambda: "Pro or power users" not in listed_names(tab), timeout=10_000)
    assert all(s.name != "Pro or power users" for s in org_client.get_segments(shop).segments)


def test_declining_the_confirmation_keeps_the_segment(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    tab = open_segments(qtbot, shop_console)
    tab.segments.table.selectRow(0)
    qtbot.waitUntil(lambda: not tab.segments.busy, timeout=10_000)
    tab.segments.confirm = lambda title, text: False
    tab.segments.delete_selected()
    assert not tab.segments.busy  # nothing was sent
    assert len(org_client.get_segments(shop).segments) == 3


def test_refusals_show_next_to_the_name_and_the_row_at_fault(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    tab = open_segments(qtbot, shop_console)
    editor = tab.segments.editor
    tab.segments.create_new()
    qtbot.keyClicks(editor.name_edit, "x" * 130)
    pasted = '[{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}, {"field": "rooted", "relation": "=", "value": true}]'  # noqa: E501
    assert editor.load_filters_json(pasted) == ""
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.name_error.isVisibleTo(editor), timeout=10_000)
    assert "128 characters" in editor.name_error.text()
    messages = shop_console.window.messages.messages
    assert messages and messages[-1].startswith("Create segment failed")

    editor.name_edit.setText("Rooted pro users")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    raw_row = editor.builder.rows()[1]
    qtbot.waitUntil(lambda: raw_row.error_label.isVisibleTo(editor), timeout=10_000)
    assert "rooted" in raw_row.error_label.text()
    assert not editor.builder.rows()[0].error_label.isVisibleTo(editor)
    assert not editor.name_error.isVisibleTo(editor)
    assert [s.name for s in org_client.get_segments(shop).segments if s.name == "Rooted pro users"] == []


def test_a_half_built_condition_is_explained_and_nothing_is_sent(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    tab = open_segments(qtbot, shop_console)
    editor = tab.segments.editor
    tab.segments.create_new()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.name_error.text() == "Give the segment a name."
    assert "at least one condition" in editor.general_error.text()
    qtbot.keyClicks(editor.name_edit, "Incomplete")
    qtbot.mouseClick(editor.builder.add_first_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.builder.rows()[0].error_label.text()
    # Whatever was still loading finishes; no save went out meanwhile.
    qtbot.waitUntil(lambda: shop_console.context.bridge.active_count == 0)
    assert len(org_client.get_segments(shop).segments) == 3


def test_a_custom_segment_is_updated_and_a_builtin_one_is_read_only(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    org_client.create_segments(
        shop,
        {"name": "Free plan", "filters": [{"field": "tag", "key": "plan", "relation": "=", "value": "free"}]},
    )
    tab = open_segments(qtbot, shop_console)
    view, editor = tab.segments, tab.segments.editor
    subscribed = org_client.get_segments(shop).segments[0]
    assert subscribed.name == "Subscribed Users"
    count = org_client.get_segment(shop, str(subscribed.id)).subscriber_count
    assert count == len(PLAYERS)
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: editor.size_label.text() == f"{count} subscribed users", timeout=10_000)
    assert editor.read_only and not editor.save_button.isEnabled()
    assert "built-in" in editor.note_label.text()

    row = view.model.row_of(
        next(s.id for s in org_client.get_segments(shop).segments if s.name == "Free plan")
    )
    view.table.selectRow(row)
    qtbot.waitUntil(lambda: editor.name_edit.text() == "Free plan" and editor.isEnabled(), timeout=10_000)
    assert not editor.read_only and not editor.save_button.isEnabled()  # nothing changed yet
    editor.name_edit.setText("Free plan users")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Free plan users" in listed_names(tab), timeout=10_000)
    assert "Free plan users" in [s.name for s in org_client.get_segments(shop).segments]


def test_pages_of_segments(qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str) -> None:
    for number in range(4):
        org_client.create_segments(
            shop,
            {
                "name": f"Level {number}",
                "filters": [{"field": "session_count", "relation": ">", "value": number}],
            },
        )
    tab = open_segments(qtbot, shop_console)
    view = tab.segments
    view.page_size = 5
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=10_000)
    assert view.page_label.text() == "1 to 5 of 7"
    assert view.next_button.isEnabled() and not view.previous_button.isEnabled()
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed_names(tab) == ["Level 2", "Level 3"], timeout=10_000)
    assert view.page_label.text() == "6 to 7 of 7"


def test_no_apps_yet_is_explained(qtbot: Any, console: Console) -> None:
    console.window.tab_widget.setCurrentIndex(SEGMENTS_TAB)
    tab = console.window.tab_at(SEGMENTS_TAB)
    assert isinstance(tab, SegmentsTab)
    qtbot.waitUntil(lambda: tab.segments.stack.empty, timeout=5000)
    assert "no apps yet: create one on the Apps tab" in tab.segments.stack.empty_label.text()
    assert not tab.segments.new_button.isEnabled() and not tab.segments.count_button.isEnabled()


def test_unsaved_edits_are_kept_unless_the_person_discards_them(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    tab = open_segments(qtbot, shop_console)
    view, editor = tab.segments, tab.segments.editor
    view.create_new()
    qtbot.keyClicks(editor.name_edit, "Half done")
    asked: list[str] = []
    view.confirm = lambda title, text: asked.append(text) or False
    view.table.selectRow(1)
    assert "“Half done”" in asked[0]
    assert editor.name_edit.text() == "Half done" and editor.segment_id is None
    assert view.selected_segment() is None

    view.confirm = lambda title, text: True
    view.table.selectRow(1)
    qtbot.waitUntil(lambda: editor.name_edit.text() == "Active Users" and editor.isEnabled(), timeout=10_000)
    assert not editor.dirty


def test_tag_keys_of_loaded_segments_are_suggested(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    org_client.create_segments(
        shop, {"name": "Gold", "filters": [{"field": "tag", "key": "tier", "relation": "=", "value": "gold"}]}
    )
    tab = open_segments(qtbot, shop_console)
    view, editor = tab.segments, tab.segments.editor
    view.table.selectRow(view.model.rowCount() - 1)
    qtbot.waitUntil(lambda: editor.name_edit.text() == "Gold" and editor.isEnabled(), timeout=10_000)
    view.create_new()
    qtbot.mouseClick(editor.builder.add_first_button, Qt.MouseButton.LeftButton)
    row = editor.builder.rows()[0]
    assert isinstance(row, FilterRow)
    completer = row.key_edit.completer()
    assert completer is not None
    assert completer.model().index(0, 0).data() == "tier"


def test_a_failed_load_is_explained_and_f5_tries_again(
    qtbot: Any, shop_console: Console, sandbox: Any, shop: str
) -> None:
    sandbox.faults.inject("404", times=None, method="GET", path=f"/apps/{shop}/segments")
    tab = open_segments_unloaded(shop_console)
    view = tab.segments
    bar = shop_console.window.messages
    qtbot.waitUntil(lambda: bool(bar.messages), timeout=10_000)
    assert bar.messages[-1].startswith("Load segments failed: the server answered HTTP 404")
    assert view.stack.empty and "could not be loaded" in view.stack.empty_label.text()
    sandbox.faults.clear()
    qtbot.keyClick(shop_console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    assert not view.stack.empty


def open_segments_unloaded(console: Console) -> SegmentsTab:
    console.window.tab_widget.setCurrentIndex(SEGMENTS_TAB)
    tab = console.window.tab_at(SEGMENTS_TAB)
    assert isinstance(tab, SegmentsTab)
    return tab


def test_the_screenshot_views_show_each_page_with_examples(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    tab = open_segments(qtbot, shop_console)
    pictures = dict(tab.screenshot_views())
    assert list(pictures) == ["builder"]
    assert pictures["builder"]() is shop_console.window
    assert len(tab.segments.editor.builder.rows()) == 5 and len(tab.segments.editor.builder.groups()) == 2

    window = shop_console.window
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    analytics = window.tab_at(titles.index("Analytics"))
    window.tab_widget.setCurrentWidget(analytics.parentWidget())
    dict(analytics.screenshot_views())["outcomes"]()
    qtbot.waitUntil(lambda: analytics.outcomes.table_data is not None, timeout=10_000)
    assert analytics.outcomes.table_data.attributions == ["direct", "influenced", "unattributed", "total"]

    notifications = window.tab_at(titles.index("Notifications"))
    dict(notifications.screenshot_views())["templates"]()
    templates = notifications.templates
    qtbot.waitUntil(lambda: templates.model.rowCount() == 2 and bool(templates.template_id), timeout=10_000)

    apps = window.tab_at(titles.index("Apps"))
    dict(apps.screenshot_views())["api-keys"]()
    qtbot.waitUntil(lambda: apps.api_keys.model.rowCount() == 2, timeout=10_000)
    assert len(org_client.view_api_keys(shop).tokens) == 2


def test_count_sizes_fills_the_size_column_for_the_page(
    qtbot: Any, shop_console: Console, org_client: OneSignalClient, shop: str
) -> None:
    org_client.create_segments(
        shop, {"name": "Pro", "filters": [{"field": "tag", "key": "plan", "relation": "=", "value": "pro"}]}
    )
    tab = open_segments(qtbot, shop_console)
    view = tab.segments
    assert [view.model.index(row, 4).data() for row in range(4)] == ["—"] * 4
    qtbot.mouseClick(view.count_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.count_button.isEnabled(), timeout=10_000)
    expected = [
        f"{org_client.get_segment(shop, str(s.id)).subscriber_count:,}"
        for s in org_client.get_segments(shop).segments
    ]
    assert [view.model.index(row, 4).data() for row in range(4)] == expected
    assert expected[-1] == "2"  # the two pro players
    assert [view.model.index(row, 2).data() for row in range(4)] == ["built-in"] * 3 + ["custom"]


def test_ctrl_f_finds_segments_on_the_page(qtbot: Any, shop_console: Console) -> None:
    tab = open_segments(qtbot, shop_console)
    view = tab.segments
    shop_console.window.activateWindow()
    qtbot.waitUntil(shop_console.window.isActiveWindow)
    qtbot.keyClick(shop_console.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.find_edit.hasFocus()
    qtbot.keyClicks(view.find_edit, "ACTIVE")
    shown = [listed_names(tab)[row] for row in range(3) if not view.table.isRowHidden(row)]
    assert shown == ["Active Users", "Inactive Users"]
    view.refresh()  # a reloaded page keeps the search
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert view.table.isRowHidden(0) and not view.table.isRowHidden(1)
    view.find_edit.clear()
    assert not any(view.table.isRowHidden(row) for row in range(3))
