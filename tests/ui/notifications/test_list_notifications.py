"""The Notifications tab's list against a sandbox over loopback, with the sandbox clock frozen and moved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.notifications import tab as tab_module
from onesignal_desktop.ui.notifications.auto_refresh import BackoffPolicy
from onesignal_desktop.ui.notifications.list_model import PAGE_SIZE, STATUS_COLUMN
from onesignal_desktop.ui.notifications.status import Status
from onesignal_desktop.ui.notifications.tab import NotificationsTab

FAST = BackoffPolicy(first=0.05, longest=0.4)


@pytest.fixture
def sandbox() -> Iterator[Any]:
    """The GUI fixtures' sandbox, with its clock frozen so delivery only moves when a test says."""
    with start_sandbox(seed_demo=False) as running:
        running.clock.freeze()
        yield running


@pytest.fixture
def acme(sandbox: Any, app_client: OneSignalClient) -> str:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as org:
        app_id = str(org.create_app({"name": "Acme"}).id)
    for number in range(6):
        app_client.create_player(
            {"app_id": app_id, "device_type": number % 2, "identifier": f"token-{number:04d}"}
        )
    return app_id


def send(client: OneSignalClient, app_id: str, heading: str, **extra: Any) -> str:
    body = {
        "app_id": app_id,
        "headings": {"en": heading},
        "contents": {"en": f"About {heading}"},
        "included_segments": ["Subscribed Users"],
        **extra,
    }
    result = client.create_notification(body)
    notification_id = getattr(result, "id", None)
    assert notification_id, result
    return str(notification_id)


def wait_loaded(qtbot: Any, tab: NotificationsTab) -> None:
    qtbot.waitUntil(lambda: not tab._loading_first_page and not tab.scope.busy, timeout=10_000)


def show_notifications_tab(window: Any) -> NotificationsTab:
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Notifications"))
    found = window.current_tab()
    assert isinstance(found, NotificationsTab)
    return found


@pytest.fixture
def tab(qtbot: Any, acme: str, console: Any) -> NotificationsTab:
    found = show_notifications_tab(console.window)
    found.auto_refresh.policy = FAST
    console.context.set_current_app(acme)
    qtbot.waitUntil(lambda: found.app_id == acme, timeout=10_000)
    wait_loaded(qtbot, found)
    return found


def statuses(tab: NotificationsTab) -> dict[str, str]:
    return {row.heading: row.status.value for row in tab.model.rows}


def shown_headings(tab: NotificationsTab) -> list[str]:
    return [tab.proxy.index(row, 0).data() for row in range(tab.proxy.rowCount())]


def test_an_app_without_notifications_says_how_to_start(tab: NotificationsTab) -> None:
    assert tab.stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text() == "No notifications yet for Acme.\nPress Ctrl+N to compose one."


def test_pages_load_as_you_scroll_with_the_total_shown(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    for number in range(120):
        send(app_client, acme, f"Note {number:03d}")
    sandbox.clock.advance(600)  # all delivered: nothing refreshes by itself
    tab.refresh()
    wait_loaded(qtbot, tab)
    assert tab.model.rowCount() == 50
    assert tab.count_label.text() == "50 of 120 loaded"
    assert shown_headings(tab)[:2] == ["Note 119", "Note 118"]
    assert not tab.watching

    tab.table.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 100, timeout=10_000)
    tab.table.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 120, timeout=10_000)
    wait_loaded(qtbot, tab)
    assert tab.count_label.text() == "120 notifications"
    assert shown_headings(tab)[-1] == "Note 000"
    assert len({row.id for row in tab.model.rows}) == 120
    assert not tab.model.canFetchMore()


def test_kind_filter_asks_the_server_for_that_kind(qtbot: Any, tab: NotificationsTab, console: Any) -> None:
    with start_sandbox() as demo:  # the demo has dashboard, API and automated notifications
        from onesignal_desktop.ui.shell.connection import open_sandbox

        connection = open_sandbox(None, console.context.keystore, sandbox=demo)
        console.context.set_connection(connection)
        qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
        shop = next(app.id for app in console.context.catalog.apps if app.name == "Demo Shop")
        console.context.set_current_app(shop)
        wait_loaded(qtbot, tab)
        every = tab.model.total_count
        # the first page is loaded (the demo's 90 days of history are more than a page)
        assert tab.model.rowCount() == min(every, PAGE_SIZE) > 10

        counts = {}
        for label in ("Dashboard", "API", "Automated"):
            tab.kind_combo.setCurrentText(label)
            wait_loaded(qtbot, tab)
            counts[label] = tab.model.total_count
            assert tab.model.rowCount() == min(counts[label], PAGE_SIZE) > 0
        assert sum(counts.values()) == every
        with OneSignalClient(demo.base_url, app_keys=demo.app_key) as client:
            automated = client.get_notifications(shop, 50, 0, 3).notifications
        assert sorted(row.id for row in tab.model.rows) == sorted(str(n.id) for n in automated)

        tab.kind_combo.setCurrentText("All kinds")
        wait_loaded(qtbot, tab)
        assert tab.model.total_count == every
        console.context.set_connection(None)
        connection.close()


