"""The Templates page against a real sandbox: create, use, change and delete templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.ui.notifications.tab import NotificationsTab
from onesignal_desktop.ui.notifications.templates.view import TemplatesView
from onesignal_desktop.ui.shell.startup import Console
from onesignal_desktop.ui.shell.tabs import TABS

NOTIFICATIONS_TAB = [spec.title for spec in TABS].index("Notifications")


@pytest.fixture
def client(org_client: OneSignalClient) -> OneSignalClient:
    return org_client


@pytest.fixture
def app_id(client: OneSignalClient) -> str:
    app = client.create_app({"name": "News"})
    assert app.id
    for number in range(3):
        client.create_player({"app_id": app.id, "device_type": 1, "identifier": f"token-{number}"})
    return app.id


@pytest.fixture
def view(qtbot: Any, console_on_app: Console) -> TemplatesView:
    console = console_on_app
    console.window.tab_widget.setCurrentIndex(NOTIFICATIONS_TAB)
    tab = console.window.tab_at(NOTIFICATIONS_TAB)
    assert isinstance(tab, NotificationsTab)
    tab.show_view(tab.templates)
    qtbot.waitUntil(
        lambda: tab.templates.stack.empty and "no templates yet" in tab.templates.stack.empty_label.text(),
        timeout=10_000,
    )
    return tab.templates


def listed(view: TemplatesView) -> list[str]:
    return view.model.names()


def test_create_use_and_delete_a_template(
    qtbot: Any, view: TemplatesView, client: OneSignalClient, app_id: str
) -> None:
    qtbot.keyClick(view.window(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = view.form
    assert form.name_edit.hasFocus()
    qtbot.keyClicks(form.name_edit, "Morning briefing")
    qtbot.keyClicks(form.heading_edit, "Good morning")
    qtbot.keyClicks(form.message_edit, "Five things to know today")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed(view) == ["Morning briefing"], timeout=10_000)

    stored = client.view_templates(app_id).templates
    assert len(stored) == 1 and stored[0].channel == "push"
    assert stored[0].content == {
        "contents": {"en": "Five things to know today"},
        "headings": {"en": "Good morning"},
    }
    template_id = str(stored[0].id)
    qtbot.waitUntil(lambda: view.template_id == template_id, timeout=10_000)

    # Use it: a notification with template_id carries the template's content to every player.
    sent = client.create_notification(
        {"app_id": app_id, "template_id": template_id, "included_segments": ["Subscribed Users"]}
    )
    assert sent.recipients == 3
    notification = client.get_notification(app_id, str(sent.id))
    assert notification.contents == {"en": "Five things to know today"}
    assert notification.headings == {"en": "Good morning"}

    # Change it.
    form.message_edit.setPlainText("Six things to know today")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            (client.view_template(template_id, app_id).content or {}).get("contents")
            == {"en": "Six things to know today"}
        ),
        timeout=10_000,
    )

    asked: list[str] = []
    view.confirm = lambda title, text: asked.append(text) or True
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert "“Morning briefing”" in asked[0]
    qtbot.waitUntil(lambda: listed(view) == [], timeout=10_000)
    assert client.view_templates(app_id).templates == []
    assert "no templates yet" in view.stack.empty_label.text()


def test_email_template_fields_and_refusals(
    qtbot: Any, view: TemplatesView, client: OneSignalClient, app_id: str
) -> None:
    view.create_new()
    form = view.form
    form.channel_combo.setCurrentIndex(form.channel_combo.findData("email"))
    assert form.subject_edit.isVisibleTo(view) and not form.heading_edit.isVisibleTo(view)
    assert form.message_label.text() == "&Preview text:"
    qtbot.keyClicks(form.name_edit, "Receipt")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert form.errors["email_subject"].text() == "An email template needs a subject."
    assert form.errors["message"].isVisibleTo(view)
    assert client.view_templates(app_id).templates == []

    qtbot.keyClicks(form.message_edit, "Thanks for your order")
    qtbot.keyClicks(form.subject_edit, "Your receipt")
    qtbot.keyClicks(form.body_edit, "<p>Thanks!</p>")
    form.bcc_edit.setText(
        "a@example.com, b@example.com, c@example.com, d@example.com, e@example.com, f@example.com"
    )
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert form.errors["email_bcc"].text() == "At most 5 addresses."
    form.bcc_edit.setText("audit@example.com")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed(view) == ["Receipt"], timeout=10_000)
    stored = client.view_templates(app_id).templates[0]
    assert stored.channel == "email"
    assert stored.content is not None
    assert stored.content["email_subject"] == "Your receipt"
    assert stored.content["email_bcc"] == ["audit@example.com"]


def test_other_languages_are_kept_when_one_is_edited(
    qtbot: Any, view: TemplatesView, client: OneSignalClient, app_id: str
) -> None:
    client.create_template({"app_id": app_id, "name": "Hello", "contents": {"en": "Hello", "de": "Hallo"}})
    view.refresh()
    qtbot.waitUntil(lambda: listed(view) == ["Hello"], timeout=10_000)
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.form.message_edit.toPlainText() == "Hello", timeout=10_000)
    view.form.message_edit.setPlainText("Hello there")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    template_id = str(view.template_id)
    qtbot.waitUntil(
        lambda: (
            (client.view_template(template_id, app_id).content or {}).get("contents")
            == {"en": "Hello there", "de": "Hallo"}
        ),
        timeout=10_000,
    )


def test_new_notification_from_template_opens_the_composer(
    qtbot: Any, view: TemplatesView, client: OneSignalClient, app_id: str, tmp_path: Path
) -> None:
    view.context.data_dir = tmp_path / "data"  # the composer's drafts and send journal
    client.create_template(
        {"app_id": app_id, "name": "Deals", "contents": {"en": "Deals!"}, "headings": {"en": "Hi"}}
    )
    view.refresh()
    qtbot.waitUntil(lambda: listed(view) == ["Deals"], timeout=10_000)
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.compose_button.isEnabled(), timeout=10_000)

    view.copy_content_action.trigger()
    copied = view.last_composer
    qtbot.waitUntil(lambda: copied.body.get("contents") is not None, timeout=10_000)
    assert copied.body["contents"] == {"en": "Deals!"} and copied.body["headings"] == {"en": "Hi"}
    assert "template_id" not in copied.body
    copied.close()

    view.use_id_action.trigger()
    composer = view.last_composer
    qtbot.waitUntil(lambda: composer.audience.segments_state == "loaded", timeout=10_000)
    assert composer.body["template_id"] == view.template_id
    (segment,) = composer.audience.include.list.findItems("Subscribed Users", Qt.MatchFlag.MatchExactly)
    segment.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(composer.sent, timeout=15_000) as sent:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(composer.last_dialog.send_button, Qt.MouseButton.LeftButton)
    notification = client.get_notification(app_id, sent.args[0])
    assert notification.contents == {"en": "Deals!"} and notification.headings == {"en": "Hi"}
    assert composer.result_text().startswith(f"Sent: notification {notification.id} to 3 recipients")
    composer.close()


def test_unsaved_edits_survive_a_reload_and_are_only_dropped_when_the_person_says_so(
    qtbot: Any, view: TemplatesView, client: OneSignalClient, app_id: str
) -> None:
    for name in ("Alpha", "Beta"):
        client.create_template({"app_id": app_id, "name": name, "contents": {"en": name}})
    view.refresh()
    qtbot.waitUntil(lambda: len(listed(view)) == 2, timeout=10_000)
    view.table.selectRow(listed(view).index("Alpha"))
    qtbot.waitUntil(lambda: view.form.message_edit.toPlainText() == "Alpha" and not view.busy, timeout=10_000)
    view.form.message_edit.setPlainText("Alpha, rewritten")
    qtbot.keyClick(view.window(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert view.form.message_edit.toPlainText() == "Alpha, rewritten"

    asked: list[str] = []
    view.confirm = lambda title, text: asked.append(text) or False
    view.table.selectRow(listed(view).index("Beta"))
    assert "“Alpha”" in asked[0]
    assert view.form.message_edit.toPlainText() == "Alpha, rewritten"
    assert view.selected_template().name == "Alpha"
    view.confirm = lambda title, text: True
    view.table.selectRow(listed(view).index("Beta"))
    qtbot.waitUntil(lambda: view.form.message_edit.toPlainText() == "Beta", timeout=10_000)
    assert not view.dirty


def test_a_reload_while_a_delete_is_on_the_wire_still_shows_its_outcome(
    qtbot: Any, view: TemplatesView, client: OneSignalClient, app_id: str, sandbox: Any
) -> None:
    client.create_template({"app_id": app_id, "name": "Old news", "contents": {"en": "Old"}})
    view.refresh()
    qtbot.waitUntil(lambda: listed(view) == ["Old news"], timeout=10_000)
    view.table.selectRow(0)
    sandbox.faults.inject("latency", ms=400, method="DELETE", path="/templates/*")
    view.confirm = lambda title, text: True
    view.delete_selected()
    view.refresh()  # F5 before the delete has answered: the list still holds the template
    qtbot.waitUntil(lambda: listed(view) == [], timeout=10_000)
    assert client.view_templates(app_id).templates == []
