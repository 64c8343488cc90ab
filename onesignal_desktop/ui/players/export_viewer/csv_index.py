"""A byte-offset index over a CSV export, so a million-row file can be shown without a million Python rows.

No Qt here: the viewer's workers call these functions and report through signals.

The index is one ``array('Q')`` of record start offsets (8 bytes a row). Records are found with C-level bytes
operations (``split``, ``count``, ``accumulate``) over slices of about a megabyte, so no single call holds the
GIL for long and the UI thread keeps running while a worker indexes.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add, and_
from pathlib import Path
from typing import BinaryIO, Protocol

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
#: Slice sizes: small enough that one C-level call over a slice holds the GIL for about a millisecond.
FIRST_READ_BYTES = 64 * 1024
READ_BYTES = 1024 * 1024
COMPRESSED_READ_BYTES = 256 * 1024
#: A record longer than this is a quoting error (an unterminated quote swallowing the rest of the file).
MAX_RECORD_BYTES = 32 * 1024 * 1024
SNIFF_BYTES = 64 * 1024

# Tags cells can be large JSON objects; csv's default 128 KiB field limit would reject them.
csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))


class CancelEvent(Protocol):
    """threading.Event or multiprocessing.Event."""

    def is_set(self) -> bool: ...

    def set(self) -> None: ...


ProgressCallback = Callable[[int, int, int], None]
"""Called as ``progress(rows_indexed, source_bytes_read, source_bytes_total)`` after each slice."""


class ExportFileError(Exception):
    """A file the viewer cannot read; the message names the file and says what is wrong."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


class OperationCancelled(Exception):
    """A worker's cancel event was set."""


@dataclass(frozen=True)
class IndexOutcome:
    """How indexing ended. ``problem`` is set when the file was damaged but some rows were readable."""

    rows: int
    header: list[str]
    plain_path: Path
    problem: str | None = None


class RowIndex:
    """Start offsets of every record (the header is record 0), then the end of the last complete one.

    Data row ``i`` spans ``offsets[i + 1]`` to ``offsets[i + 2]``. The indexing worker appends whole arrays
    with ``extend`` (one GIL-held copy), so a UI thread reading rows below the count it was told about never
    sees a half-written entry.
    """

    def __init__(self, first_record_start: int = 0) -> None:
        self.offsets: array[int] = array("Q", [first_record_start])

    @property
    def row_count(self) -> int:
        return max(0, len(self.offsets) - 2)

    @property
    def has_header(self) -> bool:
        return len(self.offsets) >= 2

    def span(self, row: int) -> tuple[int, int]:
        return self.offsets[row + 1], self.offsets[row + 2]

    def header_span(self) -> tuple[int, int]:
        return self.offsets[0], self.offsets[1]

    def nbytes(self) -> int:
        """Memory held by the index: the array with its allocated buffer, and this object."""
        return sys.getsizeof(self.offsets) + sys.getsizeof(self) + sys.getsizeof(self.__dict__)


class _RecordScanner:
    """Finds record ends in a stream of bytes, keeping quoted newlines inside their record."""

    def __init__(self, index: RowIndex) -> None:
        self.index = index
        self._pending = b""  # bytes of the unfinished record, which starts at offsets[-1]

    def feed(self, data: bytes) -> None:
        buffer = self._pending + data if self._pending else data
        base = self.index.offsets[-1]
        lines = buffer.split(b"\n")
        lines.pop()  # the bytes after the last newline: never a finished record yet
        if not lines:
            self._keep(buffer)
            return
        lengths = list(map(len, lines))
        quote_counts = list(map(bytes.count, lines, repeat(b'"')))
        all_simple = not any(map(and_, quote_counts, repeat(1))) and 0 not in lengths and b"\r" not in lines
        if all_simple:
            # Every line is a whole record: the starts are running sums of line lengths, all computed in C.
            starts = array("Q", accumulate(map(add, lengths, repeat(1)), initial=base))
        else:
            starts = self._scan_quoted(lines, lengths, quote_counts, base)
        if len(starts) > 1:
            self.index.offsets.extend(starts[1:])
        consumed = starts[-1] - base
        self._keep(buffer[consumed:] if consumed else buffer)

    @staticmethod
    def _scan_quoted(
        lines: list[bytes], lengths: list[int], quote_counts: list[int], base: int
    ) -> array[int]:
        """Slow path for slices with quoted newlines or blank lines."""
        starts = array("Q", [base])
        position = base
        inside_quotes = False
        for line, length, quotes in zip(lines, lengths, quote_counts, strict=True):
            position += length + 1
            if quotes & 1:
                inside_quotes = not inside_quotes
            if inside_quotes:
                continue
            if length == 0 or line == b"\r":
                # A blank line is no record: it leads the next record's span (csv.reader skips it).
                continue
            starts.append(position)
        return starts

    def _keep(self, rest: bytes) -> None:
        if len(rest) > MAX_RECORD_BYTES:
            raise _RunawayRecord(self.index.row_count)
        self._pending = rest

    @property
    def inside_unfinished_record(self) -> bool:
        return bool(self._pending.strip(b"\r\n\t "))

    def finish(self) -> None:
        """End of input: bytes after the last newline are one more record (no final newline)."""
        if self.inside_unfinished_record:
            self.index.offsets.append(self.index.offsets[-1] + len(self._pending))
        self._pending = b""

    def drop_unfinished(self) -> None:
        self._pending = b""


