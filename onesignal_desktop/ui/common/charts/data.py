"""What a chart shows, independent of how it is drawn: series of values over categories or times.

The same object feeds the plot, the hover text and "Export data as CSV", so the three always agree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum


class XKind(Enum):
    CATEGORIES = "categories"  # one labelled group per x (platforms, outcomes)
    DATES = "dates"  # x is a UTC epoch time (one point per day)
    TIMES = "times"  # x is a UTC epoch time (one point per hour: the hour is part of the label)
    HOURS = "hours"  # x is hours since a moment (time since sent)


class Style(Enum):
    BARS = "bars"
    LINES = "lines"


#: Series colours readable on the light and the dark palette (mid-tones, distinct for colour-blind eyes).
COLORS = ("#3b7dd8", "#2e9d5b", "#8e5bd8", "#e0a030", "#d64545", "#17a2b8", "#c2569b", "#7f8c8d")


@dataclass
class Series:
    name: str
    values: list[float]
    color: str = ""


@dataclass
class ChartData:
    title: str
    x: list[float]
    series: list[Series]
    x_kind: XKind = XKind.CATEGORIES
    style: Style = Style.BARS
    categories: list[str] = field(default_factory=list)
    x_label: str = ""
    y_label: str = ""
    #: "{:.1%}" for rates, "{:,.0f}" for counts.
    value_format: str = "{:,.0f}"

    def __post_init__(self) -> None:
        for index, series in enumerate(self.series):
            if not series.color:
                series.color = COLORS[index % len(COLORS)]

    @classmethod
    def bars(cls, title: str, categories: list[str], series: list[Series], **kwargs: object) -> ChartData:
        return cls(title, [float(i) for i in range(len(categories))], series, categories=categories, **kwargs)  # type: ignore[arg-type]

    def is_empty(self) -> bool:
        return not self.x or not self.series

    def x_text(self, index: int) -> str:
        value = self.x[index]
        if self.x_kind is XKind.CATEGORIES:
            return self.categories[index]
        if self.x_kind is XKind.DATES:
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d")
        if self.x_kind is XKind.TIMES:
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"{value:g} h"

    def value_text(self, value: float) -> str:
        if value != value:  # NaN: no data that day
            return "no data"
        return self.value_format.format(value)

    def hover_text(self, index: int) -> str:
        """What the cursor points at, in words."""
        parts = [self.x_text(index)]
        parts += [f"{s.name}: {self.value_text(s.values[index])}" for s in self.series]
        return " · ".join(parts)

    def nearest_index(self, x: float) -> int | None:
        if not self.x:
            return None
        return min(range(len(self.x)), key=lambda i: abs(self.x[i] - x))

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        first = {XKind.CATEGORIES: "category", XKind.DATES: "date", XKind.TIMES: "time", XKind.HOURS: "hours"}
        first_header = first[self.x_kind]
        writer.writerow([self.x_label or first_header, *(s.name for s in self.series)])
        for index in range(len(self.x)):
            cells = [self.x_text(index) if self.x_kind is not XKind.HOURS else f"{self.x[index]:g}"]
            cells += ["" if v != v else f"{v:g}" for v in (s.values[index] for s in self.series)]
            writer.writerow(cells)
        return out.getvalue()
