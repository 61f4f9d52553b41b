"""The default theme as a visitor and a marketing team meet it: hero, cards, one Subscribe
control, share buttons, [brand], private audience notes, and preview builds marked as such."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smo_gen.errors import BuildError
from tests.support.sites import SITE_TOML, build, png_bytes, read_output, write_site

THEME_FONTS = Path(__file__).resolve().parents[2] / "themes/default/fonts"
AUDIENCES = """
[audiences.hot]
label = "Hot climates"
region = "Southern Europe"
notes = "TEAM ONLY: we talk about how cold it is"
[audiences.cold]
label = "Cold climates"
notes = "TEAM ONLY: short summers"
"""

FIZZ = """
---
title: Summer Fizz
description: Ice-cold lemonade, back for summer.
date: 2026-06-01
tags: [drinks, summer]
image: fizz.png
image_alt: A green bottle
video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
cta:
  label: Find a shop
  url: /
  secondary:
    label: Read more
    url: "#more"
audiences:
  hot:
    title: Ice-cold Fizz
---
Body.
"""

PAGES = {
    "content/fizz/index.md": FIZZ,
    "content/fizz/fizz.png": png_bytes(1200, 630),
    "content/cola.md": "---\ntitle: Cola\ndate: 2026-05-01\ntags: [drinks]\n---\nCola.\n",
    "content/draft.md": "---\ntitle: Secret launch\ndate: 2026-05-02\ndraft: true\n---\nSoon.\n",
    "content/later.md": "---\ntitle: Next year\ndate: 2027-05-02\n---\nLater.\n",
    "content/gone.md": "---\ntitle: Old offer\ndate: 2026-01-02\nexpiry_date: 2026-02-01\n---\nGone.\n",
}


def built(
    tmp_path: Path, toml: str = SITE_TOML + AUDIENCES, files: dict[str, str | bytes] | None = None, **options: object
) -> Path:
    site = write_site(tmp_path / "site", files or PAGES, toml)
    _, reporter = build(site, **options)
    assert not [p for p in reporter.problems if p.severity == "error"], reporter.problems
    return site


def all_html(site: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((site / "public").rglob("*.html")))


def test_audience_notes_are_never_published(tmp_path: Path) -> None:
    site = built(tmp_path)
    published = [path for path in (site / "public").rglob("*") if path.suffix in (".html", ".xml", ".json")]
    assert [path.name for path in published if "TEAM ONLY" in path.read_text(encoding="utf-8")] == []
    audience_page = read_output(site, "audiences/hot/index.html")
    assert '<meta name="description" content="Southern Europe">' in audience_page
    assert "Southern Europe" in audience_page.split('<main id="main">')[1]


def test_other_audiences_are_not_named_unless_asked(tmp_path: Path) -> None:
    quiet = built(tmp_path / "quiet")
    assert "Also written for" not in all_html(quiet)
    listed = built(tmp_path / "listed", SITE_TOML + "\n[audiences]\nlist_variants = true\n" + AUDIENCES)
    page = read_output(listed, "fizz/index.html")
    assert re.search(r'Also written for:\s*<a href="/fizz/hot/">Hot climates</a>', page)


def test_list_variants_must_be_true_or_false(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"audiences\.list_variants: expected true or false"):
        built(tmp_path, SITE_TOML + '\n[audiences]\nlist_variants = "yes"\n' + AUDIENCES)


@pytest.mark.parametrize(
    ("option", "page", "banner"),
    [("drafts", "draft", "Draft"), ("future", "later", "Scheduled"), ("expired", "gone", "Expired")],
)
def test_a_preview_build_marks_its_unpublished_pages_with_a_banner_and_noindex(
    tmp_path: Path, option: str, page: str, banner: str
) -> None:
    site = built(tmp_path, **{option: True})
    html = read_output(site, f"{page}/index.html")
    assert '<div class="preview-banner" role="note">' in html and f"<strong>{banner}</strong>" in html
    assert "do not deploy it" in html
    assert '<meta name="robots" content="noindex">' in html
    published = read_output(site, "cola/index.html")
    assert "preview-banner" not in published and 'content="noindex"' not in published
    # Lists mark it too.
    assert f'<span class="badge">{banner}</span>' in read_output(site, "index.html")


def test_the_hero_shows_title_message_and_both_calls_to_action_first_and_the_image_once(tmp_path: Path) -> None:
    html = read_output(built(tmp_path), "fizz/index.html")
    hero = html.split('<header class="hero">')[1].split("</header>")[0]
    assert "<h1" in hero and "Ice-cold lemonade" in hero
    assert re.search(
        r'class="button primary" href="/">Find a shop</a>\s*<a class="button secondary" href="/fizz/#more">', hero
    )
    # The page's image is the film's poster: shown once, with the play button over it.
    assert html.count("/fizz/fizz.png") == 1 + html.count('content="https://shop.example/fizz/fizz.png"')
    assert 'class="play-label"' in hero


def test_lists_are_cards_with_lazy_thumbnails_and_pages_link_prev_and_next(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('timezone = "Europe/Berlin"', 'timezone = "Europe/Berlin"\npaginate_by = 1') + AUDIENCES
    site = built(tmp_path, toml)
    home = read_output(site, "index.html")
    card = home.split('<li class="card h-entry">')[1]
    assert re.search(
        r'<img class="card-thumb" src="/cards/[^"]+" alt="" loading="lazy" decoding="async" width="1200" height="630">',
        card,
    )
    assert '<a class="button secondary" rel="next" href="/page/2/">' in home
    second = read_output(site, "page/2/index.html")
    assert 'rel="prev" href="/"' in second


def test_one_subscribe_control_names_the_feeds_in_plain_words(tmp_path: Path) -> None:
    html = read_output(built(tmp_path), "tags/drinks/index.html")
    assert html.count('<details class="subscribe">') == 1
    panel = html.split('<div class="subscribe-panel">')[1].split("</details>")[0]
    words = re.findall(r'type="[^"]+">(\w+)<span class="visually-hidden"> feed: ([^<]+)</span>', panel)
    tag, site = "Test Shop: drinks", "Test Shop"
    assert words == [("RSS", tag), ("Atom", tag), ("JSON", tag), ("RSS", site), ("Atom", site), ("JSON", site)]
    footer = html.split('<footer class="site-footer">')[1]
    assert "Feed" not in footer


def test_share_buttons_have_an_icon_and_the_network_name(tmp_path: Path) -> None:
    html = read_output(built(tmp_path), "fizz/index.html")
    share = html.split('<aside class="share"')[1].split("</aside>")[0]
    assert share.count('<svg class="icon"') == share.count("<li>") > 5
    assert 'aria-hidden="true"' in share and "<span>Bluesky</span>" in share
    assert not re.search(r"<script(?! type=\"application/ld\+json\")", html), "plain links, no scripts"


def test_brand_colours_and_a_font_under_static_style_every_page(tmp_path: Path) -> None:
    toml = SITE_TOML + AUDIENCES + '\n[brand]\naccent = "#ffd43b"\nbackground = "#fff7ed"\nfont = "fonts/Brand.ttf"\n'
    files = {**PAGES, "static/fonts/Brand.ttf": (THEME_FONTS / "DejaVuSans-Bold.ttf").read_bytes()}
    html = read_output(built(tmp_path, toml, files), "cola/index.html")
    style = html.split("<style>")[1].split("</style>")[0]
    assert '@font-face{font-family:"Brand";src:url("/fonts/Brand.ttf") format("truetype")' in style
    # A light accent gets dark text on its buttons; a light hero gets dark text too.
    assert "--accent:#ffd43b;--accent-ink:#111418" in style and "--hero:#fff7ed;--hero-ink:#111418" in style


def test_without_brand_the_theme_keeps_its_own_look(tmp_path: Path) -> None:
    html = read_output(built(tmp_path), "cola/index.html")
    assert "<style>" not in html
