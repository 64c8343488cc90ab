"""The pytest plugin as another project meets it: loaded through its entry point, inert until a fixture is
used, and failing with messages that say what was sent or what was wrong with what the test asked for."""

from __future__ import annotations

import sys
import textwrap
import tomllib
from pathlib import Path

from plugin_support import PLUGIN, REPO, run_pytest

FAILING_TESTS = """
import httpx
import pytest


def send(app, segment, heading):
    httpx.post(
        f"{app.api_url}/notifications",
        headers={"Authorization": f"Key {app.rest_api_key}"},
        json={"app_id": app.id, "included_segments": [segment], "headings": {"en": heading},
              "contents": {"en": "Body"}},
    ).raise_for_status()


def test_wrong_heading(onesignal_app):
    send(onesignal_app, "Subscribed Users", "Spring sale")
    onesignal_app.assert_notification_created(segment="Subscribed Users", heading="Summer sale")


def test_unexpected_send(onesignal_app):
    send(onesignal_app, "Active Users", "Oops")
    onesignal_app.assert_no_send()


def test_nothing_sent(onesignal_app):
    onesignal_app.assert_notification_created(segment="VIP")


def test_too_many(onesignal_app):
    send(onesignal_app, "Subscribed Users", "Twice")
    send(onesignal_app, "Subscribed Users", "Twice")
    onesignal_app.assert_notification_created(heading="Twice", count=1)


@pytest.mark.onesignal_app(players="many")
def test_bad_marker(onesignal_app):
    pass


@pytest.mark.onesignal_app(colour="red")
def test_unknown_marker_option(onesignal_app):
    pass


def test_bad_fault_kind(onesignal_faults):
    onesignal_faults.inject("teapot")


def test_bad_fault_times(onesignal_faults):
    onesignal_faults.inject("503", times=0)


def test_bad_fault_spec(onesignal_faults):
    onesignal_faults.configure("503=lots")


def test_apps_are_separate(onesignal_app, onesignal_sandbox):
    from onesignal_desktop.sandbox.testing import new_app

    other = new_app(onesignal_sandbox, name="Other")
    send(other, "Subscribed Users", "Elsewhere")
    onesignal_app.assert_no_send()
    other.assert_notification_created(heading="Elsewhere")
"""


def write_project(root: Path, tests: str, ini: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pytest.ini").write_text("[pytest]\n" + ini, encoding="utf-8")
    (root / "test_project.py").write_text(textwrap.dedent(tests), encoding="utf-8")
    return root


def failure_of(output: str, test: str) -> str:
    """The failure section pytest printed for ``test`` (up to the next one)."""
    marker = f" {test} "
    start = output.find(marker)
    assert start >= 0, f"no failure section for {test} in:\n{output}"
    end = output.find("\n____", start + len(marker))
    return output[start : end if end >= 0 else None]


def test_assertions_and_bad_input_fail_with_messages_naming_what_was_wrong(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", FAILING_TESTS)

    result = run_pytest(project)
    out = result.stdout

    assert result.returncode == 1, out + result.stderr
    assert out.strip().splitlines()[-1].startswith("7 failed, 1 passed, 2 errors"), out
    wrong = failure_of(out, "test_wrong_heading")
    assert "expected a notification to segment 'Subscribed Users' with heading 'Summer sale' (en)" in wrong
    assert "heading 'Spring sale'" in wrong and "3 recipient(s)" in wrong
    assert "expected no notification in app 'Test app', found 1" in failure_of(out, "test_unexpected_send")
    assert "to Active Users; heading 'Oops'" in failure_of(out, "test_unexpected_send")
    nothing = failure_of(out, "test_nothing_sent")
    assert "to segment 'VIP'" in nothing and "Nothing was sent." in nothing
    assert "expected 1 notification(s) with heading 'Twice' (en)" in failure_of(out, "test_too_many")
    assert "found 2" in failure_of(out, "test_too_many")
    assert "players must be a number, not 'many'" in failure_of(out, "test_bad_marker")
    assert "takes only name= and players=, not colour" in failure_of(out, "test_unknown_marker_option")
    assert "Unknown fault kind 'teapot'" in failure_of(out, "test_bad_fault_kind")
    assert "times must be a whole number, 1 or more" in failure_of(out, "test_bad_fault_times")
    assert "Not a rate: 'lots'" in failure_of(out, "test_bad_fault_spec")
    assert "PASSED test_project.py::test_apps_are_separate" in out


def test_a_malformed_fault_spec_in_the_ini_stops_the_run_naming_the_option(tmp_path: Path) -> None:
    project = write_project(
        tmp_path / "project",
        "def test_uses_it(onesignal_app):\n    pass\n",
        ini="onesignal_sandbox_faults = 503=often\n",
    )

    result = run_pytest(project)

    assert result.returncode != 0
    assert "ini option onesignal_sandbox_faults = '503=often': Not a rate: 'often'" in (
        result.stdout + result.stderr
    )


def test_ini_faults_reach_the_shared_sandbox(tmp_path: Path) -> None:
    tests = """
    import httpx

    def test_every_request_fails(onesignal_app):
        answer = httpx.get(f"{onesignal_app.api_url}/apps/{onesignal_app.id}",
                           headers={"Authorization": f"Key {onesignal_app.org_api_key}"})
        assert answer.status_code == 503
        assert answer.json() == {"errors": ["Service unavailable. Please try again later."]}
    """
    project = write_project(tmp_path / "project", tests, ini="onesignal_sandbox_faults = 503=1.0\n")

    result = run_pytest(project)

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_plugin_is_registered_through_its_entry_point_and_loads_from_it(tmp_path: Path) -> None:
    project_file = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = project_file["project"]["entry-points"]["pytest11"]
    assert entry_points == {PLUGIN: PLUGIN}
    # What `pip install` writes from that table, put beside a project on its path.
    dist_info = tmp_path / "site" / "onesignal_desktop_probe-0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: probe\nVersion: 0\n", encoding="utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (dist_info / "entry_points.txt").write_text("[pytest11]\n" + lines, encoding="utf-8")
    project = write_project(
        tmp_path / "project",
        "def test_fixture_from_the_entry_point(onesignal_app):\n    assert onesignal_app.rest_api_key\n",
    )

    loaded = run_pytest(project, load_plugin=False, extra_path=str(tmp_path / "site"))
    # Given both ways (an entry point and -p), it is still loaded once.
    both = run_pytest(project, load_plugin=True, extra_path=str(tmp_path / "site"))
    disabled = run_pytest(project, "-p", f"no:{PLUGIN}", load_plugin=False, extra_path=str(tmp_path / "site"))

    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert both.returncode == 0, both.stdout + both.stderr
    assert disabled.returncode == 1 and "fixture 'onesignal_app' not found" in disabled.stdout


def test_loading_the_plugin_imports_nothing_but_its_own_module() -> None:
    import subprocess

    probe = (
        "import sys, pytest; before = set(sys.modules); "
        f"import {PLUGIN}; "
        "print(sorted(set(sys.modules) - before))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.strip() == str(sorted(["onesignal_desktop", "onesignal_desktop.sandbox", PLUGIN])), (
        result.stdout
    )
