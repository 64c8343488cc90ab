"""The export viewer's long jobs, run in a child process so they never compete with the UI thread for the GIL.

No Qt here. The parent (workers.py) starts
``python -m onesignal_desktop.ui.players.export_viewer.csv_jobs JOB ARGS`` with QProcess; the child reports on
stdout, one JSON array a line; bulk results (row offsets, row-number arrays) go through files in the viewer's
work folder, which the parent reads with one C-level ``array.frombytes`` call per batch.
The parent cancels by creating the cancel file.

Messages: ``["rows", rows, done, total, header, plain_path]``, ``["progress", done, total]``,
``["done", payload]``, ``["failed", text]``, ``["cancelled"]``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from onesignal_desktop.ui.players.export_viewer import csv_views
from onesignal_desktop.ui.players.export_viewer.csv_index import (
    CancelEvent,
    ExportFileError,
    ExportIndexer,
    OperationCancelled,
    RowIndex,
)

Send = Callable[[tuple[Any, ...]], None]

#: How often the child announces progress: often enough to look live, rarely enough to cost nothing.
ANNOUNCE_INTERVAL_S = 0.1
#: After the first second new rows are announced less often: each announcement repaints the table.
LATER_ANNOUNCE_INTERVAL_S = 0.25
#: The child's scheduling priority relative to the UI process (POSIX nice increment).
CHILD_NICENESS = 10
#: Tests slow the child down through the environment (a spawned child inherits it, not monkeypatches).
#: Where the index job spools each column's values (csv_views.spool_columns), in the work folder.
COLUMNS_FOLDER = "columns"
SLICE_DELAY_S = float(os.environ.get("ONESIGNAL_DESKTOP_EXPORT_SLICE_DELAY_S", "0") or 0)


def index_job(source: str, work_dir: str, offsets_path: str, send: Send, cancel: CancelEvent) -> None:
    """Indexes ``source``; appends record offsets (uint64) to ``offsets_path`` before announcing the rows."""
    indexer = ExportIndexer(source, work_dir, cancel)
    written = 0
    last_announce = 0.0
    started = time.monotonic()
    with open(offsets_path, "wb") as offsets_file:

        def publish(done: int, total: int) -> None:
            nonlocal written
            offsets = indexer.index.offsets
            offsets[written:].tofile(offsets_file)
            offsets_file.flush()
            written = len(offsets)
            send(("rows", indexer.index.row_count, done, total, indexer.header, str(indexer.plain_path)))

        def report(rows: int, done: int, total: int) -> None:
            nonlocal last_announce
            if SLICE_DELAY_S:
                time.sleep(SLICE_DELAY_S)
            now = time.monotonic()
            interval = ANNOUNCE_INTERVAL_S if now - started < 1.0 else LATER_ANNOUNCE_INTERVAL_S
            if rows and (not last_announce or now - last_announce >= interval):
                last_announce = now
                publish(done, total)

        try:
            indexer.prepare()
            outcome = indexer.run(report)
        except OperationCancelled:
            publish(0, 0)
            send(("cancelled",))
            return
        except ExportFileError as error:
            send(("failed", str(error)))
            return
        publish(1, 1)
        send(
            (
                "done",
                {
                    "rows": outcome.rows,
                    "header": outcome.header,
                    "plain_path": str(outcome.plain_path),
                    "problem": outcome.problem,
                },
            )
        )
    # The rows are on screen; now, while the user looks at them, split the columns out once, so a sort
    # reads only its column instead of parsing the whole file (closing the file cancels this).
    with contextlib.suppress(OperationCancelled, OSError):
        csv_views.spool_columns(
            outcome.plain_path, indexer.index, len(outcome.header), Path(work_dir) / COLUMNS_FOLDER, cancel
        )


def view_job(
    plain_path: str,
    offsets_path: str,
    rows: int,
    column: int,
    descending: bool,
    needle: str,
    reuse_permutation_path: str | None,
    result_dir: str,
    send: Send,
    cancel: CancelEvent,
) -> None:
    """Sorts by ``column`` (-1: file order) and/or filters by ``needle``; writes arrays to ``result_dir``."""
    index = RowIndex()
    with open(offsets_path, "rb") as offsets_file:
        index.offsets = array("Q")
        index.offsets.frombytes(offsets_file.read((rows + 2) * 8))
    rows = min(rows, index.row_count)
    last_announce = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_announce
        now = time.monotonic()
        if now - last_announce >= ANNOUNCE_INTERVAL_S:
            last_announce = now
            send(("progress", done, total))

    try:
        permutation: array[int] | None = None
        if reuse_permutation_path is not None:
            permutation = read_array(reuse_permutation_path)
        elif column >= 0:
            values = csv_views.read_spooled_column(Path(result_dir) / COLUMNS_FOLDER, column, rows)
            if values is None:
                values = csv_views.read_column(plain_path, index, column, rows, cancel, progress)
            permutation = csv_views.sort_rows(values, descending, cancel)[1]
            del values
        matches = csv_views.filter_rows(plain_path, index, needle, rows, cancel, progress) if needle else None
        view = csv_views.combine(permutation, matches, rows)
    except OperationCancelled:
        send(("cancelled",))
        return
    folder = Path(result_dir)
    stamp = f"{time.monotonic_ns()}"
    payload: dict[str, Any] = {"rows": rows, "permutation_path": None, "view_path": None}
    if permutation is not None:
        payload["permutation_path"] = write_array(folder / f"permutation-{stamp}.u32", permutation)
    if view is not None:
        payload["view_path"] = (
            payload["permutation_path"]
            if view is permutation
            else write_array(folder / f"view-{stamp}.u32", view)
        )
    send(("done", payload))


def write_array(path: Path, values: array[int]) -> str:
    with open(path, "wb") as handle:
        values.tofile(handle)
    return str(path)


def read_array(path: str, typecode: str = "I") -> array[int]:
    values = array(typecode)
    with open(path, "rb") as handle:
        values.frombytes(handle.read())
    return values


class CancelFile:
    """A cancel flag both processes see: the file exists once the parent has cancelled."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def is_set(self) -> bool:
        return self.path.exists()

    def set(self) -> None:
        self.path.touch()


def line_sender(stream: TextIO) -> Send:
    def send(message: tuple[Any, ...]) -> None:
        stream.write(json.dumps(message) + "\n")
        stream.flush()

    return send


def run_job(job: str, args: list[Any], send: Send, cancel: CancelEvent) -> None:
    """Runs ``job`` and turns any crash into a "failed" message."""
    jobs: dict[str, Callable[..., None]] = {"index": index_job, "view": view_job}
    try:
        jobs[job](*args, send, cancel)
    except Exception as error:  # the parent must hear about every failure
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        send(("failed", f"unexpected error in the {job} job: {detail}"))


def lower_priority() -> None:
    """On a machine with few cores the child competes with the UI process for CPU: let the UI win."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)


def main(argv: list[str]) -> int:
    """``csv_jobs JOB ARGS_JSON CANCEL_PATH``: the child process entry."""
    lower_priority()
    job, args_json, cancel_path = argv
    run_job(job, json.loads(args_json), line_sender(sys.stdout), CancelFile(cancel_path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
