"""Slugs, safe site paths and absolute URLs (percent-encoded, with relative links resolved)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smo_gen.urls import (
    _url_attribute_values,
    absolute_url,
    check_url_path,
    is_absolute,
    make_links_absolute,
    normalize_url_path,
    output_file_for,
    slugify,
)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Spring Sale: 40% off!", "spring-sale-40-off"),
        ("Café crème", "cafe-creme"),
        ("naïve façade", "naive-facade"),
        ("Straße", "straße"),
        ("  --Hello__World--  ", "hello-world"),
        ("snake_case_name", "snake-case-name"),
        ("ﬁne ²", "fine-2"),  # compatibility forms fold to plain letters and digits
        ("Καλοκαίρι 2026", "καλοκαιρι-2026"),  # Greek kept, accents dropped
        ("Привет, мир", "привет-мир"),
        ("Йогурт и ёлка", "йогурт-и-ёлка"),  # й and ё are letters of their own, not accented и and е
        ("ガイド", "ガイド"),  # the voiced mark makes ガ a different sound from カ
        ("日本語のページ", "日本語のページ"),
        ("हिन्दी", "हिन्दी"),  # Devanagari vowel signs and virama are part of the word
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("name", ["CON", "con", "Nul", "com1", "LPT9", "aux"])
def test_slugify_avoids_names_windows_cannot_store(name: str) -> None:
    assert slugify(name) == f"{name.lower()}-page"


def test_slugify_keeps_names_that_only_start_like_reserved_ones() -> None:
    assert slugify("Console") == "console"
    assert slugify("com10") == "com10"


@pytest.mark.parametrize(
    "path",
    [
        "/spring-sale/",
        "/",
        "/a/b/",
        "/feeds/cars.xml",
        "/καλοκαίρι/",
        "spring-sale",
        "/.well-known/security.txt",
        "/" + "a" * 255 + "/",
    ],
)
def test_safe_url_paths_are_accepted(path: str) -> None:
    assert check_url_path(path) is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/../etc/", "'/../etc/' contains '..'; a page cannot point outside the site"),
        ("/a/./b/", "'/a/./b/' contains '.'; a page cannot point outside the site"),
        ("/a\\b/", "'/a\\b/' contains a backslash; use '/' between folders"),
        (
            "https://evil.example/x/",
            "'https://evil.example/x/' is a full URL; give a path on this site such as '/spring-sale/'",
        ),
        ("//evil.example/x/", "'//evil.example/x/' is a full URL; give a path on this site such as '/spring-sale/'"),
        ("/a\nb/", "'/a\\nb/' contains control characters"),
        ("/a\x7f/", "'/a\\x7f/' contains control characters"),
        ("/con/", "'/con/' uses the reserved name 'con', which Windows cannot store"),
        ("/docs/NUL.txt", "'/docs/NUL.txt' uses the reserved name 'NUL.txt', which Windows cannot store"),
        ("/what?/", "'/what?/' contains ?, which some file systems do not allow"),
        ("/a<b>/", "'/a<b>/' contains < >, which some file systems do not allow"),
        ("/mailto:x/", "'/mailto:x/' contains :, which some file systems do not allow"),
        ("/a|b*/", "'/a|b*/' contains * |, which some file systems do not allow"),
        ("/trailing./", "'/trailing./' has a folder or file name ending in a dot or space"),
        ("/trailing /", "'/trailing /' has a folder or file name ending in a dot or space"),
        ("/.git/config/", "'/.git/config/' writes into the hidden folder '.git' (only '.well-known' is allowed)"),
        ("/.git/HEAD", "'/.git/HEAD' writes into the hidden folder '.git' (only '.well-known' is allowed)"),
        ("/docs/.hg/", "'/docs/.hg/' writes into the hidden folder '.hg' (only '.well-known' is allowed)"),
        ("/.svn/", "'/.svn/' writes into the hidden folder '.svn' (only '.well-known' is allowed)"),
        ("/.ssh/", "'/.ssh/' writes into the hidden folder '.ssh' (only '.well-known' is allowed)"),
    ],
)
def test_unsafe_url_paths_are_rejected_with_a_reason(path: str, reason: str) -> None:
    assert check_url_path(path) == reason


@pytest.mark.parametrize("name", ["a" * 256, "é" * 128, "🍋" * 64], ids=["ascii", "two-byte", "four-byte"])
def test_a_name_over_255_bytes_is_rejected_shortened_in_the_message(name: str) -> None:
    reason = check_url_path(f"/offers/{name}/")
    assert reason is not None
    assert reason.startswith(f"'/offers/{name[:20]}") and len(reason) < 250  # a long name is shortened
    assert reason.endswith("' has a name of 256 bytes; file systems allow 255 (as UTF-8) for each folder or file name")


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("", "/"),
        ("/", "/"),
        ("a/b", "/a/b/"),
        ("/a/b", "/a/b/"),
        ("//a///b//", "/a/b/"),
        ("  /a/  ", "/a/"),
        ("/feeds/cars.xml", "/feeds/cars.xml"),
        ("/.well-known", "/.well-known/"),
        ("/release-1.2/", "/release-1.2/"),  # a trailing slash says: a folder, whatever the name
        # A dot makes a file only before an extension a server serves by name.
        ("2019/09/26/Rust-1.38.0", "/2019/09/26/Rust-1.38.0/"),
        ("releases/1.38.0", "/releases/1.38.0/"),
        ("2019/09/26/Rust-1.38.0.html", "/2019/09/26/Rust-1.38.0.html"),
        ("/feed.ATOM", "/feed.ATOM"),
        ("/site.webmanifest", "/site.webmanifest"),
        ("/media/talk.mp4", "/media/talk.mp4"),
        ("/docs/guide.pdf", "/docs/guide.pdf"),
        ("/v2.0-notes", "/v2.0-notes/"),
        ("/.html", "/.html/"),
    ],
)
def test_normalize_url_path(value: str, normalized: str) -> None:
    assert normalize_url_path(value) == normalized


@pytest.mark.parametrize(
    ("url_path", "file"),
    [("/", "index.html"), ("/a/b/", "a/b/index.html"), ("/feeds/cars.xml", "feeds/cars.xml")],
)
def test_output_file_for(url_path: str, file: str) -> None:
    assert output_file_for(url_path) == file


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://acme.example/", "/spring-sale/", "https://acme.example/spring-sale/"),
        ("https://acme.example/blog/", "/spring-sale/", "https://acme.example/blog/spring-sale/"),
        ("https://acme.example/", "/", "https://acme.example/"),
        (
            "https://acme.example/",
            "/καλοκαίρι/",
            "https://acme.example/%CE%BA%CE%B1%CE%BB%CE%BF%CE%BA%CE%B1%CE%AF%CF%81%CE%B9/",
        ),
        ("https://acme.example/", "/a b/", "https://acme.example/a%20b/"),
        ("https://acme.example/", "/already%20encoded/", "https://acme.example/already%20encoded/"),
        ("https://acme.example/", "/100%/", "https://acme.example/100%25/"),
        ("https://acme.example/", "/a[1]/", "https://acme.example/a%5B1%5D/"),
        (
            "https://acme.example/",
            "/~me/$5&a=(b)*c+d,e;f:g@h!i'j/",
            "https://acme.example/~me/$5&a=(b)*c+d,e;f:g@h!i'j/",
        ),
    ],
)
def test_absolute_url_percent_encodes_what_a_uri_cannot_hold(base: str, path: str, url: str) -> None:
    assert absolute_url(base, path) == url
    assert absolute_url(base, path).isascii()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/", True),
        ("//cdn.example/x.js", True),
        ("mailto:a@b", True),
        ("/x/", False),
        ("x.png", False),
    ],
)
def test_is_absolute(url: str, expected: bool) -> None:
    assert is_absolute(url) is expected


PAGE_URL = "https://acme.example/blog/spring-sale/"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/prices/">p</a>', '<a href="https://acme.example/prices/">p</a>'),
        ('<a href="../summer/">s</a>', '<a href="https://acme.example/blog/summer/">s</a>'),
        ('<img src="chair.jpg" alt="">', '<img src="https://acme.example/blog/spring-sale/chair.jpg" alt="">'),
        ("<img src='chair.jpg'>", "<img src='https://acme.example/blog/spring-sale/chair.jpg'>"),
        ('<video poster="p.jpg"></video>', '<video poster="https://acme.example/blog/spring-sale/p.jpg"></video>'),
        (
            '<img srcset="a.jpg 1x, /b.jpg 2x" src="a.jpg">',
            (
                '<img srcset="https://acme.example/blog/spring-sale/a.jpg 1x, https://acme.example/b.jpg 2x" '
                'src="https://acme.example/blog/spring-sale/a.jpg">'
            ),
        ),
    ],
)
def test_relative_links_are_made_absolute(html: str, expected: str) -> None:
    assert make_links_absolute(html, PAGE_URL) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a href="mailto:sales@acme.example">m</a>',
        '<a href="tel:+4930123">t</a>',
        '<img src="data:image/png;base64,AAAA">',
        '<a href="https://other.example/x">x</a>',
        '<a href="">empty</a>',
        "<p>a = b, with src=&quot;x&quot; in text</p>",
        '<img data-src="lazy.jpg">',
    ],
)
def test_links_that_need_no_base_are_left_alone(html: str) -> None:
    assert make_links_absolute(html, PAGE_URL) == html


def test_protocol_relative_links_gain_the_page_scheme() -> None:
    assert make_links_absolute('<img src="//cdn.example/x.png">', PAGE_URL) == '<img src="https://cdn.example/x.png">'


def test_fragment_links_point_at_the_page_since_a_feed_reader_has_no_such_anchor() -> None:
    assert make_links_absolute('<a href="#fn1">1</a>', PAGE_URL) == f'<a href="{PAGE_URL}#fn1">1</a>'


# The pattern that found link attributes before they were found from '=' to '=' (urls.py):
# the reference the scan is compared with.
REFERENCE_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s(?P<name>href|src|srcset|poster|cite)\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"""
)
MARKUP = (
    " ",
    "\n",
    "\u00a0",
    "\x1c",
    "=",
    '"',
    "'",
    "<a",
    "<img",
    " href",
    " src",
    " srcset",
    " poster",
    " cite",
    "xsrc",
    "ahref",
    "data-src",
    " class",
    '="',
    "='",
    " = ",
    '=\n"',
    "\t=\u00a0'",
    '\x1c= "',
    "a.jpg",
    "/b/",
    "#fn",
    "../up",
    "//cdn.example/x",
    "https://o.example/",
    " 2x, ",
    ">",
    "é",
)


def reference_attributes(html: str) -> list[tuple[str, int, int]]:
    found = []
    for match in REFERENCE_ATTRIBUTE.finditer(html):
        group = "dq" if match["dq"] is not None else "sq"
        found.append((match["name"], match.start(group), match.end(group)))
    return found


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(MARKUP), max_size=30).map("".join))
def test_link_attributes_are_found_where_the_pattern_finds_them(html: str) -> None:
    assert list(_url_attribute_values(html)) == reference_attributes(html)


def test_link_attributes_of_real_markup_are_found_where_the_pattern_finds_them() -> None:
    html = (
        '<p class="x"><a href="/a/" title="see src=\'b\'">a</a> <img\nsrc = "c.png" srcset=\'d.png 2x\'>'
        '<video poster="p.jpg" src=e.mp4></video><blockquote cite="/q/">q</blockquote><a href="unclosed></p>'
    )
    assert list(_url_attribute_values(html)) == reference_attributes(html)
    assert len(reference_attributes(html)) == 6
