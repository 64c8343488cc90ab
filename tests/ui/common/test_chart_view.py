"""The shared chart widget: what it draws, hover values, CSV export and PNG save, light and dark."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from onesignal_desktop.ui.common.charts.data import ChartData, Series, Style, XKind
from onesignal_desktop.ui.common.charts.view import ChartView

DAY = 86400.0


def _daily() -> ChartData:
    start = 1_790_000_000.0 - 1_790_000_000.0 % DAY
    return ChartData(
        "Messages sent per day",
        [start + i * DAY for i in range(3)],
        [Series("Push", [10.0, 20.0, 5.0]), Series("Email", [1.0, float("nan"), 3.0])],
        x_kind=XKind.DATES,
        style=Style.LINES,
        y_label="Messages",
    )


def test_chart_hover_names_the_day_and_every_series(qtbot: QtBot) -> None:
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.show_data(_daily())
    qtbot.waitUntil(lambda: view.drawn)  # at once, or once the console's pyqtgraph preload is done
    assert view.title_label.text() == "Messages sent per day"
    text = view.hover_at(1)
    assert "Push: 20" in text and "Email: no data" in text
    assert view.hover_label.text() == text
    # the mouse does the same: move over the plot's middle
    box = view.plot.getPlotItem().vb
    centre = view.plot.mapFromScene(box.sceneBoundingRect().center())
    view.hover_label.setText("")
    qtbot.mouseMove(view.plot.viewport(), QPoint(centre.x(), centre.y()))
    qtbot.waitUntil(lambda: "Push: 20" in view.hover_label.text())


def test_chart_exports_what_it_shows(qtbot: QtBot, tmp_path: Path) -> None:
    view = ChartView()
    qtbot.addWidget(view)
    assert not view.csv_button.isEnabled()
    view.show_data(_daily())
    assert view.csv_button.isEnabled() and view.png_button.isEnabled()
    view.export_csv(tmp_path / "out.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert rows[0] == ["date", "Push", "Email"]
    assert [row[1] for row in rows[1:]] == ["10", "20", "5"]
    assert rows[2][2] == ""  # a day without data stays empty, not 0
    view.resize(500, 300)
    view.show()
    qtbot.waitUntil(lambda: view.drawn)
    assert view.save_png(tmp_path / "out.png")
    image = QImage(str(tmp_path / "out.png"))
    assert image.width() == 500


def test_bars_follow_the_dark_palette(qtbot: QtBot) -> None:
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(400, 260)
    view.show()
    view.show_data(ChartData.bars("By platform", ["iOS", "Android"], [Series("Clicked", [3.0, 7.0])]))
    qtbot.waitUntil(lambda: view.drawn)
    assert view.categories == ["iOS", "Android"]
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(dark)
    corner = view.plot.grab().toImage().pixelColor(2, 2)
    assert corner.lightness() < 60
    assert view.plot.getPlotItem().getAxis("left").textPen().color() == QColor("#eeeeee")
    assert view.hover_at(1).endswith("Clicked: 7")
    assert Qt.TextInteractionFlag.TextSelectableByMouse & view.hover_label.textInteractionFlags()
