"""Cancelling from the Notifications tab against a sandbox with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.sandbox import start_sandbox
from onesignal_desktop.ui.notifications.auto_refresh import BackoffPolicy
from onesignal_desktop.ui.notifications.cancel import ask_with_message_box
from onesignal_desktop.ui.notifications.status import NotificationRow, Status
from onesignal_desktop.ui.notifications.tab import NotificationsTab


@pytest.fixture
def sandbox() -> Iterator[Any]:
    with start_sandbox(seed_demo=False) as running:
        running.clock.freeze()
        yield running


@pytest.fixture
def acme(sandbox: Any, app_client: OneSignalClient) -> str:
    with OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key) as org:
        app_id = str(org.create_app({"name": "Acme"}).id)
    for number in range(4):
        app_client.create_player(
            {"app_id": app_id, "device_type": number % 2, "identifier": f"token-{number:04d}"}
        )
    return app_id


def send(client: OneSignalClient, app_id: str, heading: str, **extra: Any) -> str:
    result = client.create_notification(
        {
            "app_id": app_id,
            "headings": {"en": heading},
            "contents": {"en": f"About {heading}"},
            "included_segments": ["Subscribed Users"],
            **extra,
        }
    )
    assert getattr(result, "id", None), result
    return str(result.id)  # type: ignore[union-attr]


class Answers:
    """Stands in for the confirmation dialog: records the question, answers as told."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    def __call__(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append((title, text))
        return self.answer


def show_notifications_tab(window: Any) -> NotificationsTab:
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    window.tab_widget.setCurrentIndex(titles.index("Notifications"))
    found = window.current_tab()
    assert isinstance(found, NotificationsTab)
    return found


@pytest.fixture
def tab(qtbot: Any, acme: str, console: Any) -> NotificationsTab:
    found = show_notifications_tab(console.window)
    found.auto_refresh.policy = BackoffPolicy(first=0.05, longest=0.4)
    console.context.set_current_app(acme)
    qtbot.waitUntil(lambda: found.app_id == acme, timeout=10_000)
    return found


def load_and_select(qtbot: Any, tab: NotificationsTab, heading: str) -> NotificationRow:
    tab.reload()
    qtbot.waitUntil(lambda: any(row.heading == heading for row in tab.model.rows), timeout=10_000)
    row = next(row for row in tab.model.rows if row.heading == heading)
    assert tab.select_notification(row.id)
    qtbot.waitUntil(lambda: tab.report.row is not None and tab.report.row.id == row.id, timeout=5000)
    tab.table.setFocus()
    return row


def row_status(tab: NotificationsTab, notification_id: str) -> Status | None:
    row = tab.model.find(notification_id)
    return row.status if row is not None else None


def test_cancel_a_scheduled_notification_with_delete(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    later = sandbox.clock.now() + 3600
    notification_id = send(app_client, acme, "Black Friday", send_after=int(later))
    row = load_and_select(qtbot, tab, "Black Friday")
    assert row.status is Status.SCHEDULED
    assert tab.cancel_button.isEnabled()
    assert tab.report.cancel_button.isEnabled()
    answers = Answers(True)
    tab.confirm_cancel = answers

    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: row_status(tab, notification_id) is Status.CANCELED, timeout=10_000)
    ((title, text),) = answers.asked
    assert title == "Cancel notification?"
    assert "“Black Friday”" in text
    assert "segments Subscribed Users" in text and "4 recipients" in text
    # The report says it too, and the actions now explain why they are off.
    assert "<b>Canceled</b>" in tab.report.subtitle.text()
    assert not tab.cancel_button.isEnabled()
    assert tab.cancel_button.toolTip() == "This notification is already canceled."
    assert not tab.report.cancel_button.isEnabled()
    assert tab.proxy.index(0, 2).data() == "Canceled"
    assert app_client.get_notification(acme, notification_id).canceled is True


