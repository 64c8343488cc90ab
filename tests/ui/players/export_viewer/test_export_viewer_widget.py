"""The export viewer as a user sees it: rows arrive, sort by header click, filter, bad files explained."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from onesignal_desktop.ui.players.export_viewer import ExportViewer, open_export
from onesignal_desktop.ui.players.export_viewer.sample_export import COLUMNS, write_export

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ROWS = 20_000


@pytest.fixture(scope="module")
def export_gz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    return write_export(folder / "players-export.csv.gz", ROWS, multiline_every=50)


@pytest.fixture(scope="module")
def expected_rows(export_gz: Path) -> list[list[str]]:
    with gzip.open(export_gz, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.reader(io.StringIO(handle.read(), newline="")))[1:]


@pytest.fixture
def viewer(qtbot: QtBot, tmp_path: Path) -> ExportViewer:
    widget = ExportViewer(work_dir=tmp_path)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    return widget


def shown_cell(viewer: ExportViewer, row: int, column_name: str) -> str:
    model = viewer.model
    return str(model.data(model.index(row, COLUMNS.index(column_name))))


def wait_until_indexed(qtbot: QtBot, viewer: ExportViewer, rows: int = ROWS) -> None:
    qtbot.waitUntil(lambda: not viewer.is_indexing and viewer.model.indexed_rows == rows, timeout=20_000)


def test_rows_of_a_gzip_export_appear_with_their_values(
    qtbot: QtBot, viewer: ExportViewer, export_gz: Path, expected_rows: list[list[str]]
) -> None:
    with qtbot.waitSignal(viewer.file_opened, timeout=5_000):
        viewer.open_file(export_gz)
    qtbot.waitUntil(lambda: viewer.model.rowCount() > 0, timeout=5_000)
    header = [viewer.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert header == list(COLUMNS)
    assert shown_cell(viewer, 0, "id") == expected_rows[0][0]
    wait_until_indexed(qtbot, viewer)
    assert viewer.model.rowCount() == ROWS
    assert viewer.status_text().startswith(f"{ROWS:,} rows indexed / {ROWS:,} shown")
    assert not viewer.progress_bar.isVisibleTo(viewer)
    for row in (1, 50, 9_999, ROWS - 1):
        assert viewer.model.row_values(row) == expected_rows[row]
    # A cell with a line break shows on one line, and its tooltip holds the real value.
    model_column = COLUMNS.index("device_model")
    assert expected_rows[50][model_column] == 'Custom "Kiosk", row 50\nsecond line'
    assert shown_cell(viewer, 50, "device_model") == 'Custom "Kiosk", row 50 ⏎ second line'
    tooltip = viewer.model.data(viewer.model.index(50, model_column), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == expected_rows[50][model_column]
    device_type = viewer.model.index(0, COLUMNS.index("device_type"))
    assert viewer.model.data(device_type, Qt.ItemDataRole.ToolTipRole) in {
        "iOS",
        "Android",
        "Chrome Web Push",
        "Email",
    }
    alignment = viewer.model.data(device_type, Qt.ItemDataRole.TextAlignmentRole)
    assert alignment == int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
    assert viewer.model.data(viewer.model.index(-1, -1)) == ""


def test_rows_arrive_in_batches_while_the_file_is_still_being_read(
    qtbot: QtBot, viewer: ExportViewer, export_gz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONESIGNAL_DESKTOP_EXPORT_SLICE_DELAY_S", "0.05")
    batches: list[int] = []
    viewer.model.rowsInserted.connect(lambda _parent, _first, last: batches.append(last + 1))
    viewer.open_file(export_gz)
    qtbot.waitUntil(lambda: viewer.model.rowCount() > 0, timeout=10_000)
    assert viewer.is_indexing
    assert viewer.model.row_values(0)[COLUMNS.index("external_user_id")] == "user-0"
    assert "reading the file" in viewer.status_text()
    wait_until_indexed(qtbot, viewer)
    assert len(batches) >= 3
    assert batches == sorted(batches) and batches[-1] == ROWS


def test_header_click_sorts_numerically_then_descending(
    qtbot: QtBot, viewer: ExportViewer, export_gz: Path, expected_rows: list[list[str]]
) -> None:
    viewer.show()
    viewer.open_file(export_gz)
    wait_until_indexed(qtbot, viewer)
    header = viewer.table.horizontalHeader()
    column = COLUMNS.index("playtime")
    header.resizeSection(column, 90)
    viewer.table.scrollTo(viewer.model.index(0, column))
    click_at = QPoint(header.sectionViewportPosition(column) + 20, header.height() // 2)

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    qtbot.waitUntil(lambda: viewer.model.sort_column == column and not viewer.model.busy, timeout=10_000)
    shown = [float(viewer.model.row_values(row)[column]) for row in range(ROWS)]
    assert shown == sorted(float(row[column]) for row in expected_rows)
    assert "sorted by playtime" in viewer.status_text()
    index_bytes, view_bytes = viewer.model.memory_bytes()
    assert (index_bytes + view_bytes) / ROWS <= 16

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    highest = max(shown)
    qtbot.waitUntil(lambda: not viewer.model.busy and float(shown_cell(viewer, 0, "playtime")) == highest)
    assert float(shown_cell(viewer, ROWS - 1, "playtime")) == min(shown)

    qtbot.mouseClick(viewer.file_order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.model.sort_column == -1, timeout=5_000)
    assert viewer.model.row_values(0) == expected_rows[0]


def test_filter_box_shows_only_matching_rows(
    qtbot: QtBot, viewer: ExportViewer, export_gz: Path, expected_rows: list[list[str]]
) -> None:
    viewer.open_file(export_gz)
    wait_until_indexed(qtbot, viewer)
    qtbot.keyClicks(viewer.filter_edit, "USER-1999")
    expected = [row for row in expected_rows if "user-1999" in ",".join(row).lower()]
    qtbot.waitUntil(lambda: viewer.model.rowCount() == len(expected), timeout=10_000)
    assert [viewer.model.row_values(row) for row in range(len(expected))] == expected
    assert f"{ROWS:,} rows indexed / {len(expected):,} shown" in viewer.status_text()
    viewer.filter_edit.clear()
    qtbot.waitUntil(lambda: viewer.model.rowCount() == ROWS, timeout=10_000)


def test_sort_and_filter_together(qtbot: QtBot, viewer: ExportViewer, export_gz: Path) -> None:
    viewer.open_file(export_gz)
    wait_until_indexed(qtbot, viewer)
    column = COLUMNS.index("session_count")
    viewer.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    viewer.filter_edit.setText("iPad13,1")
    qtbot.waitUntil(lambda: viewer.model.filter_text == "iPad13,1" and not viewer.model.busy, timeout=10_000)
    shown = [viewer.model.row_values(row) for row in range(viewer.model.rowCount())]
    assert shown and all("iPad13,1" in row for row in shown)
    counts = [int(row[column]) for row in shown]
    assert counts == sorted(counts)


def test_plain_csv_opens_through_the_module_function(qtbot: QtBot, tmp_path: Path) -> None:
    path = write_export(tmp_path / "players.csv", 500)
    viewer = open_export(path)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.model.indexed_rows == 500 and not viewer.is_indexing, timeout=5_000)
    assert viewer.path == path
    assert viewer.message_kind == ""
    assert viewer.windowTitle() == "players.csv — Players export"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.csv", b"", "is empty"),
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a CSV file"),
        ("garbage.csv.gz", b"\x1f\x8b" + bytes(range(256)) * 8, "no rows could be read"),
    ],
)
def test_unusable_files_show_an_error_naming_the_file(
    qtbot: QtBot, viewer: ExportViewer, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with qtbot.waitSignal(viewer.problem_shown, timeout=5_000) as signal:
        viewer.open_file(path)
    assert signal.args[0].startswith(f"{name}: ")
    assert words in viewer.message_text
    assert viewer.message_kind == "error"
    assert viewer.pages.currentWidget() is viewer.placeholder
    assert name in viewer.placeholder.text()
    assert viewer.model.rowCount() == 0
    # The viewer stays usable: a good file opens afterwards.
    good = write_export(tmp_path / "good.csv", 10)
    viewer.open_file(good)
    qtbot.waitUntil(lambda: viewer.model.indexed_rows == 10, timeout=5_000)
    assert viewer.message_kind == ""


def test_truncated_gzip_shows_the_rows_before_the_cut_and_a_warning(
    qtbot: QtBot, viewer: ExportViewer, export_gz: Path, tmp_path: Path, expected_rows: list[list[str]]
) -> None:
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(export_gz.read_bytes()[: export_gz.stat().st_size // 3])
    with qtbot.waitSignal(viewer.problem_shown, timeout=10_000):
        viewer.open_file(path)
    assert viewer.message_kind == "warning"
    assert viewer.message_text.startswith("cut.csv.gz: the gzip file is truncated")
    rows = viewer.model.rowCount()
    assert 0 < rows < ROWS
    assert f"showing the {rows:,} complete rows" in viewer.message_text
    assert viewer.model.row_values(rows - 1) == expected_rows[rows - 1]


def test_header_only_file_shows_the_columns_and_says_there_are_no_rows(
    qtbot: QtBot, viewer: ExportViewer, tmp_path: Path
) -> None:
    path = tmp_path / "header-only.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    with qtbot.waitSignal(viewer.indexing_finished, timeout=5_000):
        viewer.open_file(path)
    assert viewer.message_kind == "info"
    assert viewer.message_text == "header-only.csv: the file holds only a header, no rows"
    assert viewer.model.columnCount() == len(COLUMNS)
    assert viewer.model.rowCount() == 0
    assert viewer.pages.currentWidget() is viewer.table


def test_cancel_keeps_the_rows_read_so_far(
    qtbot: QtBot, viewer: ExportViewer, export_gz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The indexing child sleeps after each slice, so cancelling after the first rows always comes in time.
    monkeypatch.setenv("ONESIGNAL_DESKTOP_EXPORT_SLICE_DELAY_S", "0.3")
    viewer.open_file(export_gz)
    qtbot.waitUntil(lambda: viewer.model.rowCount() > 0, timeout=10_000)
    assert viewer.cancel_button.isVisibleTo(viewer)
    qtbot.mouseClick(viewer.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not viewer.is_indexing, timeout=10_000)
    rows = viewer.model.rowCount()
    assert 0 < rows < ROWS
    expected = f"players-export.csv.gz: reading was cancelled; showing the {rows:,} rows read so far."
    assert viewer.message_text == expected
    assert viewer.model.row_values(rows - 1)[COLUMNS.index("external_user_id")] == f"user-{rows - 1}"
    assert not viewer.cancel_button.isVisibleTo(viewer)


def test_closing_while_indexing_stops_the_worker_and_removes_the_copy(
    qtbot: QtBot, export_gz: Path, tmp_path: Path
) -> None:
    viewer = ExportViewer(work_dir=tmp_path)
    qtbot.addWidget(viewer)
    viewer.open_file(export_gz)
    viewer.close()
    assert viewer.path is None
    assert viewer.model.rowCount() == 0
    assert list(tmp_path.iterdir()) == []


def test_empty_state_explains_what_to_do(viewer: ExportViewer) -> None:
    assert viewer.pages.currentWidget() is viewer.placeholder
    assert "No export open" in viewer.placeholder.text()
    assert ".csv.gz" in viewer.placeholder.text()
    assert viewer.status_text() == "No export open"
    assert not viewer.cancel_button.isVisibleTo(viewer)
    assert not viewer.filter_edit.isEnabled()
