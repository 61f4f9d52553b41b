"""sitemap.xml lists what search engines should index; robots.txt points at it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

from smo_gen.render.sitemap import render_robots, render_sitemap, sitemap_inputs
from tests.support.builders import MakePage, MakeSiteModel
from tests.support.translated_site import make_translated_site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def read_sitemap(data: bytes) -> dict[str, str | None]:
    root = ET.fromstring(data)
    return {
        url.findtext("s:loc", namespaces=NS) or "": url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_home_pages_and_tags_with_last_change(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    utc = dt.UTC
    pages = [
        make_page(
            slug="spring-sale",
            date=dt.datetime(2026, 5, 1, tzinfo=utc),
            lastmod=dt.datetime(2026, 5, 3, tzinfo=utc),
            tags=("Garden",),
        ),
        make_page(slug="summer", date=dt.datetime(2026, 5, 2, tzinfo=utc), tags=("Garden",)),
        make_page(slug="about", date=None),
    ]
    assert read_sitemap(render_sitemap(make_site_model(pages))) == {
        "https://acme.example/": "2026-05-03T00:00:00+00:00",
        "https://acme.example/spring-sale/": "2026-05-03T00:00:00+00:00",
        "https://acme.example/summer/": "2026-05-02T00:00:00+00:00",
        "https://acme.example/about/": None,
        "https://acme.example/tags/garden/": "2026-05-03T00:00:00+00:00",
    }


def test_noindex_and_copies_of_other_pages_are_left_out(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    pages = [
        make_page(slug="hidden", noindex=True),
        make_page(slug="copy", canonical="https://partner.example/original/"),
        make_page(slug="kept"),
    ]
    urls = read_sitemap(render_sitemap(make_site_model(pages)))
    assert sorted(urls) == ["https://acme.example/", "https://acme.example/kept/"]


def test_empty_site_still_lists_the_home_page(make_site_model: MakeSiteModel) -> None:
    assert read_sitemap(render_sitemap(make_site_model([]))) == {"https://acme.example/": None}


def test_sitemap_urls_are_escaped_and_encoded(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    page = make_page(url_path="/fish&chips/καλοκαίρι/")
    data = render_sitemap(make_site_model([page]))
    assert b"&amp;" in data
    assert "https://acme.example/fish&chips/%CE%BA%CE%B1%CE%BB%CE%BF%CE%BA%CE%B1%CE%AF%CF%81%CE%B9/" in read_sitemap(
        data
    )


def test_robots_points_at_the_sitemap(make_site_model: MakeSiteModel) -> None:
    assert (
        render_robots(make_site_model([])) == b"User-agent: *\nAllow: /\n\nSitemap: https://acme.example/sitemap.xml\n"
    )


def test_a_tag_shows_its_newest_page_time_compared_across_offsets(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    """Times are compared as instants, whatever their offsets; of equal instants the first
    page listed gives its time (written with its own offset)."""
    berlin, tokyo = dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=9))
    pages = [
        make_page(slug="late-local", date=dt.datetime(2026, 5, 1, 20, 0, tzinfo=tokyo), tags=("Garden",)),  # 11:00 UTC
        make_page(
            slug="same-instant", date=dt.datetime(2026, 5, 1, 13, 0, tzinfo=berlin), tags=("Garden",)
        ),  # 11:00 UTC
        make_page(slug="older", date=dt.datetime(2026, 5, 1, 12, 59, 59, 999_999, tzinfo=berlin), tags=("Garden",)),
        make_page(slug="undated", date=None, tags=("Garden", "Empty")),
    ]
    site = make_site_model(pages)
    first = next(page for page in site.tags[1].pages if page.slug in ("late-local", "same-instant"))
    shown = read_sitemap(render_sitemap(site))
    assert shown["https://acme.example/tags/garden/"] == first.date.isoformat()
    assert shown["https://acme.example/tags/empty/"] is None


def read_clusters(data: bytes) -> dict[str, list[tuple[str, str]]]:
    """Each listed URL's <xhtml:link rel="alternate" hreflang> entries."""
    root = ET.fromstring(data)
    return {
        url.findtext("s:loc", namespaces=NS) or "": [
            (link.get("hreflang", ""), link.get("href", ""))
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        ]
        for url in root.findall("s:url", NS)
    }


def test_translations_are_listed_each_with_the_whole_cluster(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    site = make_translated_site(make_page, make_site_model, make_page(slug="plain"))
    clusters = read_clusters(render_sitemap(site))
    cluster = [
        ("en", "https://acme.example/fizz/"),
        ("de", "https://acme.example/fizz/de/"),
        ("fr", "https://acme.example/fizz/fr/"),
        ("x-default", "https://acme.example/fizz/"),
    ]
    for url in ("https://acme.example/fizz/", "https://acme.example/fizz/de/", "https://acme.example/fizz/fr/"):
        assert clusters[url] == cluster, url
    assert clusters["https://acme.example/plain/"] == []
    assert "https://acme.example/fizz/hot/" not in clusters and "https://acme.example/fizz/uk/" not in clusters, (
        "regional variants stay out"
    )
    assert read_sitemap(render_sitemap(site))["https://acme.example/fizz/de/"] == "2026-05-01T10:00:00+02:00"


def test_a_sitemap_without_translations_names_no_xhtml_namespace(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    assert b"xhtml" not in render_sitemap(make_site_model([make_page()]))


def test_the_sitemaps_inputs_change_exactly_when_its_bytes_may(
    make_page: MakePage, make_site_model: MakeSiteModel
) -> None:
    # Its output's key: what it shows of each page and list, so an edit of a page's body
    # alone does not render it again (and every change it shows does).
    utc = dt.UTC
    first = make_page(slug="first", date=dt.datetime(2026, 5, 1, tzinfo=utc), tags=("Garden",))
    second = make_page(slug="second", date=dt.datetime(2026, 5, 2, tzinfo=utc))

    def inputs(*pages: object) -> object:
        return sitemap_inputs(make_site_model(list(pages)))

    same = inputs(first, second)
    assert inputs(dataclasses.replace(first, body_html="<p>Edited.</p>", summary="Edited."), second) == same
    changed = [
        inputs(dataclasses.replace(first, lastmod=dt.datetime(2026, 5, 3, tzinfo=utc)), second),
        inputs(
            dataclasses.replace(first, date=dt.datetime(2026, 5, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
            second,
        ),
        inputs(dataclasses.replace(first, noindex=True), second),
        inputs(dataclasses.replace(first, canonical="https://partner.example/first/"), second),
        inputs(dataclasses.replace(second, tags=("Garden",)), first),  # the tag lists another page
        inputs(first),
    ]
    assert all(found != same for found in changed)


def test_a_translated_sitemap_is_keyed_by_the_whole_site(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    # Each page's cluster follows its variants, their audiences and languages: no shorter key.
    assert sitemap_inputs(make_translated_site(make_page, make_site_model)) is None
