"""Send test event…: a custom event for the shown user (name, properties as JSON), checked before it is
sent as OneSignal checks it, and which journeys it started.

Which journeys: the app's active journeys triggered by an event of that name (and matching properties)
are read before the event is sent, and their "entered" count after it; those whose count grew started
for this user. That works the same against OneSignal, whose answer to the event itself is empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from onesignal_desktop.ui.players.fields import FieldWithError

MAX_EVENT_NAME = 128
MAX_PAYLOAD_BYTES = 2048
MAX_JOURNEYS_CHECKED = 200


def check_event(name: str, properties_text: str) -> tuple[dict[str, str], dict[str, Any] | None]:
    """(problems by field, the properties object) — problems name the field and what is wrong."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "name: which event happened (e.g. purchase)?"
    elif len(name) > MAX_EVENT_NAME:
        problems["name"] = f"name: at most {MAX_EVENT_NAME} characters (this one has {len(name)})."
    properties: dict[str, Any] | None = {}
    text = properties_text.strip()
    if text:
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as error:
            problems["payload"] = (
                f"payload: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})."
            )
            parsed = None
        if parsed is not None and not isinstance(parsed, dict):
            problems["payload"] = 'payload: the properties must be a JSON object, like {"amount": 12}.'
        elif isinstance(parsed, dict):
            size = len(json.dumps(parsed, separators=(",", ":"), ensure_ascii=False).encode())
            if size > MAX_PAYLOAD_BYTES:
                problems["payload"] = f"payload: {size:,} bytes; at most {MAX_PAYLOAD_BYTES:,} are accepted."
            properties = parsed
        else:
            properties = None
    return problems, properties


@dataclass
class EventOutcome:
    event: str
    started: list[str] = field(default_factory=list)  # names of the journeys it started
    waiting: list[str] = field(default_factory=list)  # triggered by this event, but did not start

    def summary(self) -> str:
        if self.started:
            return f"Sent “{self.event}”. It started: " + ", ".join(f"“{n}”" for n in self.started) + "."
        if self.waiting:
            names = ", ".join(f"“{n}”" for n in self.waiting)
            return (
                f"Sent “{self.event}”. {names} did not start (already in it, re-entry rules or properties)."
            )
        return f"Sent “{self.event}”. No active journey starts on this event."


def _matches(matchers: Any, payload: Mapping[str, Any]) -> bool:
    """A plain reading of the trigger's property matchers (equal / exists); the server decides the rest."""
    for group in matchers or []:
        for matcher in group:
            key, operator = matcher.get("key"), matcher.get("operator")
            if operator == "exists" and key not in payload:
                return False
            if operator in ("equal", "is") and str(payload.get(key)) != str(matcher.get("value")):
                return False
    return True


def send_test_event(
    client: Any, app_id: str, onesignal_id: str, name: str, payload: dict[str, Any], check: Callable[[], None]
) -> EventOutcome:
    """Send the event (off the UI thread) and find the journeys it started."""
    triggered: list[tuple[str, str, int]] = []  # (id, name, entered before)
    for page in client.iter_journey_pages(app_id, max_items=MAX_JOURNEYS_CHECKED):
        for item in page.items:
            check()
            if item.state != "active" or item.audience is None or item.audience.kind != "event_trigger":
                continue
            journey = client.view_journey(app_id, str(item.id))
            audience = journey.audience
            if audience is None or audience.name != name:
                continue
            groups = [[m.model_dump() for m in group] for group in audience.attributes or []]
            if not _matches(groups, payload):
                continue
            started = client.view_journey_stats(app_id, str(item.id)).started or 0
            triggered.append((str(item.id), str(journey.name or item.id), started))
    client.create_custom_events(
        app_id, {"events": [{"name": name, "onesignal_id": onesignal_id, "payload": payload}]}
    )
    outcome = EventOutcome(name)
    for journey_id, journey_name, before in triggered:
        after = client.view_journey_stats(app_id, journey_id).started or 0
        (outcome.started if after > before else outcome.waiting).append(journey_name)
    return outcome


class TestEventDialog(QDialog):
    """Name and properties; Send checks them, sends and says which journeys started (the dialog stays
    open for the next event)."""

    def __init__(self, user_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send test event")
        self.name_field = FieldWithError(QLineEdit())
        self.name_edit.setObjectName("eventName")
        self.name_edit.setPlaceholderText("e.g. purchase")
        self.name_edit.textEdited.connect(lambda _t: self.name_field.clear_error())
        self.payload_field = FieldWithError(QPlainTextEdit())
        self.payload_edit.setObjectName("eventPayload")
        self.payload_edit.setPlaceholderText('{"amount": 12.5, "sku": "A1"}')
        self.payload_edit.setTabChangesFocus(True)
        self.payload_edit.textChanged.connect(self.payload_field.clear_error)
        self.result_label = QLabel()
        self.result_label.setObjectName("eventResult")
        self.result_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_button = self.buttons.addButton("Send", QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self._send)
        form = QFormLayout(self)
        form.addRow(QLabel(f"For {user_label}"))
        form.addRow("Event &name:", self.name_field)
        form.addRow("&Properties (JSON):", self.payload_field)
        form.addRow(self.result_label)
        form.addRow(self.buttons)
        self.on_send: Callable[[str, dict[str, Any]], None] | None = None
        self.resize(460, 320)

    @property
    def name_edit(self) -> QLineEdit:
        editor = self.name_field.editor
        assert isinstance(editor, QLineEdit)
        return editor

    @property
    def payload_edit(self) -> QPlainTextEdit:
        editor = self.payload_field.editor
        assert isinstance(editor, QPlainTextEdit)
        return editor

    def _send(self) -> None:
        name = self.name_edit.text().strip()
        problems, payload = check_event(name, self.payload_edit.toPlainText())
        self.name_field.show_error(problems.get("name"))
        self.payload_field.show_error(problems.get("payload"))
        if problems or payload is None or self.on_send is None:
            return
        self.send_button.setEnabled(False)
        self.result_label.setText("Sending…")
        self.on_send(name, payload)

    def show_outcome(self, outcome: EventOutcome) -> None:
        self.send_button.setEnabled(True)
        self.result_label.setText(outcome.summary())

    def show_refusal(self, messages: list[str]) -> None:
        """The server's reasons, each next to the field it names."""
        self.send_button.setEnabled(True)
        self.result_label.setText("")
        for message in messages:
            target = self.payload_field if "payload" in message else self.name_field
            target.show_error(message)
