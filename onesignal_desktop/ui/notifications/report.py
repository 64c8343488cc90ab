"""The report of one notification: what was sent, to whom and when, how delivery went, outcomes, exports.

Shown beside the list for the selected notification. It reads the notification again
(getNotification), the app's outcomes (getOutcomes) and, on request, the history export
(getNotificationHistory, then the CSV download with progress). All calls go through the bridge.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.api.exports import DownloadProgress, ExportPolling
from onesignal_desktop.api.models import NotificationWithMeta, OutcomesResponse
from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.common import save_paths
from onesignal_desktop.ui.notifications.report_chart import DeliveryChart
from onesignal_desktop.ui.notifications.status import (
    STATUS_EXPLANATIONS,
    NotificationRow,
    Status,
    format_local,
    row_from,
)
from onesignal_desktop.ui.notifications.timeline.view import TimelineBox
from onesignal_desktop.ui.shell.icons import icon

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.context import ConsoleContext

LOAD_REPORT = "Load notification report"
LOAD_OUTCOMES = "Load outcomes"
EXPORT_HISTORY = "Export notification history"

COUNTERS = (
    ("successful", "Successful"),
    ("failed", "Failed"),
    ("errored", "Errored"),
    ("converted", "Clicked (converted)"),
    ("received", "Received"),
    ("remaining", "Remaining"),
)
OUTCOME_NAMES = ("os__click.count", "os__session_duration.count", "os__session_duration.sum")
OUTCOME_LABELS = {
    ("os__click", "count"): "Clicks",
    ("os__session_duration", "count"): "Sessions",
    ("os__session_duration", "sum"): "Session time (s)",
}
#: OneSignal keeps no "sent" events for smaller audiences (the export is then just a header).
SENT_HISTORY_MINIMUM = 1000
TIME_RANGES = (("1h", "Last hour"), ("1d", "Last day"), ("1mo", "Last month"))
# Fields shown in their own sections, or identity and delivery state: not repeated under "Options".
_NOT_OPTIONS = frozenset(
    {
        "id",
        "app_id",
        "headings",
        "contents",
        "subtitle",
        "name",
        "email_subject",
        "email_body",
        "email_preheader",
        "included_segments",
        "excluded_segments",
        "filters",
        "target_channel",
        "include_subscription_ids",
        "include_player_ids",
        "include_external_user_ids",
        "include_aliases",
        "include_email_tokens",
        "include_phone_numbers",
        "send_after",
        "queued_at",
        "completed_at",
        "delayed_option",
        "delivery_time_of_day",
        "throttle_rate_per_minute",
        "successful",
        "failed",
        "errored",
        "converted",
        "received",
        "remaining",
        "canceled",
        "platform_delivery_stats",
        "outcomes",
        "bcc_sent",
    }
)

SavePathChooser = Callable[[QWidget, str], str | None]


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    return save_paths.ask_save_path(
        parent,
        "notification-history",
        "Save notification history",
        suggested,
        "Gzipped CSV (*.csv.gz);;All files (*)",
    )


def _name_line(notification: Any) -> str:
    """The composer's internal name (only the console's user sees it), if it has one."""
    name = " ".join(str(getattr(notification, "name", "") or "").split())
    return f"Name: {html.escape(name)} · " if name else ""


def _short(value: Any, limit: int = 160) -> str:
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_file_stem(text: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")
    return stem[:60] or "notification"


def _label(text: str = "—", *, selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class NotificationReport(QWidget):
    """Signals: ``cancel_requested()`` (the tab confirms and cancels), ``row_refreshed(NotificationRow)``
    after the notification was read again, ``export_finished(path)``."""

    cancel_requested = Signal()
    row_refreshed = Signal(object)
    export_finished = Signal(str)

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.scope = TaskScope(context.bridge, self)
        self.choose_save_path: SavePathChooser = ask_save_path
        self.export_polling = ExportPolling()
        self.app_id: str | None = None
        self.row: NotificationRow | None = None
        self.outcomes: OutcomesResponse | None = None
        self._shown_static_for: str | None = None
        self._export_busy = False

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = _label()
        self.cancel_button = QPushButton(icon("close"), "Cancel…")
        self.cancel_button.clicked.connect(self.cancel_requested)

        self.sections = QWidget()
        sections = QVBoxLayout(self.sections)
        sections.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        sections.addLayout(header)
        sections.addWidget(self.subtitle)
        sections.addWidget(self._delivery_box())
        self.timeline = TimelineBox(context)
        sections.addWidget(self.timeline)
        sections.addWidget(self._outcomes_box())
        sections.addWidget(self._content_box())
        sections.addWidget(self._targeting_box())
        sections.addWidget(self._options_box())
        sections.addWidget(self._export_box())
        sections.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.sections)
        self.placeholder = QLabel("Select a notification to see its report.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(scroll, 1)
        self.scroll_area = scroll
        self.clear()

    # --- building -----------------------------------------------------------------------------------
    def _delivery_box(self) -> QGroupBox:
        box = QGroupBox("Delivery")
        layout = QVBoxLayout(box)
        grid = QGridLayout()
        self.counter_labels: dict[str, QLabel] = {}
        for number, (name, caption) in enumerate(COUNTERS):
            value = QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.counter_labels[name] = value
            row, column = divmod(number, 3)
            grid.addWidget(QLabel(caption + ":"), row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self.delivery_bar = QProgressBar()
        self.delivery_bar.setTextVisible(True)
        self.chart = DeliveryChart()
        layout.addLayout(grid)
        layout.addWidget(self.delivery_bar)
        self.no_platforms = _label("Nothing delivered yet, so no per-platform figures.", selectable=False)
        self.no_platforms.setEnabled(False)
        layout.addWidget(self.chart)
        layout.addWidget(self.no_platforms)
        return box

    def _outcomes_box(self) -> QGroupBox:
        box = QGroupBox("Outcomes")
        form = QFormLayout(box)
        self.own_outcomes = _label()
        self.time_range = QComboBox()
        for value, text in TIME_RANGES:
            self.time_range.addItem(text, value)
        self.time_range.setCurrentIndex(1)
        self.time_range.currentIndexChanged.connect(lambda _index: self._load_outcomes())
        self.app_outcomes = _label()
        note = _label(
            "Two different counts: the first line is this notification's own, everything since it was "
            "sent; the second is the whole app's outcomes attributed directly to any of its "
            "notifications (clicks and the sessions they opened), only within the chosen time.",
            selectable=False,
        )
        note.setEnabled(False)
        self.outcomes_why = _label(selectable=False)
        self.outcomes_why.setObjectName("outcomesWhy")
        self.outcomes_why.hide()
        self.time_range.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        app_row = QHBoxLayout()
        app_row.addWidget(self.time_range)
        app_row.addWidget(self.app_outcomes, 1)
        form.addRow("This notification, since sent:", self.own_outcomes)
        form.addRow("Whole app, direct, in:", app_row)
        form.addRow(note)
        form.addRow(self.outcomes_why)
        return box

    def _content_box(self) -> QGroupBox:
        box = QGroupBox("Content")
        layout = QVBoxLayout(box)
        self.languages = QTabWidget()
        self.languages.setDocumentMode(True)
        layout.addWidget(self.languages)
        return box

    def _targeting_box(self) -> QGroupBox:
        box = QGroupBox("Audience")
        self.targeting_form = QFormLayout(box)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox("Schedule and options as sent")
        self.options_form = QFormLayout(box)
        return box

    def _export_box(self) -> QGroupBox:
        box = QGroupBox("History export")
        layout = QVBoxLayout(box)
        buttons = QHBoxLayout()
        self.export_sent_button = QPushButton(icon("file"), "Export sent…")
        self.export_sent_button.setToolTip("Save a CSV of the devices this notification was sent to")
        self.export_sent_button.clicked.connect(lambda: self.export_history("sent"))
        self.export_clicked_button = QPushButton(icon("file"), "Export clicked…")
        self.export_clicked_button.setToolTip("Save a CSV of the devices that clicked this notification")
        self.export_clicked_button.clicked.connect(lambda: self.export_history("clicked"))
        self.export_cancel_button = QPushButton("Stop")
        self.export_cancel_button.clicked.connect(self.stop_export)
        self.export_cancel_button.hide()
        buttons.addWidget(self.export_sent_button)
        buttons.addWidget(self.export_clicked_button)
        buttons.addWidget(self.export_cancel_button)
        buttons.addStretch(1)
        self.export_progress = QProgressBar()
        self.export_progress.hide()
        self.export_status = _label("OneSignal keeps history for 7 days after sending.")
        layout.addLayout(buttons)
        layout.addWidget(self.export_progress)
        layout.addWidget(self.export_status)
        return box

    # --- showing ------------------------------------------------------------------------------------
    def clear(self, text: str = "Select a notification to see its report.") -> None:
        self.scope.cancel_all()
        self._export_busy = False
        self.row = None
        self._shown_static_for = None
        self.placeholder.setText(text)
        self.placeholder.show()
        self.scroll_area.hide()

    def show_row(self, app_id: str, row: NotificationRow, *, reload: bool = True) -> None:
        """Show ``row`` now and, with ``reload``, read the notification and its outcomes again."""
        switching = self.row is None or self.row.id != row.id or self.app_id != app_id
        if switching:
            self.scope.cancel_all()
            self._export_busy = False
            self._set_export_idle("OneSignal keeps history for 7 days after sending.")
        self.app_id = app_id
        self.update_row(row)
        self.timeline.show_notification(app_id, row.id, row.when_epoch, not row.never_sent and row.total > 0)
        self.placeholder.hide()
        self.scroll_area.show()
        if switching:  # another notification: start at its title, not where the last one was scrolled
            self.scroll_area.verticalScrollBar().setValue(0)
            self.scroll_area.horizontalScrollBar().setValue(0)
        if reload:
            self._load_details()
            self._load_outcomes()

    def update_row(self, row: NotificationRow) -> None:
        """A fresher copy of the shown notification (from a list refresh or after a cancel)."""
        self.row = row
        notification = row.notification
        if self._shown_static_for != row.id:
            self._show_static(notification)
            self._shown_static_for = row.id
        self._show_dynamic(row)

    def _show_dynamic(self, row: NotificationRow) -> None:
        notification = row.notification
        self.title.setText(row.heading)
        self.subtitle.setText(
            f"<b>{row.status.value}</b> — {STATUS_EXPLANATIONS[row.status]}<br>"
            f"{row.channel} · {row.when_words} {row.when_text} (local time)"
            f"{' · never sent' if row.never_sent else ''}<br>"
            f"{_name_line(notification)}id <code>{row.id}</code>"
        )
        for name, label in self.counter_labels.items():
            value = getattr(notification, name, None)
            label.setText(f"{value:,}" if isinstance(value, int) else "—")
        if row.status is Status.CANCELED:
            text = f"{row.successful:,} delivered before it was canceled"
        elif row.total:
            text = f"{row.successful:,} of {row.total:,} delivered ({row.delivered_share:.0%})"
        else:
            text = "Nothing to deliver"
        # QProgressBar.setValue repaints at once (the whole window's pending paint with it, 15-45 ms in
        # the same event-loop turn as the refresh); with updates off it only schedules a paint.
        self.delivery_bar.setUpdatesEnabled(False)
        self.delivery_bar.setMaximum(max(1, row.total))
        self.delivery_bar.setValue(min(row.successful, max(1, row.total)))
        self.delivery_bar.setFormat(text)
        self.delivery_bar.setUpdatesEnabled(True)
        self.chart.show_stats(notification.platform_delivery_stats)
        self.no_platforms.setVisible(not self.chart.platforms)
        own = [f"{_outcome_label(o.id, o.aggregation)}: {o.value:,}" for o in notification.outcomes or []]
        self.own_outcomes.setText(", ".join(own) if own else "none reported")
        self._explain_outcomes()
        blocker = row.cancel_blocker
        self.cancel_button.setEnabled(blocker is None)
        self.cancel_button.setToolTip(
            blocker or f"Stop this notification ({row.status.value.lower()}); asks first (Delete)"
        )
        # Nothing to export before sending, nor for one canceled before anything went out.
        has_history = row.status is not Status.SCHEDULED and not row.never_sent
        for button in (self.export_sent_button, self.export_clicked_button):
            button.setEnabled(has_history and not self._export_busy)
            button.setToolTip(
                button.toolTip() if has_history else "Nothing was sent: there is no history to export"
            )

    def _show_static(self, notification: NotificationWithMeta) -> None:
        self._show_languages(notification)
        _fill_form(self.targeting_form, _targeting_rows(notification))
        _fill_form(self.options_form, _option_rows(notification))

    def _show_languages(self, notification: NotificationWithMeta) -> None:
        while self.languages.count():
            page = self.languages.widget(0)
            self.languages.removeTab(0)
            if page is not None:
                page.deleteLater()
        fields = (
            ("Title", notification.headings),
            ("Subtitle", notification.subtitle),
            ("Message", notification.contents),
        )
        codes: list[str] = []
        for _caption, mapping in fields:
            for code in mapping or {}:
                if code not in codes:
                    codes.append(code)
        for code in codes:
            page = QWidget()
            form = QFormLayout(page)
            for caption, mapping in fields:
                text = (mapping or {}).get(code)
                if text:
                    form.addRow(caption + ":", _label(text))
            self.languages.addTab(page, code)
        if notification.email_subject or notification.email_body:
            page = QWidget()
            form = QFormLayout(page)
            for caption, text in (
                ("Subject", notification.email_subject),
                ("Preheader", notification.email_preheader),
                ("Body", notification.email_body),
            ):
                if text:
                    label = _label(_short(text, 600))
                    label.setTextFormat(Qt.TextFormat.PlainText)
                    form.addRow(caption + ":", label)
            self.languages.addTab(page, "Email")
        if not self.languages.count():
            page = QWidget()
            QVBoxLayout(page).addWidget(_label("No content was returned for this notification."))
            self.languages.addTab(page, "—")

    # --- loading ------------------------------------------------------------------------------------
    def _load_details(self) -> None:
        row, app_id = self.row, self.app_id
        connection = self.context.connection
        if row is None or app_id is None or connection is None:
            return
        client = connection.client
        notification_id = row.id

        def work(token: CancelToken) -> NotificationRow:
            return row_from(client.get_notification(app_id, notification_id))

        def loaded(fresh: NotificationRow) -> None:
            self.context.resolve_error(LOAD_REPORT)
            if self.row is not None and self.row.id == fresh.id:
                self.update_row(fresh)
                self.row_refreshed.emit(fresh)

        self.scope.run(
            LOAD_REPORT,
            work,
            on_finished=loaded,
            on_failed=lambda error: self.context.report_error(LOAD_REPORT, error, app_id=app_id),
        )

    def _load_outcomes(self) -> None:
        app_id = self.app_id
        connection = self.context.connection
        if app_id is None or connection is None or self.row is None:
            return
        client = connection.client
        time_range = str(self.time_range.currentData())
        self.app_outcomes.setText("Loading…")

        def work(token: CancelToken) -> OutcomesResponse:
            return client.get_outcomes(app_id, list(OUTCOME_NAMES), time_range, outcome_attribution="direct")

        def loaded(response: OutcomesResponse) -> None:
            self.context.resolve_error(LOAD_OUTCOMES)
            self.outcomes = response
            parts = [f"{_outcome_label(o.id, o.aggregation)}: {o.value:,}" for o in response.outcomes]
            self.app_outcomes.setText(", ".join(parts) if parts else "none in this time")
            self._explain_outcomes()

        def failed(error: BaseException) -> None:
            self.app_outcomes.setText("Could not be loaded (see the message above).")
            self.context.report_error(LOAD_OUTCOMES, error, app_id=app_id)

        self.scope.run(LOAD_OUTCOMES, work, on_finished=loaded, on_failed=failed)

    def _explain_outcomes(self) -> None:
        """Say why the notification's clicks and the app's clicks in the chosen time differ (13 against 0
        for the last day, say): they count different things, and both are right."""
        row, response = self.row, self.outcomes
        own = _clicks(row.notification.outcomes if row is not None else None)
        app = _clicks(response.outcomes if response is not None else None) if response is not None else None
        # Nothing to reconcile when the notification has no clicks (or was never sent).
        if row is None or row.never_sent or own is None or app is None or own == 0 or own == app:
            self.outcomes_why.hide()
            return
        span = self.time_range.currentText().lower()
        sent = f" ({row.when_text})" if row.when_text else ""
        if own > app:
            tail = ", so most of this notification's clicks came before that"
        elif app > own:
            tail = ", other notifications' clicks included"
        else:
            tail = ""
        self.outcomes_why.setText(
            f"Both are right: this notification's {own:,} clicks are all of its clicks since it was "
            f"sent{sent}; the app's {app:,} are the clicks on any of its notifications in the {span} "
            f"only{tail}."
        )
        self.outcomes_why.show()

    # --- history export -----------------------------------------------------------------------------
    def export_history(self, events: str) -> None:
        row, app_id = self.row, self.app_id
        connection = self.context.connection
        if row is None or app_id is None or connection is None or self._export_busy:
            return
        suggested = f"{_safe_file_stem(row.heading)}-{events}.csv.gz"
        chosen = self.choose_save_path(self, suggested)
        if not chosen:
            return
        destination = Path(chosen)
        client = connection.client
        polling = self.export_polling
        notification_id = row.id

        def work(token: CancelToken) -> Path:
            answer = client.get_notification_history(notification_id, {"events": events, "app_id": app_id})
            url = answer.destination_url or getattr(answer, "csv_file_url", None)
            if not url:
                raise RuntimeError("the server did not say where the export file will be")
            token.report(DownloadProgress("waiting", 0))
            return client.download_export(
                str(url),
                destination,
                polling=polling,
                cancel=lambda: token.cancelled,
                progress=token.report,
            )

        def finished(path: Path) -> None:
            self.context.resolve_error(EXPORT_HISTORY)
            self._export_busy = False
            size = path.stat().st_size if path.exists() else 0
            text = f"Saved the {events} history to {path} ({size:,} bytes)."
            if events == "sent" and 0 < row.recipients < SENT_HISTORY_MINIMUM:
                text += (
                    f" OneSignal records sent events only for notifications to {SENT_HISTORY_MINIMUM:,} or"
                    " more recipients, so this file has no rows."
                )
            self._set_export_idle(text)
            self.export_finished.emit(str(path))

        def failed(error: BaseException) -> None:
            self._export_busy = False
            self._set_export_idle("The export did not finish (see the message above).")
            self.context.report_error(EXPORT_HISTORY, error, app_id=app_id)

        self._export_busy = True
        self.export_task = self.scope.run(
            EXPORT_HISTORY, work, on_finished=finished, on_failed=failed, on_progress=self._export_progress
        )
        self.export_progress.setRange(0, 0)
        self.export_progress.show()
        self.export_cancel_button.show()
        for button in (self.export_sent_button, self.export_clicked_button):
            button.setEnabled(False)
        self.export_status.setText(f"Asking OneSignal for the {events} history…")

    def stop_export(self) -> None:
        task = getattr(self, "export_task", None)
        if task is not None and not task.done:
            task.cancel()
        self._export_busy = False
        self._set_export_idle("Export stopped.")

    def _export_progress(self, progress: object) -> None:
        if not isinstance(progress, DownloadProgress):
            return
        if progress.phase == "waiting":
            self.export_progress.setRange(0, 0)
            self.export_status.setText(
                f"Waiting for the file to be prepared… ({progress.waited_seconds:.0f} s)"
                if progress.polls
                else "Waiting for the file to be prepared…"
            )
        elif progress.total_bytes:
            self.export_progress.setRange(0, progress.total_bytes)
            self.export_progress.setValue(progress.bytes_done)
            self.export_status.setText(
                f"Downloading… {progress.bytes_done:,} of {progress.total_bytes:,} bytes"
            )
        else:
            self.export_status.setText(f"Downloading… {progress.bytes_done:,} bytes")

    @property
    def export_phase(self) -> str:
        return self.export_status.text()

    def _set_export_idle(self, text: str) -> None:
        self.export_progress.hide()
        self.export_cancel_button.hide()
        self.export_status.setText(text)
        enabled = self.row is not None and self.row.status is not Status.SCHEDULED
        for button in (self.export_sent_button, self.export_clicked_button):
            button.setEnabled(enabled)


def _clicks(outcomes: Any) -> int | None:
    """The click count among ``outcomes``; 0 when there are none (an app without clicks in the time)."""
    if outcomes is None:
        return None
    for outcome in outcomes:
        if (outcome.id, outcome.aggregation) == ("os__click", "count"):
            return int(outcome.value)
    return 0


def _outcome_label(name: str, aggregation: str) -> str:
    return OUTCOME_LABELS.get((name, aggregation), f"{name} ({aggregation})")


def _targeting_rows(notification: NotificationWithMeta) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [("Channel", notification.channel)]
    if notification.included_segments:
        rows.append(("Segments", ", ".join(notification.included_segments)))
    if notification.excluded_segments:
        rows.append(("Excluding", ", ".join(notification.excluded_segments)))
    if notification.filters:
        rows.append(("Filters", _describe_filters(notification.filters)))
    for name in (
        "include_subscription_ids",
        "include_player_ids",
        "include_external_user_ids",
        "include_email_tokens",
        "include_phone_numbers",
    ):
        values = getattr(notification, name, None)
        if values:
            rows.append((name.replace("include_", "").replace("_", " ").capitalize(), f"{len(values):,}"))
    if notification.include_aliases:
        rows.append(("Aliases", _short(notification.include_aliases)))
    platforms = [
        label
        for name, label in (
            ("isIos", "iOS"),
            ("isAndroid", "Android"),
            ("isHuawei", "Huawei"),
            ("isAnyWeb", "Web"),
            ("isChromeWeb", "Chrome"),
            ("isFirefox", "Firefox"),
            ("isSafari", "Safari"),
        )
        if getattr(notification, name, None)
    ]
    if platforms:
        rows.append(("Platforms", ", ".join(platforms)))
    if len(rows) == 1:
        rows.append(("Recipients", "specific recipients (OneSignal does not return the list)"))
    return rows


def _describe_filters(filters: list[Any]) -> str:
    parts: list[str] = []
    for item in filters:
        data = item if isinstance(item, dict) else item.model_dump(exclude_none=True)
        if data.get("operator"):
            parts.append(str(data["operator"]).upper())
            continue
        field = data.get("field", "?")
        key = f"{field}:{data['key']}" if data.get("key") else str(field)
        value = data.get("value", data.get("hours_ago", ""))
        parts.append(" ".join(str(p) for p in (key, data.get("relation", ""), value) if p != ""))
    return " ".join(parts)


def _option_rows(notification: NotificationWithMeta) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [("Queued", _local(notification.queued_at))]
    status = row_from(notification).status
    rows.append(
        ("Scheduled for" if status is Status.SCHEDULED else "Send time", _local(notification.send_after))
    )
    if notification.completed_at:
        rows.append(("Completed", _local(notification.completed_at)))
    if notification.delayed_option:
        delivery = {"timezone": "in each user's time zone", "last-active": "intelligent (last active)"}
        text = delivery.get(notification.delayed_option, notification.delayed_option)
        if notification.delivery_time_of_day:
            text += f" at {notification.delivery_time_of_day}"
        rows.append(("Delivery", text))
    if notification.throttle_rate_per_minute:
        rows.append(("Throttle", f"{notification.throttle_rate_per_minute} per minute"))
    data = notification.model_dump(exclude_none=True, by_alias=True)
    for name in sorted(data):
        value = data[name]
        if name in _NOT_OPTIONS or value in ("", [], {}):
            continue
        rows.append((name, _short(value)))
    return rows


def _local(value: Any) -> str:
    from onesignal_desktop.api.models.common import parse_timestamp

    moment = parse_timestamp(value)
    return format_local(moment.timestamp()) if moment is not None else "—"


def _fill_form(form: QFormLayout, rows: list[tuple[str, str]]) -> None:
    while form.rowCount():
        form.removeRow(0)
    for caption, text in rows:
        form.addRow(caption + ":", _label(text))