class _RunawayRecord(Exception):
    def __init__(self, row: int) -> None:
        self.row = row
        super().__init__(row)


def parse_record(raw: bytes) -> list[str]:
    """One record's bytes to its fields (invalid UTF-8 shown as U+FFFD rather than refused)."""
    text = raw.decode("utf-8", "replace")
    try:
        for fields in csv.reader(io.StringIO(text, newline="")):
            if fields:
                return fields
    except csv.Error:
        return [text.rstrip("\r\n")]
    return []


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A character cut at the sample's end is fine; an error earlier means this is not UTF-8.
        if error.start < len(sample) - 4:
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return True
            return sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) // 100
    return False


def _rows_text(count: int, noun: str = "row") -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


class ExportIndexer:
    """Indexes one export file; the gzip form is decompressed once to a plain file in ``work_dir``.

    Call ``prepare`` (quick) and then ``run`` (long: the viewer runs it in a child process, see csv_jobs);
    ``cancel`` may be called from any thread. ``index`` may be read while ``run`` is going (rows below
    ``index.row_count``).
    """

    def __init__(
        self,
        source: str | os.PathLike[str],
        work_dir: str | os.PathLike[str],
        cancel_event: CancelEvent | None = None,
    ) -> None:
        self.source = Path(source)
        self.work_dir = Path(work_dir)
        self.index = RowIndex()
        self.plain_path = self.source
        self.compressed = False
        self.header: list[str] = []
        self._prepared = False
        self._cancel: CancelEvent = cancel_event if cancel_event is not None else threading.Event()
        self._scanner = _RecordScanner(self.index)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def prepare(self) -> Path:
        """Checks the file can be opened and is not empty; returns the path rows will be read from."""
        try:
            size = self.source.stat().st_size
            with self.source.open("rb") as handle:
                magic = handle.read(2)
        except FileNotFoundError:
            raise ExportFileError(self.source, "the file does not exist") from None
        except IsADirectoryError:
            raise ExportFileError(self.source, "this is a folder, not an export file") from None
        except OSError as error:
            raise ExportFileError(
                self.source, f"the file cannot be read ({error.strerror or error})"
            ) from None
        if size == 0:
            raise ExportFileError(self.source, "the file is empty (0 bytes)")
        if magic == GZIP_MAGIC:
            self.compressed = True
            self.work_dir.mkdir(parents=True, exist_ok=True)
            name = self.source.name.removesuffix(".gz")
            self.plain_path = self.work_dir / (name if name.endswith(".csv") else name + ".csv")
            self.plain_path.write_bytes(b"")
        self._prepared = True
        return self.plain_path

    def run(self, progress: ProgressCallback | None = None) -> IndexOutcome:
        """Reads the whole file. Raises ExportFileError when nothing usable is in it, OperationCancelled."""
        if not self._prepared:
            self.prepare()
        report = progress or (lambda rows, done, total: None)
        total = self.source.stat().st_size
        problem: str | None = None
        try:
            with self.source.open("rb") as source:
                if self.compressed:
                    problem = self._index_gzip(source, total, report)
                else:
                    self._index_plain(source, total, report)
        except _RunawayRecord as runaway:
            problem = f"row {runaway.row + 1:,} has a quoted field that never ends"
        except OSError as error:
            problem = f"reading stopped early ({error.strerror or error})"
        if problem is None:
            self._scanner.finish()
        else:
            self._scanner.drop_unfinished()
        self._check_header()
        if not self.header:
            if problem:
                raise ExportFileError(self.source, f"{problem}; no rows could be read")
            raise ExportFileError(self.source, "the file holds no text (nothing after decompressing)")
        rows = self.index.row_count
        report(rows, total, total)
        if problem is not None:
            if rows:
                problem = f"{problem}; showing the {_rows_text(rows, 'complete row')} before the damage"
        elif rows == 0:
            problem = "the file holds only a header, no rows"
        return IndexOutcome(rows, self.header, self.plain_path, problem)

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise OperationCancelled

    def _feed(self, data: bytes) -> None:
        if self.index.has_header or len(self.index.offsets) > 1:
            self._scanner.feed(data)
            return
        if self.index.offsets[0] == 0 and not self._scanner.inside_unfinished_record:
            # The first bytes decide whether this is text at all; a UTF-8 BOM is not part of the header.
            if _looks_binary(data[:SNIFF_BYTES]):
                raise ExportFileError(self.source, "this is not a CSV file (it holds binary data)")
            if data.startswith(UTF8_BOM):
                self.index.offsets[0] = len(UTF8_BOM)
                data = data[len(UTF8_BOM) :]
        self._scanner.feed(data)
        self._check_header()

    def _check_header(self) -> None:
        if self.header or not self.index.has_header:
            return
        start, end = self.index.header_span()
        with self.plain_path.open("rb") as plain:
            plain.seek(start)
            header = parse_record(plain.read(end - start))
        if len(header) < 2:
            raise ExportFileError(
                self.source,
                "this does not look like a CSV export (its first line is not a header of columns)",
            )
        self.header = header

    def _index_plain(self, source: BinaryIO, total: int, report: ProgressCallback) -> None:
        done = 0
        while chunk := source.read(READ_BYTES if done else FIRST_READ_BYTES):
            self._check_cancel()
            self._feed(chunk)
            done += len(chunk)
            report(self.index.row_count, done, total)

    def _index_gzip(self, source: BinaryIO, total: int, report: ProgressCallback) -> str | None:
        """Decompresses slice by slice into the plain file, indexing each slice once it is on disk."""
        decompressor = zlib.decompressobj(wbits=31)
        done = 0
        with self.plain_path.open("wb") as plain:
            while compressed := source.read(COMPRESSED_READ_BYTES if done else FIRST_READ_BYTES // 4):
                self._check_cancel()
                done += len(compressed)
                while compressed:
                    if decompressor.eof:
                        # Concatenated gzip members are one file (what `cat a.gz b.gz` makes).
                        decompressor = zlib.decompressobj(wbits=31)
                    try:
                        data = decompressor.decompress(compressed)
                    except zlib.error as error:
                        return f"the gzip data is corrupted ({error})"
                    compressed = decompressor.unused_data if decompressor.eof else b""
                    if data:
                        plain.write(data)
                        plain.flush()  # the UI reads this file: rows must be on disk before announced
                        self._feed(data)
                report(self.index.row_count, done, total)
            if not decompressor.eof:
                return "the gzip file is truncated (it ends early)"
        return None


class RowReader:
    """Reads rows on demand by seeking, with a small LRU cache of parsed rows (UI thread only)."""

    def __init__(self, path: str | os.PathLike[str], index: RowIndex, cache_rows: int = 4096) -> None:
        self.path = Path(path)
        self.index = index
        self._file: BinaryIO | None = self.path.open("rb")
        self._cache: OrderedDict[int, list[str]] = OrderedDict()
        self._cache_rows = cache_rows

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._cache.clear()

    def cached(self, row: int) -> bool:
        return row in self._cache

    def row(self, row: int) -> list[str]:
        cached = self._cache.get(row)
        if cached is not None:
            self._cache.move_to_end(row)
            return cached
        self.load([row])
        return self._cache.get(row, [])

    def load(self, rows: list[int]) -> None:
        """Reads the given rows (contiguous runs in one read each) into the cache."""
        if self._file is None:
            return
        wanted = sorted({row for row in rows if row not in self._cache and 0 <= row < self.index.row_count})
        run_start = 0
        for position in range(1, len(wanted) + 1):
            if position == len(wanted) or wanted[position] != wanted[position - 1] + 1:
                self._load_run(wanted[run_start], wanted[position - 1])
                run_start = position
        while len(self._cache) > self._cache_rows:
            self._cache.popitem(last=False)

    def _load_run(self, first: int, last: int) -> None:
        assert self._file is not None
        offsets = self.index.offsets
        start, end = offsets[first + 1], offsets[last + 2]
        self._file.seek(start)
        raw = self._file.read(end - start)
        if last == first:
            self._cache[first] = parse_record(raw)
            return
        try:
            parsed = [
                fields
                for fields in csv.reader(io.StringIO(raw.decode("utf-8", "replace"), newline=""))
                if fields
            ]
        except csv.Error:
            parsed = []
        if len(parsed) != last - first + 1:
            # A malformed record split differently: parse each span on its own.
            parsed = [
                parse_record(raw[offsets[row + 1] - start : offsets[row + 2] - start])
                for row in range(first, last + 1)
            ]
        for row, fields in enumerate(parsed, start=first):
            self._cache[row] = fields
