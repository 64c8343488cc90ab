"""The child-process jobs (no Qt): what they announce, the files they leave, and the command-line entry."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from onesignal_desktop.ui.players.export_viewer import csv_jobs
from onesignal_desktop.ui.players.export_viewer.sample_export import COLUMNS, write_export


def run(job: str, args: list[Any], cancel: threading.Event | None = None) -> list[Any]:
    messages: list[Any] = []
    csv_jobs.run_job(job, args, lambda message: messages.append(list(message)), cancel or threading.Event())
    return messages


def test_index_job_writes_offsets_before_it_announces_rows(tmp_path: Path) -> None:
    source = write_export(tmp_path / "players.csv.gz", 2_000)
    offsets_path = tmp_path / "offsets.u64"
    messages = run("index", [str(source), str(tmp_path), str(offsets_path)])
    kinds = [message[0] for message in messages]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"rows"}
    done = messages[-1][1]
    assert done["rows"] == 2_000 and done["header"] == list(COLUMNS) and done["problem"] is None
    offsets = csv_jobs.read_array(str(offsets_path), "Q")
    assert len(offsets) == 2_000 + 2
    plain = Path(done["plain_path"])
    assert offsets[-1] == plain.stat().st_size
    assert messages[-2][1] == 2_000


def test_index_job_reports_a_bad_file_as_failed(tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_bytes(b"")
    messages = run("index", [str(source), str(tmp_path), str(tmp_path / "offsets.u64")])
    assert messages == [["failed", "empty.csv: the file is empty (0 bytes)"]]


def test_view_job_sorts_and_filters_into_files(tmp_path: Path) -> None:
    source = tmp_path / "players.csv"
    source.write_text("id,session_count,model\na,10,Pixel\nb,2,iPhone\nc,33,Pixel\nd,,Pixel\n")
    offsets_path = tmp_path / "offsets.u64"
    run("index", [str(source), str(tmp_path), str(offsets_path)])
    sorted_only = run("view", [str(source), str(offsets_path), 4, 1, True, "", None, str(tmp_path)])
    payload = sorted_only[-1][1]
    assert list(csv_jobs.read_array(payload["view_path"])) == [2, 0, 1, 3]
    # A new filter with the same sort reuses the permutation file instead of sorting again.
    reuse = payload["permutation_path"]
    both = run("view", [str(source), str(offsets_path), 4, 1, True, "pixel", reuse, str(tmp_path)])
    assert list(csv_jobs.read_array(both[-1][1]["view_path"])) == [2, 0, 3]


def test_cancelled_job_says_so(tmp_path: Path) -> None:
    source = write_export(tmp_path / "players.csv", 100)
    cancel = threading.Event()
    cancel.set()
    messages = run("index", [str(source), str(tmp_path), str(tmp_path / "offsets.u64")], cancel)
    assert messages[-1] == ["cancelled"]


def test_command_line_entry_speaks_json_lines(tmp_path: Path) -> None:
    source = write_export(tmp_path / "players.csv", 50)
    offsets_path = tmp_path / "offsets.u64"
    args = json.dumps([str(source), str(tmp_path), str(offsets_path)])
    completed = subprocess.run(
        [sys.executable, "-m", csv_jobs.__name__, "index", args, str(tmp_path / "cancel")],
        capture_output=True,
        check=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in completed.stdout.decode().splitlines()]
    assert lines[-1][0] == "done" and lines[-1][1]["rows"] == 50
    # The child never imports Qt: it starts fast and works where no display exists.
    assert b"PySide6" not in completed.stderr


def test_child_modules_do_not_import_qt(tmp_path: Path) -> None:
    code = (
        "import sys; import onesignal_desktop.ui.players.export_viewer.csv_jobs; "
        "print(any(name.startswith('PySide6') for name in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=60)
    assert completed.stdout.strip() == b"False"


def test_the_index_job_spools_the_columns_that_a_sort_then_reads(tmp_path: Path) -> None:
    source = tmp_path / "players.csv"
    source.write_text("id,session_count\na,10\nb,2\nc,33\n")
    offsets_path = tmp_path / "offsets.u64"
    run("index", [str(source), str(tmp_path), str(offsets_path)])
    columns = tmp_path / csv_jobs.COLUMNS_FOLDER
    assert (columns / "complete").exists()
    # The sort takes its values from the spooled column, not from the file (changed here to tell).
    (columns / "column-1.txt").write_text("3\x002\x001\x00", encoding="utf-8")
    payload = run("view", [str(source), str(offsets_path), 3, 1, False, "", None, str(tmp_path)])[-1][1]
    assert list(csv_jobs.read_array(payload["view_path"])) == [2, 1, 0]
