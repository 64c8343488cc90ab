"""Paging: stops at total_count (or an empty/short page), cancellable between pages, reports progress."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
from api_support import APP_ID, FakeServer, MakeClient

from onesignal_desktop.api import OneSignalClient, OperationCancelled, PageProgress


def _players_server(total: int, *, report_total: bool = True, cap: int | None = None) -> FakeServer:
    def answer(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "300"))
        if cap is not None:
            limit = min(limit, cap)
        ids = [f"p{i}" for i in range(offset, min(total, offset + limit))]
        body: dict[str, object] = {"offset": offset, "limit": limit, "players": [{"id": i} for i in ids]}
        if report_total:
            body["total_count"] = total
        return httpx.Response(200, json=body)

    return FakeServer(default=answer)


def test_players_are_paged_until_total_count(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _players_server(650).default
    client = make_client()
    progress: list[PageProgress] = []
    ids = [player.id for player in client.iter_players(APP_ID, progress=progress.append)]
    assert ids == [f"p{i}" for i in range(650)]
    assert [(r.url.params["offset"], r.url.params["limit"]) for r in server.requests] == [
        ("0", "300"), ("300", "300"), ("600", "300")
    ]  # fmt: skip
    assert progress == [PageProgress(300, 650, 1), PageProgress(600, 650, 2), PageProgress(650, 650, 3)]


def test_exact_multiple_of_the_page_size_needs_no_extra_request(
    make_client: MakeClient, server: FakeServer
) -> None:
    server.default = _players_server(600).default
    assert len(list(make_client().iter_players(APP_ID))) == 600
    assert len(server.requests) == 2


def test_a_server_that_returns_less_than_asked_is_followed_to_total_count(
    make_client: MakeClient, server: FakeServer
) -> None:
    server.default = _players_server(120, cap=50).default
    assert len(list(make_client().iter_players(APP_ID))) == 120
    assert len(server.requests) == 3


def test_without_total_count_a_short_page_ends_the_list(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _players_server(310, report_total=False).default
    assert len(list(make_client().iter_players(APP_ID))) == 310
    assert len(server.requests) == 2


def test_an_empty_page_ends_the_list_even_if_total_count_promised_more(
    make_client: MakeClient, server: FakeServer
) -> None:
    server.reply(200, {"total_count": 500, "players": [{"id": "p0"}]})
    server.reply(200, {"total_count": 500, "players": []})
    assert [p.id for p in make_client().iter_players(APP_ID)] == ["p0"]
    assert len(server.requests) == 2


def test_max_items_stops_early(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _players_server(1000).default
    assert len(list(make_client().iter_players(APP_ID, max_items=310))) == 310
    assert [r.url.params["limit"] for r in server.requests] == ["300", "10"]


def test_cancel_between_pages(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _players_server(1000).default
    cancel = threading.Event()
    seen = []
    with pytest.raises(OperationCancelled):
        for player in make_client().iter_players(APP_ID, cancel=cancel):
            seen.append(player)
            if len(seen) == 300:
                cancel.set()
    assert len(seen) == 300 and len(server.requests) == 1


def test_a_callable_cancel_check_works_too(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _players_server(1000).default
    with pytest.raises(OperationCancelled):
        list(make_client().iter_players(APP_ID, cancel=lambda: True))
    assert server.requests == []


def _notifications_answer(total: int):  # type: ignore[no-untyped-def]
    def answer(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params["limit"])
        items = [{"id": f"n{i}"} for i in range(offset, min(total, offset + limit))]
        return httpx.Response(200, json={"total_count": total, "offset": offset, "notifications": items})

    return answer


def test_notifications_are_paged_50_at_a_time_with_kind(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _notifications_answer(120)
    client: OneSignalClient = make_client()
    ids = [n.id for n in client.iter_notifications(APP_ID, kind=1)]
    assert ids == [f"n{i}" for i in range(120)]
    sent = [(r.url.params["offset"], r.url.params["limit"], r.url.params["kind"]) for r in server.requests]
    assert sent == [("0", "50", "1"), ("50", "50", "1"), ("100", "50", "1")]
    with pytest.raises(ValueError):
        client.iter_notifications(APP_ID, page_size=51)


def test_notifications_by_time_cursor_follow_next_time_offset_until_an_empty_page(
    make_client: MakeClient, server: FakeServer
) -> None:
    server.reply(200, {"notifications": [{"id": "a"}, {"id": "b"}], "next_time_offset": "c1"})
    server.reply(200, {"notifications": [{"id": "c"}], "next_time_offset": "c2"})
    server.reply(200, {"notifications": [], "next_time_offset": "c3"})
    client: OneSignalClient = make_client()
    ids = [n.id for n in client.iter_notifications(APP_ID, time_offset="2025-01-01T00:00:00.000Z")]
    assert ids == ["a", "b", "c"]
    cursors = [r.url.params["time_offset"] for r in server.requests]
    assert cursors == ["2025-01-01T00:00:00.000Z", "c1", "c2"]
    assert all("offset" not in r.url.params for r in server.requests)


def test_pages_expose_offsets_for_a_lazily_filled_table(make_client: MakeClient, server: FakeServer) -> None:
    server.default = _players_server(400).default
    pages = list(make_client().iter_player_pages(APP_ID, page_size=200))
    assert [(page.offset, len(page.items), page.total_count) for page in pages] == [
        (0, 200, 400),
        (200, 200, 400),
    ]
    assert json.loads(server.requests[0].content or b"{}") == {}
