"""The report's "Over time" section: sends, confirmed deliveries and clicks since the notification was sent,
drawn from its event export. The export is asked for, downloaded and counted off the UI thread (counted
in a child process, see events.py); Stop cancels it."""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from onesignal_desktop.api.exports import DownloadProgress, ExportPolling
from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.common.charts.view import ChartView, preload_chart_library
from onesignal_desktop.ui.notifications.timeline.events import (
    EVENT_LABELS,
    Timeline,
    count_in_child,
    timeline_of,
)

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.context import ConsoleContext

DRAW_TIMELINE = "Export events for the timeline"


def fetch_counts(
    client: Any, app_id: str, notification_id: str, polling: ExportPolling, token: CancelToken
) -> dict[str, dict[int, int]]:
    """Ask for the event export, download it to a scratch file and count it (runs off the UI thread)."""
    answer = client.export_events(notification_id, app_id)
    url = getattr(answer, "csv_file_url", None)
    if not url:
        raise RuntimeError("the server did not say where the event export will be")
    token.report(DownloadProgress("waiting", 0))
    with tempfile.TemporaryDirectory(prefix="onesignal-events-") as scratch:
        path = client.download_export(
            str(url),
            Path(scratch) / "events.csv.gz",
            polling=polling,
            cancel=lambda: token.cancelled,
            progress=token.report,
        )
        token.check()
        token.report("counting")
        return count_in_child(path, lambda: token.cancelled)


class TimelineBox(QGroupBox):
    """Shows one notification's events over time, on request (an export can be big)."""

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__("Over time", parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.export_polling = ExportPolling()
        self.app_id: str | None = None
        self.notification_id: str | None = None
        self.sent_at: float | None = None
        self.timeline: Timeline | None = None
        self.draw_button = QPushButton("Draw sends and clicks over time")
        self.draw_button.setObjectName("drawTimeline")
        self.draw_button.setToolTip("Export this notification's events from OneSignal and draw them")
        self.draw_button.setAutoDefault(False)
        self.draw_button.clicked.connect(self.draw)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self.status = QLabel(
            "Each line counts the events OneSignal recorded for this notification (one per device): Sent, "
            "Confirmed delivered (where the device confirms) and Clicked, as of the export."
        )
        self.status.setWordWrap(True)
        self.status.setEnabled(False)
        self.chart = ChartView()
        self.chart.setObjectName("timelineChart")
        self.chart.setMinimumHeight(220)
        self.chart.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.draw_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.chart)

    def show_notification(self, app_id: str, notification_id: str, sent_at: float | None, sent: bool) -> None:
        if (app_id, notification_id) == (self.app_id, self.notification_id):
            return
        self.scope.cancel_all()
        self.app_id, self.notification_id, self.sent_at = app_id, notification_id, sent_at
        self.timeline = None
        self.chart.clear()
        self.chart.hide()
        self._idle()
        self.draw_button.setEnabled(sent)
        self.status.setText(
            "Sends, confirmed deliveries and clicks since it was sent, from OneSignal's event export."
            if sent
            else "Not sent: there are no events to draw."
        )

    @property
    def busy(self) -> bool:
        return self.scope.busy

    def draw(self) -> None:
        connection = self.context.connection
        app_id, notification_id = self.app_id, self.notification_id
        if connection is None or app_id is None or notification_id is None or self.busy:
            return
        client = connection.client
        polling = self.export_polling
        sent_at = self.sent_at
        preload_chart_library()  # while the export is prepared, not when the curve is drawn

        def finished(counts: dict[str, dict[int, int]]) -> None:
            self.context.resolve_error(DRAW_TIMELINE)
            if (app_id, notification_id) != (self.app_id, self.notification_id):
                return
            self._idle()
            self.show_counts(counts, sent_at, time.time())

        def failed(error: BaseException) -> None:
            self._idle()
            self.status.setText("The events could not be exported (see the message above).")
            self.context.report_error(DRAW_TIMELINE, error, app_id=app_id)

        self.scope.run(
            DRAW_TIMELINE,
            lambda token: fetch_counts(client, app_id, notification_id, polling, token),
            on_finished=finished,
            on_failed=failed,
            on_progress=self._progress,
        )
        self.draw_button.setEnabled(False)
        self.stop_button.show()
        self.status.setText("Asking OneSignal for the event export…")

    def show_counts(
        self, counts: dict[str, dict[int, int]], sent_at: float | None, exported_at: float
    ) -> None:
        timeline = timeline_of(counts, sent_at, exported_at)
        self.timeline = timeline
        self.chart.show()
        self.chart.show_data(timeline.chart())
        as_of = datetime.fromtimestamp(exported_at).astimezone().strftime("%Y-%m-%d %H:%M")
        totals = ", ".join(
            f"{label.lower()} {timeline.total(event):,}" for event, label, _ in timeline.kinds()
        )
        half = timeline.half_of_clicks_hours()
        speed = f" Half of the clicks came within {_duration(half)} of sending." if half is not None else ""
        missing = "" if "received" in counts else " This export has no confirmed-delivery events."
        self.status.setText(
            f"From the event export made at {as_of} (your local time): {totals or 'no events yet'}.{speed}"
            f"{missing} The counters above are read live and can be ahead of it; draw again for newer."
        )

    def stop(self) -> None:
        self.scope.cancel_all()
        self._idle()
        self.status.setText("Stopped: nothing was drawn.")

    def _idle(self) -> None:
        self.stop_button.hide()
        self.draw_button.setEnabled(self.notification_id is not None)

    def _progress(self, progress: object) -> None:
        if progress == "counting":
            self.status.setText("Counting the events…")
        elif isinstance(progress, DownloadProgress):
            self.status.setText(
                "Waiting for OneSignal to prepare the export…"
                if progress.phase == "waiting"
                else "Downloading the event export…"
            )


def _duration(hours: float) -> str:
    minutes = round(hours * 60)
    if minutes < 90:
        return f"{max(1, minutes)} min"
    return f"{hours:.1f} h"


__all__ = ["DRAW_TIMELINE", "EVENT_LABELS", "TimelineBox"]
