"""Audience variants, share links, UTM tags and calls to action in a built site."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from smo_gen.errors import BuildError
from tests.support.sites import AUDIENCES_TOML, BASE_URL, SITE_TOML, build, tree_digest, write_and_build, write_site
from tests.support.social_checks import check_social_tags, read_head
from tests.support.validators import html_files, validate_html

AUDIENCE_TOML = (
    SITE_TOML
    + AUDIENCES_TOML
    + """notes = "Short summers"

[share]
networks = ["x", "facebook", "linkedin", "bluesky", "mastodon", "reddit", "hackernews", "whatsapp", "telegram", "email"]
"""
)

DRINK = """
---
title: "Fizz & \\"Pop\\" <b>#1</b>"
description: "The drink for everyone"
date: 2026-06-01
tags: [drinks]
campaign: fizz-26
message: "Fizz is back! 50% more lemon & no #sugar 🍋"
cta:
  label: Find a shop
  url: ../shops/
  secondary:
    label: Read more
    url: https://elsewhere.example/fizz
audiences:
  hot:
    title: "Ice-cold Fizz for hot days ☀️"
    message: "Hot? Ice-cold Fizz: 35 °C & climbing 🧊"
  cold:
    title: "Καλοκαίρι σε μπουκάλι: Fizz"
    description: "Sunshine in a bottle"
    cta:
      label: Warm up with Fizz
      url: /shops/
