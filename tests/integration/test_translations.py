"""Language audiences built as translations: hreflang clusters in every head and the sitemap, and the other head tags.

The site: an English campaign with German and French translations and a regional ('hot')
variant, in a section; a page without translations; a page not to be indexed. The checks read
the built files as a crawler would (tests/support/social_checks.py, ElementTree), not smo-gen's models.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from smo_gen.build import command as build_module
from smo_gen.errors import BuildError
from tests.support.sites import BASE_URL, SITE_TOML, build, clean_copy_build, tree_digest, write_and_build, write_site
from tests.support.social_checks import check_social_tags, local_file_for, read_head
from tests.support.validators import html_files, validate_html

TRANSLATED_TOML = (
    SITE_TOML.replace('x_site = "@testshop"', 'x_site = "@testshop"\nfediverse_creator = "@shop@mastodon.example"')
    + """
[audiences.de]
label = "Deutsch"
language = "de"
[audiences.fr]
label = "Français"
language = "fr"
[audiences.hot]
label = "Hot climates"
region = "Southern Europe"
[audiences.uk]
label = "United Kingdom"
language = "en-GB"
"""
)

FIZZ = """---
title: Summer Fizz
description: Lemonade for the summer
date: 2026-06-01
author: { name: Ann, fediverse: "ann@social.example" }
audiences:
  de:
    title: Sommer-Fizz
    description: Limonade für den Sommer
  fr:
    title: Fizz d'été
    description: De la limonade pour l'été
  hot:
    title: Ice-cold Fizz
  uk:
    title: Summer Fizz, innit
---
Body.
"""

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
VERSIONS = {"news/fizz/": ("en", "en_US"), "news/fizz/de/": ("de", "de_DE"), "news/fizz/fr/": ("fr", "fr_FR")}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "content/news/_index.md": "---\ntitle: Newsroom\n---\n",
        "content/news/fizz.md": FIZZ,
        "content/plain.md": "---\ntitle: Plain\ndate: 2026-05-01\nrobots: max-snippet:80\n---\nPlain.\n",
        "content/hidden.md": "---\ntitle: Hidden\ndate: 2026-05-02\nnoindex: true\nrobots: nofollow\n---\nHidden.\n",
    }
    return write_and_build(tmp_path_factory.mktemp("translations"), files, TRANSLATED_TOML) / "public"


def page_file(public: Path, url: str) -> Path:
    found = local_file_for(url, BASE_URL, public)
    assert found is not None, f"{url} is not on this site"
    return found / "index.html" if url.endswith("/") else found


def hreflang_links(html_path: Path) -> list[tuple[str, str]]:
    return [
        (link["hreflang"], link["href"])
        for link in read_head(html_path).links
        if link.get("rel") == "alternate" and "hreflang" in link
    ]


def html_lang(html_path: Path) -> str:
    found = re.search(r'<html lang="([^"]*)"', html_path.read_text(encoding="utf-8"))
    assert found, f"{html_path} has no <html lang>"
    return found[1]


def test_clusters_are_complete_and_reciprocal(public: Path) -> None:
    """Every version lists the same cluster, itself included, and every href is a built page canonical to itself."""
    clusters = {path: hreflang_links(public / path / "index.html") for path in VERSIONS}
    expected = [(lang, BASE_URL + path) for path, (lang, _) in VERSIONS.items()] + [
        ("x-default", f"{BASE_URL}news/fizz/")
    ]
    for path, cluster in clusters.items():
        assert cluster == expected, path
    for _, href in expected:
        head = read_head(page_file(public, href))
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [href], f"{href} must be canonical to itself to be in a cluster"
        assert hreflang_links(page_file(public, href)) == expected


def test_each_version_says_its_language_and_locale(public: Path) -> None:
    for path, (lang, locale) in VERSIONS.items():
        html = public / path / "index.html"
        head = read_head(html)
        assert html_lang(html) == lang
        assert head.meta["og:locale"] == [locale]
        assert sorted(head.meta["og:locale:alternate"]) == sorted(
            other for p, (_, other) in VERSIONS.items() if p != path
        )
        assert f'"inLanguage":"{lang}"' in head.json_ld[0]
    assert read_head(public / "news/fizz/de/index.html").one("og:title") == "Sommer-Fizz"


def test_a_translation_audiences_list_page_and_feeds_are_in_its_language(public: Path) -> None:
    """/audiences/de/ lists German pages: its page, RSS, Atom and JSON Feed say 'de';
    a regional audience's stay English."""
    for name, lang, locale in (("de", "de", "de_DE"), ("hot", "en", "en_US")):
        folder = public / "audiences" / name
        assert html_lang(folder / "index.html") == lang
        assert read_head(folder / "index.html").meta["og:locale"] == [locale]
        assert ET.parse(folder / "feed.xml").findtext("channel/language") == lang
        atom = ET.parse(folder / "atom.xml").getroot()
        assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert json.loads((folder / "feed.json").read_text(encoding="utf-8"))["language"] == lang


