"""Every operation of OneSignal's official Node SDK (the vendored 5.18.0 ``DefaultApi.d.ts``) has a method
of ``OneSignalClient``: a new SDK operation cannot be left out unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

from onesignal_desktop.api import OneSignalClient

DEFAULT_API = (
    Path(__file__).resolve().parents[1] / "data" / "openapi" / "node-onesignal-5.18.0" / "DefaultApi.d.ts"
)

#: SDK operations whose client method has another name: the seed API's plural names, and the players
#: export, which the SDK calls a subscriptions export (same path, same body: ExportSubscriptionsRequestBody).
RENAMED = {
    "createSegment": "create_segments",
    "deleteSegment": "delete_segments",
    "exportSubscriptions": "export_players",
}


def sdk_operations() -> list[str]:
    """The operation names of the SDK's ``DefaultApi`` class (its request factory declares each once)."""
    text = DEFAULT_API.read_text(encoding="utf-8")
    body = text.split("export declare class DefaultApiRequestFactory", 1)[1].split("export declare class", 1)[
        0
    ]
    return re.findall(r"^    ([a-z]\w*)\(", body, flags=re.M)


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_sdk_declares_its_56_operations() -> None:
    names = sdk_operations()
    assert len(names) == len(set(names)) == 56


def test_every_sdk_operation_has_a_client_method() -> None:
    missing = [
        f"{name} -> {RENAMED.get(name, snake_case(name))}"
        for name in sdk_operations()
        if not callable(getattr(OneSignalClient, RENAMED.get(name, snake_case(name)), None))
    ]
    assert missing == []


def test_the_renamed_table_holds_only_real_renames() -> None:
    names = set(sdk_operations())
    for sdk_name, method in RENAMED.items():
        assert sdk_name in names, sdk_name
        assert not hasattr(OneSignalClient, snake_case(sdk_name)), f"{sdk_name} needs no alias any more"
        assert callable(getattr(OneSignalClient, method, None)), method


README = Path(__file__).resolve().parents[2] / "README.md"


def coverage_rows() -> dict[str, str]:
    """README's "API coverage" table: client method → where the console uses it."""
    text = README.read_text(encoding="utf-8").split("## API coverage", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, str] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].startswith("`"):
            rows[cells[2].split("`")[1]] = cells[3]
    return rows


def test_the_readme_places_every_sdk_operation_in_the_console() -> None:
    rows = coverage_rows()
    for name in sdk_operations():
        method = RENAMED.get(name, snake_case(name))
        assert method in rows, f"README's API coverage table has no row for {method}"
        assert "API client only" not in rows[method], f"{method} is not reachable from the console"
