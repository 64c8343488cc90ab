"""The tests carry their own data: OneSignal's specs are vendored with their licence notice, and no test
reads them (or anything else) from a folder outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
OPENAPI = TESTS / "data" / "openapi"


def test_onesignal_specs_are_vendored_with_their_licence() -> None:
    for name in ("onesignal-v1.2.2.json", "onesignal-v5.12.0.yaml", "LICENSE", "NOTICE.md"):
        assert (OPENAPI / name).is_file(), f"{name} missing from tests/data/openapi"
    sdk = OPENAPI / "node-onesignal-5.18.0"
    for name in ("DefaultApi.js", "DefaultApi.d.ts", "LICENSE"):
        assert (sdk / name).is_file(), f"{name} missing from {sdk.relative_to(TESTS)}"
    assert len(list((sdk / "models").glob("*.d.ts"))) > 100
    assert "OneSignal" in (OPENAPI / "LICENSE").read_text(encoding="utf-8")
    assert "MIT" in (OPENAPI / "NOTICE.md").read_text(encoding="utf-8")


def test_no_test_reads_the_specs_from_outside_the_repository() -> None:
    outside = re.compile(r"""["']/work/|shared["'/ ]+openapi|\.parent\s*/\s*["']shared""")
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py")
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if outside.search(line)
    ]
    assert offenders == []
