"""The store directly, as the simulation uses it: two-era identity rules, bulk loading, batches, threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from onesignal_desktop.sandbox import store as store_module
from onesignal_desktop.sandbox.store import Store, StoreConflict, register_schema

NOW = 1_700_000_000.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(tmp_path / "s.sqlite3")
    yield db
    db.close()


@pytest.fixture
def app_id(store: Store) -> str:
    return store.create_app("A", "org", NOW).id


def test_player_joins_the_user_with_its_external_id(store: Store, app_id: str) -> None:
    first = store.create_player(app_id, NOW, subscription={"device_type": 1}, external_user_id="x")
    second = store.create_player(
        app_id, NOW, subscription={"device_type": 11, "token": "a@b.co"}, external_user_id="x"
    )
    assert first.user.id == second.user.id
    assert {s.id for s in store.user_subscriptions(first.user.id)} == {first.id, second.id}
    assert store.count_users(app_id) == 1


def test_identifying_moves_the_player_and_drops_the_empty_user(store: Store, app_id: str) -> None:
    owner = store.create_user(app_id, NOW, aliases={"external_id": "known"})
    player = store.create_player(app_id, NOW, subscription={"device_type": 1})
    anonymous_user = player.user.id
    moved = store.update_player(player.id, external_user_id="known", now=NOW)
    assert moved is not None and moved.user.id == owner.id
    assert store.get_user(app_id, anonymous_user) is None


def test_clearing_external_user_id_leaves_the_other_devices_with_the_user(store: Store, app_id: str) -> None:
    one = store.create_player(
        app_id, NOW, subscription={"device_type": 1}, external_user_id="u", user={"tags": {"t": "1"}}
    )
    two = store.create_player(app_id, NOW, subscription={"device_type": 5}, external_user_id="u")
    cleared = store.update_player(one.id, external_user_id="", now=NOW)
    assert cleared is not None and cleared.external_user_id is None
    assert cleared.tags == {"t": "1"}  # the device keeps what it knew
    other = store.get_player(two.id)
    assert other is not None and other.external_user_id == "u"


def test_alias_taken_by_another_user_conflicts(store: Store, app_id: str) -> None:
    store.create_user(app_id, NOW, aliases={"crm": "1"})
    other = store.create_user(app_id, NOW)
    with pytest.raises(StoreConflict):
        store.set_aliases(app_id, other.id, {"crm": "1"})


def test_bulk_players_and_batched_iteration(store: Store, app_id: str) -> None:
    items = (
        {
            "device_type": 1,
            "token": f"t{i}",
            "external_user_id": f"e{i}",
            "user": {"tags": {"i": str(i)}, "country": "FR"},
        }
        for i in range(1203)
    )
    assert store.bulk_create_players(app_id, items, NOW) == 1203
    seen = list(store.iter_players(app_id, batch_size=500))
    assert len(seen) == 1203
    assert seen[1202].tags == {"i": "1202"} and seen[1202].external_user_id == "e1202"
    assert seen[0].country == "FR"
    page, total = store.list_players(app_id, 10, 1200)
    assert total == 1203 and [p.subscription.token for p in page] == ["t1200", "t1201", "t1202"]


def test_counts_follow_writes(store: Store, app_id: str) -> None:
    assert store.count_players(app_id) == 0
    player = store.create_player(app_id, NOW, subscription={"device_type": 1})
    assert store.count_players(app_id) == 1
    app = store.get_app(app_id)
    assert app is not None and (app.players, app.messageable_players) == (1, 1)
    store.update_subscription(player.id, {"enabled": False})
    app = store.get_app(app_id)
    assert app is not None and app.messageable_players == 0
    store.delete_player(player.id)
    assert store.count_players(app_id) == 0


def test_concurrent_writers_and_readers(store: Store, app_id: str) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(25):
                store.create_player(app_id, NOW, subscription={"device_type": 1, "token": f"{n}-{i}"})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def read() -> None:
        try:
            for _ in range(50):
                store.list_players(app_id, 50, 0)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)] + [
        threading.Thread(target=read) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count_players(app_id) == 100


def test_failed_write_rolls_back(store: Store, app_id: str) -> None:
    with pytest.raises(RuntimeError), store.write() as db:
        db.execute("UPDATE apps SET name = 'changed' WHERE id = ?", (app_id,))
        raise RuntimeError("abort")
    app = store.get_app(app_id)
    assert app is not None and app.name == "A"


def test_registered_schema_is_created(tmp_path: Path) -> None:
    ddl = "CREATE TABLE IF NOT EXISTS test_extra_table (id TEXT PRIMARY KEY)"
    register_schema(ddl)
    db = Store(tmp_path / "x.sqlite3")
    try:
        with db.read() as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "test_extra_table" in names
    finally:
        db.close()
        store_module._EXTRA_SCHEMAS.remove(ddl)
