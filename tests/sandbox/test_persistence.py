"""State survives restarts; keys are kept safely (org key file 0600; a given org key is written nowhere)."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx

from onesignal_desktop.sandbox import start_sandbox


def test_state_and_keys_survive_a_restart(tmp_path: Path) -> None:
    with start_sandbox(tmp_path, seed_demo=False) as first:
        org_key = first.org_key
        headers = {"Authorization": f"Key {org_key}"}
        with httpx.Client(base_url=first.base_url) as http:
            app = http.post("/apps", json={"name": "Kept"}, headers=headers).json()
            app_headers = {"Authorization": f"Key {app['basic_auth_key']}"}
            player_id = http.post(
                "/players",
                json={"app_id": app["id"], "device_type": 1, "tags": {"a": "1"}},
                headers=app_headers,
            ).json()["id"]
            api_key = http.post(
                f"/apps/{app['id']}/auth/tokens", json={"name": "kept"}, headers=headers
            ).json()["formatted_token"]
    with start_sandbox(tmp_path, seed_demo=False) as second:
        assert second.org_key == org_key
        with httpx.Client(base_url=second.base_url) as http:
            apps = http.get("/apps", headers={"Authorization": f"Key {org_key}"}).json()
            assert [(a["id"], a["name"], a["basic_auth_key"]) for a in apps] == [
                (app["id"], "Kept", app["basic_auth_key"])
            ]
            player = http.get(
                f"/players/{player_id}",
                params={"app_id": app["id"]},
                headers={"Authorization": f"Key {api_key}"},
            )
            assert player.status_code == 200
            assert player.json()["tags"] == {"a": "1"}


def test_generated_org_key_file_is_private(tmp_path: Path) -> None:
    with start_sandbox(tmp_path, seed_demo=False) as sb:
        key_file = tmp_path / "org_key"
        assert key_file.read_text().strip() == sb.org_key
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "server_secret").stat().st_mode) == 0o600


def test_given_org_key_is_written_nowhere(tmp_path: Path) -> None:
    given = "os_v2_org_" + "q" * 52
    with start_sandbox(tmp_path, org_key=given, seed_demo=False) as sb:
        assert sb.org_key == given
        with httpx.Client(base_url=sb.base_url) as http:
            assert http.get("/apps", headers={"Authorization": f"Key {given}"}).status_code == 200
    assert not (tmp_path / "org_key").exists()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert given.encode() not in path.read_bytes(), path


def test_temporary_sandboxes_are_independent() -> None:
    with start_sandbox(seed_demo=False) as one, start_sandbox(seed_demo=False) as two:
        assert one.data_dir != two.data_dir
        assert one.org_key != two.org_key
        with httpx.Client() as http:
            http.post(
                f"{one.base_url}/apps",
                json={"name": "Only here"},
                headers={"Authorization": f"Key {one.org_key}"},
            )
            assert (
                http.get(f"{two.base_url}/apps", headers={"Authorization": f"Key {two.org_key}"}).json() == []
            )


def test_database_is_in_wal_mode(tmp_path: Path) -> None:
    with start_sandbox(tmp_path, seed_demo=False) as sb, sb.store.read() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
