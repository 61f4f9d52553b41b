"""Section pages: a content folder with an `_index.md` (Hugo, Zola) gets a page at the folder's
URL that introduces it and lists the published pages below it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smo_gen.errors import BuildError
from tests.support.sites import SITE_TOML, build, clean_copy_build, png_bytes, tree_digest, write_site

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


def listed_titles(html: str) -> list[str]:
    return re.findall(r'<a class="u-url p-name" href="[^"]*">([^<]*)</a>', html)


def section_html(site: Path, url: str = "news") -> str:
    return (site / "public" / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", FILES)
    build(root)
    return root


def test_a_section_lists_the_published_pages_below_its_folder_newest_first(site: Path) -> None:
    html = section_html(site)
    assert listed_titles(html) == ["Summer hours", "Store opening"]  # nested folders too; no draft, no other page
    assert "<h1>Company news</h1>" in html
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
    with pytest.raises(BuildError) as raised:
        build(root)
    messages = [str(problem) for problem in raised.value.problems]
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
    intro = NEWS_INTRO.replace("title: Company news", "title: Company news\nimage: /images/news.png\nimage_alt: Our shop")
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
