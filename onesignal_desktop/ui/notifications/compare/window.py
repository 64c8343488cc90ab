"""The Compare window: 2-5 notifications side by side, opened from the Notifications list (select rows,
Compare…, Ctrl+Shift+M) or from the Analytics tab's best and worst lists.

The notifications are read again and their event exports asked for, downloaded and counted off the UI
thread, one export after another (OneSignal runs one export per account at a time); each curve is drawn as
its export arrives, and Stop ends the exports.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.api.exports import DownloadProgress, ExportPolling
from onesignal_desktop.bridge import CancelToken, TaskScope
from onesignal_desktop.ui.common.charts.view import ChartView, preload_chart_library
from onesignal_desktop.ui.common.labels import text_label
from onesignal_desktop.ui.notifications.compare.figures import (
    MAX_COMPARED,
    Comparison,
    CurveKind,
    best_platform,
    selection_problem,
)
from onesignal_desktop.ui.notifications.status import NotificationRow, row_from
from onesignal_desktop.ui.notifications.timeline.events import timeline_of
from onesignal_desktop.ui.notifications.timeline.view import fetch_counts

if TYPE_CHECKING:
    from onesignal_desktop.ui.shell.context import ConsoleContext

LOAD_COMPARED = "Load notifications to compare"
EXPORT_CURVES = "Export events for the click curves"
CHART_HEIGHT = 240


@dataclass(frozen=True)
class CurveStep:
    """Progress of the exports: which notification (``index`` of the comparison) and how far."""

    index: int
    phase: str  # "asking", "waiting", "downloading", "counting"


@dataclass(frozen=True)
class CurveDone:
    index: int
    counts: dict[str, dict[int, int]] | None
    problem: str | None
    exported_at: float


class _StepToken:
    """The task's token as ``fetch_counts`` sees it, tagging its progress with the notification."""

    def __init__(self, token: CancelToken, index: int) -> None:
        self._token, self._index = token, index

    @property
    def cancelled(self) -> bool:
        return self._token.cancelled

    def check(self) -> None:
        self._token.check()

    def report(self, progress: object) -> None:
        if progress == "counting":
            phase = "counting"
        elif isinstance(progress, DownloadProgress):
            phase = "waiting" if progress.phase == "waiting" else "downloading"
        else:
            return
        self._token.report(CurveStep(self._index, phase))


def read_rows(client: Any, app_id: str, ids: list[str], token: CancelToken) -> list[NotificationRow]:
    rows = []
    for notification_id in ids:
        token.check()
        rows.append(row_from(client.get_notification(app_id, notification_id)))
    return rows


def export_curves(
    client: Any,
    app_id: str,
    wanted: list[tuple[int, str]],
    polling: ExportPolling,
    token: CancelToken,
) -> int:
    """Export and count each ``(index, notification id)`` in turn; each result is reported as it comes
    (a failed export is reported too, and the others still go ahead). Returns how many were tried."""
    for index, notification_id in wanted:
        token.check()
        token.report(CurveStep(index, "asking"))
        try:
            counts = fetch_counts(client, app_id, notification_id, polling, _StepToken(token, index))  # type: ignore[arg-type]
        except Exception as error:
            if token.cancelled:
                raise
            token.report(CurveDone(index, None, f"export failed: {error}", time.time()))
            continue
        token.report(CurveDone(index, counts, None, time.time()))
    return len(wanted)


