"""Export players to CSV: the options dialog, and the strip that shows the export being prepared,
downloaded and saved (then the tab opens it in the export viewer)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import Task, TaskScope
from onesignal_desktop.ui.common.save_paths import ask_save_path
from onesignal_desktop.ui.players.fields import FieldWithError
from onesignal_desktop.ui.shell.context import ConsoleContext
from onesignal_desktop.ui.shell.icons import icon

EXPORT_PLAYERS = "Export players"
LOAD_SEGMENTS = "Load segments"
EXTRA_FIELDS = (
    ("location", "Location (lat, long)"),
    ("country", "Country"),
    ("rooted", "Rooted"),
    ("notification_types", "Notification types"),
    ("ip", "IP address"),
    ("external_user_id", "External user ID"),
    ("web_auth", "Web push auth"),
    ("web_p256", "Web push p256"),
)
ALL_PLAYERS = "All players (no segment)"

SavePathChooser = Callable[[QWidget, str], str | None]


@dataclass(frozen=True)
class ExportOptions:
    extra_fields: list[str] = field(default_factory=list)
    last_active_since: int | None = None  # unix seconds
    segment_name: str | None = None

    def keywords(self) -> dict[str, Any]:
        return {
            "extra_fields": self.extra_fields or None,
            "last_active_since": self.last_active_since,
            "segment_name": self.segment_name,
        }


def choose_save_path(parent: QWidget, suggested: str) -> str | None:
    return ask_save_path(
        parent,
        "players-export",
        "Save the players export",
        suggested,
        "Gzip CSV export (*.csv.gz);;All files (*)",
    )


class ExportOptionsDialog(QDialog):
    """Extra fields, last active since (date picker), segment. ``options()`` once accepted."""

    def __init__(self, context: ConsoleContext, app_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export players to CSV")
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        fields_box = QGroupBox("Extra columns")
        grid = QGridLayout(fields_box)
        self.field_boxes: dict[str, QCheckBox] = {}
        for number, (name, caption) in enumerate(EXTRA_FIELDS):
            box = QCheckBox(caption)
            box.setChecked(name in ("country", "external_user_id", "notification_types"))
            self.field_boxes[name] = box
            grid.addWidget(box, number // 2, number % 2)
        self.since_check = QCheckBox("Only players active since")
        self.since_date = QDateEdit()
        self.since_date.setCalendarPopup(True)
        self.since_date.setDisplayFormat("yyyy-MM-dd")
        self.since_date.setDate(QDate.currentDate().addDays(-30))
        self.since_date.setEnabled(False)
        self.since_check.toggled.connect(self.since_date.setEnabled)
        since_row = QWidget()
        since_layout = QHBoxLayout(since_row)
        since_layout.setContentsMargins(0, 0, 0, 0)
        since_layout.addWidget(self.since_check)
        since_layout.addWidget(self.since_date)
        since_layout.addStretch(1)
        self.since_field = FieldWithError(since_row)
        self.since_check.toggled.connect(lambda _on: self.since_field.clear_error())
        self.since_date.dateChanged.connect(lambda _date: self.since_field.clear_error())
        self.segment = QComboBox()
        self.segment.setEditable(True)
        self.segment.addItem(ALL_PLAYERS)
        self.segment.setToolTip("Export only the players of this segment (type a name or pick one)")
        self.segment_hint = QLabel("Loading the app's segments…")
        form = QFormLayout()
        form.addRow("Last active:", self.since_field)
        form.addRow("Segment:", self.segment)
        form.addRow("", self.segment_hint)
        note = QLabel(
            "OneSignal prepares the file in the background (minutes for big apps); you then choose where "
            "to save it and it opens in the export viewer."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(fields_box)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        client = context.client
        self.scope.run(
            LOAD_SEGMENTS,
            lambda token: client.get_segments(app_id, 0, 300),
            on_finished=self._segments_loaded,
            on_failed=lambda _error: self.segment_hint.setText(
                "The segment list could not be loaded; type the segment's name."
            ),
        )

    def _segments_loaded(self, page: Any) -> None:
        names = sorted({segment.name for segment in page.segments if segment.name})
        typed = self.segment.currentText()
        self.segment.addItems(names)
        self.segment.setCurrentText(typed)
        self.segment_hint.setText(
            f"{len(names)} segments in this app." if names else "This app has no segments."
        )

    def since_seconds(self) -> int | None:
        if not self.since_check.isChecked():
            return None
        day = self.since_date.date()
        start = datetime(day.year(), day.month(), day.day(), tzinfo=None)
        return int(start.astimezone(UTC).timestamp())

    def options(self) -> ExportOptions:
        segment = self.segment.currentText().strip()
        return ExportOptions(
            extra_fields=[name for name, box in self.field_boxes.items() if box.isChecked()],
            last_active_since=self.since_seconds(),
            segment_name=segment if segment and segment != ALL_PLAYERS else None,
        )

    def validate(self) -> bool:
        message = None
        if self.since_check.isChecked() and self.since_date.date() > QDate.currentDate():
            message = "Pick a day in the past: no player has been active since a future date."
        self.since_field.show_error(message)
        return message is None

    def submit(self) -> None:
        if self.validate():
            self.accept()


class ExportStrip(QWidget):
    """Shows one export at a time: the phase, a progress bar, Cancel. ``saved(path)`` at the end."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.task: Task | None = None
        self.polling: Any = None  # an api.exports.ExportPolling; None = the API layer's patient default
        self.phase = ""
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.cancel_button = QPushButton(icon("close"), "Cancel")
        self.cancel_button.setToolTip("Stop waiting for the export (nothing is saved)")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(pixmap=icon("file").pixmap(16, 16)))
        layout.addWidget(self.label, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        self.hide()

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, app_id: str, options: ExportOptions, destination: str | os.PathLike[str]) -> None:
        client, polling, target = self.context.client, self.polling, Path(destination)

        def work(token: Any) -> str:
            token.report(("requesting", None))
            response = client.export_players(app_id, **options.keywords())
            if not response.csv_file_url:
                raise ValueError("OneSignal did not say where the export will be")
            token.check()
            path = client.download_export(
                response.csv_file_url,
                target,
                polling=polling,
                cancel=lambda: token.cancelled,
                progress=lambda step: token.report(("download", step)),
            )
            return str(path)

        what = f"segment “{options.segment_name}”" if options.segment_name else "all players"
        self._show("requesting", f"Asking OneSignal to export {what}…", busy=True)
        self.show()
        self.task = self.scope.run(
            EXPORT_PLAYERS, work, on_progress=self._progress, on_finished=self._done, on_failed=self._failed
        )

    def _progress(self, update: Any) -> None:
        kind, step = update
        if kind != "download" or step is None:
            return
        if step.phase == "waiting":
            self._show(
                "waiting",
                f"OneSignal is preparing the file… (checked {step.polls} "
                f"{'time' if step.polls == 1 else 'times'}, {step.waited_seconds:.0f} s)",
                busy=True,
            )
        elif step.phase == "downloading":
            done = step.bytes_done / 1_048_576
            if step.total_bytes:
                self.phase = "downloading"
                self.label.setText(f"Downloading… {done:.1f} of {step.total_bytes / 1_048_576:.1f} MB")
                self.progress.setRange(0, 1000)
                self.progress.setValue(int(1000 * step.bytes_done / step.total_bytes))
            else:
                self._show("downloading", f"Downloading… {done:.1f} MB", busy=True)

    def _show(self, phase: str, text: str, *, busy: bool) -> None:
        self.phase = phase
        self.label.setText(text)
        if busy:
            self.progress.setRange(0, 0)

    def _done(self, path: str) -> None:
        self.task = None
        self.context.resolve_error(EXPORT_PLAYERS)
        self.phase = "done"
        self.hide()
        self.saved.emit(path)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self.phase = "failed"
        self.hide()
        self.context.report_error(EXPORT_PLAYERS, error)
        self.failed.emit(str(error))

    def cancel(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.cancel()
        self.phase = "cancelled"
        self.hide()
