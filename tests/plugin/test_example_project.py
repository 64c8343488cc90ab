"""The example project (examples/shop_notifier: a shop backend sending through OneSignal's official Python
SDK and through httpx) passes its own tests against the sandbox through the plugin's fixtures."""

from __future__ import annotations

from plugin_support import REPO, run_pytest

EXAMPLE = REPO / "examples" / "shop_notifier"


def test_the_example_projects_tests_pass_against_the_sandbox() -> None:
    tests = sorted((EXAMPLE / "tests").glob("test_*.py"))
    assert tests, f"the example project's tests are missing under {EXAMPLE}"

    result = run_pytest(EXAMPLE)

    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("6 passed in"), result.stdout  # nothing failed, errored or was skipped
