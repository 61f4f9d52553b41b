"""Markdown bodies: the extensions writers rely on, and the plain text used for summaries."""

from __future__ import annotations

import random

import pytest

from smo_gen.content.markdown import normalize_link, plain_text, render_html_body, render_markdown


@pytest.mark.parametrize(
    ("markdown", "fragments"),
    [
        pytest.param(
            "| Size | Price |\n| --- | ---: |\n| 0.5 l | 1.20 € |\n",
            ["<table>", "<th>Size</th>", '<td style="text-align:right">1.20 €</td>'],
            id="tables",
        ),
        pytest.param("~~old price~~ new price", ["<s>old price</s>"], id="strikethrough"),
        pytest.param(
            "Cheaper than ever.[^1]\n\n[^1]: Compared with 2025.\n",
            ['href="#fn1"', 'id="fn1"', "Compared with 2025."],
            id="footnotes link both ways",
        ),
        pytest.param(
            "# Spring Sale\n\n## Café & Crème\n\n### Καλοκαίρι\n",
            [
                '<h1 id="spring-sale">Spring Sale</h1>',
                '<h2 id="cafe-creme">Café &amp; Crème</h2>',
                '<h3 id="καλοκαιρι">Καλοκαίρι</h3>',
            ],
            id="headings get slug ids",
        ),
        pytest.param("## !!!\n", ['<h2 id="section">!!!</h2>'], id="a heading without letters still gets an id"),
        pytest.param(
            '<div class="cta"><a href="/buy/">Buy</a></div>\n\nText with <mark>marks</mark>.\n',
            ['<div class="cta"><a href="/buy/">Buy</a></div>', "<mark>marks</mark>"],
            id="raw html is kept",
        ),
    ],
)
def test_markdown_renders(markdown: str, fragments: list[str]) -> None:
    html = render_markdown(markdown).html
    for fragment in fragments:
        assert fragment in html, html


def test_repeated_headings_get_distinct_ids() -> None:
    html = render_markdown("## Offer\n\n## Offer\n").html
    assert html.count('id="offer"') == 1, html


def test_first_paragraph_is_plain_text() -> None:
    rendered = render_markdown(
        "# Title\n\nSave **40%** on `garden` chairs,\nthis <em>week</em> only. ![a chair](c.jpg)\n\nSecond paragraph.\n"
    )
    assert rendered.first_paragraph == "Save 40% on garden chairs, this week only. a chair"


def test_first_paragraph_skips_a_paragraph_that_is_only_an_image() -> None:
    # Posts often open with a logo; its alt text ("Project logo") is no description of the page.
    rendered = render_markdown(
        "![Project logo](logo.svg)\n\n[![badge](b.svg)](https://ci.example) ![x](y.png)\n\nWe shipped v2.\n"
    )
    assert rendered.first_paragraph == "We shipped v2."


def test_first_paragraph_skips_quotes_and_lists() -> None:
    rendered = render_markdown("> A quote\n\n- a list item\n\nThe real opening.\n")
    assert rendered.first_paragraph == "The real opening."


def test_no_paragraph_gives_empty_text() -> None:
    assert render_markdown("# Only a heading\n").first_paragraph == ""
    assert render_markdown("").html == ""


def test_word_count() -> None:
    assert render_markdown("# Two words\n\nThree more words.\n").word_count == 5


def test_plain_text_strips_tags_and_entities() -> None:
    assert plain_text("<p>Fish &amp; <b>chips</b></p>\n<p>today</p>") == "Fish & chips today"


def _markdown_its_own_normalize_link(url: str) -> str:
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def _generated_urls(count: int, seed: int) -> list[str]:
    """URLs built from pieces that each step of markdown-it's normalizeLink treats specially."""
    rng = random.Random(seed)
    starts = [
        "",
        "http://",
        "https://",
        "HTTPS://",
        "//",
        "/",
        "./",
        "../",
        "#",
        "?",
        "mailto:",
        "ftp://",
        "javascript:",
        " ",
    ]
    hosts = [
        "example.com",
        "Example.COM",
        "a.b",
        "xn--bcher-kva.example",
        "bücher.example",
        "a..b",
        "-a-.b",
        "host:8080",
        "host:",
        "[::1]",
        "user@host",
        "a@b@c",
        "x" * 64 + ".com",
        ("y" * 60 + ".") * 5 + "com",
        "",
        "ho_st",
        "1.2.3.4",
    ]
    pieces = [
        "/",
        "a",
        "Z",
        "0",
        "-",
        "_",
        ".",
        "~",
        "!",
        "$",
        "&",
        "'",
        "(",
        ")",
        "*",
        "+",
        ",",
        ";",
        "=",
        ":",
        "@",
        "?",
        "#",
        "%",
        "%2F",
        "%zz",
        " ",
        "é",
        "[",
        "]",
        "|",
        "^",
        "`",
        "{",
        "\\",
        '"',
        "<",
        "\t",
        "\U0001f600",
        "//",
    ]
    urls = []
    for _ in range(count):
        start = rng.choice(starts)
        host = rng.choice(hosts) if start.endswith("//") else ""
        urls.append(start + host + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))))
    return urls


