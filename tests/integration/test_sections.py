"""Section pages: a content folder with an `_index.md` (Hugo, Zola) gets a page at the folder's
URL that introduces it and lists the published pages below it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.sites import (
    SITE_TOML,
    build,
    build_problems,
    clean_copy_build,
    listed_titles,
    png_bytes,
    tree_digest,
    write_and_build,
    write_site,
)

NEWS_INTRO = """
---
title: Company news
description: What is new at the Test Shop.
---
Everything we *announce*, newest first.
"""


def post(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nBody of {title}.\n"


FILES: dict[str, str | bytes] = {
    "content/news/_index.md": NEWS_INTRO,
    "content/news/opening.md": post("Store opening", "2026-03-01"),
    "content/news/2026/summer-hours.md": post("Summer hours", "2026-06-01"),
    "content/news/draft-plan.md": post("Secret plan", "2026-07-01", "draft: true\n"),
    "content/spring-sale.md": post("Spring sale", "2026-04-01"),
}


def section_html(site: Path, url: str = "news") -> str:
    return (site / "public" / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_and_build(tmp_path / "site", FILES)


def test_a_section_lists_the_published_pages_below_its_folder_newest_first(site: Path) -> None:
    html = section_html(site)
    assert listed_titles(html) == ["Summer hours", "Store opening"]  # folders that are no section too; no draft
    assert '<h1 id="page-title">Company news</h1>' in html
    assert "Everything we <em>announce</em>, newest first." in html


def test_a_section_page_has_its_share_tags_and_is_in_the_sitemap(site: Path) -> None:
    html = section_html(site)
    assert '<link rel="canonical" href="https://shop.example/news/">' in html
    assert '<meta property="og:title" content="Company news">' in html
    assert '<meta property="og:description" content="What is new at the Test Shop.">' in html
    assert "<loc>https://shop.example/news/</loc>" in (site / "public" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_section_builds_without_a_warning_and_its_pages_keep_their_urls(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", FILES)
    _, reporter = build(root)
    assert [str(problem) for problem in reporter.problems if "_index" in str(problem)] == []
    assert (root / "public/news/opening/index.html").is_file()
    assert (root / "public/news/2026/summer-hours/index.html").is_file()


def test_a_section_has_feeds_of_its_pages_and_links_them(site: Path) -> None:
    public = site / "public"
    rss = (public / "news/feed.xml").read_text(encoding="utf-8")
    assert re.findall(r"<item>\s*<title>([^<]*)</title>", rss) == ["Summer hours", "Store opening"]
    assert "<title>Test Shop: Company news</title>" in rss
    assert (public / "news/atom.xml").is_file() and (public / "news/feed.json").is_file()
    assert 'href="https://shop.example/news/feed.xml"' in section_html(site)


def test_section_feeds_can_be_turned_off(tmp_path: Path) -> None:
    site_toml = SITE_TOML.replace("[social]", "[feeds]\nper_section = false\n\n[social]")
    root = write_site(tmp_path / "site", FILES, site_toml=site_toml)
    build(root)
    assert not (root / "public/news/feed.xml").exists()
    assert "news/feed.xml" not in section_html(root)


def test_a_section_can_live_at_a_url_of_its_own(tmp_path: Path) -> None:
    intro = NEWS_INTRO.replace("title: Company news", "title: Company news\nurl: /latest/")
    root = write_site(tmp_path / "site", {**FILES, "content/news/_index.md": intro})
    build(root)
    assert listed_titles(section_html(root, "latest")) == ["Summer hours", "Store opening"]
    assert not (root / "public/news/index.html").exists()


def test_a_page_at_the_sections_url_is_a_clash(tmp_path: Path) -> None:
    clashing = post("Newsroom", "2026-05-01", "url: /news/\n")
    root = write_site(tmp_path / "site", {**FILES, "content/newsroom.md": clashing})
    messages = build_problems(root)
    assert any("content/news/_index.md" in text and "content/newsroom.md" in text for text in messages), messages


def test_a_section_without_a_default_image_gets_a_card_of_its_own(tmp_path: Path) -> None:
    site_toml = SITE_TOML.replace('default_image = "images/default.png"\n', "").replace(
        'default_image_alt = "The Test Shop logo"\n', ""
    )
    root = write_site(tmp_path / "site", FILES, site_toml=site_toml)
    build(root)
    image = re.search(r'<meta property="og:image" content="([^"]*)">', section_html(root))
    assert image is not None and image[1].startswith("https://shop.example/cards/news.")


def test_a_section_with_an_image_of_its_own_shares_it(tmp_path: Path) -> None:
    intro = NEWS_INTRO.replace(
        "title: Company news", "title: Company news\nimage: /images/news.png\nimage_alt: Our shop"
    )
    files = {**FILES, "content/news/_index.md": intro, "static/images/news.png": png_bytes(1200, 630)}
    root = write_site(tmp_path / "site", files)
    build(root)
    html = section_html(root)
    assert '<meta property="og:image" content="https://shop.example/images/news.png">' in html


def test_editing_a_page_of_the_section_updates_it_as_a_clean_build_would(site: Path, tmp_path: Path) -> None:
    (site / "content/news/opening.md").write_text(post("Grand store opening", "2026-03-01"), encoding="utf-8")
    build(site)
    assert listed_titles(section_html(site)) == ["Summer hours", "Grand store opening"]
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_removing_the_index_file_removes_the_section_page(site: Path, tmp_path: Path) -> None:
    (site / "content/news/_index.md").unlink()
    build(site)
    assert not (site / "public/news/index.html").exists()
    assert (site / "public/news/opening/index.html").is_file()
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


def test_a_changed_introduction_renders_the_section_page_again_and_nothing_else(site: Path, tmp_path: Path) -> None:
    write_site(site, {"content/news/_index.md": NEWS_INTRO.replace("newest first", "latest first")}, site_toml=None)
    summary, _ = build(site)
    assert summary.rendered == 1
    assert "latest first" in section_html(site)
    assert tree_digest(site / "public") == clean_copy_build(site, tmp_path / "fresh")


NESTED: dict[str, str | bytes] = {
    **FILES,
    "content/news/team/_index.md": "---\ntitle: Team blog\n---\n",
    "content/news/team/hello.md": post("Hello from the team", "2026-08-01"),
    "content/news/team/deep/bye.md": post("Bye from the team", "2026-08-02"),
}


def rss_titles(path: Path) -> list[str]:
    return re.findall(r"<item>\s*<title>([^<]*)</title>", path.read_text(encoding="utf-8"))


def test_a_nested_section_keeps_its_pages_to_itself_and_the_home_page_lists_the_roots_own(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", NESTED)
    build(root)
    assert listed_titles(section_html(root, "news/team")) == ["Bye from the team", "Hello from the team"]
    assert listed_titles(section_html(root)) == ["Summer hours", "Store opening"]
    # As Zola's root section: only the pages outside every section.
    assert listed_titles((root / "public/index.html").read_text(encoding="utf-8")) == ["Spring sale"]
    assert rss_titles(root / "public/feed.xml") == ["Spring sale"]
    assert rss_titles(root / "public/news/feed.xml") == ["Summer hours", "Store opening"]
    # Every page is still built, tagged and in the sitemap.
    assert "<loc>https://shop.example/news/team/hello/</loc>" in (root / "public/sitemap.xml").read_text(
        encoding="utf-8"
    )


def test_a_transparent_section_passes_its_pages_up(tmp_path: Path) -> None:
    files = {**NESTED, "content/news/team/_index.md": "---\ntitle: Team blog\ntransparent: true\n---\n"}
    files["content/news/_index.md"] = NEWS_INTRO.replace(
        "title: Company news", "title: Company news\ntransparent: true"
    )
    root = write_site(tmp_path / "site", files)
    build(root)
    assert listed_titles(section_html(root, "news/team")) == ["Bye from the team", "Hello from the team"]
    assert listed_titles(section_html(root)) == [
        "Bye from the team",
        "Hello from the team",
        "Summer hours",
        "Store opening",
    ]
    home = listed_titles((root / "public/index.html").read_text(encoding="utf-8"))
    assert home == ["Bye from the team", "Hello from the team", "Summer hours", "Spring sale", "Store opening"]


def test_a_home_page_without_dated_pages_of_its_own_lists_every_page(tmp_path: Path) -> None:
    files = {key: value for key, value in NESTED.items() if key != "content/spring-sale.md"}
    files["content/about.md"] = "---\ntitle: About us\n---\nWho we are.\n"
    root = write_site(tmp_path / "site", files)
    build(root)
    assert rss_titles(root / "public/feed.xml") == [
        "Bye from the team",
        "Hello from the team",
        "Summer hours",
        "Store opening",
    ]


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ("date", ["Summer hours", "Store opening", "Autumn deals"]),
        ("title", ["Autumn deals", "Store opening", "Summer hours"]),
        ("weight", ["Summer hours", "Store opening", "Autumn deals"]),
        ("permalink", ["Summer hours", "Autumn deals", "Store opening"]),
        ("update_date", ["Store opening", "Summer hours", "Autumn deals"]),
    ],
)
def test_a_section_lists_its_pages_in_the_order_it_asks_for(tmp_path: Path, sort_by: str, expected: list[str]) -> None:
    files = {
        **FILES,
        "content/news/_index.md": NEWS_INTRO.replace("title: Company news", f"title: Company news\nsort_by: {sort_by}"),
        "content/news/opening.md": post("Store opening", "2026-03-01", "weight: 2\nlastmod: 2026-09-01\n"),
        "content/news/2026/summer-hours.md": post("Summer hours", "2026-06-01", "weight: 1\n"),
        "content/news/autumn.md": "---\ntitle: Autumn deals\n---\nNo date, no weight.\n",
    }
    root = write_site(tmp_path / "site", files)
    build(root)
    assert listed_titles(section_html(root)) == expected
    assert rss_titles(root / "public/news/feed.xml") == ["Summer hours", "Store opening"]  # feeds stay newest first


def test_an_unknown_order_is_an_error_with_the_known_ones(tmp_path: Path) -> None:
    intro = NEWS_INTRO.replace("title: Company news", "title: Company news\nsort_by: dates")
    root = write_site(tmp_path / "site", {**FILES, "content/news/_index.md": intro})
    messages = build_problems(root)
    assert (
        "content/news/_index.md:3: front matter: 'sort_by': "
        "'dates' is not an order smo-gen knows (did you mean 'date'?)" in messages
    )


def test_a_section_uses_its_template_or_says_the_theme_has_none(tmp_path: Path) -> None:
    intro = NEWS_INTRO.replace(
        "title: Company news", "title: Company news\ntemplate: newsroom.html\npage_template: story"
    )
    files = {
        **FILES,
        "content/news/_index.md": intro,
        "templates/newsroom.html": "NEWSROOM {{ section.title }}: {{ pages | length }}",
        "templates/story.html": "STORY {{ page.title }}",
    }
    root = write_site(tmp_path / "site", files)
    _, reporter = build(root)
    assert section_html(root) == "NEWSROOM Company news: 2"
    assert (root / "public/news/opening/index.html").read_text(encoding="utf-8") == "STORY Store opening"
    assert (root / "public/spring-sale/index.html").read_text(encoding="utf-8") != "STORY Spring sale"
    (root / "templates/newsroom.html").unlink()
    _, reporter = build(root)
    assert '<h1 id="page-title">Company news</h1>' in section_html(root)
    warnings = [str(problem) for problem in reporter.problems]
    assert (
        "warning: content/news/_index.md:3: front matter: 'template': "
        "template 'newsroom.html' is not in the theme; section.html is used instead"
    ) in warnings


def test_section_keys_smo_gen_does_not_use_are_named(tmp_path: Path) -> None:
    intro = NEWS_INTRO.replace("title: Company news", "title: Company news\ninsert_anchor_links: left\nrender: false")
    root = write_site(tmp_path / "site", {**FILES, "content/news/_index.md": intro})
    _, reporter = build(root)
    warnings = [str(problem) for problem in reporter.problems]
    assert any(
        "content/news/_index.md:3: front matter: 'insert_anchor_links': is a section setting smo-gen does not use" in w
        for w in warnings
    ), warnings
    assert any("content/news/_index.md:4: front matter: 'render'" in w for w in warnings), warnings


def test_a_section_can_turn_its_feeds_off(tmp_path: Path) -> None:
    intro = NEWS_INTRO.replace("title: Company news", "title: Company news\ngenerate_feeds: false")
    root = write_site(tmp_path / "site", {**FILES, "content/news/_index.md": intro})
    build(root)
    assert not (root / "public/news/feed.xml").exists()
