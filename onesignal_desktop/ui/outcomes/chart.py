"""Outcome totals as grouped bars: one group per outcome, one bar per attribution.

Counts and sums live on very different scales (clicks vs. seconds of session time), so each gets its own
chart; the view shows whichever has data.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from onesignal_desktop.ui.outcomes.query import ATTRIBUTION_LABELS, OutcomeTable, short_label_of

ATTRIBUTION_COLORS = {
    "direct": "#3b7dd8",
    "influenced": "#8e5bd8",
    "unattributed": "#e0a030",
    "total": "#2e9d5b",
}


class OutcomeChart(QChartView):
    """The outcomes of one aggregation ("count" or "sum") of an :class:`OutcomeTable`."""

    def __init__(self, aggregation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.aggregation = aggregation
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        palette = self.palette()
        chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        chart.setTitleBrush(palette.color(QPalette.ColorRole.Text))
        chart.legend().setLabelColor(palette.color(QPalette.ColorRole.Text))
        self.setChart(chart)
        self.categories: list[str] = []

    def series_values(self) -> dict[str, list[float]]:
        """Attribution label -> one value per outcome, as drawn."""
        values: dict[str, list[float]] = {}
        for series in self.chart().series():
            if isinstance(series, QBarSeries):
                for bar_set in series.barSets():
                    values[bar_set.label()] = [bar_set.at(i) for i in range(bar_set.count())]
        return values

    def show_table(self, table: OutcomeTable) -> bool:
        """Draw the table's outcomes of this aggregation; False if it has none."""
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        names = table.names_of(self.aggregation)
        self.categories = [short_label_of(name) for name in names]
        if not names:
            return False
        chart.setTitle("Counts" if self.aggregation == "count" else "Sums")
        series = QBarSeries()
        for attribution in table.attributions:
            bar_set = QBarSet(ATTRIBUTION_LABELS.get(attribution, attribution))
            color = QColor(ATTRIBUTION_COLORS.get(attribution, "#607d8b"))
            bar_set.setColor(color)
            bar_set.setBorderColor(color)
            bar_set.append([float(table.value(name, attribution)) for name in names])
            series.append(bar_set)
        chart.addSeries(series)
        text = self.palette().color(QPalette.ColorRole.Text)
        axis_x = QBarCategoryAxis()
        axis_x.append(self.categories)
        axis_x.setLabelsColor(text)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        top = max((table.value(n, a) for n in names for a in table.attributions), default=0)
        axis_y.setRange(0, max(1.0, float(top) * 1.1))
        axis_y.applyNiceNumbers()
        axis_y.setLabelsColor(text)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        return True
