"""[permalinks] patterns: Hugo's and Jekyll's tokens give pages the URLs they had before."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from smo_gen.config.permalink_patterns import parse_permalinks
from smo_gen.content.page import Page
from smo_gen.content.page_parser import make_source_text, parse_page
from smo_gen.content.permalinks import apply_permalinks

UTC = dt.UTC


def page(text: str, rel_path: str) -> Page:
    source, problem = make_source_text(PurePosixPath(rel_path), f"content/{rel_path}", text.encode())
    assert source is not None and problem is None
    parsed, problems = parse_page(source, UTC, "en")
    assert parsed is not None, [str(p) for p in problems]
    return parsed


def urls(patterns: dict[str, str], *pages: Page) -> list[str]:
    done, problems = apply_permalinks(list(pages), patterns)
    assert problems == [], [str(p) for p in problems]
    return [p.url_path for p in done]


POST = (
    "---\ntitle: Hello, World 2.0\ndate: 2024-04-05T10:20:30Z\n"
    "slug: hello-2.0\ncategories: [Edge Case, Tips]\n---\nBody\n"
)


@pytest.mark.parametrize(
    ("pattern", "url_path"),
    [
        ("/:section/:year/:month/:day/:slug/", "/blog/2024/04/05/hello-2.0/"),  # Hugo, as the Kubernetes blog
        ("/:year/:i_month/:i_day/:filename/", "/2024/4/5/my-post/"),
        ("/:sections/:slugorfilename/", "/blog/hello-2.0/"),
        ("/:categories/:title/", "/edge case/tips/hello-2.0/"),  # Jekyll: lower-cased, spaces kept
        ("/:categories/:year/:month/:day/:title:output_ext", "/edge case/tips/2024/04/05/hello-2.0.html"),
        ("/:monthname/:short_year/:y_day/:slug", "/april/24/096/hello-2.0/"),
    ],
)
def test_tokens_expand_from_the_pages_date_names_and_categories(pattern: str, url_path: str) -> None:
    assert urls({"blog": pattern}, page(POST, "blog/my-post.md")) == [url_path]


def test_jekyll_title_is_the_file_name_without_its_date_and_keeps_case() -> None:
    post = page("---\ncategories: [Code]\n---\n", "_posts/2010-01-08-Post-Chat.md")
    assert urls({"_posts": "/:categories/:title/"}, post) == ["/code/Post-Chat/"]
    pretty = parse_permalinks({"_posts": "pretty"}, lambda key, message: None)
    assert urls(pretty, post) == ["/code/2010/01/08/Post-Chat/"]


def test_no_categories_leaves_no_empty_folder() -> None:
    assert urls({"_posts": "/:categories/:title/"}, page("Hi\n", "_posts/2010-01-08-post.md")) == ["/post/"]


def test_hugo_slug_falls_back_to_the_title() -> None:
    assert urls({"blog": "/:slug/"}, page("---\ntitle: Rust 1.38.0 is out\n---\n", "blog/x.md")) == [
        "/rust-1.38.0-is-out/"
    ]


def test_the_deepest_folder_wins_and_other_pages_keep_their_paths() -> None:
    patterns = {"blog": "/:year/:filename/", "blog/news": "/news/:filename/"}
    pages = [
        page("---\ndate: 2024-01-02\n---\n", "blog/a.md"),
        page("---\ndate: 2024-01-02\n---\n", "blog/news/b.md"),
        page("---\ndate: 2024-01-02\n---\n", "about.md"),
        page("---\ndate: 2024-01-02\nurl: /fixed/\n---\n", "blog/c.md"),
        page("---\ndate: 2024-01-02\n---\n", "blog/d/index.md"),
    ]
    assert urls(patterns, *pages) == ["/2024/a/", "/news/b/", "/about/", "/fixed/", "/2024/d/"]


def test_a_pages_own_pattern_wins() -> None:
    post = page("---\npermalink: /:year/:title/\ndate: 2020-02-02\n---\n", "_posts/2020-02-02-own.md")
    assert urls({"_posts": "/:categories/:title/"}, post) == ["/2020/own/"]


def test_a_page_without_date_keeps_its_path_with_a_warning() -> None:
    done, problems = apply_permalinks([page("Hi\n", "blog/x.md")], {"blog": "/:year/:slug/"})
    assert done[0].url_path == "/blog/x/"
    assert [str(p) for p in problems] == [
        (
            "warning: content/blog/x.md: has no date for ':year' in "
            "the permalink pattern '/:year/:slug/'; it stays at /blog/x/"
        )
    ]


def test_bad_patterns_are_named_with_the_known_tokens() -> None:
    found: list[tuple[str, str]] = []
    patterns = parse_permalinks(
        {"blog": "/:yaer/:slug/", "docs": "no-slash/:slug", "page": {"posts": "/:year/:slug/"}, "news": 3},
        lambda key, message: found.append((key, message)),
    )
    assert patterns == {"posts": "/:year/:slug/"}, "Hugo's [permalinks.page] is read as the same table"
    assert [key for key, _ in found] == ["blog", "docs", "news"]
    assert "':yaer' is not a permalink token (did you mean 'year'?)" in found[0][1]