---
Body.
"""

SHOPS = "---\ntitle: Shops\ndate: 2026-05-01\n---\nShops.\n"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"content/fizz.md": DRINK, "content/shops.md": SHOPS}
    return write_and_build(tmp_path_factory.mktemp("audiences"), files, AUDIENCE_TOML) / "public"


def share_links(page: Path) -> dict[str, str]:
    html = page.read_text()
    start = html.index('class="share"')
    links = {}
    for chunk in re.split(r'<a class="share-[a-z]+" href="', html[start:])[1:]:
        href = chunk.split('"', 1)[0].replace("&amp;", "&")
        label = chunk.split("</svg><span>", 1)[1].split("<", 1)[0]
        links[label] = href
    return links


def utm_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_each_audience_gets_a_variant_page_with_its_own_tags(public: Path) -> None:
    hot = read_head(public / "fizz" / "hot" / "index.html")
    assert hot.one("og:url") == f"{BASE_URL}fizz/hot/"
    assert hot.one("og:title") == "Ice-cold Fizz for hot days ☀️"
    assert [link["href"] for link in hot.links if link.get("rel") == "canonical"] == [f"{BASE_URL}fizz/"]
    cold = read_head(public / "fizz" / "cold" / "index.html")
    assert cold.one("og:description") == "Sunshine in a bottle"
    main = read_head(public / "fizz" / "index.html")
    cards = {main.one("og:image"), hot.one("og:image"), cold.one("og:image")}
    assert len(cards) == 3, "each variant needs a card of its own"


def test_variants_pass_the_same_outside_checks(public: Path) -> None:
    pages = [public / "fizz" / name / "index.html" for name in ("hot", "cold")]
    problems = [p for page in pages for p in check_social_tags(page, public, BASE_URL)]
    assert not problems, "\n".join(problems)
    errors = validate_html(html_files(public))
    assert not errors, "\n".join(map(str, errors))


def test_variants_stay_out_of_the_sitemap_but_have_audience_feeds(public: Path) -> None:
    sitemap = (public / "sitemap.xml").read_text()
    assert f"{BASE_URL}fizz/</loc>" in sitemap
    assert "/fizz/hot/" not in sitemap and "/fizz/cold/" not in sitemap
    feed = feedparser.parse((public / "audiences" / "hot" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert [entry.link for entry in feed.entries] == [f"{BASE_URL}fizz/hot/"]
    assert feed.entries[0].title == "Ice-cold Fizz for hot days ☀️"
    assert (public / "audiences" / "cold" / "atom.xml").is_file()


def test_every_share_link_parses_as_the_network_documents_it(public: Path) -> None:
    links = share_links(public / "fizz" / "hot" / "index.html")
    message = "Hot? Ice-cold Fizz: 35 °C & climbing 🧊"
    expected_hosts = {
        "X": "x.com",
        "Facebook": "www.facebook.com",
        "LinkedIn": "www.linkedin.com",
        "Bluesky": "bsky.app",
        "Reddit": "www.reddit.com",
        "Hacker News": "news.ycombinator.com",
        "WhatsApp": "wa.me",
        "Telegram": "t.me",
    }
    for label, host in expected_hosts.items():
        assert urlsplit(links[label]).netloc == host, (label, links[label])
    x = parse_qs(urlsplit(links["X"]).query)
    assert x["text"] == [message]
    assert utm_of(x["url"][0]) == {
        "utm_source": "x",
        "utm_medium": "social",
        "utm_campaign": "fizz-26",
        "utm_content": "hot",
    }
    assert x["url"][0].startswith(f"{BASE_URL}fizz/hot/?")
    facebook_url = parse_qs(urlsplit(links["Facebook"]).query)["u"][0]
    assert utm_of(facebook_url)["utm_source"] == "facebook"
    bluesky_text = parse_qs(urlsplit(links["Bluesky"]).query)["text"][0]
    assert bluesky_text.startswith(message + " https://shop.example/fizz/hot/?utm_source=bluesky")
    mail = urlsplit(links["Email"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query)["subject"] == ["Ice-cold Fizz for hot days ☀️"]


def test_main_page_share_links_have_no_audience(public: Path) -> None:
    links = share_links(public / "fizz" / "index.html")
    url = parse_qs(urlsplit(links["LinkedIn"]).query)["url"][0]
    assert utm_of(url) == {"utm_source": "linkedin", "utm_medium": "social", "utm_campaign": "fizz-26"}


def test_canonical_og_url_sitemap_and_feed_links_stay_clean(public: Path) -> None:
    for page in ("fizz", "fizz/hot", "fizz/cold"):
        head = read_head(public / page / "index.html")
        assert "utm_" not in head.one("og:url")
        assert all("utm_" not in link.get("href", "") for link in head.links)
    for name in ("sitemap.xml", "feed.xml", "atom.xml", "feed.json"):
        assert "utm_" not in (public / name).read_text(), name


def test_calls_to_action_resolve_inside_the_site(public: Path) -> None:
    html = (public / "fizz" / "index.html").read_text()
    assert '<a class="button primary" href="/shops/">Find a shop</a>' in html
    assert '<a class="button secondary" href="https://elsewhere.example/fizz">Read more</a>' in html
    cold = (public / "fizz" / "cold" / "index.html").read_text()
    assert '<a class="button primary" href="/shops/">Warm up with Fizz</a>' in cold


def test_manifest_lists_variants_with_their_messages(public: Path) -> None:
    pages = json.loads((public / "manifest.json").read_text())["pages"]
    fizz = next(p for p in pages if p["path"] == "/fizz/")
    assert fizz["campaign"] == "fizz-26"
    assert {v["audience"]: v["message"] for v in fizz["variants"]} == {
        "hot": "Hot? Ice-cold Fizz: 35 °C & climbing 🧊",
        "cold": "Fizz is back! 50% more lemon & no #sugar 🍋",
    }


def test_broken_cta_fails_the_build_naming_the_line(tmp_path: Path) -> None:
    page = "---\ntitle: Broken\ncta:\n  label: Go\n  url: /nowhere/\n---\n"
    write_site(tmp_path, {"content/ok.md": SHOPS}, AUDIENCE_TOML)
    build(tmp_path)
    before = tree_digest(tmp_path / "public")
    write_site(tmp_path, {"content/broken.md": page}, site_toml=None)
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert "content/broken.md:3: front matter: 'cta': the call to action 'Go' links to '/nowhere/'" in str(caught.value)
    assert tree_digest(tmp_path / "public") == before


@pytest.mark.parametrize(
    ("page", "problems"),
    [
        pytest.param(
            "---\ntitle: Sale\nimage: gone.png\naudiences:\n  hot:\n    title: Hot\n  cold:\n    title: Cold\n---\n",
            [
                (
                    "content/sale.md:3: front matter: 'image': "
                    "image 'gone.png' not found beside the page, in static/ or in "
                    "content/ (put the file beside the page or in static/, or correct its name)"
                ),
            ],
            id="a missing image shared by every variant, once",
        ),
        pytest.param(
            "---\ntitle: Sale\ncta:\n  label: Go\n  url: /nowhere/\naudiences:\n  hot:\n    title: Hot\n"
            "  cold:\n    cta:\n      label: Warm up\n      url: /missing/\n---\n",
            [
                (
                    "content/sale.md:3: front matter: 'cta': "
                    "the call to action 'Go' links to '/nowhere/', but the site has "
                    "nothing at '/nowhere/' (link to a page's path such as '/dealers/', or to a full https:// address)"
                ),
                (
                    "content/sale.md:10: front matter: 'audiences.cold.cta': the call to action 'Warm up' links to "
                    "'/missing/', but the site has nothing at '/missing/' "
                    "(link to a page's path such as '/dealers/', or "
                    "to a full https:// address)"
                ),
            ],
            id="a broken cta, once on the line that sets it",
        ),
    ],
)
def test_a_problem_shared_by_variants_is_reported_once_on_its_line(
    tmp_path: Path, page: str, problems: list[str]
) -> None:
    write_site(tmp_path, {"content/sale.md": page}, AUDIENCE_TOML)
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert [str(problem) for problem in caught.value.problems] == problems


def test_an_override_indented_like_an_audience_is_blamed_on_its_line(tmp_path: Path) -> None:
    write_site(
        tmp_path, {"content/sale.md": "---\ntitle: Sale\naudiences:\n  hot:\n  title: Hot deals\n---\n"}, AUDIENCE_TOML
    )
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        (
            "content/sale.md:5: front matter: 'audiences.title': 'title' stands where an audience's name goes; "
            "indent it two more spaces, under the audience it belongs to"
        )
    ]


def test_an_audience_when_none_is_defined_shows_the_table_to_add(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/typo.md": "---\ntitle: T\naudiences:\n  hot:\n    title: x\n---\n"})
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert (
        "unknown audience 'hot': site.toml defines no audiences; "
        'add a table for each, such as [audiences.hot] with label = "Hot"' in str(caught.value)
    )


def test_unknown_audience_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    page = "---\ntitle: Typo\naudiences:\n  hott:\n    title: x\n---\n"
    write_site(tmp_path, {"content/typo.md": page}, AUDIENCE_TOML)
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert "unknown audience 'hott'" in str(caught.value) and "did you mean 'hot'?" in str(caught.value)


def test_page_utm_overrides_the_site_templates(tmp_path: Path) -> None:
    page = "---\ntitle: Promo\ndate: 2026-05-01\nutm:\n  medium: paid-social\n  term: '{slug}'\n---\n"
    write_site(tmp_path, {"content/promo.md": page}, AUDIENCE_TOML)
    build(tmp_path)
    links = share_links(tmp_path / "public" / "promo" / "index.html")
    url = parse_qs(urlsplit(links["X"]).query)["url"][0]
    assert utm_of(url) == {"utm_source": "x", "utm_medium": "paid-social", "utm_campaign": "promo", "utm_term": "promo"}


def test_a_bad_page_utm_or_audience_override_names_its_file_and_line(tmp_path: Path) -> None:
    page = "---\ntitle: Promo\nutm:\n  mediun: paid\naudiences:\n  hot:\n    titel: x\n---\n"
    write_site(tmp_path, {"content/promo.md": page}, AUDIENCE_TOML)
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert "content/promo.md:3: utm: unknown key 'mediun' (did you mean 'medium'?)" in str(caught.value)
    assert (
        "content/promo.md:5: front matter: 'audiences': 'audiences.hot.titel' cannot be set per audience"
        " (did you mean 'title'?)" in str(caught.value)
    )
