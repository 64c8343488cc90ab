"""CSV export downloads from the sandbox's file host under faults: the helper waits, retries and gets
the whole file; nothing half-written is left under the final name or as a ``.part`` file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faults_support import FakeSleep

from onesignal_desktop.api import (
    ExportPolling,
    ExportTimeoutError,
    OneSignalClient,
    iter_csv_rows,
)
from onesignal_desktop.sandbox import Sandbox

PLAYERS = 40
FILE_PATH = "/csv_exports/*"


@pytest.fixture(scope="module")
def export(sandbox: Sandbox, setup_client: OneSignalClient) -> Iterator[tuple[str, set[str]]]:
    app_id = setup_client.create_app({"name": "Exports under faults"}).id
    assert app_id
    ids = {
        setup_client.create_player({"app_id": app_id, "device_type": 1, "identifier": f"t{n}"}).id or ""
        for n in range(PLAYERS)
    }
    sandbox.clock.advance(3600)  # no other export of the organization still running
    url = setup_client.export_players(app_id, extra_fields=["country"]).csv_file_url
    assert url
    sandbox.clock.advance(3600)  # the file is ready
    yield url, ids


FAULTS = [
    ("503", {}),
    ("500", {}),
    ("429", {"retry_after": 1}),
    ("reset", {}),
    ("truncate", {}),
    ("html", {}),
    ("404", {}),  # still preparing, as the storage host says
]


@pytest.mark.parametrize(("kind", "options"), FAULTS, ids=[kind for kind, _ in FAULTS])
def test_download_survives_two_faults_in_a_row(
    sandbox: Sandbox,
    setup_client: OneSignalClient,
    export: tuple[str, set[str]],
    tmp_path: Path,
    kind: str,
    options: dict[str, float],
) -> None:
    url, ids = export
    sandbox.faults.inject(kind, times=2, method="GET", path=FILE_PATH, **options)  # type: ignore[arg-type]
    sleep = FakeSleep()
    destination = tmp_path / "players.csv.gz"
    path = setup_client.download_export(url, destination, sleep=sleep)
    assert path == destination
    assert {row["id"] for row in iter_csv_rows(path)} == ids
    assert [fired for fired, _, _ in sandbox.faults.fired] == [kind, kind]
    assert len(sleep.calls) == 2
    assert sorted(item.name for item in tmp_path.iterdir()) == ["players.csv.gz"]


def test_a_file_that_never_comes_ends_in_the_export_timeout(
    sandbox: Sandbox, setup_client: OneSignalClient, export: tuple[str, set[str]], tmp_path: Path
) -> None:
    url, _ = export
    sandbox.faults.inject("reset", times=None, method="GET", path=FILE_PATH)
    sleep = FakeSleep()
    with pytest.raises(ExportTimeoutError) as raised:
        setup_client.download_export(
            url, tmp_path / "never.csv.gz", sleep=sleep, polling=ExportPolling(deadline=0.0)
        )
    assert raised.value.operation == "download_export"
    assert list(tmp_path.iterdir()) == []


def test_a_web_page_instead_of_the_file_is_never_read_as_rows(
    sandbox: Sandbox, setup_client: OneSignalClient, export: tuple[str, set[str]], tmp_path: Path
) -> None:
    """A captive portal or proxy answering 200 with a page: the helper waits and fetches the real file."""
    url, ids = export
    sandbox.faults.inject("html", times=1, method="GET", path=FILE_PATH, status=200)
    sleep = FakeSleep()
    path = setup_client.download_export(url, tmp_path / "players.csv.gz", sleep=sleep)
    assert {row["id"] for row in iter_csv_rows(path)} == ids
    assert len(sleep.calls) == 1


def test_a_web_page_that_never_goes_away_ends_in_the_export_timeout(
    sandbox: Sandbox, setup_client: OneSignalClient, export: tuple[str, set[str]], tmp_path: Path
) -> None:
    url, _ = export
    sandbox.faults.inject("html", times=None, method="GET", path=FILE_PATH, status=200)
    with pytest.raises(ExportTimeoutError) as raised:
        setup_client.download_export(
            url, tmp_path / "page.csv.gz", sleep=FakeSleep(), polling=ExportPolling(deadline=0.0)
        )
    assert "web page" in str(raised.value)
    assert list(tmp_path.iterdir()) == []
