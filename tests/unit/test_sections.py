"""Which pages a section lists and in what order (smo_gen.site.sections)."""

from __future__ import annotations

import datetime as dt

from smo_gen.content.page import Page
from smo_gen.site.sections import (
    SectionSettings,
    apply_page_templates,
    own_pages,
    parse_section_settings,
    sort_pages,
)
from tests.support.builders import make_page


def page(path: str, title: str = "", day: int | None = None, weight: int | None = None) -> Page:
    date = dt.datetime(2026, 1, day, tzinfo=dt.UTC) if day else None
    name = path.rsplit("/", 1)[-1].removesuffix(".md")
    return make_page(source_path=path, slug=name, title=title or name, date=date, weight=weight)


def intro(params: dict[str, object]) -> Page:
    """content/news/_index.md, its `params` on lines 2, 3, …"""
    path = "content/news/_index.md"
    lines = {key: number for number, key in enumerate(params, start=2)}
    return make_page(source_path=path, slug="news", title="News", date=None, params=params, key_lines=lines)


def test_pages_belong_to_the_nearest_section_and_transparent_ones_pass_them_up() -> None:
    pages = [
        page("content/a.md", day=1),
        page("content/news/b.md", day=2),
        page("content/news/x/c.md", day=3),
        page("content/news/team/d.md", day=4),
        page("content/news/team/e/f.md", day=5),
    ]
    folders = {"content/news/": SectionSettings(), "content/news/team/": SectionSettings(transparent=True)}
    members = own_pages("content/", folders, pages)
    assert [p.slug for p in members["content/"]] == ["a"]
    assert [p.slug for p in members["content/news/"]] == ["f", "d", "c", "b"]
    assert [p.slug for p in members["content/news/team/"]] == ["f", "d"]


def test_orders_follow_zola_and_pages_without_the_value_come_last() -> None:
    pages = [
        page("content/b.md", "Rust 1.10", day=1, weight=2),
        page("content/a.md", "rust 1.9", day=2),
        page("content/c.md", "Alpha", weight=1),
    ]
    assert [p.title for p in sort_pages(pages, "title")] == ["Alpha", "rust 1.9", "Rust 1.10"]
    assert [p.title for p in sort_pages(pages, "weight")] == ["Alpha", "Rust 1.10", "rust 1.9"]
    assert [p.title for p in sort_pages(pages, "date")] == ["rust 1.9", "Rust 1.10", "Alpha"]
    assert [p.title for p in sort_pages(pages, "permalink")] == ["rust 1.9", "Rust 1.10", "Alpha"]
    assert [p.title for p in sort_pages(pages, "none")] == ["rust 1.9", "Rust 1.10", "Alpha"]


def test_settings_are_read_and_wrong_values_located() -> None:
    settings, problems = parse_section_settings(intro({"sort_by": "weight", "paginate_by": 5, "transparent": True}))
    assert settings == SectionSettings(sort_by="weight", paginate_by=5, transparent=True)
    assert problems == []
    _, problems = parse_section_settings(intro({"sort_by": "titel", "paginate_by": "ten", "render": False}))
    assert [str(problem) for problem in problems] == [
        (
            "content/news/_index.md:2: front matter: 'sort_by': "
            "'titel' is not an order smo-gen knows (did you mean 'title'?)"
        ),
        (
            "content/news/_index.md:3: front matter: 'paginate_by': "
            "expected a whole number of pages per list page (0 for one list), got 'ten'"
        ),
        (
            "warning: content/news/_index.md:4: front matter: 'render': "
            "is a section setting smo-gen does not use: the section page is built anyway"
        ),
    ]


def test_a_page_takes_the_page_template_of_the_nearest_section_above_that_names_one() -> None:
    pages = [page("content/a.md"), page("content/news/b.md"), page("content/news/team/c.md"), page("content/docs/d.md")]
    templates = {
        "content/": "root.html",
        "content/news/": "story.html",
        "content/news/team/": None,
        "content/docs/": None,
    }
    assert [p.template for p in apply_page_templates(templates, pages)] == [
        "root.html",
        "story.html",
        "story.html",
        "root.html",
    ]
