"""A chart widget: bars or lines with a legend, hover values, light/dark colours, CSV and PNG export.

pyqtgraph is imported when the first chart is drawn, not when this module is imported, so the console's
start-up never pays for it; the console imports it on a worker thread once the first apps are listed
(:func:`preload_chart_library`: ~0.8 s of imports with numpy, which on the UI thread froze the first report
opened), and a chart asked to draw meanwhile draws when the import is done.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from onesignal_desktop.ui.common.charts.data import ChartData, Style, XKind
from onesignal_desktop.ui.common.save_paths import ask_save_path

BAR_GROUP_WIDTH = 0.8
#: Lines of up to this many points get a dot on each value.
DOTS_UP_TO = 120


_preload: threading.Thread | None = None
#: How often a chart waiting for the preload looks whether it is done.
PRELOAD_POLL_MS = 20


def _import_quietly() -> None:
    # A failure here is raised again by the UI thread's own import, where it is reported.
    with contextlib.suppress(Exception):
        import pyqtgraph  # type: ignore[import-untyped]  # noqa: F401


def preload_chart_library() -> None:
    """Import pyqtgraph on a thread of its own, ahead of the first chart (a page about to read its
    data calls this). On the UI thread the import holds it for 0.5-1 s; on a thread the UI's longest
    gap meanwhile stays ~20 ms (bench_report_timeline.py). Its import makes only value types (QLocale,
    QTransform), no QObject that would belong to that thread; widgets are made on the UI thread later."""
    global _preload
    if _preload is not None or "pyqtgraph" in sys.modules:
        return
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    _preload = threading.Thread(target=_import_quietly, name="import pyqtgraph", daemon=True)
    _preload.start()


def _preloading() -> bool:
    return _preload is not None and _preload.is_alive()


def finish_chart_preload(timeout_s: float = 5.0) -> None:
    """Wait for a preload under way: an interpreter that exits while a thread is still importing numpy's
    extensions can crash on the way out (a self-test or a quit within the first second)."""
    if _preload is not None:
        _preload.join(timeout_s)


def _pyqtgraph() -> Any:
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # never let it pick another binding
    import pyqtgraph  # waits for a preload under way rather than importing it twice

    pyqtgraph.setConfigOptions(antialias=True)
    return pyqtgraph


ROUND_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def _top(data: ChartData) -> float:
    return max((v for s in data.series for v in s.values if v == v), default=0.0)


def _nice_ceiling(value: float) -> float:
    """The smallest round step (1, 1.2, 1.5, 2 ... 8 times a power of ten) at least ``value`` (> 0)."""
    step = 10.0 ** math.floor(math.log10(value))
    return next(step * factor for factor in ROUND_STEPS if step * factor >= value)


class ChartView(QWidget):
    """Shows one :class:`ChartData`; the plot itself is built on the first :meth:`show_data`."""

    hovered = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, with_tools: bool = True) -> None:
        super().__init__(parent)
        self.data: ChartData | None = None
        self.plot: Any = None
        self._legend: Any = None
        self._cursor: Any = None
        self._bars: list[Any] = []
        #: What the plot's items were drawn for (style, x, categories, series names, format): new values
        #: of the same shape only change the bars' heights (a refresh of an open report).
        self._drawn_shape: tuple[Any, ...] | None = None
        self._y_top = 1.0
        self._wait_for_preload = QTimer(self)
        self._wait_for_preload.setSingleShot(True)
        self._wait_for_preload.setInterval(PRELOAD_POLL_MS)
        self._wait_for_preload.timeout.connect(self._draw_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.title_label = QLabel()
        self.title_label.setVisible(False)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        layout.addWidget(self.title_label)
        self._plot_holder = QVBoxLayout()
        layout.addLayout(self._plot_holder, 1)
        bottom = QHBoxLayout()
        self.hover_label = QLabel(" ")
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hover_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bottom.addWidget(self.hover_label, 1)
        # Parented before anything is shown: a parentless widget made visible flashes up as a window of
        # its own and takes the main window's activation with it.
        self.csv_button = QPushButton("Export data as CSV…", self)
        self.png_button = QPushButton("Save as PNG…", self)
        for button in (self.csv_button, self.png_button):
            button.setEnabled(False)
            button.setHidden(not with_tools)
            bottom.addWidget(button)
        self.csv_button.clicked.connect(self._ask_csv)
        self.png_button.clicked.connect(self._ask_png)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------------------------------ data

    def series_values(self) -> dict[str, list[float]]:
        """Series name -> values, as drawn (for tests and people alike)."""
        if self.data is None:
            return {}
        return {series.name: list(series.values) for series in self.data.series}

    @property
    def categories(self) -> list[str]:
        return list(self.data.categories) if self.data is not None else []

    def show_data(self, data: ChartData) -> None:
        self.data = data
        self.title_label.setText(data.title)
        self.title_label.setVisible(bool(data.title))
        has_data = not data.is_empty()
        self.csv_button.setEnabled(has_data)
        self.png_button.setEnabled(has_data)
        self.hover_label.setText(" ")
        if _preloading():
            # The worker is importing pyqtgraph: importing it here too would wait for it on the UI thread.
            self._wait_for_preload.start()
            return
        self._draw_now()

    @property
    def drawn(self) -> bool:
        """True once the data asked for is on the plot (a draw waits while pyqtgraph is being imported)."""
        return self.data is None or (self.plot is not None and not self._wait_for_preload.isActive())

    def _draw_now(self) -> None:
        if _preloading():
            self._wait_for_preload.start()
            return
        if self.data is None:
            return  # cleared while waiting
        if self.plot is None:
            self._build_plot()
        self._draw(self.data)

    def clear(self) -> None:
        self.data = None
        self._drawn_shape = None
        if self.plot is not None:
            self.plot.clear()
        self.csv_button.setEnabled(False)
        self.png_button.setEnabled(False)

    # ---------------------------------------------------------------------------------------- export

    def export_csv(self, path: str | Path) -> None:
        if self.data is not None:
            Path(path).write_text(self.data.csv_text(), encoding="utf-8")

    def save_png(self, path: str | Path) -> bool:
        return self.grab().save(str(path), "PNG")

    def _ask_csv(self) -> None:
        name = self._file_name("csv")
        path = ask_save_path(self, "chart-csv", "Export data as CSV", name, "CSV files (*.csv)")
        if path:
            self.export_csv(path)

    def _ask_png(self) -> None:
        name = self._file_name("png")
        path = ask_save_path(self, "chart-png", "Save chart as PNG", name, "PNG images (*.png)")
        if path:
            self.save_png(path)

    def _file_name(self, suffix: str) -> str:
        title = (self.data.title if self.data else "") or "chart"
        safe = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
        return f"{safe or 'chart'}.{suffix}"

    # ------------------------------------------------------------------------------------------ plot

    def hover_at(self, index: int) -> str:
        """Show the values at x ``index`` (what moving the mouse there does)."""
        if self.data is None or not 0 <= index < len(self.data.x):
            return ""
        text = self.data.hover_text(index)
        self.hover_label.setText(text)
        if self._cursor is not None:
            self._cursor.setPos(self.data.x[index])
            self._cursor.setVisible(True)
        self.hovered.emit(text)
        return text

    def _build_plot(self) -> None:
        pg = _pyqtgraph()
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self._plot_holder.addWidget(self.plot)
        # The charts do not zoom, so the wheel scrolls the page they sit on (pyqtgraph would take it).
        self.plot.installEventFilter(self)
        self.plot.viewport().installEventFilter(self)
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._cursor.setVisible(False)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self._follow_palette()

    def _mouse_moved(self, position: QPointF) -> None:
        if self.data is None or self.data.is_empty():
            return
        box = self.plot.getPlotItem().vb
        if not box.sceneBoundingRect().contains(position):
            return
        index = self.data.nearest_index(box.mapSceneToView(position).x())
        if index is not None:
            self.hover_at(index)

    def _colors(self) -> tuple[Any, Any]:
        palette = self.palette()
        return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)

    @staticmethod
    def _legend_fill(background: QColor) -> QColor:
        """The chart's background, mostly opaque: a legend over a bar or a line stays readable."""
        fill = QColor(background)
        fill.setAlpha(215)
        return fill

    def _follow_palette(self) -> None:
        if self.plot is None:
            return
        background, text = self._colors()
        self.plot.setBackground(background)
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(text)
            axis.setTextPen(text)
        if self._cursor is not None:
            self._cursor.setPen(text)
        if self._legend is not None:
            self._legend.setLabelTextColor(text)
            self._legend.setBrush(self._legend_fill(background))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and self.plot is not None:
            # Returning True keeps the plot from seeing it; ignored, Qt hands it on to the parents
            # (ChartView, then the scroll area).
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()
        super().changeEvent(event)

    def _draw(self, data: ChartData) -> None:
        pg = _pyqtgraph()
        item = self.plot.getPlotItem()
        shape = (
            data.style,
            data.x_kind,
            tuple(data.x),
            tuple(data.categories),
            tuple((series.name, series.color) for series in data.series),
            data.value_format,
            data.x_label,
            data.y_label,
        )
        if data.style is Style.BARS and self._bars and shape == self._drawn_shape:
            # Same bars, new heights: rebuilding the plot (clear, legend, items) cost ~18 ms a refresh.
            for bars, series in zip(self._bars, data.series, strict=True):
                bars.setOpts(height=[0.0 if v != v else v for v in series.values])
            if _top(data) > self._y_top or _top(data) < self._y_top / 4:
                self._set_y_range(item, data)  # else the axis stays: relaying out its labels is dear
            return
        self._drawn_shape = shape
        self._bars = []
        item.clear()
        _, text = self._colors()
        # One legend for the plot's life: PlotItem.addLegend hands back the plot's first legend, so a
        # legend taken out of the scene would never show again on a redraw.
        if item.legend is None:
            background, _ = self._colors()
            item.addLegend(offset=(-10, 10), labelTextColor=text, brush=self._legend_fill(background))
        else:
            item.legend.clear()
        self._legend = item.legend
        item.addItem(self._cursor, ignoreBounds=True)
        self._cursor.setVisible(False)
        self._set_date_axis(pg, data.x_kind in (XKind.DATES, XKind.TIMES))
        bottom = item.getAxis("bottom")
        item.setLabel("bottom", data.x_label or None)
        percent = data.value_format.endswith("%}")
        # Rates are shares (0..1): the axis reads them as percentages.
        item.getAxis("left").setScale(100.0 if percent else 1.0)
        item.setLabel("left", "%" if percent and not data.y_label else data.y_label or None)
        if data.is_empty():
            return
        if data.style is Style.BARS:
            width = BAR_GROUP_WIDTH / len(data.series)
            for index, series in enumerate(data.series):
                offset = -BAR_GROUP_WIDTH / 2 + width * (index + 0.5)
                bars = pg.BarGraphItem(
                    x=[x + offset for x in data.x],
                    height=[0.0 if v != v else v for v in series.values],
                    width=width * 0.9,
                    brush=series.color,
                    pen=series.color,
                    name=series.name,
                )
                item.addItem(bars)
                self._bars.append(bars)
        else:
            # Dots on each value where there are few: a day with sends between two without is a single
            # point, which a line alone never draws.
            dots = len(data.x) <= DOTS_UP_TO
            for series in data.series:
                item.plot(
                    data.x,
                    series.values,
                    pen=pg.mkPen(series.color, width=2),
                    name=series.name,
                    connect="finite",
                    symbol="o" if dots else None,
                    symbolSize=4,
                    symbolBrush=series.color,
                    symbolPen=series.color,
                )
        if data.x_kind is XKind.CATEGORIES:
            bottom.setTicks([list(enumerate(data.categories))])
        else:
            bottom.setTicks(None)
        self._set_y_range(item, data)
        if data.x_kind is XKind.CATEGORIES:
            item.setXRange(-0.6, len(data.x) - 0.4, padding=0)
        else:
            item.setXRange(min(data.x), max(data.x), padding=0.02)
        self._follow_palette()

    def _set_y_range(self, item: Any, data: ChartData) -> None:
        top = _top(data)
        # Headroom to the next round step: growing counters move the axis now and then, not each time.
        self._y_top = _nice_ceiling(top * 1.1) if top > 0 else 1.0
        item.setYRange(0, self._y_top)

    def _set_date_axis(self, pg: Any, dates: bool) -> None:
        item = self.plot.getPlotItem()
        current = item.getAxis("bottom")
        if dates == isinstance(current, pg.DateAxisItem):
            return
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0) if dates else pg.AxisItem("bottom")
        item.setAxisItems({"bottom": axis})
