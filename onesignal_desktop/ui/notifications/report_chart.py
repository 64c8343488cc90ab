"""The per-platform delivery chart of a notification report (``platform_delivery_stats``)."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QWidget

from onesignal_desktop.api.models import PlatformDeliveryStats
from onesignal_desktop.ui.common.charts.data import ChartData, Series
from onesignal_desktop.ui.common.charts.view import ChartView

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


def delivery_chart_data(rows: list[tuple[str, dict[str, int]]]) -> ChartData:
    return ChartData.bars(
        "Delivery by platform",
        [label for label, _ in rows],
        [Series(label, [float(values[name]) for _, values in rows], color) for name, label, color in SERIES],
        y_label="Recipients",
    )


class DeliveryChart(ChartView):
    """Grouped bars: one group per platform, one bar per counter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(270)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.platforms: list[str] = []
        self._shown: list[tuple[str, dict[str, int]]] | None = None

    def show_stats(self, stats: PlatformDeliveryStats | None) -> None:
        rows = platform_rows(stats)
        if rows == self._shown:
            return  # redrawing a chart is the dearest thing a refresh could do on the UI thread
        self._shown = rows
        self.platforms = [label for label, _ in rows]
        self.setVisible(bool(rows))  # the report says in words when there is nothing to draw
        if rows:
            self.show_data(delivery_chart_data(rows))
        else:
            self.clear()
