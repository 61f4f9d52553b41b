"""Plain pages read without the syntax tree give the values the tree and markdown-it-py give.

content/markdown_plain.py reads a page's headings, fences, words, opening text and links from its
lines and the compiled core's HTML. Wherever it takes a page, the fast path's result must be
markdown-it-py's exactly (tests/unit/test_markdown_fast.py holds the same over real sites' pages);
where the lines could be read two ways, it must stand aside.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smo_gen.content import markdown_fast
from smo_gen.content.markdown import render_markdown_reference
from smo_gen.content.markdown_fast import make_compiled_markdown, render_markdown_fast
from smo_gen.content.markdown_plain import read_plain_page
from tests.unit.test_markdown_fast import bench_bodies


def plain_reading(text: str) -> markdown_fast.RenderedMarkdown | None:
    """The fast path's result for `text` when the plain reader took it, else None."""
    fast = render_markdown_fast(text)  # first: it stands aside from text the compiled core may panic on
    compiled = make_compiled_markdown()
    assert compiled is not None, "markdown-it-pyrs is a dependency"
    if fast is None or read_plain_page(text, compiled.render(text)) is None:
        return None
    return fast


def assert_plain_is_reference(text: str) -> bool:
    """Whether the plain reader took `text`; where it did, the values are markdown-it-py's."""
    fast = plain_reading(text)
    if fast is None:
        return False
    reference = render_markdown_reference(text)
    assert fast.html == reference.html, "the HTML differs from markdown-it-py's"
    assert fast.first_paragraph == reference.first_paragraph, "the opening text differs"
    assert fast.word_count == reference.word_count, "the word count differs"
    assert fast.links == reference.links, "the links or their lines differ"
    return True


PLAIN = [
    "Intro with [a link](https://example.com/x/) and `code`.\n\n## Part *one*\n\n- a\n- b [l](/l/)\n",
    "# Title\n\n## Title\n\n## `code` and [a link](/x/) in a heading\n",
    "Para\ncontinued on a line\n- item\nlazy line\n+ other list\n\n1. one\n2. two\n\n3) new list\n",
    '> A quote with [a link](/q/) and "quotes".\n\nThen the opening text.\n',
    "| a | b |\n| --- | ---: |\n| 1 [l](/x/) | 2 |\n| *c* | **d** |\n\nAfter.\n",
    '<aside class="callout">Tip: <a href="/tip/">read</a>\nmore</aside>\n\nText [x](/x/).\n',
    "```python\ndef f():\n    return 1\n```\n\nText\n```\nplain\n```\n",
    "Ünïcödé text with [läñk](/u/) and `cöde`\n\n## Ünïcödé\n",
    "Question? Yes! [a](/a/) [b](/a/)\n\n5. five\n6. six\n",
]

# Each reads two ways, or needs the tree: the plain reader stands aside.
NOT_PLAIN = [
    "[ref]: /r/\nText after a definition.\n",
    "Text [ref]\n\n[ref]: /r/\n",
    "Para\n2. not a list\n",
    "- a\n2. lazy\n",
    "1. a\n3) lazy\n",
    "- - -\n",
    "Text\n---\n",
    "Text\n===\n",
    "> two\n> lines\n",
    "> lazy\ncontinuation\n",
    "- loose\n\n- list\n",
    "- item\n\n  second paragraph\n",
    "    indented code\n",
    "![image](/i.png) text\n",
    "hard  \nbreak\n",
    "[link\nover lines](/x/)\n",
    "| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n",
    "| a | b |\n| --- | --- |\nno pipe\n",
    "<span>inline html</span> text\n",
    "<!-- comment -->\n",
    "Entity &amp; text\n",
    "Escaped \\* star\n",
    "Curly {braces}\n",
    "~~strike~~\n",
    "Odd `backticks\n",
    "```\nunclosed fence\n",
    "```\ncontent\n````\n",
    "no final line break",
    "- \n",
    "1. \n",
    "## closing ##\n",
    "#hashtag\n",
    "[x](/a%20b/)\n",
    "[x](/a/ 'title')\n",
    "Para\n> quote\nafter\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_pages_are_read_without_the_tree(text: str) -> None:
    assert assert_plain_is_reference(text), "the plain reader stood aside"


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_pages_that_read_two_ways_go_on_to_the_tree(text: str) -> None:
    assert not assert_plain_is_reference(text)
    fast = render_markdown_fast(text)
    assert fast is None or fast == render_markdown_reference(text)


def test_bench_corpus_pages_are_nearly_all_read_without_the_tree() -> None:
    bodies = bench_bodies(200, seed=11)
    taken = sum(assert_plain_is_reference(body) for _slug, body in bodies)
    assert taken >= 0.9 * len(bodies), f"the plain reader took only {taken} of {len(bodies)} generated pages"


_WORDS = st.sampled_from(
    ["word", "two words", "*em*", "**strong**", "_u_", "`code`", "``co`de``", "[link](/a/)", "[t](https://ex.com/t)"]
    + ["ü", "!", "?", "[", "]", "(", ")", "](", "#", "1.", "-", "+", "*", "_", "`", '"', "'", "  ", " ", "\n", ":"]
)
_TEXT = st.lists(_WORDS, min_size=1, max_size=6).map("".join)
_PLAIN_BLOCK = st.one_of(
    _TEXT,
    _TEXT.map(lambda text: "## " + text),
    _TEXT.map(lambda text: "- " + text),
    _TEXT.map(lambda text: "* " + text + "\n* " + text),
    _TEXT.map(lambda text: "1. " + text + "\n2) " + text),
    _TEXT.map(lambda text: "3. " + text),
    _TEXT.map(lambda text: "> " + text),
    _TEXT.map(lambda text: f"| {text} | b |\n| --- | :-: |\n| {text} | {text} |"),
    _TEXT.map(lambda text: f'<div class="x">\n<a href="/d/">{text}</a>\n</div>'),
    _TEXT.map(lambda text: f"```py\n{text}\n```"),
    st.sampled_from(["---", "***", "===", "[r]: /r/", "    code", "<section>", "```", "- ", "#"]),
)
_PLAIN_DOCUMENT = st.lists(st.tuples(_PLAIN_BLOCK, st.sampled_from(["\n\n", "\n", "\n\n\n"])), max_size=8).map(
    lambda parts: "".join(block + gap for block, gap in parts)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PLAIN_DOCUMENT)
def test_generated_plain_documents_read_as_markdown_it_py_reads_them(text: str) -> None:
    assert_plain_is_reference(text)
