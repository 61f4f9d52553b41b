"""RSS items and Atom entries written as text (render/feed_xml.py) are byte for byte what feedgen
and lxml write, which stay the reference: many pages, rendered both ways, compared whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smo_gen.config.site_config import SiteConfig
from smo_gen.content.episode import Episode
from smo_gen.content.media import Media
from smo_gen.content.page import Author, Page
from smo_gen.render.feed_xml import atom_entry, clean_xml_text, escape_attribute, escape_text, format_rfc2822, rss_item
from smo_gen.render.feeds import ContentCache, feedgen_entries, render_feed, serialize_feed, site_scope
from smo_gen.site.model import Site, SocialImage
from smo_gen.site.podcasts import Podcast
from tests.support import builders
from tests.support.feed_strategies import TRICKY, moments, texts, urls

images = st.none() | st.builds(
    SocialImage,
    url=urls,
    width=st.sampled_from((None, 0, 1200)),
    height=st.sampled_from((None, 630)),
    mime=st.sampled_from((None, "image/jpeg", "")),
    alt=texts,
    byte_size=st.sampled_from((None, 0, 15770)),
)
media = st.builds(
    Media,
    kind=st.sampled_from(("audio", "video")),
    url=urls,
    mime=st.sampled_from(("audio/mpeg", "video/mp4", "")),
    byte_size=st.sampled_from((None, 0, 1234)),
    duration=st.sampled_from((None, 0.0, 3725.2)),
)
episodes = st.none() | st.builds(
    Episode,
    number=st.sampled_from((None, 3)),
    season=st.sampled_from((None, 1)),
    episode_type=st.sampled_from((None, "full", "", "bonus & more")),
    explicit=st.sampled_from((None, True, False)),
)

Drawn = tuple[Page, SocialImage | None, tuple[Media, ...]]  # a page, its image and its media files


@st.composite
def feed_pages(draw: st.DrawFn) -> Drawn:
    """A page of any shape a feed may meet, with its image and media files."""
    slug = f"p{draw(st.integers(0, 10**6))}"
    page = builders.make_page(
        slug=slug,
        title=draw(texts),
        summary=draw(texts),
        body_html=draw(texts),
        date=draw(moments),
        lastmod=draw(st.none() | moments),
        tags=tuple(draw(st.lists(texts, max_size=3))),
        categories=tuple(draw(st.lists(texts, max_size=2))),
        authors=tuple(draw(st.lists(st.builds(Author, name=texts, url=st.none() | urls), max_size=2))),
        episode=draw(episodes),
    )
    return page, draw(images), tuple(draw(st.lists(media, max_size=2)))


def podcast() -> Podcast:
    return Podcast(
        "/", "Show & tell", "Ana <ana>", "Ana", "ana@a.example", "Arts", "Design", False, None, "episodic", "en"
    )


def make_site(config: SiteConfig, drawn: list[Drawn], **changes: object) -> Site:
    pages = list({page.url_path: page for page, _, _ in drawn}.values())
    site = builders.make_site_model(config, pages)
    found_images = {page.url_path: image for page, image, _ in drawn if image is not None}
    found_media = {page.url_path: files for page, _, files in drawn if files}
    return dataclasses.replace(site, images=found_images, media=found_media, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, SiteConfig]:
    """Site configs with full-content feeds and with summaries only."""
    folder: Path = tmp_path_factory.mktemp("site")
    text = builders.MINIMAL_TOML + "\n[feeds]\nlimit = 100\nfull_content = {}\n"
    return {full: builders.make_config(folder, text.format("true" if full else "false")) for full in (True, False)}


def feedgen_document(kind: str, site: Site) -> bytes | Exception:
    """The whole feed as feedgen and lxml alone write it, or the error they raise."""
    scope = site_scope(site)
    try:
        return serialize_feed(kind, site, scope, ContentCache(site), scope.pages)
    except ValueError as exc:  # lxml's "All strings must be XML compatible", feedgen's missing fields
        return exc


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=st.lists(feed_pages(), min_size=1, max_size=4),
    kind=st.sampled_from(("rss", "atom")),
    full=st.booleans(),
    hubs=st.sampled_from(((), ("https://hub.example/",))),
    is_podcast=st.booleans(),
)
def test_feeds_with_entries_written_as_text_are_the_bytes_feedgen_writes(
    configs: dict[bool, SiteConfig],
    drawn: list[Drawn],
    kind: str,
    full: bool,
    hubs: tuple[str, ...],
    is_podcast: bool,
) -> None:
    site = make_site(configs[full], drawn, hubs=hubs, podcasts={"/": podcast()} if is_podcast else {})
    reference = feedgen_document(kind, site)
    if isinstance(reference, Exception):
        with pytest.raises(type(reference)):  # what feed_xml is not sure of goes to feedgen, which refuses it
            bytes(render_feed(kind, site, site_scope(site), ContentCache(site)))
        return
    assert bytes(render_feed(kind, site, site_scope(site), ContentCache(site))) == reference


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=feed_pages(), full=st.booleans(), is_podcast=st.booleans())
def test_each_entry_written_as_text_is_feedgens_entry(
    configs: dict[bool, SiteConfig], drawn: Drawn, full: bool, is_podcast: bool
) -> None:
    site = make_site(configs[full], [drawn], podcasts={"/": podcast()} if is_podcast else {})
    page, scope, contents = drawn[0], site_scope(site), ContentCache(site)
    if not scope.pages:
        return  # no date: no entry
    body = contents.xml_html(page) if full else None
    for kind, written in (
        ("rss", rss_item(site, page, body, site.podcasts.get("/"))),
        ("atom", atom_entry(site, page, body)),
    ):
        if written is not None:
            assert written == feedgen_entries(kind, site, scope, contents, [page])[0], kind


def test_the_bench_sites_kind_of_page_is_written_as_text_not_declined(
    configs: dict[bool, SiteConfig], make_page: builders.MakePage
) -> None:
    """The fast way is the usual way: an ordinary page with an image, tags and an author."""
    page = make_page(tags=("roadmap", "growth"), authors=(Author("Ana", "https://ana.example/"),))
    image = SocialImage("https://a.example/i.jpg", 1200, 630, "image/jpeg", "", 15770)
    site = make_site(configs[True], [(page, image, ())])
    body = ContentCache(site).xml_html(page)
    assert rss_item(site, page, body, None) is not None
    assert atom_entry(site, page, body) is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("title", "\x01"), ("summary", "\x02"), ("tags", ("",)), ("date", dt.datetime(2026, 5, 1))],
)
def test_what_feedgen_treats_its_own_way_is_left_to_feedgen(
    configs: dict[bool, SiteConfig], make_page: builders.MakePage, field: str, value: object
) -> None:
    page = make_page(**{field: value})
    site = make_site(configs[True], [(page, None, ())])
    assert rss_item(site, page, "&lt;p&gt;x&lt;/p&gt;", None) is None


def test_a_lone_surrogate_is_left_to_lxml(configs: dict[bool, SiteConfig], make_page: builders.MakePage) -> None:
    page = make_page(title="half \ud800 a character")
    site = make_site(configs[True], [(page, None, ())])
    assert rss_item(site, page, None, None) is None
    assert atom_entry(site, page, None) is None
    with pytest.raises(ValueError):  # as before: the build reports what lxml refused
        bytes(render_feed("rss", site, site_scope(site), ContentCache(site)))


def test_escaping_is_lxmls() -> None:
    from lxml import etree

    for text in TRICKY:
        cleaned = clean_xml_text(text)
        element = etree.Element("e", {"a": cleaned})
        element.text = cleaned
        written = f'<e a="{escape_attribute(cleaned)}">{escape_text(cleaned)}</e>'
        assert etree.tostring(element, encoding="unicode") == written


@given(moments.filter(lambda moment: moment.year >= 1000))
def test_rfc2822_dates_are_feedgens(moment: dt.datetime) -> None:
    from feedgen.util import formatRFC2822

    assert format_rfc2822(moment) == formatRFC2822(moment)


@given(st.lists(st.sampled_from((*TRICKY, "a" * 120)), max_size=12).map("".join))
def test_cleaning_long_and_short_texts_is_the_same(text: str) -> None:
    """Long texts are looked at character by character first, short ones by the pattern alone."""
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text).replace("\r\n", "\n").replace("\r", "\n")
    assert clean_xml_text(text) == expected
