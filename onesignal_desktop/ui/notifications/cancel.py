"""Cancelling a scheduled or sending notification: the confirmation, the call, and the fresh row after it.

The confirmation is a callable ``(parent, title, text) -> bool`` so tests (and scripts) can answer it
without a modal dialog; the console's default asks with a QMessageBox.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.notifications.status import NotificationRow, row_from

if TYPE_CHECKING:
    from onesignal_desktop.api import OneSignalClient

Confirm = Callable[[QWidget, str, str], bool]


def cancel_operation_name(row: NotificationRow) -> str:
    return f"Cancel notification “{row.heading}”"


def confirmation_text(row: NotificationRow) -> tuple[str, str]:
    """Title and question naming the notification and its audience."""
    title = "Cancel notification?"
    reach = f"{row.recipients:,} recipient{'s' if row.recipients != 1 else ''}" if row.recipients else ""
    done = (
        f" {row.successful:,} of them already received it; the rest will not."
        if row.successful
        else " Nobody has received it yet."
    )
    text = (
        f"Cancel “{row.heading}” ({row.status.value.lower()}, {row.channel})?\n\n"
        f"Audience: {row.audience}" + (f" — {reach}." if reach else ".") + done + "\n\n"
        "A canceled notification cannot be resumed."
    )
    return title, text


def ask_with_message_box(parent: QWidget, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("Cancel notification", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is yes


def cancel_and_reload(
    client: OneSignalClient, app_id: str, notification_id: str, token: CancelToken
) -> NotificationRow:
    """On a worker: cancel, then read the notification back so list and report show what the server says."""
    client.cancel_notification(app_id, notification_id)
    token.check()
    return row_from(client.get_notification(app_id, notification_id))


def reload_row(
    client: OneSignalClient, app_id: str, notification_id: str, token: CancelToken
) -> NotificationRow:
    token.check()
    return row_from(client.get_notification(app_id, notification_id))
