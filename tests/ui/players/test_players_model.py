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
            st.tuples(st.just("hold"), st.booleans()),
            st.tuples(st.just("reveal")),
            st.tuples(st.just("created"), st.integers(0, 2)),
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
        elif step[0] == "hold":
            model.set_holding(step[1])
        elif step[0] == "reveal":
            model.reveal()
        elif step[0] == "created":
            model.add_created(make_row(10_000 + rng_rows, device=(0, 1, 14)[step[1]], country="FR"))
            rng_rows += 1
        elif model.loaded_count:
            model.remove_player(str(model._rows[step[1] % model.loaded_count][0]))
        # Held rows are never shown: the view is what a sort and filter from scratch give for the rest.
        exposed = model._rows[: model.loaded_count - model.held_count]
        expected = model._compute_view()
        shown = [model.player_id_at(row) for row in range(model.rowCount())]
        if expected is None:
            assert shown == [row[0] for row in exposed]
        else:
            assert shown == [model._rows[position][0] for position in expected]
            assert all(position < len(exposed) for position in expected)
        assert all(model.view_row_of(row[0]) == -1 for row in model._rows[len(exposed) :])
    model.reveal()
    expected = model._compute_view()
    shown = [model.player_id_at(row) for row in range(model.rowCount())]
    order = range(model.loaded_count) if expected is None else expected
    assert shown == [model._rows[position][0] for position in order]


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


# --- holding rows during a bulk load ----------------------------------------------------------------------
def inserts_of(model: PlayersModel) -> list[tuple[int, int]]:
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    return inserted


def test_held_rows_are_stored_but_not_shown_until_revealed_in_one_insert(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 300))
    inserted = inserts_of(model)
    asked: list[int] = []
    model.fetch_requested.connect(asked.append)
    model.set_paused(True)
    model.set_holding(True)
    for offset in range(300, 900, 300):
        model.add_page(page(offset, 300))
    assert model.loaded_count == 900 and model.held_count == 600
    assert model.rowCount() == 300 and inserted == []
    assert model.row_at(300) is None and model.player_id_at(299) == "id-00299"
    assert model.view_row_of("id-00500") == -1  # held: not in the view yet
    assert model.canFetchMore()  # the view asks when scrolled to the end...
    model.fetchMore()  # ...and gets the held rows, with no network call
    assert asked == [] and inserted == [(300, 899)]
    assert model.rowCount() == 900 and model.held_count == 0 and model.view_row_of("id-00500") == 500
    assert not model.canFetchMore()  # paused: nothing held, no paging while the bulk load runs
    model.add_page(page(900, 100))
    assert model.rowCount() == 900
    model.set_holding(False)  # the end of the bulk load shows the rest
    assert model.rowCount() == 1000 and inserted == [(300, 899), (900, 999)] and not model.holding


def test_a_sorted_filtered_view_takes_held_rows_in_place_and_keeps_the_selection(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 300, country="FR"))
    model.sort(SESSIONS_COLUMN, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("fr")
    persistent = QPersistentModelIndex(model.index(model.view_row_of("id-00010"), 0))
    model.set_holding(True)
    model.add_page(page(300, 300, country="US"))
    model.add_page(page(600, 300, country="FR"))
    assert model.rowCount() == 300
    assert model.reveal() == 600
    assert model.rowCount() == 600  # the FR rows only
    values = [model.row_at(r)[SESSIONS] for r in range(600)]
    assert values == sorted(values, reverse=True)
    assert model.index(persistent.row(), 0).data(PLAYER_ID_ROLE) == "id-00010"
    shown = [model.player_id_at(r) for r in range(model.rowCount())]
    assert shown == [model._rows[p][0] for p in model._compute_view() or []]


def test_held_rows_can_be_edited_removed_and_a_created_player_shows_everything(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 10, total=30))
    model.set_holding(True)
    model.add_page(page(10, 10, total=30))
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    assert model.replace_row(make_row(15, tags="vip=yes"))  # held: stored, nothing to repaint
    assert changed == [] and model._rows[15][-1] == "vip=yes"
    assert model.remove_player("id-00012")  # a held row
    assert model.remove_player("id-00003")  # a shown row
    assert model.rowCount() == 9 and model.held_count == 9 and model.total_count == 28
    assert model.view_row_of("id-00004") == 3 and model.view_row_of("id-00013") == -1
    model.add_created(make_row(500))
    assert model.held_count == 0 and model.rowCount() == 19  # the new player shows, so what was held does
    assert model.view_row_of("id-00500") == 18 and model.view_row_of("id-00013") == 11


def test_clear_and_a_refreshed_first_page_end_holding(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 10))
    model.set_holding(True)
    model.add_page(page(10, 10))
    model.begin_refresh()
    model.add_page(page(0, 5))  # the first page again replaces the loaded rows, held ones too
    assert not model.holding and model.loaded_count == model.rowCount() == 5
    model.set_holding(True)
    model.add_page(page(5, 5))
    model.clear()
    assert not model.holding and model.loaded_count == model.rowCount() == 0
    model.add_page(page(0, 5))
    assert model.rowCount() == 5


def test_sorting_or_filtering_while_rows_are_held_covers_every_loaded_row(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 100))
    model.set_holding(True)
    model.add_page(page(100, 100))
    model.sort(SESSIONS_COLUMN, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 200 and model.held_count == 0
    values = [model.row_at(r)[SESSIONS] for r in range(200)]
    assert values == sorted(values)
    model.add_page(page(200, 100))  # still holding: the next page waits
    assert model.rowCount() == 200
    model.sort(-1)  # back to arrival order: shows it too
    assert model.rowCount() == 300 and [model.player_id_at(r) for r in (0, 299)] == ["id-00000", "id-00299"]


def test_a_view_planned_while_rows_are_held_shows_them_and_later_pages_stay_held(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 100, country="FR"))
    model.set_holding(True)
    model.add_page(page(100, 100, country="FR"))
    plan = model.plan_view("fr", SESSIONS_COLUMN, True)
    assert len(plan.rows) == 200  # the held rows are part of the plan
    result = plan.compute()
    model.add_page(page(200, 100, country="FR"))  # arrives while the worker computes: held
    model.apply_view(plan, result)
    assert model.rowCount() == 200 and model.held_count == 100
    model.reveal()
    assert model.rowCount() == 300
    values = [model.row_at(r)[SESSIONS] for r in range(300)]
    assert values == sorted(values, reverse=True)
    arrival = model.plan_view("", -1, False)
    model.set_holding(True)
    model.add_page(page(300, 50, country="FR"))
    model.apply_view(arrival, arrival.compute())
    assert model.rowCount() == 300 and model.held_count == 50  # planned before those rows came
    assert model.player_id_at(299) == "id-00299" and model.row_at(300) is None


def test_many_held_rows_join_a_sorted_view_like_a_sort_from_scratch(qtbot: Any) -> None:
    model = PlayersModel()
    model.add_page(page(0, 50))
    model.sort(SESSIONS_COLUMN, Qt.SortOrder.DescendingOrder)
    model.set_holding(True)
    for offset in range(50, 2050, 300):
        model.add_page(page(offset, 300))
    model.set_holding(False)  # 2,000 rows into 50: one stable sort rather than a binary search each
    shown = [model.player_id_at(r) for r in range(model.rowCount())]
    expected = model._compute_view()
    assert expected is not None and shown == [model._rows[p][0] for p in expected]