PHASES = {
    "asking": "asking OneSignal for its event export",
    "waiting": "waiting for OneSignal to prepare the export",
    "downloading": "downloading the export",
    "counting": "counting the events",
}


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class CompareWindow(QWidget):
    """A window of its own beside the console (several can be open), closed with Esc or Ctrl+W."""

    def __init__(
        self,
        context: ConsoleContext,
        app_id: str,
        app_name: str,
        ids: list[str],
        rows: list[NotificationRow] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("compareWindow")
        self.context = context
        self.app_id = app_id
        self.ids = list(ids)
        self.scope = TaskScope(context.bridge, self)
        self.export_polling = ExportPolling()
        self.comparison: Comparison | None = Comparison(rows) if rows else None
        self.read_at: float | None = None
        self._curves_task: Any = None
        self.setWindowTitle(f"Compare {len(ids)} notifications — {app_name}")

        self.heading = QLabel(f"<b>{len(ids)} notifications of {app_name}, side by side</b>")
        self.note = text_label("compareNote", dimmed=True)
        self.status = text_label("compareStatus", selectable=True)
        self.verdict = text_label("compareVerdict", selectable=True)

        self.table = QTableWidget()
        self.table.setObjectName("compareTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.ctr_chart = self._chart("compareCtrByPlatform")
        self.delivery_chart = self._chart("compareDeliveryByPlatform")
        for chart in (self.ctr_chart, self.delivery_chart):
            chart.setMaximumHeight(CHART_HEIGHT + 40)  # room left for the curves, the point of it all

        self.draw_button = QPushButton("Draw click curves")
        self.draw_button.setObjectName("drawCurves")
        self.draw_button.setToolTip("Export each notification's events from OneSignal, one after another")
        self.draw_button.setAutoDefault(False)
        self.draw_button.clicked.connect(self.draw_curves)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stopCurves")
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self.stop_curves)
        self.stop_button.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.setFormat("%v of %m")
        self.progress.hide()
        self.curve_kind = QComboBox()
        self.curve_kind.setObjectName("curveKind")
        self.curve_kind.setAccessibleName("Curve")
        for kind in CurveKind:
            self.curve_kind.addItem(kind.value, kind)
        self.curve_kind.setToolTip(
            "CTR so far compares sends of different sizes; the share of its clicks shows how fast people "
            "clicked whatever the size"
        )
        self.curve_kind.currentIndexChanged.connect(lambda _index: self._draw_curves_chart())
        self.curve_status = QLabel("The curves come from each notification's event export.")
        self.curve_status.setObjectName("curveStatus")
        self.curve_status.setWordWrap(True)
        self.curve_chart = self._chart("compareCurves")
        self.curve_chart.setMinimumHeight(CHART_HEIGHT + 80)
        self.curve_chart.hide()

        curve_bar = QHBoxLayout()
        curve_bar.addWidget(self.draw_button)
        curve_bar.addWidget(self.stop_button)
        curve_bar.addWidget(self.progress)
        curve_bar.addStretch(1)
        curve_bar.addWidget(QLabel("Show:"))
        curve_bar.addWidget(self.curve_kind)
        curves = QGroupBox("How fast people clicked (aligned on send time)")
        curves_layout = QVBoxLayout(curves)
        curves_layout.addLayout(curve_bar)
        curves_layout.addWidget(self.curve_status)
        curves_layout.addWidget(self.curve_chart)

        charts = QGridLayout()
        charts.addWidget(self.ctr_chart, 0, 0)
        charts.addWidget(self.delivery_chart, 0, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.heading)
        content_layout.addWidget(self.status)
        content_layout.addWidget(self.table)
        content_layout.addWidget(self.verdict)
        content_layout.addLayout(charts)
        content_layout.addWidget(curves)
        content_layout.addWidget(self.note)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for key in ("Esc", "Ctrl+W"):
            QShortcut(QKeySequence(key), self, activated=self.close)
        self.resize(1180, 900)

        problem = selection_problem(len(self.ids))
        if problem is not None:  # callers check first; a window that cannot compare says why anyway
            self.status.setText(problem)
            self.draw_button.setEnabled(False)
            return
        if self.comparison is not None:
            self._show_comparison()
        self._load()

    def _chart(self, name: str) -> ChartView:
        chart = ChartView(self)
        chart.setObjectName(name)
        chart.setMinimumHeight(CHART_HEIGHT)
        return chart

    @property
    def busy(self) -> bool:
        return self.scope.busy

    @property
    def curves_running(self) -> bool:
        return self._curves_task is not None and not self._curves_task.done

    # --- loading ----------------------------------------------------------------------------------
    def _load(self) -> None:
        connection = self.context.connection
        if connection is None:
            self.status.setText(self.context.not_connected_text)
            return
        client, app_id, ids = connection.client, self.app_id, list(self.ids)
        preload_chart_library()
        self.status.setText(f"Reading the {len(ids)} notifications from OneSignal…")
        self.draw_button.setEnabled(False)

        def loaded(rows: list[NotificationRow]) -> None:
            self.context.resolve_error(LOAD_COMPARED)
            self.read_at = time.time()
            self.comparison = Comparison(rows)
            self._show_comparison()
            self.draw_curves()

        def failed(error: BaseException) -> None:
            self.context.report_error(LOAD_COMPARED, error, app_id=app_id)
            if self.comparison is None:
                self.status.setText(
                    f"The notifications could not be read ({error}). Close this window and try again."
                )
                return
            self.status.setText(
                f"They could not be read again ({error}); the figures are as the list last had them."
            )
            self.draw_button.setEnabled(True)

        self.scope.run(
            LOAD_COMPARED,
            lambda token: read_rows(client, app_id, ids, token),
            on_finished=loaded,
            on_failed=failed,
        )

    # --- showing ----------------------------------------------------------------------------------
    def _show_comparison(self, *, charts: bool = True) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        items = comparison.items
        rows = comparison.table()
        self.table.clear()
        self.table.setColumnCount(len(items))
        self.table.setRowCount(len(rows))
        for column, item in enumerate(items):
            header = QTableWidgetItem(_swatch(item.color), item.label)
            header.setToolTip(f"{item.row.heading}\nId: {item.row.id}")
            self.table.setHorizontalHeaderItem(column, header)
        for row_number, (caption, texts, tip) in enumerate(rows):
            label = QTableWidgetItem(caption)
            if tip:
                label.setToolTip(tip)
            self.table.setVerticalHeaderItem(row_number, label)
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row_number, column, cell)
        best = comparison.best_by_ctr()
        if best is None:
            self.verdict.setText("None of them has delivered anything yet, so there is no CTR to compare.")
        else:
            platform = best_platform(best)
            where = f"; its best platform: {platform}" if platform != "—" else ""
            self.verdict.setText(
                f"Highest CTR: <b>{best.label}</b> ({best.row.click_through_rate or 0:.1%} of "
                f"{best.row.successful:,} delivered){where}."
            )
        self._fit_table()
        if charts:
            self.ctr_chart.show_data(comparison.platform_chart("click_through_rate"))
            self.delivery_chart.show_data(comparison.platform_chart("delivery_rate"))
        as_of = datetime.fromtimestamp(self.read_at or time.time()).strftime("%H:%M")
        self.status.setText(
            f"Each notification's own counters since it was sent, read at {as_of} (your local time)."
        )
        self.note.setText(
            "Per notification, not per app: these are the counters OneSignal keeps for each notification, "
            "all its deliveries and clicks since it went out, however long ago. The app's outcomes over a "
            "time range (Analytics → Outcomes) count only what happened in that range. Delivery rate is "
            "delivered of attempted sends; CTR is clicked of delivered. The curves start at each "
            "notification's first send (t = 0), so a send of last month and one of yesterday line up."
        )

    def _fit_table(self) -> None:
        """As tall as its rows: no empty band under them."""
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        scrollbar = self.table.horizontalScrollBar()
        if scrollbar.isVisible():
            height += scrollbar.height()
        self.table.setFixedHeight(height + 2)

    # --- click curves -----------------------------------------------------------------------------
    def draw_curves(self) -> None:
        connection, comparison = self.context.connection, self.comparison
        if connection is None or comparison is None or self.curves_running:
            return
        wanted: list[tuple[int, str]] = []
        for index, item in enumerate(comparison.items):
            item.timeline = None
            if item.row.never_sent or item.attempted == 0:
                item.curve_problem = "not sent: no events to draw"
            else:
                item.curve_problem = None
                wanted.append((index, item.row.id))
        self.curve_chart.clear()
        self.curve_chart.hide()
        if not wanted:
            self.curve_status.setText("None of them was sent, so there are no clicks to draw.")
            self._show_comparison()
            return
        client, app_id, polling = connection.client, self.app_id, self.export_polling
        self._curve_total = len(wanted)
        self._curves_done = 0
        self.progress.setRange(0, len(wanted))
        self.progress.setValue(0)
        self.progress.show()
        self.stop_button.show()
        self.draw_button.setEnabled(False)
        self.curve_status.setText(f"Exporting the events of {len(wanted)} notifications, one after another…")

        def finished(_count: int) -> None:
            self.context.resolve_error(EXPORT_CURVES)
            self._curves_idle()
            self._say_curves_done()

        def failed(error: BaseException) -> None:
            self._curves_idle()
            self.curve_status.setText(f"The exports stopped: {error}")
            self.context.report_error(EXPORT_CURVES, error, app_id=app_id)

        self._curves_task = self.scope.run(
            EXPORT_CURVES,
            lambda token: export_curves(client, app_id, wanted, polling, token),
            on_finished=finished,
            on_failed=failed,
            on_progress=self._curve_progress,
        )

    def _curve_progress(self, progress: object) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        if isinstance(progress, CurveStep):
            item = comparison.items[progress.index]
            self.curve_status.setText(
                f"{self._curves_done + 1} of {self._curve_total}: {PHASES[progress.phase]} of “{item.label}”…"
            )
        elif isinstance(progress, CurveDone):
            item = comparison.items[progress.index]
            self._curves_done += 1
            self.progress.setValue(self._curves_done)
            if progress.counts is not None:
                item.timeline = timeline_of(progress.counts, item.row.when_epoch, progress.exported_at)
            else:
                item.curve_problem = progress.problem
            self._draw_curves_chart()
            self._show_comparison(charts=False)  # the "half of the clicks" row fills in

    def _draw_curves_chart(self) -> None:
        comparison = self.comparison
        if comparison is None or not comparison.curves_drawn():
            return
        kind = self.curve_kind.currentData()
        self.curve_chart.show()
        self.curve_chart.show_data(
            comparison.curve_chart(kind if isinstance(kind, CurveKind) else CurveKind.CTR)
        )

    def _say_curves_done(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        problems = [f"“{i.label}”: {i.curve_problem}" for i in comparison.items if i.curve_problem]
        drawn = comparison.curves_drawn()
        if drawn:
            exported = max(i.timeline.exported_at for i in drawn if i.timeline is not None)
            as_of = datetime.fromtimestamp(exported).strftime("%H:%M")
            text = (
                f"Clicks from each one's event export (made up to {as_of}, your local time), hours since its "
                "own first send."
            )
        else:
            text = "No curve could be drawn."
        if problems:
            text += " Not drawn: " + "; ".join(problems) + "."
        self.curve_status.setText(text)

    def stop_curves(self) -> None:
        if self._curves_task is not None and not self._curves_task.done:
            self._curves_task.cancel()
        self._curves_idle()
        drawn = len(self.comparison.curves_drawn()) if self.comparison else 0
        self.curve_status.setText(
            f"Stopped: {drawn} of {self._curve_total} curves drawn. Draw click curves starts again."
        )

    def _curves_idle(self) -> None:
        self.stop_button.hide()
        self.progress.hide()
        self.draw_button.setEnabled(self.comparison is not None)


def open_compare(
    context: ConsoleContext,
    parent: QWidget,
    app_id: str,
    app_name: str,
    ids: list[str],
    rows: list[NotificationRow] | None = None,
) -> CompareWindow:
    window = CompareWindow(context, app_id, app_name, ids[:MAX_COMPARED], rows, parent.window())
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # offscreen warns that it can't raise windows
        window.raise_()
        window.activateWindow()
    return window
