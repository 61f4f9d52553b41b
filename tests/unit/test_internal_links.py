"""Zola-style links between pages: `@/file.md` becomes the target page's path."""

from __future__ import annotations

from pathlib import PurePosixPath

from smo_gen.internal_links import resolve_internal_links
from tests.support.builders import build_page


def test_links_to_source_files_become_page_paths() -> None:
    target = build_page(source_path="content/news/launch.md", url_path="/2026/launch/", digest="t")
    page = build_page(
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
