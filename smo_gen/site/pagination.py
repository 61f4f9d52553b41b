"""Long lists split into pages, as Zola and Hugo split them: `/news/`, `/news/page/2/`, ...

The first page stays at the list's own URL; `page/1/` redirects to it. Pure: the lists were
decided before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smo_gen.content.page import Page

PAGE_FOLDER = "page"


@dataclass(frozen=True)
class Pager:
    """One page of a list: which pages it shows and where its neighbours are (site paths)."""

    list_path: str  # the list's own URL path: "/news/"
    number: int  # 1 for the first page
    total: int  # how many pages the list has (1 when it is not split)
    pages: tuple[Page, ...]

    @property
    def url_path(self) -> str:
        return pager_path(self.list_path, self.number)

    @property
    def prev_path(self) -> str | None:
        return pager_path(self.list_path, self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return pager_path(self.list_path, self.number + 1) if self.number < self.total else None


def pager_path(list_path: str, number: int) -> str:
    """Where page `number` of the list at `list_path` lives: the list itself for the first."""
    return list_path if number == 1 else f"{list_path}{PAGE_FOLDER}/{number}/"


def first_page_alias(list_path: str) -> str:
    """`page/1/` of a list: a redirect to the list itself."""
    return f"{list_path}{PAGE_FOLDER}/1/"


def paginate(list_path: str, pages: Sequence[Page], per_page: int, reverse: bool = False) -> tuple[Pager, ...]:
    """The list's pages of `per_page` entries each (one page holding all when `per_page` is 0).

    `reverse` turns the list around first (Zola's `paginate_reversed`).
    """
    ordered = tuple(reversed(pages)) if reverse else tuple(pages)
    if per_page <= 0 or len(ordered) <= per_page:
        return (Pager(list_path, 1, 1, ordered),)
    chunks = [ordered[start : start + per_page] for start in range(0, len(ordered), per_page)]
    return tuple(Pager(list_path, number, len(chunks), chunk) for number, chunk in enumerate(chunks, start=1))


def later_pager_paths(list_path: str, count: int, per_page: int) -> list[str]:
    """The paths a list of `count` pages adds besides its own: `page/1/` (a redirect) and the
    pages after the first. None when the list fits on one page."""
    if per_page <= 0 or count <= per_page:
        return []
    total = -(-count // per_page)
    return [first_page_alias(list_path), *(pager_path(list_path, number) for number in range(2, total + 1))]
