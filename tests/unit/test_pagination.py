"""Lists split into pages (smo_gen.site.pagination)."""

from __future__ import annotations

from smo_gen.content.page import Page
from smo_gen.site.pagination import later_pager_paths, paginate
from tests.support.builders import make_page


def pages(count: int) -> list[Page]:
    return [make_page(slug=f"p{n}", title=f"P{n}", date=None) for n in range(count)]


def test_a_list_is_split_with_the_first_page_at_the_lists_own_url() -> None:
    pagers = paginate("/news/", pages(5), 2)
    assert [(p.url_path, [x.slug for x in p.pages]) for p in pagers] == [
        ("/news/", ["p0", "p1"]),
        ("/news/page/2/", ["p2", "p3"]),
        ("/news/page/3/", ["p4"]),
    ]
    assert (pagers[0].prev_path, pagers[0].next_path) == (None, "/news/page/2/")
    assert (pagers[1].prev_path, pagers[1].next_path) == ("/news/", "/news/page/3/")
    assert (pagers[2].number, pagers[2].total, pagers[2].next_path) == (3, 3, None)


def test_a_list_that_fits_or_is_not_split_is_one_page() -> None:
    assert [len(p.pages) for p in paginate("/", pages(5), 0)] == [5]
    assert [len(p.pages) for p in paginate("/", pages(5), 5)] == [5]
    assert later_pager_paths("/", 5, 5) == []


def test_reversed_lists_start_from_the_end_and_later_paths_include_the_page_1_redirect() -> None:
    assert [x.slug for x in paginate("/", pages(3), 2, reverse=True)[0].pages] == ["p2", "p1"]
    assert later_pager_paths("/tags/x/", 5, 2) == ["/tags/x/page/1/", "/tags/x/page/2/", "/tags/x/page/3/"]
