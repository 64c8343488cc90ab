"""The file index and row reader (no Qt): every row read back equals what csv.reader sees in the file."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onesignal_desktop.ui.players.export_viewer import csv_index
from onesignal_desktop.ui.players.export_viewer.csv_index import (
    ExportFileError,
    ExportIndexer,
    RowIndex,
    RowReader,
)
from onesignal_desktop.ui.players.export_viewer.sample_export import COLUMNS, write_export


def index_file(path: Path, tmp_path: Path) -> tuple[ExportIndexer, csv_index.IndexOutcome]:
    indexer = ExportIndexer(path, tmp_path / "work")
    indexer.prepare()
    return indexer, indexer.run()


def read_all(indexer: ExportIndexer) -> list[list[str]]:
    reader = RowReader(indexer.plain_path, indexer.index)
    try:
        return [reader.row(row) for row in range(indexer.index.row_count)]
    finally:
        reader.close()


def reference_rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text, newline="")) if row]


@pytest.mark.parametrize("name", ["players.csv", "players.csv.gz"])
def test_every_row_matches_csv_reader_including_quoted_newlines_and_commas(tmp_path: Path, name: str) -> None:
    path = write_export(tmp_path / name, 3_000, multiline_every=5)
    indexer, outcome = index_file(path, tmp_path)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        expected = reference_rows(handle.read())
    assert outcome.problem is None
    assert outcome.header == list(COLUMNS) == expected[0]
    assert outcome.rows == 3_000
    assert read_all(indexer) == expected[1:]
    assert read_all(indexer)[0][COLUMNS.index("device_model")] == 'Custom "Kiosk", row 0\nsecond line'
    assert read_all(indexer)[1][COLUMNS.index("tags")].startswith('{"level": ')


def test_crlf_blank_lines_bom_and_missing_final_newline(tmp_path: Path) -> None:
    text = 'id,note\r\n1,"two\r\nlines"\r\n\r\n2,"a, b"\r\n\n3,last'
    path = tmp_path / "odd.csv"
    path.write_bytes(csv_index.UTF8_BOM + text.encode())
    indexer, outcome = index_file(path, tmp_path)
    assert outcome.header == ["id", "note"]
    assert read_all(indexer) == [["1", "two\r\nlines"], ["2", "a, b"], ["3", "last"]]


def test_concatenated_gzip_members_are_one_file(tmp_path: Path) -> None:
    path = tmp_path / "joined.csv.gz"
    path.write_bytes(gzip.compress(b"id,n\n1,a\n") + gzip.compress(b"2,b\n3,c\n"))
    indexer, outcome = index_file(path, tmp_path)
    assert outcome.problem is None
    assert read_all(indexer) == [["1", "a"], ["2", "b"], ["3", "c"]]


FIELD_TEXT = st.text(alphabet='ab,"\n\r é{}:', max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(FIELD_TEXT, min_size=2, max_size=2), max_size=40),
    slice_bytes=st.integers(min_value=1, max_value=64),
    line_end=st.sampled_from(["\n", "\r\n"]),
)
def test_any_quoting_split_anywhere_reads_back_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[list[str]], slice_bytes: int, line_end: str
) -> None:
    """Records found in slices of any size; a \r in a field is quoted whenever it could end a line."""
    monkeypatch.setattr(csv_index, "READ_BYTES", slice_bytes)
    monkeypatch.setattr(csv_index, "FIRST_READ_BYTES", slice_bytes)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["key", "value"])
    # A lone empty field is written as "" so that no row is a blank line (csv.reader would drop it).
    data = [[(field or "-").replace("\r", "" if line_end == "\n" else "\r") for field in row] for row in rows]
    writer.writerows(data)
    path = tmp_path / "generated.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    indexer, outcome = index_file(path, tmp_path)
    expected = reference_rows(buffer.getvalue())[1:]
    assert outcome.rows == len(expected)
    assert read_all(indexer) == expected


def test_index_costs_at_most_16_bytes_a_row(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(b"id,session_count\n" + b"abcdef,12\n" * 200_000)
    indexer, outcome = index_file(path, tmp_path)
    assert outcome.rows == 200_000
    assert indexer.index.nbytes() / outcome.rows <= 16


def test_reader_cache_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(b"id,n\n" + b"".join(b"%d,x\n" % number for number in range(10_000)))
    indexer, _ = index_file(path, tmp_path)
    reader = RowReader(indexer.plain_path, indexer.index, cache_rows=100)
    assert reader.row(9_999) == ["9999", "x"]
    reader.load(list(range(0, 10_000, 7)))
    assert len(reader._cache) <= 100
    assert reader.row(7_777) == ["7777", "x"]
    reader.close()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty (0 bytes)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a CSV file"),
        (b"just one line of prose without separators\nand another\n", "does not look like a CSV export"),
    ],
)
def test_unusable_files_raise_a_message_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad-export.csv"
    path.write_bytes(content)
    with pytest.raises(ExportFileError) as caught:
        index_file(path, tmp_path)
    assert str(caught.value).startswith("bad-export.csv: ")
    assert problem in str(caught.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ExportFileError, match=r"nowhere\.csv\.gz: the file does not exist"):
        index_file(tmp_path / "nowhere.csv.gz", tmp_path)


def test_header_only_file_has_no_rows_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    _, outcome = index_file(path, tmp_path)
    assert outcome.rows == 0
    assert outcome.header == list(COLUMNS)
    assert outcome.problem is not None and "only a header" in outcome.problem


def test_truncated_gzip_keeps_the_complete_rows_before_the_cut(tmp_path: Path) -> None:
    whole = write_export(tmp_path / "whole.csv.gz", 5_000)
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    indexer, outcome = index_file(path, tmp_path)
    assert outcome.problem is not None and "truncated" in outcome.problem
    assert 0 < outcome.rows < 5_000
    with gzip.open(whole, "rt", encoding="utf-8", newline="") as handle:
        expected = reference_rows(handle.read())[1 : outcome.rows + 1]
    assert read_all(indexer) == expected


def test_corrupted_gzip_is_reported_and_earlier_rows_kept(tmp_path: Path) -> None:
    whole = write_export(tmp_path / "whole.csv.gz", 20_000).read_bytes()
    damaged = bytearray(whole)
    middle = len(damaged) // 2
    damaged[middle : middle + 64] = bytes(64)
    path = tmp_path / "damaged.csv.gz"
    path.write_bytes(bytes(damaged))
    _, outcome = index_file(path, tmp_path)
    assert outcome.problem is not None and "corrupted" in outcome.problem
    assert 0 < outcome.rows < 20_000


def test_gzip_that_is_garbage_from_the_start_raises(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv.gz"
    path.write_bytes(b"\x1f\x8b" + bytes(range(256)) * 4)
    with pytest.raises(ExportFileError, match=r"garbage\.csv\.gz: .*no rows could be read"):
        index_file(path, tmp_path)


def test_unterminated_quote_stops_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_index, "MAX_RECORD_BYTES", 10_000)
    monkeypatch.setattr(csv_index, "READ_BYTES", 4096)
    path = tmp_path / "runaway.csv"
    path.write_bytes(b'id,n\n1,a\n2,"never closed\n' + b"x,y\n" * 10_000)
    indexer, outcome = index_file(path, tmp_path)
    assert outcome.problem is not None
    assert outcome.problem.startswith("row 2 has a quoted field that never ends; showing the 1 complete row ")
    assert read_all(indexer) == [["1", "a"]]


def test_row_index_empty_state() -> None:
    index = RowIndex()
    assert index.row_count == 0
    assert not index.has_header
