"""Each tab's main actions under server faults: the error names the operation, the console stays usable,
and once the fault is gone the same action works, without restarting anything.

One console per action; each action meets every fault in turn: 500, a persistent 503, a connection
reset, an HTML error page, 429 with Retry-After, and an answer slower than the client's timeout. The
client retries quickly (no real back-off) and times out after a fraction of a second, so the whole
matrix stays fast.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.exceptions import TimeoutError

from onesignal_desktop.api import OneSignalClient
from onesignal_desktop.api.exports import ExportPolling
from onesignal_desktop.api.retry import RetryPolicy
from onesignal_desktop.ui.apps.api_keys.dialogs import ApiKeyDialog, NewKeyDialog
from onesignal_desktop.ui.notifications.composer import open_composer
from onesignal_desktop.ui.players.export import ExportOptionsDialog
from onesignal_desktop.ui.shell.tabs import TABS

FREQUENT = {"field": "session_count", "relation": ">", "value": "1"}
TAB_INDEX = {spec.title: index for index, spec in enumerate(TABS)}
WAIT = 10_000
CLIENT_TIMEOUT = 0.3
FAULTS: dict[str, dict[str, Any]] = {
    "500": {"kind": "500"},
    "503 persistent": {"kind": "503"},
    "connection reset": {"kind": "reset"},
    "HTML error page": {"kind": "html"},
    "429 with Retry-After": {"kind": "429", "retry_after": 1},
    # The slow answer must come well after the retry: a cancel or delete that the server finishes late
    # would otherwise be found already done (an honest refusal, but not what this test is about).
    "slower than the timeout": {"kind": "latency", "ms": int(CLIENT_TIMEOUT * 1000) + 1200},
}


@dataclass
class World:
    qtbot: Any
    console: Any
    sandbox: Any
    client: OneSignalClient
    app_id: str
    tmp_path: Path
    failed: list[tuple[str, str]] = field(default_factory=list)  # (operation, error type)
    succeeded: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def context(self) -> Any:
        return self.console.context

    @property
    def window(self) -> Any:
        return self.console.window

    def show_tab(self, title: str) -> Any:
        self.window.tab_widget.setCurrentIndex(TAB_INDEX[title])
        return self.window.current_tab()

    def wait(self, condition: Callable[[], Any], what: str = "", timeout: int = WAIT) -> None:
        try:
            self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)
        except TimeoutError as error:
            raise AssertionError(
                f"{what or 'condition'} not met; failed={self.failed[-5:]} succeeded={self.succeeded[-5:]} "
                f"messages={self.window.messages.messages}"
            ) from error

    def idle(self) -> None:
        self.wait(lambda: self.context.bridge.active_count == 0)


def visible_texts(world: World) -> list[str]:
    """Visible labels of the console's window and its dialogs (only widgets this console owns: walking
    every widget of the application can touch ones other tests are tearing down)."""
    return [label.text() for label in world.window.findChildren(QLabel) if label.isVisible() and label.text()]


@dataclass(frozen=True)
class Action:
    """One main action of a tab: how to get ready, do it, do it again, and see that it worked."""

    operation: str | tuple[str, ...]  # errors read "<operation>… failed: …"
    prepare: Callable[[World], None]
    start: Callable[[World], None]
    again: Callable[[World], None] | None = None  # the same action after the fault (default: start)
    worked: Callable[[World, int], bool] | None = None  # default: the operation succeeded since mark
    failure_shown: Callable[[World], bool] | None = None  # default: a visible "<operation> failed" text
    ready: Callable[[World], None] | None = None  # before each fault: get to where the action starts

    def has_worked(self, world: World, mark: int) -> bool:
        if self.worked is not None:
            return self.worked(world, mark)
        return any(op.startswith(self.operation) for op in world.succeeded[mark:])

    def failure_is_shown(self, world: World) -> bool:
        if self.failure_shown is not None:
            return self.failure_shown(world)
        return any(text.startswith(self.operation) and " failed" in text for text in visible_texts(world))


# --- Apps ----------------------------------------------------------------------------------------------
def apps_tab(world: World) -> Any:
    tab = world.show_tab("Apps")
    world.wait(lambda: tab.model.rowCount() >= 1)
    return tab


def start_create_app(world: World) -> None:
    tab = world.show_tab("Apps")
    tab.create_new()
    dialog = tab.last_dialog
    world.wait(dialog.isVisible)
    dialog.form.fields["name"].setText(f"Created {next(world.counter)}")
    world.state["dialog"] = dialog
    dialog.save()


def start_edit_app(world: World) -> None:
    tab = world.show_tab("Apps")
    tab.table.selectRow(0)
    tab.edit_selected()
    dialog = tab.last_dialog
    world.wait(dialog.isVisible)
    dialog.form.fields["name"].setText(f"Renamed {next(world.counter)}")
    world.state["dialog"] = dialog
    dialog.save()


def save_dialog_again(world: World) -> None:
    dialog = world.state["dialog"]
    assert dialog.isVisible(), "the dialog stays open after a failure"
    dialog.save()


def dialog_closed(world: World, mark: int) -> bool:
    dialog = world.state["dialog"]
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


# --- Notifications --------------------------------------------------------------------------------------
def scheduled_notifications(world: World, count: int = 7) -> None:
    later = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S GMT+0000")
    ids = []
    for index in range(count):
        answer = world.client.create_notification(
            {
                "app_id": world.app_id,
                "included_segments": ["Subscribed Users"],
                "headings": {"en": f"Later {index}"},
                "contents": {"en": "Held for later"},
                "send_after": later,
            }
        )
        ids.append(str(answer.id))
    world.state["scheduled"] = ids
    tab = world.show_tab("Notifications")
    world.wait(lambda: tab.model.rowCount() == count)


def select_notification(world: World) -> Any:
    tab = world.show_tab("Notifications")
    assert tab.select_notification(world.state["scheduled"][0])
    return tab


def start_report(world: World) -> None:
    tab = select_notification(world)
    tab.report.show_row(world.app_id, tab.selected_row())


def start_cancel(world: World) -> None:
    tab = select_notification(world)
    tab.confirm_cancel = lambda *args: True
    tab.cancel_selected()  # what the Cancel button and the Delete key do (the button: see the test below)


def cancelled(world: World, mark: int) -> bool:
    if not any(op.startswith("Cancel notification") for op in world.succeeded[mark:]):
        return False
    world.state["scheduled"].pop(0)  # the next fault cancels the next one
    return True


def prepare_composer(world: World) -> None:
    world.context.data_dir = world.tmp_path / "console-data"


def compose(world: World) -> None:
    composer = open_composer(world.context, world.window)
    world.wait(lambda: composer.audience.segments_state == "loaded")
    page = composer.content.languages.pages["en"]
    page.title.setText(f"Under fault {next(world.counter)}")
    page.message.setPlainText("Sent once the fault is gone")
    composer.sections.setCurrentWidget(composer.sections.widget(1))
    (item,) = composer.audience.include.list.findItems("Subscribed Users", Qt.MatchFlag.MatchExactly)
    item.setCheckState(Qt.CheckState.Checked)
    world.state["composer"] = composer
    world.state["sent"] = []
    composer.sent.connect(world.state["sent"].append)


def start_send(world: World) -> None:
    composer = world.state["composer"]
    composer.request_send()
    composer.last_dialog.accept()


def send_failure_shown(world: World) -> bool:
    composer = world.state["composer"]
    if composer.controller.busy or composer.last_outcome is None:
        return False
    text = composer.result_text()
    assert not text.startswith("Sent"), text
    return bool(text) and composer.retry_button.isVisible()


def retry_send(world: World) -> None:
    world.state["composer"].retry()


def sent(world: World, mark: int) -> bool:
    composer = world.state["composer"]
    if world.state["sent"] and composer.result_text().startswith("Sent"):
        composer.close()
        return True
    return False


# --- Players and users ----------------------------------------------------------------------------------
def players_tab(world: World) -> Any:
    tab = world.show_tab("Players")
    tab.views.setCurrentWidget(tab.players)
    world.wait(lambda: tab.players.model.loaded_count == 3)
    return tab


def start_player_details(world: World) -> None:
    tab = world.show_tab("Players")
    tab.players.select_row((next(world.counter) + 1) % 3)


def prepare_player_details(world: World) -> None:
    tab = players_tab(world)
    tab.players.select_row(0)
    details = tab.players.details
    world.wait(lambda: details.player is not None and not details.scope.busy)


def start_save_tags(world: World) -> None:
    details = world.show_tab("Players").players.details
    details.tags.add_row(f"tag{next(world.counter)}", "value")
    details.save_button.click()


def save_tags_again(world: World) -> None:
    details = world.show_tab("Players").players.details
    assert details.save_button.isEnabled(), "the unsaved tags are still there"
    details.save_button.click()


def prepare_export(world: World) -> None:
    tab = players_tab(world)
    tab.export_strip.polling = ExportPolling(initial_delay=0.05, factor=1.5, max_delay=0.2, deadline=30)


def start_export(world: World) -> None:
    tab = world.show_tab("Players")
    target = world.tmp_path / f"export-{next(world.counter)}.csv.gz"
    tab.choose_save_path = lambda parent, suggested: str(target)
    tab.players.export_button.click()
    dialog = tab.last_dialog
    assert isinstance(dialog, ExportOptionsDialog)
    world.wait(lambda: not dialog.segment_hint.text().startswith("Loading"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def exported(world: World, mark: int) -> bool:
    strip = world.show_tab("Players").export_strip
    if strip.phase == "waiting":
        world.sandbox.clock.advance(120)  # the sandbox's file is ready now
    return strip.phase == "done"


def prepare_users(world: World) -> None:
    tab = players_tab(world)
    tab.views.setCurrentWidget(tab.users)


def start_find_user(world: World) -> None:
    view = world.show_tab("Players").users
    view.label_combo.setCurrentText("external_id")
    view.id_edit.setText("person-1")
    view.find_button.click()


# --- Segments, outcomes, templates, API keys ---------------------------------------------------------
PAGE_TABS = {
    "segments": "Segments",
    "outcomes": "Analytics",
    "templates": "Notifications",
    "api_keys": "Apps",
}


def segments_page(world: World, name: str) -> Any:
    """The page ``name`` shown in its tab (API keys under Apps, templates under Notifications, ...)."""
    tab = world.show_tab(PAGE_TABS[name])
    view = getattr(tab, name)
    if hasattr(tab, "show_view"):
        tab.show_view(view)
    world.wait(lambda: not view.busy)
    return view


def page_refresher(name: str) -> Callable[[World], None]:
    return lambda world: segments_page(world, name).refresh()


def prepare_page(name: str) -> Callable[[World], None]:
    def prepare(world: World) -> None:
        segments_page(world, name)

    return prepare


def start_create_segment(world: World) -> None:
    view = segments_page(world, "segments")
    view.create_new()
    view.editor.name_edit.setText(f"Made under fault {next(world.counter)}")
    view.editor.builder.set_filters([FREQUENT])
    view.editor.save_button.click()


def save_segment_again(world: World) -> None:
    segments_page(world, "segments").editor.save_button.click()


def prepare_doomed_segments(world: World) -> None:
    for index in range(7):
        world.client.create_segments(
            world.app_id,
            {
                "name": f"Doomed {index}",
                "filters": [{"field": "session_count", "relation": ">", "value": "1"}],
            },
        )
    view = segments_page(world, "segments")
    world.wait(lambda: sum(name.startswith("Doomed") for name in view.model.names()) == 7, "segments listed")


def start_delete_segment(world: World) -> None:
    view = segments_page(world, "segments")
    view.confirm = lambda title, text: True
    row = next(row for row, name in enumerate(view.model.names()) if name.startswith("Doomed"))
    view.table.selectRow(row)
    world.wait(lambda: not view.busy)
    view.delete_selected()


def start_create_template(world: World) -> None:
    view = segments_page(world, "templates")
    view.create_new()
    form = view.form
    form.name_edit.setText(f"Template {next(world.counter)}")
    form.heading_edit.setText("Hello")
    form.message_edit.setPlainText("A template made under faults")
    view.save_button.click()


def save_template_again(world: World) -> None:
    segments_page(world, "templates").save_button.click()


def close_new_key_dialog(world: World) -> bool:
    view = world.show_tab("Apps").api_keys
    dialog = view.last_dialog
    if isinstance(dialog, NewKeyDialog) and shiboken6.isValid(dialog) and dialog.isVisible():
        dialog.close()
        return True
    return False


def start_create_api_key(world: World) -> None:
    view = segments_page(world, "api_keys")
    view.confirm = lambda title, text: True
    view.create_new()
    dialog = view.last_dialog
    assert isinstance(dialog, ApiKeyDialog)
    dialog.name_edit.setText(f"Key {next(world.counter)}")
    dialog.ok_button.click()


def prepare_rotation(world: World) -> None:
    world.client.create_api_key(world.app_id, {"name": "Rotated"})
    view = segments_page(world, "api_keys")
    view.refresh()
    world.wait(lambda: view.model.rowCount() == 1 and not view.busy)


def start_rotate(world: World) -> None:
    view = segments_page(world, "api_keys")
    view.confirm = lambda title, text: True
    view.table.selectRow(0)
    view.rotate_selected()


def key_shown(world: World, mark: int) -> bool:
    return any(op.startswith(("Create API key", "Rotate API key")) for op in world.succeeded[mark:]) and (
        close_new_key_dialog(world)
    )


ACTIONS: dict[str, Action] = {
    "apps: list": Action("Load apps", apps_tab, lambda w: w.show_tab("Apps").refresh()),
    "apps: create": Action("Create app", apps_tab, start_create_app, save_dialog_again, dialog_closed),
    "apps: edit": Action("Save app", apps_tab, start_edit_app, save_dialog_again, dialog_closed),
    "notifications: list": Action(
        ("Load notifications", "Refresh notifications"),
        scheduled_notifications,
        lambda w: w.show_tab("Notifications").refresh(),
    ),
    "notifications: report": Action("Load notification report", scheduled_notifications, start_report),
    "notifications: cancel": Action(
        "Cancel notification", scheduled_notifications, start_cancel, worked=cancelled
    ),
    "notifications: send": Action(
        "Send notification",
        prepare_composer,
        start_send,
        again=retry_send,  # the composer's Retry: the same request with the same idempotency key
        worked=sent,
        failure_shown=send_failure_shown,  # the composer's result panel, not the message bar
        ready=compose,  # the composer is open and filled in before the fault
    ),
    "players: list": Action("Load players", players_tab, lambda w: w.show_tab("Players").refresh()),
    "players: details": Action("Load player", prepare_player_details, start_player_details),
    "players: save tags": Action("Save player", prepare_player_details, start_save_tags, save_tags_again),
    "players: export": Action("Export players", prepare_export, start_export, worked=exported),
    "users: find": Action("Find user", prepare_users, start_find_user),
    "segments: list": Action("Load segments", prepare_page("segments"), page_refresher("segments")),
    "segments: create": Action(
        "Create segment", prepare_page("segments"), start_create_segment, save_segment_again
    ),
    "segments: delete": Action("Delete segment", prepare_doomed_segments, start_delete_segment),
    "outcomes: load": Action("Load outcomes", prepare_page("outcomes"), page_refresher("outcomes")),
    "templates: list": Action("Load templates", prepare_page("templates"), page_refresher("templates")),
    "templates: create": Action(
        "Create template", prepare_page("templates"), start_create_template, save_template_again
    ),
    "API keys: list": Action("Load API keys", prepare_page("api_keys"), page_refresher("api_keys")),
    "API keys: create": Action(
        "Create API key", prepare_page("api_keys"), start_create_api_key, worked=key_shown
    ),
    "API keys: rotate": Action("Rotate API key", prepare_rotation, start_rotate, worked=key_shown),
}


@pytest.fixture
def world(qtbot: Any, console: Any, sandbox: Any, tmp_path: Path) -> Iterator[World]:
    client = OneSignalClient(sandbox.base_url, organization_key=sandbox.org_key, app_keys=sandbox.app_key)
    app = client.create_app({"name": "Under fire"})
    assert app.id
    for index in range(3):
        client.create_player(
            {
                "app_id": app.id,
                "device_type": 1,
                "identifier": f"token-{index}",
                "external_user_id": f"person-{index}",
            }
        )
    context = console.context
    connection = context.connection
    connection.client.retry_policy = RetryPolicy(max_attempts=2, sleep=lambda _seconds: None)
    context.catalog.reload()
    qtbot.waitUntil(lambda: context.catalog.app(app.id) is not None, timeout=WAIT)
    context.set_current_app(app.id)
    built = World(qtbot, console, sandbox, client, app.id, tmp_path)
    context.bridge.any_failed.connect(lambda op, error: built.failed.append((op, type(error).__name__)))
    context.bridge.succeeded.connect(built.succeeded.append)
    yield built
    client.close()


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_main_action_names_the_fault_and_works_once_it_is_gone(world: World, name: str) -> None:
    action = ACTIONS[name]
    action.prepare(world)
    world.idle()
    for fault, options in FAULTS.items():
        meet_the_fault_then_work_again(world, action, fault, dict(options))


def meet_the_fault_then_work_again(world: World, action: Action, fault: str, options: dict[str, Any]) -> None:
    world.window.messages.clear()
    if action.ready is not None:
        action.ready(world)
        world.idle()
    failed_mark = len(world.failed)
    kind = options.pop("kind")
    http = world.context.connection.client.http
    normal_timeout = http.timeout
    if kind == "latency":  # short only while it matters: a busy test machine may be slow otherwise
        http.timeout = httpx.Timeout(CLIENT_TIMEOUT)
    world.sandbox.faults.inject(kind, times=None, **options)
    action.start(world)
    world.wait(lambda: action.failure_is_shown(world), f"{fault}: failure shown")
    offline = world.window.statusBar().offline_label
    if action.failure_shown is None:
        assert any(op.startswith(action.operation) for op, _ in world.failed[failed_mark:]), fault
        # No answer at all means the server may be gone: the status bar says so.
        assert offline.isHidden() is (kind not in ("reset", "latency")), fault
    assert world.window.isEnabled(), fault
    world.sandbox.faults.clear()
    world.idle()
    http.timeout = normal_timeout

    succeeded_mark = len(world.succeeded)
    (action.again or action.start)(world)
    world.wait(lambda: action.has_worked(world, succeeded_mark), f"{fault}: worked again")
    world.idle()
    assert offline.isHidden(), fault  # back online
    stale = [m for m in world.window.messages.messages if m.startswith(action.operation) and " failed" in m]
    assert stale == [], fault


def test_a_refused_cancel_leaves_the_cancel_button_usable(world: World) -> None:
    """Found by the matrix above (fixed in notifications/tab.py by its owner)."""
    scheduled_notifications(world)
    world.idle()
    world.sandbox.faults.inject("500", times=None)
    start_cancel(world)
    world.wait(lambda: ACTIONS["notifications: cancel"].failure_is_shown(world), "failure shown")
    world.sandbox.faults.clear()
    world.idle()
    tab = world.show_tab("Notifications")
    assert tab.selected_row() is not None and tab.selected_row().cancel_blocker is None
    assert tab.cancel_button.isEnabled()
