"""The Trends page of the Analytics tab: the app's last 7, 30 or 90 days of sends, delivery and clicks.

The notifications are read on a worker (``figures.load_trends``), which hands the figures so far to the
page after the first page of notifications and then a few times a second, so the first chart is drawn
long before a big app's history is read. Charts are (re)drawn one per event-loop turn: drawing them all at
once would hold the UI thread for a frame or more. Subscriptions are counted by a second task.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.bridge import CancelToken
from onesignal_desktop.ui.analytics.trends.figures import (
    MIN_DELIVERED_FOR_RANKING,
    PLATFORM_GROUPS,
    RANGES,
    RankedNotification,
    Snapshot,
    Trends,
    copy_of,
    iso_time,
    range_start,
)
from onesignal_desktop.ui.analytics.trends.subscriptions import Subscriptions, load_subscriptions
from onesignal_desktop.ui.common.charts.data import ChartData
from onesignal_desktop.ui.common.charts.view import ChartView, preload_chart_library
from onesignal_desktop.ui.common.labels import text_label
from onesignal_desktop.ui.common.subview import AppSubView
from onesignal_desktop.ui.notifications.compare.figures import selection_problem
from onesignal_desktop.ui.notifications.compare.window import open_compare
from onesignal_desktop.ui.shell import shortcuts
from onesignal_desktop.ui.shell.context import ConsoleContext

LOAD_TRENDS = "Load trends"
LOAD_SUBSCRIPTIONS = "Count subscriptions"
#: How often the worker hands the figures so far to the page while it reads a long history.
SNAPSHOT_SECONDS = 0.3
CHART_HEIGHT = 230
RANK_COLUMNS = ("Notification", "Channel", "Sent", "Delivered", "Clicks", "CTR")


def load_trends(client: Any, app_id: str, days: int, now: float, token: CancelToken) -> Trends:
    """Read the app's notifications sent in the range (oldest first) and add them up; runs off the UI
    thread, reporting a :class:`Snapshot` after the first page and every ``SNAPSHOT_SECONDS``."""
    trends = Trends.empty(days, now)
    loaded = 0
    last_report = 0.0
    pages = client.iter_notification_pages(
        app_id, time_offset=iso_time(range_start(days, now)), cancel=lambda: token.cancelled
    )
    for page in pages:
        token.check()
        trends.add_all(page.items)
        loaded += len(page.items)
        if time.monotonic() - last_report >= SNAPSHOT_SECONDS:
            token.report(Snapshot(copy_of(trends), loaded))
            last_report = time.monotonic()
    trends.complete = True
    return trends


def _cell(text: str, *, number: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


class RankTable(QTableWidget):
    """Notifications with their CTR (the top or the bottom of the range)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(0, len(RANK_COLUMNS), parent)
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(RANK_COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.verticalHeader().hide()
        self.ranked: list[RankedNotification] = []
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(RANK_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(170)

    def show_rows(self, rows: list[RankedNotification]) -> None:
        self.ranked = list(rows)
        self.setRowCount(len(rows))
        for index, row in enumerate(rows):
            sent = datetime.fromtimestamp(row.sent_at).astimezone().strftime("%Y-%m-%d %H:%M")
            cells = (
                _cell(row.heading, tip=f"{row.heading}\nId: {row.id}"),
                _cell({"push": "Push", "email": "Email", "sms": "SMS"}.get(row.channel, row.channel)),
                _cell(sent, tip="Sent at (your local time)"),
                _cell(f"{row.successful:,}", number=True),
                _cell(f"{row.converted:,}", number=True),
                _cell(
                    f"{row.click_through_rate:.1%}",
                    number=True,
                    tip=f"{row.converted:,} clicked of {row.successful:,} delivered",
                ),
            )
            for column, cell in enumerate(cells):
                self.setItem(index, column, cell)

    def headings(self) -> list[str]:
        return [self.item(row, 0).text() for row in range(self.rowCount())]

    def chosen(self) -> list[RankedNotification]:
        """The selected rows (top to bottom), or every row when none is selected."""
        picked = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.ranked[row] for row in picked] if picked else list(self.ranked)


class TrendsView(AppSubView):
    title = "Trends"
    busy_text = "Reading notifications…"

    def __init__(self, context: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.trends: Trends | None = None
        self.subscriptions: Subscriptions | None = None
        self.loaded = 0
        # chart -> what to draw in it next (a newer snapshot replaces what an older one left undrawn)
        self._pending: dict[ChartView, Callable[[], ChartData]] = {}
        self._drawer = QTimer(self)
        self._drawer.setSingleShot(True)
        self._drawer.setInterval(0)
        self._drawer.timeout.connect(self._draw_next)

        self.range_combo = QComboBox()
        self.range_combo.setObjectName("trendsRange")
        self.range_combo.setAccessibleName("Range")
        for days, label in RANGES:
            self.range_combo.addItem(label, days)
        self.range_combo.setCurrentIndex(1)
        self.range_combo.setToolTip("The days counted, today included (UTC days)")
        self.platform_combo = QComboBox()
        self.platform_combo.setObjectName("trendsPlatform")
        self.platform_combo.setAccessibleName("Platform")
        self.platform_combo.addItem("All platforms", None)
        for group, label, _color, _keys in PLATFORM_GROUPS:
            self.platform_combo.addItem(label, group)
        self.platform_combo.setToolTip("Show the rates and clicks of one platform")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the notifications again (F5)")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.summary_label = text_label("trendsSummary", selectable=True)
        self.note_label = text_label("trendsNote", dimmed=True)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Range:"))
        bar.addWidget(self.range_combo)
        bar.addWidget(QLabel("Platform:"))
        bar.addWidget(self.platform_combo)
        bar.addStretch(1)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.refresh_button)

        self.sent_chart = self._chart("sentChart")
        self.delivery_chart = self._chart("deliveryRateChart")
        self.ctr_chart = self._chart("ctrChart")
        self.clicks_chart = self._chart("clicksChart")
        self.platform_chart = self._chart("platformChart")
        self.subscriptions_chart = self._chart("subscriptionsChart")
        self.subscriptions_label = QLabel()
        self.subscriptions_label.setWordWrap(True)
        self.top_table = RankTable("topByCtr")
        self.bottom_table = RankTable("bottomByCtr")
        grid = QGridLayout()
        grid.addWidget(self.sent_chart, 0, 0)
        grid.addWidget(self.delivery_chart, 0, 1)
        grid.addWidget(self.ctr_chart, 1, 0)
        grid.addWidget(self.clicks_chart, 1, 1)
        grid.addWidget(self.platform_chart, 2, 0)
        subscriptions = QWidget()
        subscriptions_layout = QVBoxLayout(subscriptions)
        subscriptions_layout.setContentsMargins(0, 0, 0, 0)
        subscriptions_layout.addWidget(self.subscriptions_chart, 1)
        subscriptions_layout.addWidget(self.subscriptions_label)
        grid.addWidget(subscriptions, 2, 1)
        self.top_label = QLabel(
            f"<b>Best click-through</b> (sends delivered to {MIN_DELIVERED_FOR_RANKING}+ devices)"
        )
        self.bottom_label = QLabel("<b>Worst click-through</b>")
        self.compare_hint = QLabel()  # why Compare did nothing; gone when the selection changes
        self.compare_hint.setObjectName("trendsCompareHint")
        self.compare_hint.setWordWrap(True)
        self.compare_hint.hide()
        self.compare_top = self._compare_button("compareTop", self.top_table)
        self.compare_bottom = self._compare_button("compareBottom", self.bottom_table)
        for column, (label, button) in enumerate(
            ((self.top_label, self.compare_top), (self.bottom_label, self.compare_bottom))
        ):
            heading = QHBoxLayout()
            heading.addWidget(label, 1)
            heading.addWidget(button)
            grid.addLayout(heading, 3, column)
        grid.addWidget(self.compare_hint, 5, 0, 1, 2)
        grid.addWidget(self.top_table, 4, 0)
        grid.addWidget(self.bottom_table, 4, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.summary_label)
        content_layout.addLayout(grid)
        content_layout.addWidget(self.note_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        self.range_combo.currentIndexChanged.connect(lambda _index: self._range_changed())
        self.platform_combo.currentIndexChanged.connect(lambda _index: self._draw_all())

    def _compare_button(self, name: str, table: RankTable) -> QPushButton:
        button = QPushButton("Compare…")
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setToolTip(
            "Open these notifications side by side, with their click curves (the selected rows, "
            f"or all five; {shortcuts.hint('compare')} in the list)"
        )
        button.clicked.connect(lambda: self.compare(table))
        action = QAction("Compare selected", table)
        action.setShortcuts(shortcuts.sequences("compare"))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda: self.compare(table))
        table.addAction(action)
        table.itemSelectionChanged.connect(self.compare_hint.hide)
        return button

    def compare(self, table: RankTable) -> None:
        """The table's selected notifications (or all of its rows) in the Compare window."""
        chosen = table.chosen()
        problem = selection_problem(len(chosen))
        app_id = self.app_id
        if problem is not None or app_id is None:
            self.compare_hint.setText(problem or self.no_app_text)
            self.compare_hint.show()
            return
        self.compare_hint.hide()
        app = self.context.catalog.app(app_id)
        name = str(getattr(app, "name", "") or "this app")
        self.compare_window = open_compare(self.context, self, app_id, name, [n.id for n in chosen])

    def _chart(self, name: str) -> ChartView:
        chart = ChartView()
        chart.setObjectName(name)
        chart.setMinimumHeight(CHART_HEIGHT)
        return chart

    # --- options ----------------------------------------------------------------------------------
    @property
    def days(self) -> int:
        return int(self.range_combo.currentData())

    @property
    def platform(self) -> str | None:
        value = self.platform_combo.currentData()
        return str(value) if value else None

    def set_days(self, days: int) -> None:
        self.range_combo.setCurrentIndex(self.range_combo.findData(days))

    def set_platform(self, group: str | None) -> None:
        self.platform_combo.setCurrentIndex(max(0, self.platform_combo.findData(group)))

    def _range_changed(self) -> None:
        if self.isVisible() and self.app_id is not None:
            self.refresh()

    # --- AppSubView -------------------------------------------------------------------------------
    def load(self, app_id: str) -> None:
        client = self.context.client
        days = self.days
        now = time.time()
        preload_chart_library()  # while the first page is read
        self.loaded = 0
        if self.trends is None or self.trends.days != days:
            self.summary_label.setText("Reading the notifications of the range…")
        self.run(
            LOAD_TRENDS,
            lambda token: load_trends(client, app_id, days, now, token),
            self._show_trends,
            on_progress=self._show_snapshot,
        )
        self.run(
            LOAD_SUBSCRIPTIONS,
            lambda token: load_subscriptions(client, app_id, lambda: token.cancelled),
            self._show_subscriptions,
        )

    def clear(self) -> None:
        self.trends = None
        self.subscriptions = None
        self._pending.clear()
        for chart in self.charts():
            chart.clear()
        self.top_table.setRowCount(0)
        self.bottom_table.setRowCount(0)
        self.summary_label.setText("")
        self.subscriptions_label.setText("")
        self.note_label.setText("")

    def show_no_app(self) -> None:
        self.summary_label.setText(self.no_app_text + "\nTrends are counted per app.")

    def charts(self) -> list[ChartView]:
        return [
            self.sent_chart,
            self.delivery_chart,
            self.ctr_chart,
            self.clicks_chart,
            self.platform_chart,
            self.subscriptions_chart,
        ]

    # --- showing ----------------------------------------------------------------------------------
    def _show_snapshot(self, snapshot: object) -> None:
        if isinstance(snapshot, Snapshot):
            self.loaded = snapshot.loaded
            self._show(snapshot.trends)

    def _show_trends(self, trends: Trends) -> None:
        self._show(trends)

    def _show(self, trends: Trends) -> None:
        self.trends = trends
        self._summarise(trends)
        self._draw_all()

    def _summarise(self, trends: Trends) -> None:
        total = trends.total()
        label = dict(RANGES)[trends.days].lower()
        if not trends.notifications:
            text = f"No notification was sent in the {label}." if trends.complete else "Reading…"
        else:
            text = (
                f"{trends.notifications:,} notifications sent in the {label}: {total.successful:,} delivered "
                f"of {total.attempted:,} sends ({_percent(total.delivery_rate)}), {total.converted:,} clicks "
                f"(CTR {_percent(total.click_through_rate)})."
            )
        if not trends.complete:
            text += f" Reading more… ({self.loaded:,} read so far)"
        self.summary_label.setText(text)
        as_of = datetime.fromtimestamp(trends.now).astimezone().strftime("%H:%M")
        self.note_label.setText(
            "Counted from each notification's own counters as OneSignal reported them at "
            f"{as_of} (press F5 for newer), on the UTC day it was sent. Clicks are all the clicks of "
            "those notifications so far, whenever they happened; CTR is clicked of delivered, delivery "
            "rate is delivered of attempted sends. Per-platform figures come from each notification's "
            "platform counters. Outcomes of the whole app (sessions, purchases) are on the Outcomes page."
        )

    def _draw_all(self) -> None:
        trends = self.trends
        if trends is None:
            return
        group = self.platform
        self._pending.update(
            {
                self.sent_chart: trends.sent_chart,
                self.delivery_chart: lambda: trends.delivery_rate_chart(group),
                self.ctr_chart: lambda: trends.ctr_chart(group),
                self.clicks_chart: lambda: trends.clicks_chart(group),
                self.platform_chart: trends.platform_chart,
            }
        )
        self.top_table.show_rows(trends.top())
        self.bottom_table.show_rows(trends.bottom())
        self._drawer.start()

    def _draw_next(self) -> None:
        if not self._pending:
            return
        chart = next(iter(self._pending))
        make = self._pending.pop(chart)
        chart.show_data(make())
        if self._pending:
            self._drawer.start()

    def _show_subscriptions(self, subscriptions: Subscriptions) -> None:
        self.subscriptions = subscriptions
        self.subscriptions_label.setText(subscriptions.summary())
        self._pending[self.subscriptions_chart] = subscriptions.chart
        self._drawer.start()

    # --- for tests and screenshots -----------------------------------------------------------------
    @property
    def drawing(self) -> bool:
        return bool(self._pending)


def _percent(share: float) -> str:
    return "—" if share != share else f"{share:.1%}"