def test_find_filters_the_loaded_rows(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab, console: Any
) -> None:
    for heading in ("Spring sale", "Summer sale", "Welcome"):
        send(app_client, acme, heading)
    sandbox.clock.advance(600)
    tab.refresh()
    wait_loaded(qtbot, tab)
    qtbot.keyClick(console.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.find_edit.hasFocus()
    qtbot.keyClicks(tab.find_edit, "sale")
    assert shown_headings(tab) == ["Summer sale", "Spring sale"]
    assert tab.count_label.text().startswith("2 match")
    tab.find_edit.setText("nothing like this")
    assert tab.stack.currentWidget() is tab.empty_label
    assert "No loaded notification matches “nothing like this”" in tab.empty_label.text()
    tab.find_edit.clear()
    assert len(shown_headings(tab)) == 3


def test_a_notification_sent_now_reaches_delivered_by_auto_refresh(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    send(app_client, acme, "Old news")
    sandbox.clock.advance(600)
    send(app_client, acme, "Flash sale")
    tab.refresh()
    wait_loaded(qtbot, tab)
    assert statuses(tab) == {"Flash sale": "Sending", "Old news": "Delivered"}
    assert tab.watching  # something is in flight
    tab.table.selectRow(1)
    selected_id = tab.selected_row().id
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(1))

    sandbox.clock.advance(2.0)  # past the queue: half-way through sending
    qtbot.waitUntil(lambda: 0 < (tab.model.rows[0].notification.remaining or 0) < 6, timeout=10_000)
    assert statuses(tab)["Flash sale"] == "Sending"
    sandbox.clock.advance(60)
    qtbot.waitUntil(lambda: statuses(tab)["Flash sale"] == "Delivered", timeout=10_000)
    row = tab.model.rows[0]
    assert row.notification.remaining == 0 and row.total == 6 and row.successful > 0
    assert tab.proxy.index(0, STATUS_COLUMN).data() == "Delivered"
    # Updated in place: same selection, no reset, and then the refreshing stops.
    assert tab.selected_row().id == selected_id
    assert resets == []
    qtbot.waitUntil(lambda: not tab.watching, timeout=10_000)


def test_new_notifications_appear_at_the_top_while_refreshing(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    send(app_client, acme, "First")
    tab.refresh()
    wait_loaded(qtbot, tab)
    tab.table.selectRow(0)
    send(app_client, acme, "Second")
    qtbot.waitUntil(lambda: [row.heading for row in tab.model.rows] == ["Second", "First"], timeout=10_000)
    assert tab.selected_row().heading == "First"
    assert tab.count_label.text() == "2 notifications"


def test_a_failed_load_names_the_operation_and_the_tab_recovers(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab, console: Any
) -> None:
    send(app_client, acme, "Survivor")
    sandbox.faults.inject("400", method="GET", path="/notifications")
    with qtbot.waitSignal(console.context.error_reported, timeout=10_000) as reported:
        qtbot.keyClick(console.window, Qt.Key.Key_F5)
    operation, message = reported.args
    assert operation == "Load notifications"
    assert message.startswith("Load notifications failed: the server answered HTTP 400")
    assert "could not be loaded" in tab.empty_label.text()
    assert "F5" in tab.empty_label.text()
    assert message in console.window.messages.messages
    qtbot.keyClick(console.window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: statuses(tab) == {"Survivor": "Sending"}, timeout=10_000)
    assert tab.stack.currentWidget() is tab.table
    assert message not in console.window.messages.messages  # it works again: the message went


def test_status_rule_covers_every_state_of_the_demo(qtbot: Any, tab: NotificationsTab, console: Any) -> None:
    with start_sandbox() as demo:
        from onesignal_desktop.ui.shell.connection import open_sandbox

        connection = open_sandbox(None, console.context.keystore, sandbox=demo)
        console.context.set_connection(connection)
        qtbot.waitUntil(lambda: console.context.catalog.loaded, timeout=10_000)
        shop = next(app.id for app in console.context.catalog.apps if app.name == "Demo Shop")
        console.context.set_current_app(shop)
        wait_loaded(qtbot, tab)
        by_heading = statuses(tab)
        assert by_heading["Black Friday"] == Status.SCHEDULED.value
        assert by_heading["Slow drip"] == Status.SENDING.value
        assert by_heading["Good morning"] == Status.SENDING.value
        assert by_heading["Broken campaign"] == Status.FAILED.value
        assert by_heading["Canceled mid-send"] == Status.CANCELED.value
        assert by_heading["Old plan"] == Status.CANCELED.value
        assert by_heading["Spring sale"] == Status.DELIVERED.value
        assert {row.channel for row in tab.model.rows} == {"Push", "Email", "SMS"}
        console.context.set_connection(None)
        connection.close()


def test_new_and_duplicate_open_the_composer(
    qtbot: Any,
    sandbox: Any,
    app_client: OneSignalClient,
    acme: str,
    tab: NotificationsTab,
    console: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[Any] = []

    def open_composer(context: Any, parent: Any, draft: Any = None) -> FakeComposer:
        opened.append((context, parent, draft))
        return FakeComposer()

    monkeypatch.setattr(tab_module, "open_composer", open_composer)
    send(app_client, acme, "Copy me")
    tab.refresh()
    wait_loaded(qtbot, tab)
    # (not selectRow: the Ctrl of Ctrl+N above is still the keyboard's state, and with several rows
    # selectable it would add the row rather than pick it)
    assert tab.select_notification(tab.model.rows[0].id)
    tab.duplicate_button.click()
    tab.new_button.click()
    assert opened[0][0] is console.context and opened[0][1] is tab
    draft = opened[0][2]
    assert draft["headings"] == {"en": "Copy me"}
    assert draft["included_segments"] == ["Subscribed Users"]
    assert "id" not in draft
    assert opened[1][2] is None

    # What the composer sends shows up in the list, selected.
    sent_id = send(app_client, acme, "Fresh from the composer")
    tab.last_dialog.sent.emit(sent_id)
    qtbot.waitUntil(lambda: getattr(tab.selected_row(), "id", None) == sent_id, timeout=10_000)
    assert tab.report.title.text() == "Fresh from the composer"


class FakeComposer(QObject):
    sent = Signal(str)


def test_rows_off_screen_catch_up_too(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    for number in range(120):
        send(app_client, acme, f"Wave {number:03d}")
    tab.refresh()
    wait_loaded(qtbot, tab)
    while tab.model.canFetchMore():
        tab.table.scrollToBottom()
        qtbot.waitUntil(lambda: not tab.model.fetching, timeout=10_000)
    tab.table.scrollToTop()
    assert {row.status for row in tab.model.rows} == {Status.SENDING}
    pages_before, refreshes_before = tab.pages_refreshed, tab.refresh_count
    sandbox.clock.advance(600)
    qtbot.waitUntil(lambda: {row.status for row in tab.model.rows} == {Status.DELIVERED}, timeout=15_000)
    qtbot.waitUntil(lambda: not tab.watching, timeout=10_000)
    # Automatic refreshes read the page on screen and one other page each, not all three every time.
    refreshes = tab.refresh_count - refreshes_before
    assert tab.pages_refreshed - pages_before < 3 * refreshes


def test_busy_while_loading_but_quiet_while_refreshing_by_itself(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab, console: Any
) -> None:
    send(app_client, acme, "Slow one")
    sandbox.faults.inject("latency", ms=600, method="GET", path="/notifications")
    tab.reload()
    assert tab.busy_bar.isVisibleTo(tab)
    assert tab.empty_label.text() == "Loading the notifications of Acme…"
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert not tab.busy_bar.isVisibleTo(tab)
    assert tab.watching  # it is sending
    sandbox.faults.inject("latency", ms=600, method="GET", path="/notifications")
    refreshes = tab.refresh_count
    qtbot.waitUntil(lambda: tab.scope.busy, timeout=10_000)
    assert not tab.busy_bar.isVisibleTo(tab)
    qtbot.waitUntil(lambda: tab.refresh_count > refreshes, timeout=10_000)


def test_auto_refresh_pauses_while_the_tab_is_hidden(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab, console: Any
) -> None:
    send(app_client, acme, "Behind the scenes")
    tab.refresh()
    qtbot.waitUntil(lambda: statuses(tab) == {"Behind the scenes": "Sending"}, timeout=10_000)
    assert tab.watching
    console.window.tab_widget.setCurrentIndex(0)  # the Apps tab
    assert not tab.isVisible()
    qtbot.waitUntil(lambda: not tab.watching, timeout=10_000)  # a refresh under way may finish
    refreshes = tab.refresh_count
    sandbox.clock.advance(600)
    qtbot.wait(300)  # several refresh periods: none may happen while hidden
    assert tab.refresh_count == refreshes
    show_notifications_tab(console.window)
    qtbot.waitUntil(lambda: statuses(tab) == {"Behind the scenes": "Delivered"}, timeout=10_000)
    qtbot.waitUntil(lambda: not tab.watching, timeout=10_000)


def test_new_notifications_do_not_move_what_you_are_looking_at(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    for number in range(40):
        send(app_client, acme, f"Older {number:02d}")
    sandbox.clock.advance(600)
    tab.refresh()
    wait_loaded(qtbot, tab)
    target = next(row for row in tab.model.rows if row.heading == "Older 30")
    tab.select_notification(target.id)
    tab.table.scrollTo(tab.proxy.index(tab.model.row_of(target.id), 0), tab.table.ScrollHint.PositionAtTop)
    top_before = tab.proxy.row_at(tab.table.rowAt(0))
    assert top_before is not None and top_before.heading == "Older 30"

    send(app_client, acme, "Breaking in")  # sending: the list refreshes by itself and finds it
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rows[0].heading == "Breaking in", timeout=10_000)
    top = tab.proxy.row_at(tab.table.rowAt(0))
    assert top is not None and top.heading == "Older 30"
    assert tab.selected_row().heading == "Older 30"


def test_rates_columns_sort_by_number_and_the_channel_filter_keeps_one_channel(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    from onesignal_desktop.ui.notifications.list_model import CTR_COLUMN, DELIVERY_RATE_COLUMN

    # enough players that every push is clicked (clicks are whole: too few recipients round down to none)
    for number in range(400):
        app_client.create_player(
            {"app_id": acme, "device_type": number % 2, "identifier": f"more-{number:04d}"}
        )
    app_client.create_player({"app_id": acme, "device_type": 11, "identifier": "a@example.com"})
    ids = [send(app_client, acme, f"Push {number}") for number in range(4)]
    send(
        app_client,
        acme,
        "Newsletter",
        email_subject="News",
        email_body="<p>Hi</p>",
        included_segments=["Subscribed Users"],
        target_channel="email",
    )
    sandbox.clock.advance(6 * 3600)  # delivered, and most clicks are in
    tab.refresh()
    wait_loaded(qtbot, tab)
    header = tab.table.horizontalHeader()
    assert [
        tab.model.headerData(c, Qt.Orientation.Horizontal) for c in (DELIVERY_RATE_COLUMN, CTR_COLUMN)
    ] == [
        "Delivery rate",
        "CTR",
    ]
    expected = {}
    for nid in ids:
        counters = app_client.get_notification(acme, nid)
        successful, converted = counters.successful or 0, counters.converted or 0
        attempted = successful + (counters.failed or 0) + (counters.errored or 0)
        row = tab.model.row_of(nid)
        assert tab.model.item(row, CTR_COLUMN).text() == f"{converted / successful:.1%}"
        assert tab.model.item(row, DELIVERY_RATE_COLUMN).text() == f"{successful / attempted:.1%}"
        expected[tab.model.rows[row].heading] = converted / successful

    # a click on the CTR header sorts by the rate (as a number), a second click the other way
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, CTR_COLUMN))
    rates = [tab.proxy.index(r, CTR_COLUMN).data(tab.proxy.sortRole()) for r in range(tab.proxy.rowCount())]
    assert rates == sorted(rates) and len(set(rates)) > 1
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, CTR_COLUMN))
    shown_rates = [expected[h] for h in shown_headings(tab) if h.startswith("Push")]
    assert shown_rates == sorted(expected.values(), reverse=True)

    tab.channel_combo.setCurrentText("Email")
    assert shown_headings(tab) == ["Newsletter"]
    assert tab.count_label.text().startswith("1 match")
    tab.channel_combo.setCurrentText("SMS")
    assert tab.stack.currentWidget() is tab.empty_label
    assert "No loaded SMS notification for Acme" in tab.empty_label.text()
    tab.channel_combo.setCurrentText("All channels")
    assert len(shown_headings(tab)) == 5


def _section_centre(header: Any, column: int) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2
    )
