"""Sorting and filtering an indexed export (no Qt): typed order, empty cells last, matches by row."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest

from onesignal_desktop.ui.players.export_viewer import csv_views
from onesignal_desktop.ui.players.export_viewer.csv_index import ExportIndexer, OperationCancelled
from onesignal_desktop.ui.players.export_viewer.csv_views import ColumnKind


def indexed(tmp_path: Path, text: str) -> ExportIndexer:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8", newline="")
    indexer = ExportIndexer(path, tmp_path / "work")
    indexer.prepare()
    indexer.run()
    return indexer


def test_numbers_sort_as_numbers_and_empty_cells_go_last(tmp_path: Path) -> None:
    indexer = indexed(tmp_path, "id,amount_spent\na,10\nb,9.5\nc,\nd,-2\ne,100\n")
    values = csv_views.read_column(indexer.plain_path, indexer.index, 1)
    assert values == ["10", "9.5", "", "-2", "100"]
    kind, ascending = csv_views.sort_rows(values, descending=False)
    assert kind is ColumnKind.NUMBER
    assert list(ascending) == [3, 1, 0, 4, 2]
    _, descending = csv_views.sort_rows(values, descending=True)
    assert list(descending) == [4, 0, 1, 3, 2]


def test_dates_sort_as_instants_even_with_mixed_offsets(tmp_path: Path) -> None:
    values = [
        "2024-03-01 10:00:00",
        "2024-03-01T09:30:00+00:00",
        "2023-12-31 23:59:59",
        "2024-03-01 09:00:00-01:00",
    ]
    kind, order = csv_views.sort_rows(values, descending=False)
    assert kind is ColumnKind.DATE
    assert list(order) == [2, 1, 0, 3]


def test_text_sorts_ignoring_case_and_stays_stable() -> None:
    kind, order = csv_views.sort_rows(["beta", "Alpha", "alpha", "Gamma", "1.2.3"], descending=False)
    assert kind is ColumnKind.TEXT
    assert list(order) == [4, 1, 2, 0, 3]


def test_sort_is_stable_in_both_directions() -> None:
    chooser = random.Random(3)
    values = [str(chooser.randint(0, 50)) for _ in range(2_000)]
    for descending in (False, True):
        expected = sorted(range(len(values)), key=lambda row: int(values[row]), reverse=descending)
        assert list(csv_views.sort_rows(values, descending)[1]) == expected


def test_short_rows_and_blank_lines_read_as_empty_cells(tmp_path: Path) -> None:
    indexer = indexed(tmp_path, "id,country,extra\n1,US,x\n2\n\n3,DE\n")
    assert csv_views.read_column(indexer.plain_path, indexer.index, 1) == ["US", "", "DE"]


def test_filter_finds_rows_ignoring_case_once_each(tmp_path: Path) -> None:
    indexer = indexed(tmp_path, 'id,model\n1,"Pixel, pixel"\n2,iPhone\n3,"old\nPIXEL"\n4,Galaxy\n')
    matches = csv_views.filter_rows(indexer.plain_path, indexer.index, "pixel")
    assert list(matches) == [0, 2]
    assert list(csv_views.filter_rows(indexer.plain_path, indexer.index, "nothing like it")) == []


def test_filter_over_many_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_views, "BLOCK_BYTES", 64)
    rows = [f"{number},{'needle' if number % 7 == 0 else 'hay'}" for number in range(1_000)]
    indexer = indexed(tmp_path, "id,word\n" + "\n".join(rows) + "\n")
    matches = csv_views.filter_rows(indexer.plain_path, indexer.index, "NEEDLE")
    assert list(matches) == list(range(0, 1_000, 7))
    assert csv_views.read_column(indexer.plain_path, indexer.index, 0) == [str(n) for n in range(1_000)]


def test_combine_keeps_the_sort_order_of_matching_rows() -> None:
    from array import array

    permutation = array("I", [4, 2, 0, 3, 1])
    matches = array("I", [0, 1, 4])
    assert list(csv_views.combine(permutation, matches, 5) or []) == [4, 0, 1]
    assert csv_views.combine(None, matches, 5) is matches
    assert csv_views.combine(permutation, None, 5) is permutation


def test_cancel_stops_reading(tmp_path: Path) -> None:
    indexer = indexed(tmp_path, "id,n\n1,2\n")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OperationCancelled):
        csv_views.read_column(indexer.plain_path, indexer.index, 0, cancel=cancel)


def test_spooled_columns_hold_what_parsing_the_file_gives(tmp_path: Path) -> None:
    text = (
        "id,model,tags,count\n"
        '1,"Kiosk, ""A""\nsecond line","{""a"": 1}",5\n'
        "2\n"
        "\n"
        "3,Pixel,,7,extra\n"
        "4,iPhone,{},\n"
    )
    indexer = indexed(tmp_path, text)
    folder = tmp_path / "columns"
    assert csv_views.spool_columns(indexer.plain_path, indexer.index, 4, folder)
    rows = indexer.index.row_count
    for column in range(4):
        parsed = csv_views.read_column(indexer.plain_path, indexer.index, column)
        assert csv_views.read_spooled_column(folder, column, rows) == parsed
    assert csv_views.read_spooled_column(folder, 1, rows)[0] == 'Kiosk, "A"\nsecond line'


def test_a_file_with_nul_in_a_cell_is_not_spooled(tmp_path: Path) -> None:
    # Far enough in that opening the file does not take it for binary data.
    indexer = indexed(tmp_path, "id,name\n" + "1,a\n" * 50_000 + "2,b\x00c\n")
    folder = tmp_path / "columns"
    assert not csv_views.spool_columns(indexer.plain_path, indexer.index, 2, folder)
    assert not folder.exists()
    assert csv_views.read_spooled_column(folder, 1, 50_001) is None


def test_cancelled_spooling_leaves_nothing(tmp_path: Path) -> None:
    indexer = indexed(tmp_path, "id,name\n1,a\n2,b\n")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OperationCancelled):
        csv_views.spool_columns(indexer.plain_path, indexer.index, 2, tmp_path / "columns", cancel)
    assert not (tmp_path / "columns").exists()


def test_export_times_sort_in_time_order_without_parsing_each() -> None:
    values = ["2024-03-01 10:00:00", "2023-12-31 23:59:59", "2024-03-01 09:59:59", "2024-02-29 00:00:00"]
    kind, order = csv_views.sort_rows(values, descending=False)
    assert kind is ColumnKind.DATE
    assert list(order) == [1, 3, 2, 0]
    assert list(csv_views.sort_rows(values, descending=True)[1]) == [0, 2, 3, 1]
