"""The players model on its own: pages, overlap, sort and filter on the data while pages keep arriving."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from onesignal_desktop.ui.players.model import PLAYER_ID_ROLE, PlayersModel
from onesignal_desktop.ui.players.rows import COLUMNS, SESSIONS, PlayerPage, Row, matcher, row_from_player

SESSIONS_COLUMN = [field for _name, field in COLUMNS].index(SESSIONS)


def make_row(number: int, *, device: int = 1, country: str = "US", tags: str = "") -> Row:
    last_active = 1_700_000_000 + number
    return (f"id-{number:05d}", device, f"ext-{number}", None, "en", country, number % 7, last_active,
            1_600_000_000, 1, tags)  # fmt: skip


def page(offset: int, count: int, total: int | None = 1000, **kwargs: Any) -> PlayerPage:
    return PlayerPage(offset, [make_row(offset + n, **kwargs) for n in range(count)], total)


def test_fetch_more_asks_for_the_next_offset_until_the_total(qtbot: Any) -> None:
    model = PlayersModel()
    asked: list[int] = []
    model.fetch_requested.connect(asked.append)
    model.fetchMore()
    model.fetchMore()  # a second call while one is pending asks nothing
    assert asked == [0]
    model.add_page(page(0, 300, total=450))
    model.fetchMore()
    assert asked == [0, 300]
    model.add_page(page(300, 150, total=450))
    assert model.rowCount() == 450 and model.exhausted and not model.canFetchMore()


def test_overlapping_pages_add_each_player_once_and_gaps_are_dropped(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 300))
    assert model.add_page(page(0, 600)) == 300  # a bulk batch that starts where a scroll page did
    assert model.add_page(page(900, 100)) == 0  # would leave a gap: dropped
    assert model.rowCount() == 600
    assert [model.player_id_at(r) for r in (0, 599)] == ["id-00000", "id-00599"]


def test_sorted_view_places_arriving_rows_and_keeps_the_selection(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 300))
    model.sort(SESSIONS_COLUMN, Qt.SortOrder.DescendingOrder)
    kept = model.index(model.view_row_of("id-00010"), 0)
    persistent = QPersistentModelIndex(kept)
    model.add_page(page(300, 300))
    values = [model.row_at(r)[SESSIONS] for r in range(model.rowCount())]
    assert values == sorted(values, reverse=True) and len(values) == 600
    assert model.index(persistent.row(), 0).data(PLAYER_ID_ROLE) == "id-00010"


def test_filter_applies_to_arriving_rows_and_clears(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 100, country="FR"))
    model.set_filter_text("fr")
    assert model.rowCount() == 100
    model.add_page(page(100, 100, country="US"))
    assert model.rowCount() == 100
    model.add_page(page(200, 10, country="FR"))
    assert model.rowCount() == 110
    model.set_filter_text("")
    assert model.rowCount() == 210


def test_every_word_must_match_somewhere() -> None:
    test = matcher("sms plan=gold")
    assert test is not None
    assert test(make_row(1, device=14, tags="plan=gold"))
    assert not test(make_row(2, device=14, tags="plan=free"))
    assert not test(make_row(3, device=0, tags="plan=gold"))
    assert matcher("   ") is None


def test_rows_are_compact_and_interned(qtbot: Any) -> None:
    from onesignal_desktop.api.models import Player

    one = row_from_player(Player(id="a", device_type=5, language="en", tags={"b": "2", "a": 1, "gone": ""}))
    two = row_from_player(Player(id="b", device_type=5, language="e" + "n"))
    assert isinstance(one, tuple) and one[-1] == "a=1, b=2"
    assert one[4] is two[4]  # the same language string object


def test_remove_and_replace_rows(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 5, total=5))
    changed = make_row(2, tags="vip=yes")
    assert model.replace_row(changed)
    assert model.index(2, len(COLUMNS) - 1).data() == "vip=yes"
    assert model.remove_player("id-00002")
    assert model.rowCount() == 4 and model.total_count == 4
    assert model.view_row_of("id-00003") == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("page"), st.integers(1, 40)),
            st.tuples(st.just("sort"), st.integers(0, len(COLUMNS) - 1), st.booleans()),
            st.tuples(st.just("filter"), st.sampled_from(["", "fr", "us", "sms", "id-0000", "tier=1 fr"])),
            st.tuples(st.just("remove"), st.integers(0, 500)),
        ),
        max_size=12,
    )
)
def test_the_view_always_equals_filtering_and_sorting_from_scratch(qtbot: Any, steps: list[Any]) -> None:
    model = PlayersModel()
    rng_rows = 0
    for step in steps:
        if step[0] == "page":
            count = step[1]
            rows = [
                make_row(
                    rng_rows + n,
                    device=(0, 1, 14)[(rng_rows + n) % 3],
                    country=("FR", "US")[n % 2],
                    tags=f"tier={(rng_rows + n) % 4}",
                )
                for n in range(count)
            ]
            model.add_page(PlayerPage(model.loaded_count, rows, None))
            rng_rows += count
        elif step[0] == "sort":
            order = Qt.SortOrder.DescendingOrder if step[2] else Qt.SortOrder.AscendingOrder
            model.sort(step[1], order)
        elif step[0] == "filter":
            model.set_filter_text(step[1])
        elif model.loaded_count:
            model.remove_player(str(model._rows[step[1] % model.loaded_count][0]))
    expected = model._compute_view()
    shown = [model.player_id_at(row) for row in range(model.rowCount())]
    if expected is None:
        assert shown == [row[0] for row in model._rows]
    else:
        assert shown == [model._rows[position][0] for position in expected]


def test_a_view_planned_for_a_worker_takes_rows_that_arrived_meanwhile(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 200, country="FR"))
    plan = model.plan_view("fr", SESSIONS_COLUMN, True)
    result = plan.compute()  # as on a worker, while the next page arrives
    model.add_page(page(200, 100, country="FR"))
    model.apply_view(plan, result)
    assert model.rowCount() == 300 and model.filter_text == "fr"
    values = [model.row_at(r)[SESSIONS] for r in range(300)]
    assert values == sorted(values, reverse=True)


def test_a_view_planned_before_a_removal_is_redone_here(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 50))
    plan = model.plan_view("", SESSIONS_COLUMN, False)
    result = plan.compute()
    model.remove_player("id-00003")
    model.apply_view(plan, result)
    assert model.rowCount() == 49 and model.view_row_of("id-00003") == -1
    values = [model.row_at(r)[SESSIONS] for r in range(49)]
    assert values == sorted(values)
