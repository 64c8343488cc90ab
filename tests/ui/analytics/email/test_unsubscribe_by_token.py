"""Analytics → Email metrics → Unsubscribe by token… against a sandbox: the address that received the
email is unsubscribed after the person confirms; bad ids and tokens are said under their field."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.ui.analytics.email.unsubscribe import UnsubscribeByTokenDialog
from onesignal_desktop.ui.analytics.email.view import EmailMetricsView
from onesignal_desktop.ui.analytics.tab import AnalyticsTab
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

ANALYTICS_TAB = [spec.title for spec in TABS].index("Analytics")


@pytest.fixture
def app_id(org_client: OneSignalClient) -> str:
    app = org_client.create_app({"name": "Newsletter"})
    assert app.id
    return app.id


@pytest.fixture
def sent_email(org_client: OneSignalClient, app_id: str, sandbox: Any) -> tuple[str, str, str]:
    """(notification id, the reader's subscription id, the token their email carried)."""
    reader = org_client.create_player(
        {"app_id": app_id, "device_type": 11, "identifier": "reader@example.com"}
    )
    sent = org_client.create_notification(
        {
            "app_id": app_id,
            "include_player_ids": [reader.id],
            "email_subject": "News",
            "email_body": "<p>Hi</p>",
        }
    )
    assert sent.id and reader.id
    return sent.id, reader.id, sandbox.unsubscribe_token(sent.id, reader.id)


def email_page(qtbot: Any, console: Console) -> EmailMetricsView:
    console.window.tab_widget.setCurrentIndex(ANALYTICS_TAB)
    tab = console.window.tab_at(ANALYTICS_TAB)
    assert isinstance(tab, AnalyticsTab)
    tab.show_view(tab.email)
    return tab.email


def open_dialog(qtbot: Any, view: EmailMetricsView) -> UnsubscribeByTokenDialog:
    qtbot.mouseClick(view.unsubscribe_button, Qt.MouseButton.LeftButton)
    dialog = view.last_dialog
    assert isinstance(dialog, UnsubscribeByTokenDialog) and dialog.isVisible()
    return dialog


def test_the_reader_is_unsubscribed_after_a_confirmation(
    qtbot: Any, console_on_app: Console, org_client: OneSignalClient, app_id: str, sent_email: Any
) -> None:
    notification_id, reader_id, token = sent_email
    view = email_page(qtbot, console_on_app)
    asked: list[str] = []
    view.confirm = lambda title, text: asked.append(text) or False
    dialog = open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.notification_edit, notification_id)
    qtbot.keyClicks(dialog.token_edit, token)
    qtbot.keyClick(dialog.token_edit, Qt.Key.Key_Return)
    assert asked and "stops receiving email" in asked[0]
    assert dialog.isVisible() and org_client.get_player(app_id, reader_id).notification_types != -2
    view.confirm = lambda title, text: True
    qtbot.mouseClick(dialog.unsubscribe_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Unsubscribed" in console_on_app.window.statusBar().currentMessage(), timeout=10_000
    )
    reader = org_client.get_player(app_id, reader_id)
    assert reader.notification_types is not None and reader.notification_types < 1


def test_bad_ids_and_tokens_are_said_under_their_field_and_kept(
    qtbot: Any, console_on_app: Console, sent_email: Any
) -> None:
    notification_id, _reader_id, _token = sent_email
    view = email_page(qtbot, console_on_app)
    view.confirm = lambda title, text: True
    dialog = open_dialog(qtbot, view)
    qtbot.keyClicks(dialog.notification_edit, "not-an-id")
    dialog.submit()
    assert "UUID" in dialog.notification_field.error
    assert "token" in dialog.token_field.error
    dialog.notification_edit.setText("00000000-0000-4000-8000-000000000000")
    qtbot.keyClicks(dialog.token_edit, "forged")
    dialog.submit()
    qtbot.waitUntil(lambda: "No notification" in dialog.notification_field.error, timeout=10_000)
    dialog.notification_edit.setText(notification_id)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.token_field.error), timeout=10_000)
    assert dialog.isVisible() and dialog.token_edit.text() == "forged"
    assert dialog.unsubscribe_button.isEnabled()
