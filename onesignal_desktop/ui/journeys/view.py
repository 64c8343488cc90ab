"""The Journeys page: the app's journeys (status, entry rule, entered, active, completed) and the chosen
one drawn as a node graph whose stats refresh every few seconds while it is open.

Create, rename, activate / pause, duplicate and delete (after a question) act on the selected journey; a
message node of the graph is edited by double-click (or Enter). Pausing archives the journey, as
OneSignal stops one; activating it again lets users move on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from onesignal_desktop.ui.common.empty_state import EmptyStack
from onesignal_desktop.ui.common.record_table import record_table_view, select_record, selected_record
from onesignal_desktop.ui.common.subview import AppSubView, RowFinder, tool_button
from onesignal_desktop.ui.journeys.describe import entry_rule, state_label
from onesignal_desktop.ui.journeys.dialogs import (
    MessageNodeDialog,
    NewJourneyDialog,
    RenameDialog,
    ServerFormDialog,
)
from onesignal_desktop.ui.journeys.graph import JourneyGraphView
from onesignal_desktop.ui.journeys.loading import JourneysSnapshot, load_journeys, load_stats
from onesignal_desktop.ui.journeys.model import JourneyRow, JourneysTableModel
from onesignal_desktop.ui.shell.context import ConsoleContext

STATS_REFRESH_MS = 5000
CHANNEL_OF_KIND = {"send_push": "push", "send_email": "email", "send_sms": "sms"}


def _messages(error: BaseException) -> list[str]:
    return [str(m) for m in getattr(error, "messages", []) if m] or [str(error)]


class JourneysView(AppSubView):
    title = "Journeys"
    busy_text = "Loading…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.snapshot = JourneysSnapshot()
        self.shown_id: str | None = None
        self._select_after_load: str | None = None
        self.dialog: ServerFormDialog | None = None

        self.model = JourneysTableModel()
        self.table = record_table_view("journeysTable", self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.stack = EmptyStack(self.table)
        self.add_delete_shortcut(self.table)
        self.new_button = tool_button("New journey", "add", self.create_new, "Create a journey (Ctrl+N)")
        self.rename_button = tool_button("Rename…", "", self.rename_selected, "Rename the selected journey")
        self.activate_button = tool_button("Activate", "", self.activate_selected, "Start letting users in")
        self.pause_button = tool_button("Pause", "", self.pause_selected, "Stop the journey (archive it)")
        self.duplicate_button = tool_button("Duplicate", "", self.duplicate_selected, "Copy into a new draft")
        self.delete_button = tool_button("Delete…", "close", self.delete_selected, "Delete (Delete)")
        self.find_edit = RowFinder(self.table, "Find (Ctrl+F)")
        toolbar = QHBoxLayout()
        for widget in (
            self.new_button,
            self.rename_button,
            self.activate_button,
            self.pause_button,
            self.duplicate_button,
            self.delete_button,
            self.find_edit,
        ):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)
        toolbar.addWidget(self.busy_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(toolbar)
        left_layout.addWidget(self.stack, 1)

        self.heading = QLabel()
        self.heading.setObjectName("journeyHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.graph_view = JourneyGraphView()
        self.graph_view.graph.edit_requested.connect(self.edit_node)
        self.edit_button = tool_button(
            "Edit message…", "", self.edit_selected_node, "Edit the selected message box (or double-click it)"
        )
        self.graph_stack = EmptyStack(self.graph_view)
        self.graph_stack.show_empty("Choose a journey on the left to see it as a graph.")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.edit_button)
        right_layout.addLayout(header)
        right_layout.addWidget(self.graph_stack, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([520, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.stats_timer = QTimer(self)
        self.stats_timer.setInterval(STATS_REFRESH_MS)
        self.stats_timer.timeout.connect(self.refresh_stats)
        self._refresh_controls()

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        client = self.context.client
        if not self.model.rowCount():
            self.stack.show_empty("Loading journeys…")
        self.run(
            "Load journeys",
            lambda token: load_journeys(client, app_id, token),
            self._show_snapshot,
            lambda _error: self._load_failed(),
        )

    def clear(self) -> None:
        self.snapshot = JourneysSnapshot()
        self.model.set_records([])
        self._show_journey(None)

    def show_no_app(self) -> None:
        self.stack.show_empty(self.no_app_text + "\nJourneys belong to an app.")
        self._refresh_controls()

    # --- actions ----------------------------------------------------------------------------------
    def selected_row(self) -> JourneyRow | None:
        row = selected_record(self.table)
        return row if isinstance(row, JourneyRow) else None

    def create_new(self) -> None:
        app_id = self.app_id
        if app_id is None:
            return
        pushes = [
            (str(t["id"]), str(t.get("name") or t["id"]))
            for t in self.snapshot.templates
            if t.get("channel") == "push"
        ]
        dialog = NewJourneyDialog(self.snapshot.segments, pushes, self)
        client = self.context.client
        dialog.on_submit = lambda body: self._submit(
            dialog, "Create journey", lambda token: client.create_journey(app_id, body), "Created the journey"
        )
        self._open(dialog)

    def rename_selected(self) -> None:
        row, app_id = self.selected_row(), self.app_id
        if row is None or app_id is None:
            return
        dialog = RenameDialog(row.name, self)
        client, journey_id = self.context.client, row.id
        dialog.on_submit = lambda body: self._submit(
            dialog,
            "Rename journey",
            lambda token: client.update_journey(app_id, journey_id, body),
            "Renamed the journey",
        )
        self._open(dialog)

    def activate_selected(self) -> None:
        self._set_state("active", "Activate journey", "Activated")

    def pause_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.confirm(
            "Pause journey",
            f"Pause “{row.name}”?\nNo one enters or moves on while it is paused; activate it again to go on.",
        ):
            return
        self._set_state("archived", "Pause journey", "Paused")

    def _set_state(self, state: str, operation: str, done: str) -> None:
        row, app_id = self.selected_row(), self.app_id
        if row is None or app_id is None:
            return
        client, journey_id, name = self.context.client, row.id, row.name

        def changed(journey: Any) -> None:
            self.show_status(f"{done} “{name}” ({state_label(journey.state)}).")
            self.refresh_and_select(journey_id)

        self.run(
            operation,
            lambda token: client.update_journey(app_id, journey_id, {"state": state}),
            changed,
            change=True,
        )

    def duplicate_selected(self) -> None:
        row, app_id = self.selected_row(), self.app_id
        if row is None or app_id is None:
            return
        client, journey_id = self.context.client, row.id

        def copied(journey: Any) -> None:
            self.show_status(f"Duplicated into “{journey.name}” (a draft).")
            self.refresh_and_select(str(journey.id))

        self.run(
            "Duplicate journey",
            lambda token: client.duplicate_journey(app_id, journey_id),
            copied,
            change=True,
        )

    def delete_selected(self) -> None:
        row, app_id = self.selected_row(), self.app_id
        if row is None or app_id is None:
            return
        if not self.confirm(
            "Delete journey",
            f"Delete the journey “{row.name}”?\nUsers in it stop where they are; this cannot be undone.",
        ):
            return
        client, journey_id, name = self.context.client, row.id, row.name

        def deleted(_result: Any) -> None:
            self.show_status(f"Deleted the journey “{name}”.")
            self.refresh()

        self.run(
            "Delete journey", lambda token: client.delete_journey(app_id, journey_id), deleted, change=True
        )

    def refresh_and_select(self, journey_id: str | None) -> None:
        self._select_after_load = journey_id
        self.refresh()

    # --- the graph ----------------------------------------------------------------------------------
    def edit_selected_node(self) -> None:
        box = self.graph_view.graph.selected_box()
        if box is not None and box.editable and box.node is not None:
            self.edit_node(box.node)

    def edit_node(self, node: Any) -> None:
        row, app_id = self.current_row(), self.app_id
        if row is None or app_id is None or not isinstance(node, dict):
            return
        channel = CHANNEL_OF_KIND.get(str(node.get("kind")))
        templates = [t for t in self.snapshot.templates if t.get("channel") == channel]
        choices = [(str(t["id"]), str(t.get("name") or t["id"])) for t in templates]
        contents = {str(t["id"]): dict(t.get("content") or {}) for t in templates}
        dialog = MessageNodeDialog(node, choices, contents, self)
        client, journey_id, node_id = self.context.client, row.id, str(node.get("id"))

        def save(token: Any, body: dict[str, Any]) -> Any:
            if body["content"] is not None and body["template_id"]:
                client.update_template(body["template_id"], app_id, body["content"])
            return client.update_journey_node(app_id, journey_id, node_id, body["node"])

        dialog.on_submit = lambda body: self._submit(
            dialog, "Update message", lambda token: save(token, body), "Saved the message", reload_all=True
        )
        self._open(dialog)

    def current_row(self) -> JourneyRow | None:
        for row in self.snapshot.rows:
            if row.id == self.shown_id:
                return row
        return None

    def refresh_stats(self) -> None:
        row, app_id = self.current_row(), self.app_id
        if row is None or app_id is None or not self.isVisible() or self.scope.busy:
            return
        client, journey_id = self.context.client, row.id

        def show(stats: dict[str, Any]) -> None:
            row.stats = stats
            if self.shown_id == journey_id:
                self.graph_view.show_stats(stats)
                self.model.dataChanged.emit(
                    self.model.index(0, 3), self.model.index(self.model.rowCount() - 1, 5)
                )

        self.run("Refresh journey stats", lambda token: load_stats(client, app_id, journey_id), show)

    # --- internals ----------------------------------------------------------------------------------
    def _open(self, dialog: ServerFormDialog) -> None:
        self.dialog = dialog
        dialog.setModal(True)
        dialog.show()

    def _submit(
        self, dialog: ServerFormDialog, operation: str, work: Any, done: str, *, reload_all: bool = False
    ) -> None:
        def finished(journey: Any) -> None:
            dialog.accept()
            name = getattr(journey, "name", None)
            self.show_status(f"{done}{f' “{name}”' if name else ''}.")
            self.refresh_and_select(str(getattr(journey, "id", None) or self.shown_id))

        self.run(
            operation, work, finished, lambda error: dialog.show_server_errors(_messages(error)), change=True
        )

    def _show_snapshot(self, snapshot: JourneysSnapshot) -> None:
        self.snapshot = snapshot
        self.model.segment_names = dict(snapshot.segments)
        keep = self._select_after_load or self.shown_id
        self._select_after_load = None
        self.model.set_records(snapshot.rows)
        if snapshot.rows:
            self.stack.show_content()
        else:
            self.stack.show_empty(
                "This app has no journeys yet.\n"
                "Press New journey (Ctrl+N): pick who enters and the first message."
            )
        if not (keep and select_record(self.table, keep)):
            if snapshot.rows:
                self.table.selectRow(0)
            else:
                self._show_journey(None)
        self._refresh_controls()

    def _load_failed(self) -> None:
        if not self.model.rowCount():
            self.stack.show_empty(
                "The journeys could not be loaded (see the message above). Press F5 to try again."
            )

    def _selection_changed(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._show_journey(row)
        self._refresh_controls()

    def _show_journey(self, row: JourneyRow | None) -> None:
        if row is None:
            self.shown_id = None
            self.stats_timer.stop()
            self.heading.setText("")
            self.graph_view.clear_journey()
            self.graph_stack.show_empty("Choose a journey on the left to see it as a graph.")
            return
        self.shown_id = row.id
        names = dict(self.snapshot.segments)
        templates = {str(t.get("id")): str(t.get("name") or t.get("id")) for t in self.snapshot.templates}
        self.graph_view.show_journey(row.journey, names, templates, row.stats)
        self.graph_stack.show_content()
        nodes = len(self.graph_view.graph.layout_info.boxes) - 2
        self.heading.setText(
            f"{row.name} — {state_label(row.state)} · {entry_rule(row.journey, names)} · {nodes} "
            f"node{'s' if nodes != 1 else ''} · stats refresh every {STATS_REFRESH_MS // 1000} s"
        )
        self.stats_timer.start()

    def _refresh_controls(self) -> None:
        row = self.selected_row()
        has_app = self.app_id is not None
        self.new_button.setEnabled(has_app)
        for button in (self.rename_button, self.duplicate_button, self.delete_button):
            button.setEnabled(row is not None)
        state = row.state if row else ""
        self.activate_button.setEnabled(row is not None and state in ("draft", "archived"))
        self.pause_button.setEnabled(row is not None and state in ("active", "scheduled"))
        self.edit_button.setEnabled(row is not None)
