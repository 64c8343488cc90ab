"""Outcome totals as grouped bars: one group per outcome, one bar per attribution.

Counts and sums live on very different scales (clicks vs. seconds of session time), so each gets its own
chart; the view shows whichever has data.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QWidget

from onesignal_desktop.ui.analytics.outcomes.query import ATTRIBUTION_LABELS, OutcomeTable, short_label_of
from onesignal_desktop.ui.common.charts.data import ChartData, Series
from onesignal_desktop.ui.common.charts.view import ChartView

ATTRIBUTION_COLORS = {
    "direct": "#3b7dd8",
    "influenced": "#8e5bd8",
    "unattributed": "#e0a030",
    "total": "#2e9d5b",
}


class OutcomeChart(ChartView):
    """The outcomes of one aggregation ("count" or "sum") of an :class:`OutcomeTable`."""

    def __init__(self, aggregation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.aggregation = aggregation
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_table(self, table: OutcomeTable) -> bool:
        """Draw the table's outcomes of this aggregation; False if it has none."""
        names = table.names_of(self.aggregation)
        if not names:
            self.clear()
            return False
        series = [
            Series(
                ATTRIBUTION_LABELS.get(attribution, attribution),
                [float(table.value(name, attribution)) for name in names],
                ATTRIBUTION_COLORS.get(attribution, "#607d8b"),
            )
            for attribution in table.attributions
        ]
        title = "Outcome counts (whole app)" if self.aggregation == "count" else "Outcome sums (whole app)"
        self.show_data(ChartData.bars(title, [short_label_of(name) for name in names], series))
        return True
