"""Sorted and filtered views of an indexed export: arrays of row numbers built on a worker thread (no Qt).

A view is an ``array('I')`` of data-row numbers (4 bytes a shown row). Work is done in slices of about a
megabyte or 64k keys, each one C-level call, so the worker never holds the GIL long enough to stall the UI.

Sorting a million rows is mostly parsing the CSV to get one column (~3 s; the sort itself is well under
one): so right after indexing, :func:`spool_columns` parses the file once and writes every column's
values to a file of its own (NUL-separated), and a sort reads just that column back (~50 ms).
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from enum import Enum
from itertools import compress
from operator import itemgetter, not_
from pathlib import Path
from typing import Any

from onesignal_desktop.ui.players.export_viewer.csv_index import (
    CancelEvent,
    OperationCancelled,
    RowIndex,
    parse_record,
)

#: Blocks read, parsed and searched at once (a few milliseconds of C-level work each).
BLOCK_BYTES = 1024 * 1024


class ColumnKind(Enum):
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


def _blocks(index: RowIndex, rows: int, block_bytes: int = BLOCK_BYTES) -> list[tuple[int, int]]:
    """Splits rows [0, rows) into (first, end) runs of about ``block_bytes`` each."""
    offsets = index.offsets
    blocks = []
    first = 0
    while first < rows:
        limit = offsets[first + 1] + block_bytes
        end = bisect_right(offsets, limit, first + 2, rows + 2) - 1
        end = min(max(end, first + 1), rows)
        blocks.append((first, end))
        first = end
    return blocks


def _check(cancel: CancelEvent | None) -> None:
    if cancel is not None and cancel.is_set():
        raise OperationCancelled


def read_column(
    path: str | Path,
    index: RowIndex,
    column: int,
    rows: int | None = None,
    cancel: CancelEvent | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """The text of one column for rows [0, rows), missing cells as ''."""
    count = index.row_count if rows is None else rows
    offsets = index.offsets
    pick = itemgetter(column)
    values: list[str] = []
    with open(path, "rb") as handle:
        for first, end in _blocks(index, count):
            _check(cancel)
            start, stop = offsets[first + 1], offsets[end + 1]
            handle.seek(start)
            raw = handle.read(stop - start)
            text = raw.decode("utf-8", "replace")
            try:
                block = list(map(pick, csv.reader(io.StringIO(text, newline=""))))
            except (IndexError, csv.Error):
                block = []
            if len(block) != end - first:
                # Short rows, blank lines or bad quoting in this block: go record by record.
                block = []
                for row in range(first, end):
                    fields = parse_record(raw[offsets[row + 1] - start : offsets[row + 2] - start])
                    block.append(fields[column] if column < len(fields) else "")
            values.extend(block)
            if progress is not None:
                progress(end, count)
    return values


#: Ends every value in a spooled column file (a CSV cell holding NUL is not spooled: the file is not
#: spooled at all then, and sorting parses the CSV as before).
SPOOL_SEPARATOR = "\x00"
SPOOL_COMPLETE = "complete"


def _column_file(folder: Path, column: int) -> Path:
    return folder / f"column-{column}.txt"


def spool_columns(
    path: str | Path,
    index: RowIndex,
    columns: int,
    folder: str | Path,
    cancel: CancelEvent | None = None,
) -> bool:
    """Write each of ``columns`` columns' values (rows [0, index.row_count)) to its own file in ``folder``;
    True once every file is complete (marked by a ``complete`` file), False (and nothing left) if a cell
    holds NUL. Cancelling leaves nothing either."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    count = index.row_count
    offsets = index.offsets
    finished = False
    try:
        with ExitStack() as files:
            outputs = [
                files.enter_context(open(_column_file(target, column), "w", encoding="utf-8", newline=""))
                for column in range(columns)
            ]
            handle = files.enter_context(open(path, "rb"))
            for first, end in _blocks(index, count):
                _check(cancel)
                start, stop = offsets[first + 1], offsets[end + 1]
                handle.seek(start)
                raw = handle.read(stop - start)
                text = raw.decode("utf-8", "replace")
                if SPOOL_SEPARATOR in text:
                    return False
                try:
                    rows = list(csv.reader(io.StringIO(text, newline="")))
                except csv.Error:
                    rows = []
                if len(rows) != end - first or any(len(fields) != columns for fields in rows):
                    # Short or long rows, blank lines or bad quoting in this block: record by record.
                    rows = []
                    for row in range(first, end):
                        fields = parse_record(raw[offsets[row + 1] - start : offsets[row + 2] - start])
                        rows.append((fields + [""] * columns)[:columns])
                for output, values in zip(outputs, zip(*rows, strict=True), strict=True):
                    output.write(SPOOL_SEPARATOR.join(values))
                    output.write(SPOOL_SEPARATOR)
        finished = True
    finally:
        if finished:
            (target / SPOOL_COMPLETE).touch()
        else:
            shutil.rmtree(target, ignore_errors=True)
    return True