def test_normalize_link_agrees_with_markdown_its_own() -> None:
    edge_cases = [
        "",
        "https://example.com",
        "https://example.com/",
        "https://example.com/a@b:c?d=e&f#g",
        "http://a.b?x@y",
        "/path/to/page/",
        "page.html",
        "../up#frag",
        "?q=1",
        "#top",
        "a//b",
        "//example.com/x",
        "https://Example.com/",
        "HTTPS://example.com/",
        "https://example.com:443/",
        "https://example.com:/x",
        "https://" + "a" * 64 + ".com/",
        "https://" + ("b" * 63 + ".") * 4 + "com/",
        "https://ex ample.com/",
        "https://example.com/%41",
        "mailto:a@b.c",
        "https://user@example.com/",
        "https://bücher.example/",
        "https://example.com/ä",
        "a:b",
        "foo/bar:baz",
    ]
    for url in edge_cases + _generated_urls(20_000, seed=7):
        assert normalize_link(_markdown_its_own_normalize_link, url) == _markdown_its_own_normalize_link(url), url


def test_normalize_link_skips_the_parse_for_plain_links() -> None:
    def refuse(url: str) -> str:
        raise AssertionError(f"normalized {url!r} again")

    for url in [
        "https://example.com/analytics/product",
        "http://docs.example.net/a?b=c&d=e#f",
        "/blog/post/",
        "#notes",
        "../images/chart.png",
        "https://example.com/a_(b)/c;d,e!f~g*h'i$j+k=l@m:n",
    ]:
        assert normalize_link(refuse, url) == url
    assert render_markdown("[x](https://example.com/a%20b) [y](/ü)").html == (
        '<p><a href="https://example.com/a%20b">x</a> <a href="/%C3%BC">y</a></p>\n'
    )


def test_thirty_thousand_identical_headings_get_ids_in_linear_work() -> None:
    """The anchors plugin searched from "-1" upwards for every heading (quadratic: 6 minutes)."""
    from smo_gen.content.markdown import UniqueIds

    ids = UniqueIds()
    made = [ids.make("sale") for _ in range(30_000)]
    assert made[:3] == ["sale", "sale-1", "sale-2"] and made[-1] == "sale-29999"
    assert len(set(made)) == 30_000
    assert ids.tried <= 2 * 30_000


def test_ids_taken_in_advance_are_passed_over_once() -> None:
    from smo_gen.content.markdown import UniqueIds

    n = 10_000
    ids = UniqueIds(f"a-{k}" for k in range(1, n + 1))  # as if headings "a-1" ... "a-10000" came first
    made = [ids.make("a") for _ in range(n)] + [ids.make("a-1") for _ in range(n)]
    assert made[0] == "a" and made[1] == f"a-{n + 1}" and made[n] == "a-1-1"
    assert len(set(made)) == 2 * n
    assert ids.tried <= 6 * n  # each taken name is passed over once; the search from -1 took n * n / 2


def test_many_identical_headings_render_with_distinct_ids() -> None:
    html = render_markdown("## Sale\n\n" * 3000).html
    assert html.count('<h2 id="sale') == 3000 and '<h2 id="sale-2999">' in html


@pytest.mark.parametrize("seed", range(5))
def test_heading_ids_are_those_of_the_anchors_plugin(seed: int) -> None:
    """Same ids as mdit-py-plugins' anchors plugin (which smo-gen used before), on pages of
    headings chosen to collide: texts alike, texts that look like numbered ids, empty ones."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin

    from smo_gen.content.markdown import heading_slug

    plugin = MarkdownIt("commonmark").use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_slug)
    rng = random.Random(seed)
    texts = ["a", "a-1", "a-2", "a 1", "A", "", "Sale!", "sale", "section", "section-1", "`code`", "a-1-1", "¡Olé!"]
    for _ in range(200):
        page = "\n\n".join("#" * rng.randint(1, 6) + " " + rng.choice(texts) for _ in range(rng.randint(1, 15)))
        expected = [token.attrGet("id") for token in plugin.parse(page) if token.type == "heading_open"]
        html = render_markdown(page).html
        assert [f'id="{heading_id}"' in html for heading_id in expected] == [True] * len(expected), page
        assert html.count(" id=") == len(expected)


def test_an_html_body_is_kept_as_written_with_its_first_paragraph_and_words() -> None:
    rendered = render_html_body('<div><p class="x"> </p><p>Hello <b>*big*</b> &amp; small</p></div>\n# Not a heading\n')
    assert rendered.html == '<div><p class="x"> </p><p>Hello <b>*big*</b> &amp; small</p></div>\n# Not a heading\n'
    assert rendered.first_paragraph == "Hello *big* & small"
    assert rendered.word_count == 8
