"""The Live activities page: start a Live Activity (activity type, content state, alert), update its
content state, end it; an iOS lock-screen preview of the state being edited; the activities started from
this console, each with its updates (every start and update is a notification with its own report)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.notifications.live_activities.preview import LockScreenPreview
from onesignal_desktop.ui.shell.context import ConsoleContext

START_ACTIVITY = "Start a Live Activity"
UPDATE_ACTIVITY = "Update a Live Activity"
ERROR_STYLE = "color: #b42318;"
DEFAULT_STATE = '{"status": "Preparing", "eta_minutes": 25}'


@dataclass
class StartedActivity:
    activity_id: str
    activity_type: str
    name: str
    ended: bool = False
    state: dict[str, Any] = field(default_factory=dict)
    updates: list[tuple[str, str, str]] = field(default_factory=list)  # (event, notification id, state)

    def label(self) -> str:
        status = "ended" if self.ended else "running"
        return f"{self.activity_id} · {self.activity_type} · {status} · {len(self.updates)} sends"


class LiveActivitiesView(QWidget):
    title = "Live activities"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveActivitiesView")
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.activities: list[StartedActivity] = []
        self.confirm_end = self._ask_end

        self.activity_type = QLineEdit("OrderAttributes")
        self.activity_type.setObjectName("activityType")
        self.activity_id = QLineEdit(self._new_id())
        self.activity_id.setObjectName("activityId")
        self.heading = QLineEdit("Your order")
        self.heading.setObjectName("activityHeadingEdit")
        self.alert = QLineEdit("Your order is being prepared")
        self.alert.setObjectName("activityAlert")
        self.audience = QComboBox()
        self.audience.setEditable(True)
        self.audience.setObjectName("activityAudience")
        self.audience.addItems(["Subscribed Users", "Active Users"])
        self.state_edit = QPlainTextEdit(DEFAULT_STATE)
        self.state_edit.setObjectName("activityState")
        self.state_edit.setMaximumHeight(120)
        self.state_message = QLabel()
        self.state_message.setObjectName("activityStateMessage")
        self.state_message.setStyleSheet(ERROR_STYLE)
        self.state_message.hide()
        form = QFormLayout()
        form.addRow("Activity type", self.activity_type)
        form.addRow("Activity ID", self.activity_id)
        form.addRow("Heading", self.heading)
        form.addRow("Alert", self.alert)
        form.addRow("Audience", self.audience)
        form.addRow("Content state (JSON)", self.state_edit)
        form.addRow("", self.state_message)

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("activityStart")
        self.start_button.setToolTip(
            "Start this Live Activity on the audience's iOS devices (Ctrl+N: a new one)"
        )
        self.update_button = QPushButton("Update")
        self.update_button.setObjectName("activityUpdate")
        self.end_button = QPushButton("End…")
        self.end_button.setObjectName("activityEnd")
        self.start_button.clicked.connect(self.start)
        self.update_button.clicked.connect(lambda: self.send_update("update"))
        self.end_button.clicked.connect(self.end)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.update_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.result = QLabel()
        self.result.setObjectName("activityResult")
        self.result.setWordWrap(True)

        self.list = QListWidget()
        self.list.setObjectName("activityList")
        self.updates = QListWidget()
        self.updates.setObjectName("activityUpdates")
        self.list.currentRowChanged.connect(self._selected)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.result)
        left_layout.addWidget(QLabel("Started from this console"))
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(QLabel("Its starts, updates and end (notification ids)"))
        left_layout.addWidget(self.updates, 1)
        self.preview = LockScreenPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        for edit in (self.heading, self.activity_id):
            edit.textChanged.connect(self._refresh_preview)
        self.state_edit.textChanged.connect(self._refresh_preview)
        self._refresh_buttons()
        self._refresh_preview()

    # --- page actions -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self._refresh_buttons()

    def create_new(self) -> None:
        self.activity_id.setText(self._new_id())
        self.list.setCurrentRow(-1)
        self.activity_type.setFocus()

    def focus_find(self) -> None:
        self.list.setFocus()

    @staticmethod
    def _new_id() -> str:
        return f"activity-{uuid.uuid4().hex[:8]}"

    # --- editing ----------------------------------------------------------------------------------
    def content_state(self) -> dict[str, Any] | None:
        """The content state typed, or None after saying next to it what is wrong (the text stays)."""
        try:
            state = json.loads(self.state_edit.toPlainText() or "{}")
        except ValueError as error:
            return self._state_problem(f"Content state is not valid JSON: {error}")
        if not isinstance(state, dict):
            return self._state_problem('Content state must be a JSON object, like {"status": "On the way"}')
        self.state_message.hide()
        return state

    def _state_problem(self, message: str) -> None:
        self.state_message.setText(message)
        self.state_message.show()
        return None

    def _refresh_preview(self) -> None:
        try:
            state = json.loads(self.state_edit.toPlainText() or "{}")
        except ValueError:
            return
        if isinstance(state, dict):
            self.preview.show_state(self.heading.text(), state, self.activity_type.text())

    def current(self) -> StartedActivity | None:
        row = self.list.currentRow()
        return self.activities[row] if 0 <= row < len(self.activities) else None

    def _selected(self, _row: int) -> None:
        activity = self.current()
        self.updates.clear()
        if activity is not None:
            self.activity_id.setText(activity.activity_id)
            self.activity_type.setText(activity.activity_type)
            for event, notification_id, state in activity.updates:
                self.updates.addItem(f"{event} · {notification_id or '(reached nobody)'} · {state}")
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        activity = self.current()
        running = activity is not None and not activity.ended
        self.update_button.setEnabled(running)
        self.end_button.setEnabled(running)

    def _relist(self, keep: StartedActivity) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for activity in self.activities:
            self.list.addItem(activity.label())
        self.list.blockSignals(False)
        self.list.setCurrentRow(self.activities.index(keep))
        self._selected(self.list.currentRow())

    # --- calls ------------------------------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(ERROR_STYLE if error else "")

    def start(self) -> None:
        state = self.content_state()
        app_id = self.context.current_app_id
        if state is None:
            return
        if not app_id:
            self._say("Choose an app first.", error=True)
            return
        activity = StartedActivity(
            self.activity_id.text().strip(),
            self.activity_type.text().strip(),
            self.heading.text(),
            state=state,
        )
        body = {
            "name": activity.name or activity.activity_id,
            "event": "start",
            "activity_id": activity.activity_id,
            "event_attributes": {"name": activity.name},
            "event_updates": state,
            "contents": {"en": self.alert.text()},
            "headings": {"en": self.heading.text()},
            "included_segments": [self.audience.currentText()],
        }
        client = self.context.client

        def work(token: CancelToken) -> Any:
            with client.cancellation(lambda: token.cancelled):
                return client.start_live_activity(app_id, activity.activity_type, body)

        def done(answer: Any) -> None:
            activity.updates.append(("start", answer.notification_id or "", json.dumps(state)))
            self.activities.append(activity)
            self._relist(activity)
            self._say(
                f"Started {activity.activity_id} (notification {answer.notification_id or 'reached nobody'})."
            )

        self._say("Starting…")
        self.scope.run(START_ACTIVITY, work, on_finished=done, on_failed=self._failed)

    def end(self) -> None:
        activity = self.current()
        if activity is not None and self.confirm_end(activity):
            self.send_update("end")

    def _ask_end(self, activity: StartedActivity) -> bool:
        answer = QMessageBox.question(
            self,
            "End this Live Activity?",
            f"End {activity.activity_id}? It leaves the lock screens and takes no more updates.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def send_update(self, event: str) -> None:
        activity = self.current()
        state = self.content_state()
        app_id = self.context.current_app_id
        if activity is None or state is None or not app_id:
            return
        body: dict[str, Any] = {"name": f"{activity.name} {event}", "event": event, "event_updates": state}
        if self.alert.text().strip():
            body["contents"] = {"en": self.alert.text()}
            body["headings"] = {"en": self.heading.text()}
        client = self.context.client

        def work(token: CancelToken) -> Any:
            with client.cancellation(lambda: token.cancelled):
                return client.update_live_activity(app_id, activity.activity_id, body)

        def done(answer: Any) -> None:
            activity.updates.append((event, answer.id or "", json.dumps(state)))
            activity.state = state
            activity.ended = event == "end"
            self._relist(activity)
            self._say(f"{'Ended' if event == 'end' else 'Updated'} {activity.activity_id}.")

        self.scope.run(UPDATE_ACTIVITY, work, on_finished=done, on_failed=self._failed)

    def _failed(self, error: BaseException) -> None:
        message = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        if "event_updates" in message or "content state" in message.lower():
            self._state_problem(message)
        self._say(message, error=True)