def read_spooled_column(folder: str | Path, column: int, rows: int) -> list[str] | None:
    """The first ``rows`` values of ``column`` from :func:`spool_columns`'s files; None when they are not
    there (not spooled yet, or not spoolable)."""
    source = Path(folder)
    if not (source / SPOOL_COMPLETE).exists():
        return None
    try:
        text = _column_file(source, column).read_text(encoding="utf-8")
    except OSError:
        return None
    values = text.split(SPOOL_SEPARATOR)
    values.pop()  # after the last separator
    if len(values) < rows:
        return None
    del values[rows:]
    return values


def _as_numbers(values: list[str]) -> list[float] | None:
    if values and values[0][:1].isdigit() and _PLAIN_TIME.fullmatch(values[0]):
        return None  # a time, not a number (float() would refuse it too, after a million tries)
    try:
        numbers = list(map(float, values))
    except ValueError:
        return None
    return None if any(map(math.isnan, numbers)) else numbers


# Exports write times as "YYYY-MM-DD HH:MM:SS" (UTC, no zone): in that one fixed-width form, text order is
# time order, so such a column sorts as text without parsing a million dates (~2 s).
_PLAIN_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[ T](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
)


def _plain_times(values: list[str]) -> bool:
    return (
        bool(values) and all(len(value) == 19 for value in values) and all(map(_PLAIN_TIME.fullmatch, values))
    )


def _as_dates(values: list[str]) -> list[Any] | None:
    if _plain_times(values):
        return values
    try:
        moments = list(map(datetime.fromisoformat, values))
    except ValueError:
        return None
    # Exports write naive UTC times; mixing naive and aware ones must not make comparison fail.
    return [(m if m.tzinfo else m.replace(tzinfo=UTC)).timestamp() for m in moments]


def typed_keys(values: list[str]) -> tuple[ColumnKind, list[Any]]:
    """Sort keys for non-empty values: numbers as numbers, ISO dates as instants, else case-folded text."""
    numbers = _as_numbers(values)
    if numbers is not None:
        return ColumnKind.NUMBER, numbers
    dates = _as_dates(values)
    if dates is not None:
        return ColumnKind.DATE, dates
    return ColumnKind.TEXT, list(map(str.casefold, values))


def sorted_positions(keys: Sequence[Any], descending: bool) -> list[int]:
    """Positions of ``keys`` in sorted order (stable). One C-level sort: this runs in a child process, so
    holding its own GIL for the whole sort stalls nobody."""
    return sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)


def sort_rows(
    values: list[str], descending: bool, cancel: CancelEvent | None = None
) -> tuple[ColumnKind, array[int]]:
    """The row order for one column's values; empty cells always go last."""
    if all(values):
        kind, keys = typed_keys(values)
        _check(cancel)
        return kind, array("I", sorted_positions(keys, descending))
    filled_rows = list(compress(range(len(values)), values))
    empty_rows = array("I", compress(range(len(values)), map(not_, values)))
    kind, keys = typed_keys(list(filter(None, values)))
    _check(cancel)
    permutation = array("I", map(filled_rows.__getitem__, sorted_positions(keys, descending)))
    permutation.extend(empty_rows)
    return kind, permutation


def filter_rows(
    path: str | Path,
    index: RowIndex,
    needle: str,
    rows: int | None = None,
    cancel: CancelEvent | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> array[int]:
    """Rows whose text contains ``needle``, ignoring ASCII case (bytes.find over whole blocks, in C)."""
    count = index.row_count if rows is None else rows
    pattern = needle.encode("utf-8").lower()
    offsets = index.offsets
    matches = array("I")
    if not pattern:
        return array("I", range(count))
    with open(path, "rb") as handle:
        for first, end in _blocks(index, count):
            _check(cancel)
            start, stop = offsets[first + 1], offsets[end + 1]
            handle.seek(start)
            haystack = handle.read(stop - start).lower()
            position = haystack.find(pattern)
            while position >= 0:
                row = bisect_right(offsets, start + position, first + 1, end + 2) - 2
                matches.append(row)
                position = haystack.find(pattern, offsets[row + 2] - start)
            if progress is not None:
                progress(end, count)
    return matches


def combine(permutation: array[int] | None, matches: array[int] | None, rows: int) -> array[int] | None:
    """The shown rows: the sort order (or file order) keeping only filter matches; None means all rows."""
    if matches is None:
        return permutation
    if permutation is None:
        return matches
    keep = bytearray(rows)
    for row in matches:
        keep[row] = 1
    return array("I", compress(permutation, map(keep.__getitem__, permutation)))
