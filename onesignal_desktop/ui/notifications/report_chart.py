"""The per-platform delivery chart of a notification report (``platform_delivery_stats``)."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from onesignal_desktop.api.models import PlatformDeliveryStats

PLATFORM_LABELS = {
    "ios": "iOS",
    "android": "Android",
    "chrome_web_push": "Chrome",
    "firefox_web_push": "Firefox",
    "safari_web_push": "Safari",
    "edge_web_push": "Edge",
    "email": "Email",
    "sms": "SMS",
}
#: Counter -> bar colour (readable on light and dark backgrounds).
SERIES = (
    ("successful", "Successful", "#2e9d5b"),
    ("received", "Received", "#3b7dd8"),
    ("converted", "Clicked", "#8e5bd8"),
    ("failed", "Failed", "#e0a030"),
    ("errored", "Errored", "#d64545"),
)


def platform_rows(stats: PlatformDeliveryStats | None) -> list[tuple[str, dict[str, int]]]:
    """(label, counters) per platform that has any counter, in a stable order."""
    if stats is None:
        return []
    rows: list[tuple[str, dict[str, int]]] = []
    for key, counters in stats.by_platform().items():
        values = {name: int(getattr(counters, name, None) or 0) for name, _label, _color in SERIES}
        if any(values.values()):
            rows.append((PLATFORM_LABELS.get(key, key.replace("_", " ").title()), values))
    return rows


class DeliveryChart(QChartView):
    """Grouped bars: one group per platform, one bar per counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFixedHeight(250)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        legend = chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
        font = legend.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        legend.setFont(font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self._follow_palette()
        self.platforms: list[str] = []
        self._shown: list[tuple[str, dict[str, int]]] | None = None

    def _follow_palette(self) -> None:
        palette = self.palette()
        chart = self.chart()
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.legend().setLabelColor(palette.color(QPalette.ColorRole.Text))

    def series_values(self) -> dict[str, list[float]]:
        """What the bars show: counter label -> one value per platform (for tests and people alike)."""
        values: dict[str, list[float]] = {}
        for series in self.chart().series():
            if isinstance(series, QBarSeries):
                for bar_set in series.barSets():
                    values[bar_set.label()] = [bar_set.at(i) for i in range(bar_set.count())]
        return values

    def _update_values(self, rows: list[tuple[str, dict[str, int]]]) -> None:
        chart = self.chart()
        for series in chart.series():
            if isinstance(series, QBarSeries):
                for (name, _label, _color), bar_set in zip(SERIES, series.barSets(), strict=True):
                    for position, (_platform, values) in enumerate(rows):
                        bar_set.replace(position, float(values[name]))
        for axis in chart.axes(Qt.Orientation.Vertical):
            if isinstance(axis, QValueAxis):
                axis.setMax(_axis_top(rows))
                axis.applyNiceNumbers()

    def show_stats(self, stats: PlatformDeliveryStats | None) -> None:
        rows = platform_rows(stats)
        if rows == self._shown:
            return  # rebuilding a chart is the dearest thing a refresh could do on the UI thread
        previous, self._shown = self._shown, rows
        if previous and [label for label, _ in previous] == [label for label, _ in rows]:
            self._update_values(rows)  # same platforms: new heights for the same bars
            return
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.platforms = [label for label, _ in rows]
        self.setVisible(bool(rows))  # the report says in words when there is nothing to draw
        if not rows:
            return
        series = QBarSeries()
        for name, label, color in SERIES:
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(color))
            bar_set.setBorderColor(QColor(color))
            bar_set.append([float(values[name]) for _platform, values in rows])
            series.append(bar_set)
        chart.addSeries(series)
        text = self.palette().color(QPalette.ColorRole.Text)
        categories = QBarCategoryAxis()
        categories.append(self.platforms)
        categories.setLabelsColor(text)
        small = categories.labelsFont()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        categories.setLabelsFont(small)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        counts.setMin(0)
        counts.setMax(_axis_top(rows))
        counts.applyNiceNumbers()
        counts.setLabelsColor(text)
        counts.setLabelsFont(small)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(counts)


def _axis_top(rows: list[tuple[str, dict[str, int]]]) -> float:
    return max(1.0, max(max(values.values()) for _platform, values in rows) * 1.1)