def test_saying_no_keeps_the_notification(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    notification_id = send(app_client, acme, "Keep me", send_after=int(sandbox.clock.now() + 3600))
    load_and_select(qtbot, tab, "Keep me")
    answers = Answers(False)
    tab.confirm_cancel = answers
    tab.report.cancel_button.click()
    assert len(answers.asked) == 1
    assert not tab.scope.busy
    assert app_client.get_notification(acme, notification_id).canceled is False
    assert row_status(tab, notification_id) is Status.SCHEDULED


def test_the_real_confirmation_dialog_can_be_accepted(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    notification_id = send(app_client, acme, "Dialog path", send_after=int(sandbox.clock.now() + 3600))
    load_and_select(qtbot, tab, "Dialog path")
    assert tab.confirm_cancel is ask_with_message_box
    seen: list[str] = []

    def accept() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, accept)
            return
        seen.append(box.text())
        yes = next(b for b in box.buttons() if b.text() == "Cancel notification")
        yes.click()

    QTimer.singleShot(0, accept)
    tab.cancel_selected()
    qtbot.waitUntil(lambda: row_status(tab, notification_id) is Status.CANCELED, timeout=10_000)
    assert "“Dialog path”" in seen[0]


def test_cancel_is_disabled_on_delivered_with_the_reason(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    send(app_client, acme, "Done already")
    sandbox.clock.advance(120)
    load_and_select(qtbot, tab, "Done already")
    reason = "Delivery has finished: there is nothing left to cancel."
    assert not tab.cancel_button.isEnabled()
    assert tab.cancel_button.toolTip() == reason
    assert not tab.report.cancel_button.isEnabled()
    assert tab.report.cancel_button.toolTip() == reason
    answers = Answers(True)
    tab.confirm_cancel = answers
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert answers.asked == []
    assert tab.last_message == reason


def test_a_refusal_from_the_server_is_shown_plainly_and_the_row_corrected(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab, console: Any
) -> None:
    notification_id = send(app_client, acme, "Too late", send_after=int(sandbox.clock.now() + 3600))
    load_and_select(qtbot, tab, "Too late")
    sandbox.clock.advance(7200)  # it went out meanwhile; the list has not seen that yet
    assert row_status(tab, notification_id) is Status.SCHEDULED
    tab.confirm_cancel = Answers(True)
    with qtbot.waitSignal(console.context.error_reported, timeout=10_000) as reported:
        tab.cancel_selected()
    operation, message = reported.args
    assert operation == "Cancel notification “Too late”"
    assert message == (
        "Cancel notification “Too late” failed: the server answered HTTP 400 — "
        "Notification has already been sent to all recipients and can no longer be canceled"
    )
    assert message in console.window.messages.messages
    qtbot.waitUntil(lambda: row_status(tab, notification_id) is Status.DELIVERED, timeout=10_000)
    assert not tab.cancel_button.isEnabled()
    assert "<b>Delivered</b>" in tab.report.subtitle.text()


def test_a_sending_notification_can_be_cancelled_mid_way(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab
) -> None:
    notification_id = send(app_client, acme, "Slow drip", throttle_rate_per_minute=1)
    # At one send a minute: step the clock until some, not all, are sent.
    for _ in range(10):
        sandbox.clock.advance(30)
        server = app_client.get_notification(acme, notification_id)
        if (server.successful or 0) + (server.failed or 0) + (server.errored or 0) > 0:
            break
    assert server.remaining
    row = load_and_select(qtbot, tab, "Slow drip")
    assert row.status is Status.SENDING and 0 < (row.notification.remaining or 0) < row.total
    answers = Answers(True)
    tab.confirm_cancel = answers
    tab.cancel_selected()
    qtbot.waitUntil(lambda: row_status(tab, notification_id) is Status.CANCELED, timeout=10_000)
    assert "Audience: segments Subscribed Users" in answers.asked[0][1]
    assert app_client.get_notification(acme, notification_id).canceled is True


def test_after_a_failed_cancel_you_can_try_again(
    qtbot: Any, sandbox: Any, app_client: OneSignalClient, acme: str, tab: NotificationsTab, console: Any
) -> None:
    notification_id = send(app_client, acme, "Try again", send_after=int(sandbox.clock.now() + 3600))
    load_and_select(qtbot, tab, "Try again")
    tab.confirm_cancel = Answers(True)
    sandbox.faults.inject("400", method="DELETE", path=f"/notifications/{notification_id}")
    with qtbot.waitSignal(console.context.error_reported, timeout=10_000) as reported:
        tab.cancel_button.click()
    assert reported.args[0] == "Cancel notification “Try again”"
    assert row_status(tab, notification_id) is Status.SCHEDULED
    qtbot.waitUntil(lambda: not tab.scope.busy, timeout=10_000)
    assert tab.cancel_button.isEnabled()
    tab.cancel_button.click()
    qtbot.waitUntil(lambda: row_status(tab, notification_id) is Status.CANCELED, timeout=10_000)
    assert reported.args[1] not in console.window.messages.messages
