"""Damaged export files: cut short, corrupted, not UTF-8, not CSV. Reading them with ``iter_csv_rows``
gives rows or raises InvalidResponseError (operation "read_export"), never EOFError, zlib.error,
gzip.BadGzipFile, UnicodeDecodeError or csv.Error."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from onesignal_desktop.api import InvalidResponseError, iter_csv_rows

ROWS = [{"id": f"p{n}", "language": "en", "tags": f'{{"level": "{n}"}}'} for n in range(3000)]


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode()


GOOD_GZIP = gzip.compress(csv_bytes(ROWS), mtime=0)


def read(tmp_path: Path, content: bytes) -> list[dict[str, str]] | InvalidResponseError:
    path = tmp_path / "export.csv.gz"
    path.write_bytes(content)
    try:
        return list(iter_csv_rows(path))
    except InvalidResponseError as error:
        assert error.operation == "read_export"
        assert len(str(error)) < 1000
        return error


def test_the_good_file_reads_whole(tmp_path: Path) -> None:
    assert read(tmp_path, GOOD_GZIP) == ROWS


@pytest.mark.parametrize("keep", [2, 10, 100, len(GOOD_GZIP) // 2, len(GOOD_GZIP) - 9, len(GOOD_GZIP) - 1])
def test_a_gzip_cut_short_is_an_invalid_response(tmp_path: Path, keep: int) -> None:
    assert isinstance(read(tmp_path, GOOD_GZIP[:keep]), InvalidResponseError)


@pytest.mark.parametrize(
    "content",
    [
        GOOD_GZIP[:500] + bytes(b ^ 0xFF for b in GOOD_GZIP[500:520]) + GOOD_GZIP[520:],  # flipped bytes
        GOOD_GZIP[:-8] + b"\x00" * 8,  # wrong CRC and length
        gzip.compress(b"id,name\n1,caf\xe9\n"),  # Latin-1, not UTF-8
        b"id,name\n1,caf\xe9\n",
        gzip.compress(b"id,name\n1,a\x00b\n"),  # a NUL byte
        gzip.compress(b'id,tags\n1,"' + b"x" * 200_000 + b'"\n'),  # a field past the csv module's limit
        gzip.compress(b"id\n") + b"trailing junk",
    ],
    ids=["flipped", "bad-crc", "latin1-gzip", "latin1-plain", "nul", "huge-field", "junk-after"],
)
def test_corrupted_files_read_or_raise_the_invalid_response_error(tmp_path: Path, content: bytes) -> None:
    read(tmp_path, content)  # rows or InvalidResponseError; anything else fails the test


def test_an_empty_file_has_no_rows(tmp_path: Path) -> None:
    assert read(tmp_path, b"") == []


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    where=st.integers(min_value=0, max_value=len(GOOD_GZIP) - 1),
    damage=st.sampled_from(["cut", "flip", "insert", "delete"]),
    noise=st.binary(min_size=1, max_size=64),
)
def test_randomly_damaged_gzip_reads_or_raises_the_invalid_response_error(
    tmp_path: Path, where: int, damage: str, noise: bytes
) -> None:
    if damage == "cut":
        content = GOOD_GZIP[:where]
    elif damage == "flip":
        content = GOOD_GZIP[:where] + bytes(b ^ n for b, n in zip(GOOD_GZIP[where:], noise, strict=False))
        content += GOOD_GZIP[len(content) :]
    elif damage == "insert":
        content = GOOD_GZIP[:where] + noise + GOOD_GZIP[where:]
    else:
        content = GOOD_GZIP[:where] + GOOD_GZIP[where + len(noise) :]
    result = read(tmp_path, content)
    if isinstance(result, list):
        assert all(set(row) <= {"id", "language", "tags", None} for row in result)
