"""Zola-style links between pages: `@/file.md` becomes the target page's path."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from smo_gen.content.internal_links import resolve_internal_links
from smo_gen.content.page import Page
from smo_gen.content.page_parser import make_source_text, parse_page
from tests.support.builders import make_page


def parse_ok(text: str, rel_path: str) -> Page:
    source, problem = make_source_text(PurePosixPath(rel_path), f"content/{rel_path}", text.encode())
    assert problem is None and source is not None
    page, problems = parse_page(source, dt.UTC, "en")
    assert page is not None and problems == [], problems
    return page


def test_links_to_source_files_become_page_paths() -> None:
    target = make_page(source_path="content/news/launch.md", url_path="/2026/launch/", digest="t")
    page = make_page(
        source_path="content/index-page.md",
        url_path="/home-page/",
        body_html='<p><a href="@/news/launch.md#specs">launch</a> <img src="@/missing.md" alt=""></p>',
        digest="p",
    )
    pages, problems = resolve_internal_links([target, page], PurePosixPath("content"), lambda path: "/blog" + path)
    assert pages[0] is target, "pages without such links are passed through untouched"
    assert pages[1].body_html == '<p><a href="/blog/2026/launch/#specs">launch</a> <img src="@/missing.md" alt=""></p>'
    assert pages[1].digest != "p", "the page now depends on the target's URL, so its digest changes"
    expected = (
        "warning: content/index-page.md: links to '@/missing.md', which is not a published page; "
        "the link is left as written"
    )
    assert [str(p) for p in problems] == [expected]


def test_parsing_notes_which_pages_hold_links_by_source_file() -> None:
    """Parsing records whether a body holds `@/` links, so the build skips every other body."""
    with_links = parse_ok("---\ntitle: A\n---\nSee [the launch](@/news/launch.md).\n", "a.md")
    without = parse_ok("---\ntitle: B\n---\nMail me@/nowhere or see `@/x.md` in code.\n", "b.md")
    target = parse_ok("---\ntitle: Launch\n---\nNews.\n", "news/launch.md")
    assert (with_links.source_links, without.source_links) == (True, False)

    pages, problems = resolve_internal_links([with_links, without, target], PurePosixPath("content"), lambda path: path)
    assert 'href="/news/launch/"' in pages[0].body_html
    assert pages[1] is without and pages[2] is target
    assert problems == []


def test_jekyll_and_hugo_links_find_pages_by_path_name_or_bundle() -> None:
    # Jekyll wrote '{{ "" | relative_url }}{% post_url x %}': the '/' before the marker goes.
    post = make_page(source_path="content/_posts/2020-01-02-hi.markdown", url_path="/2020/01/02/hi/", digest="a")
    bundle = make_page(source_path="content/blog/launch/index.md", url_path="/blog/launch/", digest="b")
    page = make_page(
        source_path="content/about.md",
        url_path="/about/",
        body_html=(
            '<a href="@@/_posts/2020-01-02-hi">1</a> <a href="@@/_posts/2020-01-02-hi.markdown">2</a> '
            '<a href="@@/blog/launch#top">3</a> <a href="/@@/launch/index.md">4</a> <a href="@@/nowhere.md">5</a>'
        ),
        digest="c",
    )
    pages, problems = resolve_internal_links([post, bundle, page], PurePosixPath("content"), lambda path: path)
    assert pages[2].body_html == (
        '<a href="/2020/01/02/hi/">1</a> <a href="/2020/01/02/hi/">2</a> '
        '<a href="/blog/launch/#top">3</a> <a href="/blog/launch/">4</a> <a href="@@/nowhere.md">5</a>'
    )
    assert [str(p) for p in problems] == [
        (
            "warning: content/about.md: links to '@@/nowhere.md', "
            "which is not a published page; the link is left as written"
        )
    ]


def test_a_name_that_fits_two_pages_links_to_the_first_and_says_so() -> None:
    first = make_page(source_path="content/a/notes.md", url_path="/a/notes/", digest="a")
    second = make_page(source_path="content/b/notes.md", url_path="/b/notes/", digest="b")
    page = make_page(source_path="content/x.md", url_path="/x/", body_html='<a href="@@/notes.md">n</a>', digest="c")
    pages, problems = resolve_internal_links([first, second, page], PurePosixPath("content"), lambda path: path)
    assert pages[2].body_html == '<a href="/a/notes/">n</a>'
    assert [str(p) for p in problems] == [
        (
            "warning: content/x.md: links to 'notes.md', "
            "which names 2 pages (a/notes.md, b/notes.md); it links to the first"
            " (write more of the path)"
        )
    ]
