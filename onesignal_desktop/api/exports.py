"""Download a CSV export once it is ready, and read its rows lazily.

``export_players`` / ``export_events`` answer at once with a ``csv_file_url`` that returns 403 or 404
until the file has been prepared (minutes, for big apps). :func:`download_export` polls it with growing
waits up to a deadline, streams the gzip file to disk with progress, and can be cancelled at any poll or
chunk. :func:`iter_csv_rows` then reads it row by row with the ``csv`` module, never the whole file.

The file URL lives on a storage host, not the API: no ``Authorization`` header is ever sent to it.
"""

from __future__ import annotations

import csv
import gzip
import os
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx

from onesignal_desktop.api._cancel import CancelCheck, check_cancelled, wait_unless_cancelled
from onesignal_desktop.api.errors import (
    ExportTimeoutError,
    InvalidResponseError,
    OneSignalError,
    OperationCancelled,
    TransportError,
    error_for_status,
)
from onesignal_desktop.api.transport import transport_error

__all__ = ["DownloadProgress", "ExportPolling", "download_export", "iter_csv_rows"]

_NOT_READY_STATUSES = frozenset({403, 404})
_TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class DownloadProgress:
    """``phase`` "waiting" while the file is prepared (``polls`` so far), "downloading" while bytes
    arrive (``total_bytes`` when the server sent a length), "done" at the end."""

    phase: Literal["waiting", "downloading", "done"]
    polls: int
    bytes_done: int = 0
    total_bytes: int | None = None
    waited_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ExportPolling:
    """How patiently to wait for the file: first wait, growth factor, longest wait, total deadline."""

    initial_delay: float = 2.0
    factor: float = 1.5
    max_delay: float = 15.0
    deadline: float = 900.0


def download_export(
    http: httpx.Client,
    csv_file_url: str,
    destination: str | os.PathLike[str],
    *,
    polling: ExportPolling | None = None,
    cancel: CancelCheck = None,
    progress: Callable[[DownloadProgress], None] | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    chunk_size: int = 64 * 1024,
    operation: str = "download_export",
) -> Path:
    """Wait until ``csv_file_url`` is ready, then stream it to ``destination``; returns the path.

    The bytes go to ``<destination>.part`` first and are renamed at the end, so a cancelled or broken
    download never leaves a truncated file under the final name.
    """
    polling = polling or ExportPolling()
    target = Path(destination)
    started = clock()
    delay = polling.initial_delay
    polls = 0
    while True:
        check_cancelled(cancel, operation)
        polls += 1
        outcome = _try_download(http, csv_file_url, target, operation, polls, cancel, progress, chunk_size)
        if isinstance(outcome, Path):
            return outcome
        waited = clock() - started
        if waited + delay > polling.deadline:
            reason = outcome.messages[0] if outcome.messages else "not ready"
            raise ExportTimeoutError(
                operation, [f"the export was not ready after {waited:.0f} s ({polls} checks; last: {reason})"]
            )
        if progress is not None:
            progress(DownloadProgress("waiting", polls, waited_seconds=waited))
        wait_unless_cancelled(delay, cancel, operation, sleep)
        delay = min(polling.max_delay, delay * polling.factor)


def _try_download(
    http: httpx.Client,
    url: str,
    target: Path,
    operation: str,
    polls: int,
    cancel: CancelCheck,
    progress: Callable[[DownloadProgress], None] | None,
    chunk_size: int,
) -> Path | OneSignalError:
    """The downloaded path, or the reason to wait and try again (errors that won't pass are raised)."""
    partial = target.with_name(target.name + ".part")
    try:
        # identity: the bytes on disk are the file as stored (gzip), whatever the storage host prefers.
        headers = {"Accept": "*/*", "Accept-Encoding": "identity"}
        with http.stream("GET", url, headers=headers, follow_redirects=True) as response:
            status = response.status_code
            if status in _NOT_READY_STATUSES or status in _TRANSIENT_STATUSES:
                return error_for_status(operation, status, [f"file not ready yet (HTTP {status})"])
            if status >= 400:
                raise error_for_status(operation, status, [f"the export file answered HTTP {status}"])
            if _is_web_page(response.headers.get("Content-Type", "")):
                # A proxy or captive portal answered instead of the storage host: wait and ask again.
                return InvalidResponseError(operation, "the file URL answered with a web page, not the file")
            length_header = response.headers.get("Content-Length")
            total = int(length_header) if length_header and length_header.isdigit() else None
            done = 0
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(partial, "wb") as sink:
                for chunk in response.iter_bytes(chunk_size):
                    check_cancelled(cancel, operation)
                    sink.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(DownloadProgress("downloading", polls, done, total))
    except httpx.TransportError as exc:
        partial.unlink(missing_ok=True)
        error: TransportError = transport_error(operation, exc)
        return error
    except (OperationCancelled, OSError):
        partial.unlink(missing_ok=True)
        raise
    if url.split("?", 1)[0].endswith(".gz") and not _starts_with(partial, _GZIP_MAGIC):
        partial.unlink(missing_ok=True)
        return InvalidResponseError(operation, "the downloaded file is not the gzip file the URL names")
    os.replace(partial, target)
    if progress is not None:
        progress(DownloadProgress("done", polls, done, total))
    return target


def _is_web_page(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in ("text/html", "application/xhtml+xml")


def _starts_with(path: Path, magic: bytes) -> bool:
    with open(path, "rb") as head:
        return head.read(len(magic)) == magic


def iter_csv_rows(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[dict[str, str]]:
    """The rows of a (gzip or plain) CSV file as dicts keyed by its header, read lazily.

    A damaged file (cut short, corrupted, not in ``encoding``, not CSV) raises InvalidResponseError
    ("read_export"), possibly after the rows before the damage.
    """
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == _GZIP_MAGIC
        if gzipped:
            with gzip.open(path, "rt", encoding=encoding, newline="") as text:
                yield from csv.DictReader(text)
        else:
            with open(path, encoding=encoding, newline="") as text:
                yield from csv.DictReader(text)
    except (EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        reason = f"the export file is damaged or not a CSV file ({type(exc).__name__}: {str(exc)[:120]})"
        raise InvalidResponseError("read_export", reason) from None