def test_regional_variants_keep_todays_behaviour(public: Path) -> None:
    """No language ('hot') or the site's language with a region ('uk', en-GB on an English site)."""
    for name in ("hot", "uk"):
        html = public / "news/fizz" / name / "index.html"
        head = read_head(html)
        assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [f"{BASE_URL}news/fizz/"]
        assert hreflang_links(html) == []
        assert html_lang(html) == "en"
        assert head.meta["og:locale"] == ["en_US"] and "og:locale:alternate" not in head.meta


def test_the_sitemap_lists_each_translation_with_the_pages_cluster(public: Path) -> None:
    root = ET.fromstring((public / "sitemap.xml").read_bytes())
    listed = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): [
            (link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", SITEMAP_NS)
        ]
        for url in root.findall("s:url", SITEMAP_NS)
    }
    for path in VERSIONS:
        assert listed[BASE_URL + path] == hreflang_links(public / path / "index.html"), path
    assert listed[f"{BASE_URL}plain/"] == []
    for left_out in ("news/fizz/hot/", "news/fizz/uk/", "hidden/"):
        assert BASE_URL + left_out not in listed


def test_robots_fediverse_creator_and_article_section(public: Path) -> None:
    fizz = read_head(public / "news/fizz/de/index.html")
    assert fizz.meta["robots"] == ["max-image-preview:large"]
    assert fizz.meta["fediverse:creator"] == ["@ann@social.example"]
    assert fizz.meta["article:section"] == ["Newsroom"]
    plain = read_head(public / "plain/index.html")
    assert plain.meta["robots"] == ["max-image-preview:large, max-snippet:80"]
    assert plain.meta["fediverse:creator"] == ["@shop@mastodon.example"]
    assert "article:section" not in plain.meta
    assert read_head(public / "hidden/index.html").meta["robots"] == ["noindex, nofollow"]
    assert read_head(public / "index.html").meta["robots"] == ["max-image-preview:large"]
    assert "article:section" not in read_head(public / "news/index.html").meta


def test_translated_pages_pass_the_outside_checks(public: Path) -> None:
    pages = [public / path / "index.html" for path in VERSIONS]
    problems = [problem for page in pages for problem in check_social_tags(page, public, BASE_URL)]
    assert not problems, "\n".join(problems)
    errors = validate_html(html_files(public))
    assert not errors, "\n".join(map(str, errors))


def test_a_wrong_language_or_account_fails_the_build_naming_file_line_and_key(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[audiences.de]\nlabel = "Deutsch"\nlanguage = "deutsch"\n'
    write_site(tmp_path, {"content/fizz.md": "---\ntitle: Fizz\nfediverse_creator: ann\n---\n"}, toml)
    line = toml.splitlines().index('language = "deutsch"') + 1
    with pytest.raises(BuildError) as caught:
        build(tmp_path)
    assert sorted(str(problem) for problem in caught.value.problems) == [
        (
            "content/fizz.md:3: front matter: 'fediverse_creator': 'ann' does not say which server the account is on; "
            "expected '@user@instance', such as '@ann@mastodon.social' "
            "(copy it from the account's author attribution settings)"
        ),
        (
            f"site.toml:{line}: audiences.de.language: 'deutsch' is not a language tag; "
            "expected a BCP 47 language tag such as 'de', 'fr' or 'pt-BR' "
            "(the language the audience's pages are written in; leave it out for an audience of the site's language)"
        ),
    ]


@pytest.fixture
def no_build_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits within the same second must still be built (the build stamp would skip them)."""
    monkeypatch.setattr(build_module, "find_current_stamp", lambda *args: None)


@pytest.mark.usefixtures("no_build_stamp")
def test_rebuilds_follow_edits_to_the_cluster_and_the_section(tmp_path: Path) -> None:
    """A translation added or removed changes every version's cluster; a section's new title is every
    page's new article:section. Each incremental build equals a clean one."""
    site = tmp_path / "site"
    files = {"content/news/_index.md": "---\ntitle: Newsroom\n---\n", "content/news/fizz.md": FIZZ}
    write_site(site, files, TRANSLATED_TOML)
    build(site)
    public = site / "public"
    write_site(site, {"content/news/_index.md": "---\ntitle: Press\n---\n"}, site_toml=None)
    build(site)
    assert read_head(public / "news/fizz/de/index.html").meta["article:section"] == ["Press"]
    assert tree_digest(public) == clean_copy_build(site, tmp_path / "clean")
    without_french = FIZZ.replace("  fr:\n    title: Fizz d'été\n    description: De la limonade pour l'été\n", "")
    write_site(site, {"content/news/fizz.md": without_french}, site_toml=None)
    build(site)
    assert [lang for lang, _ in hreflang_links(public / "news/fizz/de/index.html")] == ["en", "de", "x-default"]
    assert not (public / "news/fizz/fr/index.html").exists()
    assert tree_digest(public) == clean_copy_build(site, tmp_path / "clean")
    write_site(site, {"content/news/fizz.md": FIZZ}, site_toml=None)
    build(site)
    assert [lang for lang, _ in hreflang_links(public / "news/fizz/de/index.html")] == ["en", "de", "fr", "x-default"]
    assert tree_digest(public) == clean_copy_build(site, tmp_path / "clean")
