"""Properties that hold for any input, checked with Hypothesis."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smo_gen.content.frontmatter import split_front_matter
from smo_gen.content.page_parser import SourceText, parse_page
from smo_gen.render.feeds import ContentCache, render_feed, site_scope
from smo_gen.render.social_meta import render_json_ld
from smo_gen.urls import absolute_url, slugify
from smo_gen.utm import UtmSettings, strip_utm, tag_url
from tests.support.builders import make_config, make_page, make_site_model

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

NO_SURROGATES: Final[list[Literal["Cs"]]] = ["Cs"]
# Text without lone surrogates: what a decoded UTF-8 file or a YAML/TOML string can hold.
unicode_text = st.text(st.characters(exclude_categories=NO_SURROGATES))
# Characters that matter to YAML and TOML, so the parsers see plausible, often broken, documents.
SYNTAX = ":-[]{}&*!|>'\"%@`#,?=+.\\ \t\n0123456789" + "abtrue" + "ä🍋\x00\x85\u2028"
front_matter_text = st.one_of(
    unicode_text,
    st.builds(lambda fence, body: f"{fence}\n{body}\n{fence}\n", st.sampled_from(["---", "+++"]), st.text(SYNTAX)),
    st.builds(
        lambda fence, key, value: f"{fence}\n{key}: {value}\n{fence}\nBody\n",
        st.sampled_from(["---", "+++"]),
        st.sampled_from(["title", "date", "tags", "draft", "url", "slug", "image", "author", "cta", "taxonomies"]),
        st.text(SYNTAX, max_size=30),
    ),
)


@QUICK
@given(front_matter_text)
def test_front_matter_parsing_returns_problems_never_raises(text: str) -> None:
    front, problems = split_front_matter(text, "content/x.md")
    if front is None:
        assert problems and all(p.path == "content/x.md" and p.line for p in problems)
    else:
        assert isinstance(front.data, dict) and all(isinstance(key, str) for key in front.data)


@QUICK
@given(front_matter_text)
def test_page_parsing_returns_problems_never_raises(text: str) -> None:
    source = SourceText(PurePosixPath("x.md"), "content/x.md", text, "digest")
    page, problems = parse_page(source, dt.UTC, "en")
    assert page is not None or any(p.severity == "error" for p in problems)
    for problem in problems:
        assert problem.path == "content/x.md"
        assert "Traceback" not in str(problem)


RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def is_slug_character(ch: str) -> bool:
    return ch == "-" or ch.isalnum() or unicodedata.category(ch).startswith("M")


@QUICK
@given(unicode_text)
def test_slugify_output_is_safe_and_stable(text: str) -> None:
    slug = slugify(text)
    assert all(is_slug_character(ch) for ch in slug), repr(slug)
    assert not set(slug) & set('/\\:*?"<>|.%') and not any(ch.isspace() for ch in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug not in RESERVED
    assert slugify(slug) == slug


path_segment = st.text(
    st.characters(exclude_categories=NO_SURROGATES, exclude_characters="/%"), min_size=1, max_size=12
)
site_path = st.builds(
    lambda parts, slash: "/" + "/".join(parts) + ("/" if slash and parts else ""),
    st.lists(path_segment, max_size=4),
    st.booleans(),
)
base_url = st.sampled_from(
    ["https://shop.example/", "https://shop.example", "https://example.com/sub/dir/", "http://127.0.0.1:8000/"]
)
URI_CHARACTERS = set(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


def assert_valid_uri(url: str) -> None:
    assert set(url) <= URI_CHARACTERS, url
    assert re.fullmatch(r"[^%]*(%[0-9A-Fa-f]{2}[^%]*)*", url), f"stray '%' in {url}"
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.netloc, url


@QUICK
@given(base_url, site_path)
def test_absolute_url_is_valid_and_round_trips(base: str, path: str) -> None:
    url = absolute_url(base, path)
    assert_valid_uri(url)
    base_path = urlsplit(base).path.rstrip("/")
    parts = urlsplit(url)
    assert not parts.query and not parts.fragment, "a '?' or '#' in a path must stay in the path"
    assert unquote(parts.path) == base_path + path


@QUICK
@given(base_url, st.text(st.characters(exclude_categories=NO_SURROGATES), max_size=20))
def test_absolute_url_is_valid_even_with_percent_signs(base: str, name: str) -> None:
    assert_valid_uri(absolute_url(base, "/" + name.replace("%", "%%") + "%"))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | unicode_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(unicode_text, children, max_size=4),
    max_leaves=20,
)


@QUICK
@given(st.dictionaries(unicode_text, json_value, max_size=5))
def test_json_ld_is_inert_and_round_trips(data: dict[str, Any]) -> None:
    text = render_json_ld(data)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == data


query_name = st.text(string.ascii_lowercase, min_size=1, max_size=6).filter(lambda name: not name.startswith("utm"))
query_value = st.text(string.ascii_letters + string.digits + "-._~%20+", max_size=8)
query = st.lists(st.builds(lambda k, v: f"{k}={v}", query_name, query_value), min_size=1, max_size=3).map("&".join)
page_url = st.builds(
    lambda path, q, fragment: (
        "https://shop.example/" + path + (f"?{q}" if q else "") + (f"#{fragment}" if fragment is not None else "")
    ),
    st.text(string.ascii_lowercase + "/-", max_size=12),
    st.none() | query,
    st.none() | st.text(string.ascii_letters + "?&=/", max_size=8),
)
utm_value = unicode_text.filter(lambda text: text.strip() != "")


@QUICK
@given(page_url, utm_value, utm_value, st.none() | utm_value)
def test_utm_tagging_round_trips(url: str, network: str, slug: str, audience: str | None) -> None:
    tagged = tag_url(url, UtmSettings(), network=network, slug=slug, audience=audience)
    assert strip_utm(tagged) == url
    assert strip_utm(url) == url
    parts = urlsplit(tagged)
    params = dict(parse_qsl(parts.query))
    assert params["utm_source"] == network.strip()
    assert params["utm_campaign"] == slug.strip()
    assert params.get("utm_content") == (audience.strip() if audience else None)
    assert parts.fragment == urlsplit(url).fragment
    assert tag_url(tagged, UtmSettings(), network=network, slug=slug, audience=audience) == tagged


# What XML 1.0 cannot hold at all; feeds leave these out and keep everything else.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
feed_text = st.text(st.characters(exclude_categories=NO_SURROGATES), max_size=40)


@SLOW
@given(feed_text.filter(lambda t: XML_ILLEGAL.sub("", t).strip() != ""), feed_text, feed_text)
def test_feeds_parse_and_carry_the_title_back(tmp_path: Path, title: str, summary: str, body: str) -> None:
    page = make_page(
        title=title, summary=summary, body_html=f"<p>{body.replace('&', '&amp;').replace('<', '&lt;')}</p>"
    )
    site = make_site_model(make_config(tmp_path), [page])
    scope = site_scope(site)
    rss = bytes(render_feed("rss", site, scope, ContentCache(site)))
    atom = bytes(render_feed("atom", site, scope, ContentCache(site)))
    feed = json.loads(bytes(render_feed("json", site, scope, ContentCache(site))))
    for name, document in (("rss", rss), ("atom", atom)):
        parsed = feedparser.parse(document)
        assert parsed.bozo == 0, f"{name}: {parsed.get('bozo_exception')}"
        assert len(parsed.entries) == 1
    expected = XML_ILLEGAL.sub("", title).replace("\r\n", "\n").replace("\r", "\n")  # XML line-end handling
    rss_title = ET.fromstring(rss).find("channel/item/title")
    atom_title = ET.fromstring(atom).find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert rss_title is not None and atom_title is not None
    assert rss_title.text == expected
    assert atom_title.text == expected
    assert feed["items"][0]["title"] == title
