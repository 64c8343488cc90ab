"""Page through lists that OneSignal serves in slices (notifications, players).

The pagers stop at ``total_count`` (or at an empty or short page when the server gives no total), check
for cancellation before every page, and report progress after every page. They are generic over a
``fetch`` function so the client, tests and the console's models can all reuse them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from onesignal_desktop.api._cancel import CancelCheck, check_cancelled

__all__ = ["Page", "PageProgress", "ProgressCallback", "iter_cursor_pages", "iter_offset_pages"]

ItemT = TypeVar("ItemT")


@dataclass(frozen=True, slots=True)
class PageProgress:
    """After each page: items fetched so far, the total when the server said, pages fetched."""

    fetched: int
    total: int | None
    pages: int


ProgressCallback = Callable[[PageProgress], None]


@dataclass(frozen=True, slots=True)
class Page(Generic[ItemT]):
    items: Sequence[ItemT]
    offset: int
    total_count: int | None
    next_cursor: str | None = None


def iter_offset_pages(
    fetch: Callable[[int, int], tuple[Sequence[ItemT], int | None]],
    *,
    page_size: int,
    operation: str,
    start_offset: int = 0,
    max_items: int | None = None,
    cancel: CancelCheck = None,
    progress: ProgressCallback | None = None,
) -> Iterator[Page[ItemT]]:
    """Pages from ``fetch(offset, limit) -> (items, total_count)`` until the list is exhausted."""
    offset = start_offset
    fetched = 0
    pages = 0
    while max_items is None or fetched < max_items:
        check_cancelled(cancel, operation)
        limit = page_size if max_items is None else min(page_size, max_items - fetched)
        items, total = fetch(offset, limit)
        if max_items is not None and len(items) > max_items - fetched:
            items = items[: max_items - fetched]
        pages += 1
        fetched += len(items)
        if progress is not None:
            progress(PageProgress(fetched, total, pages))
        if items:
            yield Page(items, offset, total)
        offset += len(items)
        if not items:
            return
        if total is not None:
            if offset >= total:
                return
        elif len(items) < limit:
            return


def iter_cursor_pages(
    fetch: Callable[[str], tuple[Sequence[ItemT], str | None, int | None]],
    *,
    start_cursor: str,
    operation: str,
    max_items: int | None = None,
    cancel: CancelCheck = None,
    progress: ProgressCallback | None = None,
) -> Iterator[Page[ItemT]]:
    """Pages from ``fetch(cursor) -> (items, next_cursor, total_count)`` until an empty page or no cursor."""
    cursor = start_cursor
    fetched = 0
    pages = 0
    while max_items is None or fetched < max_items:
        check_cancelled(cancel, operation)
        items, next_cursor, total = fetch(cursor)
        if max_items is not None and len(items) > max_items - fetched:
            items = items[: max_items - fetched]
        pages += 1
        fetched += len(items)
        if progress is not None:
            progress(PageProgress(fetched, total, pages))
        if not items:
            return
        yield Page(items, fetched - len(items), total, next_cursor)
        if not next_cursor or next_cursor == cursor:
            return
        cursor = next_cursor
