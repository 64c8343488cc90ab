"""Sends that never got an answer ("possibly sent"), listed with a safe resend and a dismiss."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import Bridge
from onesignal_desktop.compose.journal import JournalEntry, SendJournal
from onesignal_desktop.ui.notifications.composer.describe import (
    body_title,
    describe_answer,
    describe_audience,
)
from onesignal_desktop.ui.notifications.composer.send import SendController, SendOutcome

LEVEL_COLORS = {"success": "#2e7d32", "warning": "#9a6700", "error": "#c62828", "info": "palette(text)"}


class PendingRow(QFrame):
    """One possibly-sent entry: what it was, and Resend safely / Dismiss."""

    resolved = Signal()

    def __init__(
        self, entry: JournalEntry, controller: SendController, client: Any, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.entry = entry
        self._controller = controller
        self._client = client
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{_escape(body_title(entry.body))}</b>")
        when = datetime.fromtimestamp(entry.last_attempt_at).strftime("%Y-%m-%d %H:%M")
        facts = QLabel(
            f"To {_escape(describe_audience(entry.body))}. Last tried {when}, "
            f"{entry.attempts} attempt{'s' if entry.attempts != 1 else ''}"
            + (f"; {_escape(entry.last_failure)}" if entry.last_failure else "")
            + "."
        )
        facts.setWordWrap(True)
        self.status = QLabel("No answer came: it may or may not have gone out.")
        self.status.setObjectName("pendingStatus")
        self.status.setWordWrap(True)
        self.resend_button = QPushButton("Resend safely")
        self.resend_button.setObjectName("resendButton")
        self.resend_button.setToolTip(
            "Sends it again with the same idempotency key: OneSignal won't send it twice"
        )
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Stop listing it (nothing is sent)")
        self.dismiss_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.resend_button)
        for widget in (title, facts, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resend_button.clicked.connect(self._resend)
        self.dismiss_button.clicked.connect(self._dismiss)

    def _resend(self) -> None:
        self.resend_button.setEnabled(False)
        self.status.setText("Sending again with the same key…")
        self._controller.finished.connect(self._finished)
        if not self._controller.resend(self.entry.send_id, self._client):
            self.resend_button.setEnabled(True)

    def _finished(self, outcome: SendOutcome) -> None:
        if outcome.entry.send_id != self.entry.send_id:
            return
        self._controller.finished.disconnect(self._finished)
        if outcome.kind == "no_answer":
            self.status.setText(f"Still no answer ({outcome.message}). Try again later.")
            self.resend_button.setEnabled(True)
            return
        answer = outcome.answer or outcome.entry.answer
        if answer is None:
            return
        text = describe_answer(answer, outcome.entry.body, resent=True)
        self.status.setStyleSheet(f"color: {LEVEL_COLORS[text.level]};")
        self.status.setText("\n".join((text.headline, *text.details)))
        self.dismiss_button.setText("Close")
        self.resolved.emit()

    def _dismiss(self) -> None:
        if self.entry.state == "pending" and self.dismiss_button.text() == "Dismiss":
            self._controller.dismiss(self.entry.send_id)
        self.hide()
        self.resolved.emit()


class PossiblySentDialog(QDialog):
    """Every unanswered send of an app, each with its safe resend."""

    def __init__(
        self,
        entries: list[JournalEntry],
        journal: SendJournal,
        bridge: Bridge,
        client: Any,
        *,
        scrub: Any = str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Possibly sent")
        self.setObjectName("possiblySentDialog")
        self.resize(560, 420)
        self.controller = SendController(journal, bridge, scrub=scrub, parent=self)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "These sends got no answer from OneSignal (a timeout, a lost connection or the app closing), "
            "so they may or may not have gone out. Resending uses the same idempotency key: if the first "
            "attempt arrived, OneSignal returns its result instead of sending again."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        area = QScrollArea()
        area.setWidgetResizable(True)
        inner = QWidget()
        rows_layout = QVBoxLayout(inner)
        self.rows = [PendingRow(entry, self.controller, client) for entry in entries]
        for row in self.rows:
            rows_layout.addWidget(row)
        rows_layout.addStretch(1)
        area.setWidget(inner)
        layout.addWidget(area, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
