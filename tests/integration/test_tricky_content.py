"""Awkward real-world content still gives valid HTML, feeds and social tags."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from tests.support.sites import BASE_URL, build, png_bytes, write_and_build, write_site
from tests.support.social_checks import check_shared_pages, read_head
from tests.support.validators import html_files, validate_html

TRICKY = {
    "content/script-title.md": """
        ---
        title: "</script><script>alert('x')</script> & \\"quotes\\" 'single'"
        description: "Tom & Jerry's <b>bold</b> \\"offer\\" — 50% off"
        date: 2026-05-01T10:00:00+02:00
        tags: ["<script>", "R&D", "C++"]
        ---
        Body with <em>inline HTML</em> & an ampersand, and a [relative link](../other/).
        """,
    "content/emoji.md": """
        ---
        title: "Summer 🍹 is here! ☀️🚗"
        date: 2026-06-01 09:30:00 +0100
        tags: [summer, 🍹]
        ---
        Emoji everywhere 🎉
        """,
    "content/greek.md": """
        +++
        title = "Καλοκαίρι με δροσιά: Ελληνικά"
        date = 2026-07-01
        tags = ["καλοκαίρι"]
        +++
        Ελληνικό κείμενο.
        """,
    "content/nested/deeper/russian.md": """
        ---
        title: "Лето: новый вкус"
        date: 2026-07-02T08:00:00Z
        description: Кириллица в описании
        ---
        Русский текст.
        """,
    "content/arabic-rtl.md": """
        ---
        title: "عرض الصيف"
        date: "2026-07-03T12:00"
        language: ar
        ---
        نص عربي.
        """,
    "content/2026-04-01-jekyll-style.md": """
        ---
        title: Jekyll-style file name gives the date
        ---
        Text.
        """,
    "content/bundle/index.md": """
        ---
        title: A bundle with its own image
        date: 2026-03-01
        image: photo.jpg
        image_alt: "A blue square, the product's colour"
        ---
        ![inline](photo.jpg)
        """,
    "content/bundle/photo.jpg": png_bytes(800, 600, kind="JPEG"),
    "content/control.md": '---\ntitle: "Bell\\a and escape\\x1b in a title"\n'
    "date: 2026-02-01\n---\nText with a form feed \x0c here.\n",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_and_build(tmp_path_factory.mktemp("tricky"), TRICKY) / "public"


def test_tricky_site_html_is_valid(public: Path) -> None:
    errors = validate_html(html_files(public))
    assert not errors, "\n".join(map(str, errors))


def test_tricky_pages_follow_the_social_rules(public: Path) -> None:
    problems = check_shared_pages(public, BASE_URL)
    assert not problems, "\n".join(problems)


def test_script_in_title_stays_inert(public: Path) -> None:
    html = (public / "script-title" / "index.html").read_text()
    assert "<script>alert" not in html
    head = read_head(public / "script-title" / "index.html")
    assert head.one("og:title") == "</script><script>alert('x')</script> & \"quotes\" 'single'"
    data = json.loads(head.json_ld[0])
    assert data["headline"].startswith("</script>")


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feeds_parse_whatever_the_text(public: Path, name: str) -> None:
    feed = feedparser.parse((public / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = {entry.title for entry in feed.entries}
    assert "Καλοκαίρι με δροσιά: Ελληνικά" in titles
    assert "Summer 🍹 is here! ☀️🚗" in titles


def test_relative_links_in_feeds_become_absolute(public: Path) -> None:
    feed = json.loads((public / "feed.json").read_text())
    item = next(i for i in feed["items"] if i["url"].endswith("/script-title/"))
    assert 'href="https://shop.example/other/"' in item["content_html"]


def test_dates_in_every_form_are_read_in_the_right_zone(public: Path) -> None:
    manifest = {p["path"]: p for p in json.loads((public / "manifest.json").read_text())["pages"]}
    assert manifest["/script-title/"]["date_published"] == "2026-05-01T10:00:00+02:00"
    assert manifest["/emoji/"]["date_published"] == "2026-06-01T09:30:00+01:00"
    assert manifest["/greek/"]["date_published"] == "2026-07-01T00:00:00+02:00"
    assert manifest["/nested/deeper/russian/"]["date_published"] == "2026-07-02T08:00:00+00:00"
    assert manifest["/arabic-rtl/"]["date_published"] == "2026-07-03T12:00:00+02:00"
    assert manifest["/jekyll-style/"]["date_published"] == "2026-04-01T00:00:00+02:00"


def test_bundle_image_becomes_a_card_and_stays_on_the_page(public: Path) -> None:
    head = read_head(public / "bundle" / "index.html")
    card = head.one("og:image") or ""
    # A card over a photo is a JPEG (photo_format), its type said in the tags and true of the file.
    assert card.startswith("https://shop.example/cards/bundle.") and card.endswith(".jpg"), card
    assert head.one("og:image:type") == "image/jpeg"
    assert (public / card.removeprefix("https://shop.example/")).read_bytes()[:3] == b"\xff\xd8\xff"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:alt") == "A blue square, the product's colour"
    html = (public / "bundle" / "index.html").read_text()
    assert 'src="/bundle/photo.jpg"' in html and 'width="800" height="600"' in html
    assert (public / "bundle" / "photo.jpg").is_file()


def test_non_latin_tags_get_pages_and_feeds(public: Path) -> None:
    assert (public / "tags" / "καλοκαιρι" / "index.html").is_file()
    assert (public / "tags" / "καλοκαιρι" / "feed.xml").is_file()


def test_an_html_file_with_front_matter_is_a_page_whose_body_is_html(tmp_path: Path) -> None:
    page = (
        "\n---\ntitle: Our story\ndate: 2026-03-01\n---\n"
        '<p class="lede">We *began* in 1999.</p>\n<div>Still going.</div>\n'
    )
    plain = "<!DOCTYPE html><html><body><p>A hand-made page.</p></body></html>\n"
    root = write_site(tmp_path / "site", {"content/story.html": page, "content/plain.html": plain})
    build(root)
    html = (root / "public/story/index.html").read_text(encoding="utf-8")
    assert '<p class="lede">We *began* in 1999.</p>\n<div>Still going.</div>' in html  # no Markdown processing
    assert "<title>Our story · Test Shop</title>" in html and "title: Our story" not in html
    assert '<meta property="og:description" content="We *began* in 1999.">' in html
    assert not (root / "public/story.html").exists()
    assert (root / "public/plain.html").read_text(encoding="utf-8") == plain  # no front matter: copied as it is
    assert "Our story" in (root / "public/feed.xml").read_text(encoding="utf-8")
