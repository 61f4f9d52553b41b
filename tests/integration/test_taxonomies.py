"""Categories: a second taxonomy beside tags, with pages, an index and feeds (Hugo, Jekyll, Zola)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.sites import SITE_TOML, build, listed_titles, read_output, write_and_build, write_site

FILES: dict[str, str | bytes] = {
    "content/launch.md": "---\ntitle: Launch\ndate: 2026-03-01\ncategories: "
    "[Product News, Cars]\ntags: [cars]\n---\nBody.\n",
    "content/jekyll.md": "---\ntitle: Jekyll post\ndate: 2026-03-02\ncategories: cars reviews\n---\nBody.\n",
    "content/single.md": "---\ntitle: Single\ndate: 2026-03-03\ncategory: Reviews\n---\nBody.\n",
    "content/zola.md": '+++\ntitle = "Zola post"\ndate = 2026-03-04\n'
    '[taxonomies]\ncategories = ["Product News"]\n+++\nBody.\n',
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_and_build(tmp_path / "site", FILES)


def test_each_category_has_a_page_and_feeds_and_the_index_lists_them(site: Path) -> None:
    assert listed_titles(read_output(site, "categories/product-news/index.html")) == ["Zola post", "Launch"]
    assert listed_titles(read_output(site, "categories/cars/index.html")) == [
        "Jekyll post",
        "Launch",
    ]  # Jekyll splits at spaces
    assert listed_titles(read_output(site, "categories/reviews/index.html")) == ["Single", "Jekyll post"]
    assert '<h1 id="page-title">Category “Product News”</h1>' in read_output(site, "categories/product-news/index.html")
    rss = read_output(site, "categories/product-news/feed.xml")
    assert re.findall(r"<item>\s*<title>([^<]*)</title>", rss) == ["Zola post", "Launch"]
    index = read_output(site, "categories/index.html")
    assert '<h1 id="page-title">Categories</h1>' in index and 'href="/categories/reviews/"' in index
    assert listed_titles(read_output(site, "tags/cars/index.html")) == ["Launch"]  # tags stay apart


def test_a_page_shows_and_shares_its_categories(site: Path) -> None:
    html = read_output(site, "launch/index.html")
    assert '<a class="p-category" href="/categories/product-news/">Product News</a>' in html
    assert '<meta property="article:section" content="Product News">' in html
    assert '"articleSection":["Product News","Cars"]' in html


def test_categories_are_in_the_manifest_and_sitemap(site: Path) -> None:
    manifest = json.loads(read_output(site, "manifest.json"))
    assert {page["title"]: page["categories"] for page in manifest["pages"]}["Launch"] == ["Product News", "Cars"]
    assert "<loc>https://shop.example/categories/cars/</loc>" in read_output(site, "sitemap.xml")


def test_category_feeds_can_be_turned_off(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", FILES, site_toml=SITE_TOML.replace("[social]", "[feeds]\nper_category = false\n\n[social]")
    )
    build(root)
    assert (root / "public/categories/cars/index.html").is_file()
    assert not (root / "public/categories/cars/feed.xml").exists()


def test_a_site_without_categories_has_no_category_pages(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"content/a.md": "---\ntitle: A\ndate: 2026-03-01\n---\nBody.\n"})
    build(root)
    assert not (root / "public/categories").exists()


def test_an_archive_page_of_the_sites_own_takes_the_index_url(tmp_path: Path) -> None:
    archive = "---\ntitle: All categories\npermalink: /categories/\n---\nBy category.\n"
    root = write_site(tmp_path / "site", {**FILES, "content/category-archive.md": archive})
    build(root)
    assert '<h1 class="p-name">All categories</h1>' in read_output(root, "categories/index.html")
    assert (root / "public/categories/cars/index.html").is_file()


def test_a_page_of_the_sites_own_at_a_category_page_takes_its_place(tmp_path: Path) -> None:
    own = "---\ntitle: All about cars\npermalink: /categories/cars/\n---\nOur car posts.\n"
    root = write_site(tmp_path / "site", {**FILES, "content/cars.md": own})
    _, reporter = build(root)
    assert '<h1 class="p-name">All about cars</h1>' in read_output(root, "categories/cars/index.html")
    assert "Jekyll post" in read_output(root, "categories/cars/feed.xml")  # the category's feed stays
    assert read_output(root, "sitemap.xml").count("<loc>https://shop.example/categories/cars/</loc>") == 1
    assert (
        "warning: content/cars.md:3: front matter: 'url': takes the place of the page of category 'cars' at "
        "'/categories/cars/': the generated list is left out, its feeds stay (give the page another 'url' to keep both)"
    ) in [str(problem) for problem in reporter.problems]


def test_a_page_naming_a_list_template_is_drawn_as_a_page_with_a_warning(tmp_path: Path) -> None:
    archive = "---\ntitle: Tag archive\nlayout: tags\npermalink: /tags/\n---\nAll tags.\n"
    root = write_site(tmp_path / "site", {**FILES, "content/tag-archive.md": archive})
    _, reporter = build(root)
    assert '<h1 class="p-name">Tag archive</h1>' in read_output(root, "tags/index.html")
    warnings = [str(problem) for problem in reporter.problems]
    assert (
        "warning: content/tag-archive.md:3: front matter: 'template': template 'tags.html' draws the site's tag and "
        "category indexes, not a page; page.html is used instead"
    ) in warnings
