"""A site brought from Hugo, Jekyll or Zola keeps its URLs: permalinks, dotted paths, redirects."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.errors import BuildError
from tests.support.sites import SITE_TOML, build, write_site
from tests.support.validators import validate_html


def site_with(tmp_path: Path, content: dict[str, str | bytes], settings: str = "") -> Path:
    """Write a site whose site.toml adds `settings` (top-level keys first) to the usual one."""
    return write_site(tmp_path / "site", {"site.toml": settings + "\n" + SITE_TOML, **content})


def build_with(tmp_path: Path, settings: str, content: dict[str, str | bytes]) -> Path:
    """Build a site whose site.toml ends with the tables of `settings`; return its output folder."""
    root = write_site(tmp_path / "site", {"site.toml": SITE_TOML + "\n" + settings, **content})
    build(root)
    return root / "public"


def assert_pages(public: Path, *pages: str) -> None:
    """Each of `pages` was written in `public`."""
    for page in pages:
        assert (public / page).is_file(), f"{page} is missing"


def test_a_migrated_blog_keeps_every_url_it_had(tmp_path: Path) -> None:
    public = build_with(
        tmp_path,
        '[permalinks]\nblog = "/:section/:year/:month/:day/:slug/"\n_posts = "/:categories/:title/"\n',
        {
            # Hugo: a blank line before the front matter, the URL from 'slug' and the date.
            "content/blog/_index.md": "---\ntitle: Blog\naliases: [/news/]\n---\n",
            "content/blog/2024/launch/index.md": "\n---\ntitle: Launch\ndate: 2024-04-05\n"
            "slug: launch-1.0\n---\nBody.\n",
            # Jekyll: categories and the file name; an odd but valid date; redirect_from.
            "content/_posts/2023-01-29-Big-News.md": (
                "---\ncategories: [Edge Case]\ndate: 2023-01-29 18:30:22 2023 -0800\n"
                "redirect_from: [/old-news/]\n---\nBody.\n"
            ),
            # Zola: a path and an alias with dots.
            "content/rust-1.38.md": '+++\npath = "2019/09/26/Rust-1.38.0"\naliases = ["releases/1.38.0"]\n+++\nBody.\n',
        },
    )
    assert_pages(
        public,
        "blog/2024/04/05/launch-1.0/index.html",
        "edge case/Big-News/index.html",
        "2019/09/26/Rust-1.38.0/index.html",
    )
    for alias, target in [
        ("releases/1.38.0/index.html", "/2019/09/26/Rust-1.38.0/"),
        ("old-news/index.html", "/edge%20case/Big-News/"),
        ("news/index.html", "/blog/"),
    ]:
        assert target in (public / alias).read_text(encoding="utf-8"), f"{alias} should redirect to {target}"
    assert not (public / "2019/09/26/Rust-1.38.0").is_file(), "a dotted name is a folder, not a file"


def test_a_url_with_a_space_is_linked_percent_encoded_everywhere(tmp_path: Path) -> None:
    # Jekyll's ':categories' keeps a category's space in the folder name; every link to the page
    # must carry it as '%20' (a raw space in an href is invalid HTML and breaks in some readers).
    public = build_with(
        tmp_path,
        '[permalinks]\n_posts = "/:categories/:title/"\n',
        {"content/_posts/2023-01-29-big-news.md": "---\ntitle: Big news\ncategories: [Edge Case]\n---\nBody.\n"},
    )
    assert (public / "edge case/big-news/index.html").is_file()
    home = (public / "index.html").read_text(encoding="utf-8")
    assert 'href="/edge%20case/big-news/"' in home
    assert "/edge case/" not in home
    errors = validate_html([public / "index.html", public / "categories/edge-case/index.html"])
    assert not errors, "\n".join(map(str, errors))


def test_jekyll_posts_keep_jekylls_default_urls_with_a_minimal_site_toml(tmp_path: Path) -> None:
    public = build_with(
        tmp_path,
        "",
        {
            "content/_posts/2024-01-02-hello.md": "---\ntitle: Hello\ncategories: [News]\n---\nBody.\n",
            "content/_posts/2024-01-03-plain.md": "---\ntitle: Plain\n---\nBody.\n",
            "content/_posts/2024-01-04-own.md": "---\ntitle: Own\npermalink: /own/\n---\nBody.\n",
        },
    )
    assert_pages(public, "news/2024/01/02/hello.html", "2024/01/03/plain.html", "own/index.html")
    named = build_with(
        tmp_path / "named",
        '[permalinks]\n_posts = "/blog/:title/"\n',
        {"content/_posts/2024-01-03-plain.md": "---\ntitle: P\n---\nB\n"},
    )
    assert (named / "blog/plain/index.html").is_file()


def test_zolas_slugify_paths_on_makes_dashes_of_dots_in_names_from_files(tmp_path: Path) -> None:
    root = site_with(
        tmp_path,
        {
            "content/news/_index.md": '+++\ntitle = "News"\n+++\n',
            "content/news/0.80.0-relnotes.md": '+++\ntitle = "Notes"\ndate = 2024-01-02\n+++\nBody.\n',
            "content/news/v1.2/index.md": '+++\ntitle = "Bundle"\ndate = 2024-01-03\n+++\nBody.\n',
            "content/news/kept.md": '+++\ntitle = "Kept"\npath = "2019/09/26/Rust-1.38.0"\n+++\nBody.\n',
        },
        'slugify_paths = "on"',
    )
    build(root)
    public = root / "public"
    assert_pages(public, "news/0-80-0-relnotes/index.html", "news/v1-2/index.html", "2019/09/26/Rust-1.38.0/index.html")
    assert not (public / "news/0.80.0-relnotes").exists()


def test_feeds_take_the_names_the_site_gives_them(tmp_path: Path) -> None:
    public = build_with(
        tmp_path,
        '[feeds]\nrss_file = "index.xml"\natom_file = "feed.atom"\n',
        {
            "content/news/_index.md": "---\ntitle: News\n---\n",
            "content/news/hello.md": "---\ntitle: Hello\ndate: 2026-01-02\ntags: [launch]\n---\nBody.\n",
        },
    )
    for folder in ["", "news/", "tags/launch/"]:
        assert (public / folder / "index.xml").is_file(), f"no RSS feed at /{folder}index.xml"
        assert (public / folder / "feed.atom").is_file(), f"no Atom feed at /{folder}feed.atom"
        assert not (public / folder / "feed.xml").exists()
    home = (public / "index.html").read_text(encoding="utf-8")
    assert 'href="https://shop.example/index.xml"' in home or 'href="/index.xml"' in home
    rss = (public / "index.xml").read_text(encoding="utf-8")
    assert "https://shop.example/index.xml" in rss, "the feed names its own address"


def test_jekyll_pages_at_paths_smo_gen_writes_give_way_with_a_warning(tmp_path: Path) -> None:
    root = site_with(
        tmp_path,
        {
            "content/_pages/home.md": "---\npermalink: /\ntitle: Welcome home\n"
            "layout: home\n---\nHello from the home page.\n",
            "content/_pages/404.md": "---\npermalink: /404.html\ntitle: Lost\n---\nNot here.\n",
            "content/_pages/tags.md": "---\npermalink: /tags/\ntitle: Tags\n---\n",
            "content/post.md": "---\ntitle: Post\ndate: 2026-01-02\ntags: [cars]\n---\nBody.\n",
        },
    )
    _, reporter = build(root)
    home = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "Hello from the home page." in home, "a page at '/' introduces the home page"
    assert [str(problem) for problem in reporter.problems] == [
        (
            "warning: content/_pages/404.md:2: front matter: 'url': "
            "'/404.html' is the 404 page, which smo-gen writes itself; "
            "this page is left out (give it another 'url' to keep it)"
        ),
        (
            "warning: content/_pages/tags.md:2: front matter: 'url': takes the place of the tag index at '/tags/': "
            "the generated list is left out, its feeds stay (give the page another 'url' to keep both)"
        ),
    ]


def test_a_site_whose_content_is_its_own_folder_never_reads_back_its_output(tmp_path: Path) -> None:
    # As a Jekyll site is laid out: posts, pages and site.toml side by side.
    root = site_with(
        tmp_path,
        {
            "_posts/2026-01-02-hello.md": "---\ntitle: Hello\n---\nBody.\n",
            "_layouts/default.html": "<html>{{ content }}</html>",
            "Gemfile": "source 'https://rubygems.org'",
            "websub.json": "{}",
        },
        'content_dir = "."\nignored_content = ["_layouts", "Gemfile*"]',
    )
    build(root)
    build(root)
    public = root / "public"
    assert (public / "2026/01/02/hello.html").is_file()  # Jekyll's default URL for a post
    for left_out in ["public", ".smo-cache", "site.toml", "websub.json", "_layouts", "Gemfile"]:
        assert not (public / left_out).exists(), f"{left_out} should not be published"


def test_an_unreadable_date_fails_its_page_and_every_other_problem_is_still_reported(tmp_path: Path) -> None:
    root = site_with(
        tmp_path,
        {
            "content/a.md": "---\ntitle: A\ndate: next friday\n---\nBody.\n",
            "content/b.md": "---\ntitle: B\n\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nBody.\n",
            "content/c.md": "---\ntitle: C\nlastmod: 01/05/2026\n---\nBody.\n",
            "content/d.md": "---\ntitle: [unclosed\n---\nBody.\n",
        },
    )
    with pytest.raises(BuildError) as caught:
        build(root)
    messages = [str(problem) for problem in caught.value.problems]
    assert messages[0].startswith("content/a.md:3: front matter: 'date': 'next friday' is not a date")
    assert messages[1].startswith("content/c.md:3: front matter: 'lastmod': '01/05/2026' is not a date")
    assert messages[2].startswith("content/d.md:2: front matter: the list opened with '[' on this line is never closed")
    assert len(messages) == 3, "b.md's date is valid for Jekyll, so it is read"


def test_a_minimal_site_toml_beside_a_jekyll_or_hugo_config_says_the_urls_will_differ(tmp_path: Path) -> None:
    post = {"content/_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\nBody.\n"}
    root = site_with(tmp_path, {**post, "_config.yml": "title: A\npermalink: /:title/\n"})
    _, reporter = build(root)
    warnings = [str(problem) for problem in reporter.problems]
    assert any(
        "site.toml: permalinks: _config.yml gives pages URL patterns that site.toml lacks" in line
        and "smo-gen import jekyll . --force" in line
        for line in warnings
    ), warnings
    # The author's own [permalinks] entry for the folder says they chose: no warning.
    chosen = write_site(
        tmp_path / "chosen",
        {
            "site.toml": SITE_TOML + '\n[permalinks]\n_posts = "/:title/"\n',
            **post,
            "_config.yml": "permalink: /:title/\n",
        },
    )
    _, reporter = build(chosen)
    assert not any("URL patterns" in str(problem) for problem in reporter.problems)
    assert (chosen / "public/hello/index.html").is_file()
    hugo = site_with(
        tmp_path / "hugo",
        {
            "content/blog/a.md": "---\ntitle: A\n---\nB\n",
            "hugo.toml": 'baseURL = "https://a.example/"\n[permalinks]\nblog = "/:slug/"\n',
        },
    )
    _, reporter = build(hugo)
    assert any("hugo.toml gives pages URL patterns" in str(problem) for problem in reporter.problems)
