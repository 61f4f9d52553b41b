"""Attribute lists: `## Offers {#offers}`, kramdown's `{: .notice}`, `![a](b){: .left}`."""

from __future__ import annotations

from smo_gen.content.markdown import render_markdown
from smo_gen.content.markdown_attributes import open_markdown_blocks, parse_attribute_list


def test_attribute_lists_are_read_in_kramdown_and_pandoc_forms() -> None:
    assert parse_attribute_list("{: .notice--info}") == {"class": "notice--info"}
    assert parse_attribute_list('{:.a #b .c data-x="1 2" onclick=alert(1)}') == {
        "id": "b",
        "data-x": "1 2",
        "class": "a c",
    }
    assert parse_attribute_list("{#offers}") == {"id": "offers"}
    for not_a_list in ("{:toc}", "{}", "{not attributes}", "{.a and words}"):
        assert parse_attribute_list(not_a_list) is None, not_a_list


def test_an_explicit_heading_id_wins_and_generated_ids_avoid_it() -> None:
    html = render_markdown("## Offers\n\n## Our offers {#offers .big}\n\n## Offers\n").html
    assert html == (
        '<h2 id="offers-1">Offers</h2>\n<h2 id="offers" class="big">Our offers</h2>\n<h2 id="offers-2">Offers</h2>\n'
    )


def test_a_line_of_attributes_after_a_block_applies_to_it_and_is_not_printed() -> None:
    text = "Read this.\n{: .notice--info}\n\n> Quoted\n\n{:.wide #q}\n\n```\ncode\n```\n{: .no-copy}\n"
    html = render_markdown(text).html
    assert '<p class="notice--info">Read this.</p>' in html
    assert '<blockquote id="q" class="wide">' in html
    assert '<code class="no-copy">' in html
    assert "{:" not in html


def test_attributes_after_an_image_or_link_go_on_it() -> None:
    html = render_markdown("![Logo](logo.png){: .align-center} and [buy](/buy/){.button} now\n").html
    assert html == (
        '<p><img src="logo.png" alt="Logo" class="align-center" /> and <a href="/buy/" class="button">buy</a> now</p>\n'
    )


def test_braces_that_are_not_attributes_stay_text() -> None:
    html = render_markdown("Use {curly} braces, {.x} mid-sentence, and a set {:toc}\n\n## Sets {a, b}\n").html
    assert "<p>Use {curly} braces, {.x} mid-sentence, and a set {:toc}</p>" in html
    assert '<h2 id="sets-a-b">Sets {a, b}</h2>' in html


def test_attributes_on_the_line_before_a_paragraph_are_not_its_text() -> None:
    rendered = render_markdown("{: .lead}\nFirst words.\n")
    assert rendered.html == '<p class="lead">First words.</p>\n'
    assert rendered.first_paragraph == "First words."


def test_a_kramdown_toc_list_becomes_a_list_of_the_headings() -> None:
    html = render_markdown("Intro\n\n* TOC\n{:toc}\n\n## One\n\n### One a\n\n## Two {#second}\n").html
    assert html == (
        "<p>Intro</p>\n"
        '<nav class="toc"><ul><li><a href="#one">One</a><ul><li><a href="#one-a">One a</a></li></ul></li>'
        '<li><a href="#second">Two</a></li></ul></nav>\n'
        '<h2 id="one">One</h2>\n<h3 id="one-a">One a</h3>\n<h2 id="second">Two</h2>\n'
    )


def test_kramdown_markdown_attribute_opens_the_block_to_markdown() -> None:
    text = (
        '<div class="notice" markdown="1">\n**Note:** see [this](#).\n</div>\n\n'
        '<div markdown="0"><b>raw</b></div>\n\n```html\n<div markdown="1">\n```\n'
    )
    html = render_markdown(open_markdown_blocks(text)).html
    assert html == (
        '<div class="notice">\n<p><strong>Note:</strong> see <a href="#">this</a>.</p>\n</div>\n'
        "<div><b>raw</b></div>\n"
        '<pre><code class="language-html"><span class="p">&lt;</span><span '
        'class="nt">div</span> <span class="na">markdown</span>'
        '<span class="o">=</span><span class="s">"1"</span><span class="p">&gt;</span>\n</code></pre>\n'
    )
