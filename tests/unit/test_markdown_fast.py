"""The compiled-core fast path gives markdown-it-py's bytes, or stands aside.

Every Markdown body of real sites (the three shared corpora), of the bench corpus, of the golden
site and of this repository's own content is rendered both ways; wherever the fast path takes a
page, its HTML, first paragraph, word count and links must be the reference's exactly. Generated
documents and hand-written tricky ones check the same on constructs the corpora may lack.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smo_gen.content import markdown_fast, page_parser
from smo_gen.content.discovery import MARKDOWN_SUFFIXES
from smo_gen.content.markdown import RenderedMarkdown, render_markdown, render_markdown_reference
from smo_gen.content.markdown_fast import render_markdown_fast

REPO = Path(__file__).resolve().parents[2]


def shared_folder() -> Path:
    """The team's shared folder: SMO_SHARED_DIR, else a `shared/` beside the repository or beside one of
    its parents (a clone made inside a work folder still finds it)."""
    if named := os.environ.get("SMO_SHARED_DIR"):
        return Path(named)
    beside = [folder / "shared" for folder in REPO.parents]
    return next((folder for folder in beside if (folder / "corpora").is_dir()), REPO.parent / "shared")


SHARED = shared_folder()
CORPORA = SHARED / "corpora"
CORPUS_NAMES = ("rust-blog", "jekyll-minimal-mistakes", "hugo-kubernetes-blog-2024")


def bodies_of(folder: Path) -> list[tuple[str, str]]:
    """(file, body) for every Markdown body the pipeline renders for the files under `folder`:
    front matter split off and other generators' markup translated, as parse_page does."""
    bodies: list[tuple[str, str]] = []
    current = [""]

    def record(body: str) -> RenderedMarkdown:
        bodies.append((current[0], body))
        return render_markdown_reference(body)

    original = page_parser.render_markdown
    page_parser.render_markdown = record  # type: ignore[assignment]
    try:
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file()):
            current[0] = str(path.relative_to(folder))
            source, _problem = page_parser.make_source_text(PurePosixPath(path.name), current[0], path.read_bytes())
            if source is not None:
                page_parser.parse_page(source, dt.UTC, "en")
    finally:
        page_parser.render_markdown = original
    return bodies


def assert_same_where_taken(bodies: list[tuple[str, str]]) -> int:
    """Every body the fast path takes renders to the reference's exact values; how many it took."""
    taken = 0
    for name, body in bodies:
        fast = render_markdown_fast(body)
        if fast is None:
            continue
        taken += 1
        reference = render_markdown_reference(body)
        assert fast.html == reference.html, f"{name}: the fast path's HTML differs from markdown-it-py's"
        assert fast.first_paragraph == reference.first_paragraph, f"{name}: first paragraph differs"
        assert fast.word_count == reference.word_count, f"{name}: word count differs"
        assert fast.links == reference.links, f"{name}: links or their lines differ"
    return taken


@pytest.mark.parametrize(
    ("corpus", "share"), [("rust-blog", 0.5), ("jekyll-minimal-mistakes", 0.3), ("hugo-kubernetes-blog-2024", 0.5)]
)
def test_real_sites_render_the_same_on_the_fast_path(corpus: str, share: float) -> None:
    folder = CORPORA / corpus
    if not folder.is_dir():
        pytest.skip(f"NOT CHECKED: the shared corpus {folder} is missing (set SMO_SHARED_DIR to the shared folder)")
    bodies = bodies_of(folder)
    taken = assert_same_where_taken(bodies)
    assert taken >= share * len(bodies), f"{corpus}: the fast path took only {taken} of {len(bodies)} pages"


def bench_bodies(count: int, seed: int) -> list[tuple[str, str]]:
    """(slug, body) of `count` posts of the bench corpus generator (bench/README.md); skips without it."""
    generator = SHARED / "bench" / "gen_corpus.py"
    if not generator.is_file():
        pytest.skip(f"NOT CHECKED: the bench corpus generator {generator} is missing (set SMO_SHARED_DIR)")
    spec = importlib.util.spec_from_file_location("gen_corpus", generator)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module
    spec.loader.exec_module(module)
    return [(post.slug, post.body) for post in module.generate(count, seed=seed)]


def test_bench_corpus_pages_render_the_same_and_nearly_all_take_the_fast_path(tmp_path: Path) -> None:
    bodies = bench_bodies(300, seed=42)
    taken = assert_same_where_taken(bodies)
    assert taken >= 0.9 * len(bodies), f"the fast path took only {taken} of {len(bodies)} plain generated pages"


@pytest.mark.parametrize("folder", ["tests/fixtures/golden-site/content", "content"])
def test_this_repositorys_sites_render_the_same(folder: str) -> None:
    bodies = bodies_of(REPO / folder)
    assert bodies
    assert_same_where_taken(bodies)


TRICKY = [
    "# Title\n\n## Title\n\n## Title\n\nText.\n",
    "Setext\n======\n\nAnd *two*\nlines\n---\n",
    "## `code` and [a link](/x/) in a heading ##\n",
    "## ![logo](l.png) Only the words\n",
    "## Café & Crème &amp; &copy; \\*\n",
    "## \n\n#\n",
    "- tight\n- list\n  - nested\n    with lazy\n- end\n",
    "- loose\n\n- list\n\n  para two\n",
    "- text\n  ```py\n  x = 1\n  ```\n",
    "- text\n\n      indented code\n",
    "- text\n  <div>x</div>\n",
    "1. one\n   > quoted\n   > more\n2. two\n",
    "> quote *with\n> emphasis* over\nlazy lines\n",
    "> `code\n> span` over lines\n",
    "> [link\n> text](/a/) and ![alt\n> text](/b.png)\n",
    "> a \\\n> hard break\n",
    "First  \nhard break [a](/x/)\n[b](/y/ 'title\nover lines')\n",
    "Text <span\nclass='x'>inline html</span> then [late](/late/)\n",
    "```python\ndef f():\n    return {'a': 1}\n```\n",
    "```rust,ignore\nfn main() {}\n```\n\n~~~\nplain\n~~~\n\n```no-such-lang\n<b>\n```\n",
    "```py&amp;x attrs\ncode\n```\n",
    "```\nunclosed fence",
    "<div>\nraw html at the end\n</div>",
    "    indented code at the end",
    "| a | b |\n|---|--:|\n| 1 [l](/x/) | 2 |\n|  | ~~s~~ |\n",
    "| a \\| b | c |\n| --- | --- |\n| `x|y` | z |\n",
    # markdown-it-py ends a table at an ordered item numbered other than 1; markdown-it-pyrs does not.
    "| word | b |\n| --- | :-: |\n| word | word |\n3. word\n\n",
    "[ref]: /target/ 'Title'\n\nUse [the ref][ref] and [ref].\n",
    "<https://example.com/auto> and <mail@example.com>\n",
    "[x](/ü/) [y](https://EXAMPLE.com/) [z](https://example.com/a%20b) [w](javascript:alert(1))\n",
    "![](empty.png) ![only *image*](a.png)\n\nThen words.\n",
    "Entities &nbsp; &#x41; &bogus; and escapes \\[not a link\\]\n",
    "Braces {curly} in text\n\n## Offers {#offers}\n",
    "Footnote[^1].\n\n[^1]: Here.\n",
    "Inline ^[footnote].\n",
    "<h2>Raw heading</h2>\n\n## Markdown heading\n",
    "<pre>raw pre</pre>\n\n```py\nx\n```\n",
    "Tabs\tin\ttext\n\n-\ttab list\n\n\tcode with tab\n",
    "Form\x0cfeed\n",
    "## No-break space\xa0\n\n\xa0\n\nEm\u2003space \x1c\n",
    "Ünïcödé ✓ text with [läñk](/ü/) and `cöde`\n\n## Ünïcödé\n",
    "<!-- comment --> then text\n\n<!--\nblock comment\n-->\n",
    "***\n---\n___\n",
    "* * TOC\n{:toc}\n",
    "Word\n\n\n\n",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_snippets_render_the_same_or_fall_back(text: str) -> None:
    assert_same_where_taken([("snippet", text)])
    assert render_markdown(text) == render_markdown_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "Footnote[^1].\n\n[^1]: Here.\n",
        "## Offers {#offers}\n",
        "{: .notice}\nText.\n",
        "<h2>Raw</h2>\n",
        "[mail](mailto:a@example.com)\n",
        "[x](/ü/)\n",
        "- text\n  ```py\n  x\n  ```\n",
    ],
)
def test_what_only_markdown_it_py_renders_as_the_reference_falls_back(text: str) -> None:
    assert render_markdown_fast(text) is None


def test_plain_pages_take_the_fast_path() -> None:
    text = "Intro with [a link](https://example.com/x/).\n\n## Part\n\n- one\n- two\n\n```py\nx = 1\n```\n"
    assert render_markdown_fast(text) == render_markdown_reference(text)


def test_without_the_compiled_core_every_page_renders_by_markdown_it_py(monkeypatch: pytest.MonkeyPatch) -> None:
    markdown_fast.make_compiled_markdown.cache_clear()
    monkeypatch.setitem(sys.modules, "markdown_it_pyrs", None)  # what a failed import looks like
    try:
        text = "## Plain\n\nA page any parser could take.\n"
        assert render_markdown_fast(text) is None
        assert render_markdown(text) == render_markdown_reference(text)
        assert '<h2 id="plain">' in render_markdown(text).html
    finally:
        markdown_fast.make_compiled_markdown.cache_clear()


_INLINE = st.sampled_from(
    [
        "word",
        "two words",
        "*em*",
        "**strong**",
        "_u_",
        "`code`",
        "``co`de``",
        "[link](/a/)",
        '[t](/t/ "ti")',
        "![img](/i.png)",
        "![a *b*](/i.png)",
        "<https://ex.com/a>",
        "<b>",
        "</b>",
        "&amp;",
        "&copy;",
        "\\*",
        "~~s~~",
        "ü",
        "  ",
        "\n",
        "  \n",
        "\\\n",
        "[ref]",
        "[^n]",
        "{.x}",
        "{",
        "}",
        "#",
        "|",
        "<!-- c -->",
        "*",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "https://ex.com/p?q=1&r=2",
        "[a](https://ex.com/a b)",
        "\t",
        "\xa0",
        "\u2003",
        "\x1c",
        "é",
    ]
)
_LINE = st.lists(_INLINE, min_size=1, max_size=8).map("".join)
_BLOCK = st.one_of(
    _LINE,
    _LINE.map(lambda line: "# " + line),
    _LINE.map(lambda line: "### " + line + " ###"),
    _LINE.map(lambda line: line + "\n---"),
    _LINE.map(lambda line: "> " + line.replace("\n", "\n> ")),
    _LINE.map(lambda line: "> " + line),
    _LINE.map(lambda line: "- " + line.replace("\n", "\n  ")),
    _LINE.map(lambda line: "1. " + line + "\n2. " + line),
    _LINE.map(lambda line: "- a\n  - " + line),
    st.sampled_from(
        [
            "```py\nx = {1}\n```",
            "```\n<b>\n```",
            "    code",
            "<div>\nraw\n</div>",
            "***",
            "| a | b |\n|---|:-:|\n| 1 | 2 |",
            "[ref]: /r/ 'T'",
            "- ```js\n  a\n  ```",
            "- x\n  ```\n  y\n  ```",
        ]
    ),
)
_DOCUMENT = st.lists(st.tuples(_BLOCK, st.sampled_from(["\n\n", "\n", "\n\n\n"])), max_size=8).map(
    lambda parts: "".join(block + gap for block, gap in parts)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENT, st.booleans())
def test_generated_documents_render_the_same_or_fall_back(text: str, trailing_newline: bool) -> None:
    assert_same_where_taken([("generated", text if trailing_newline else text.rstrip("\n"))])


@pytest.mark.parametrize(
    "text", ["[`", "see [`x` and `y", "x [a\n`b", "[ ``` x", "| [a | `b |\n|---|---|\n| c | d |\n"]
)
def test_text_that_makes_the_compiled_core_panic_falls_back_before_it_is_parsed(text: str) -> None:
    assert markdown_fast.may_panic(text)
    assert render_markdown(text) == render_markdown_reference(text)


@pytest.mark.parametrize("text", ["[`x`](/a) `y`", "```py\n[x](/y)\n```\n", "plain `code` and [link](/x/)"])
def test_closed_code_spans_beside_links_take_the_fast_path(text: str) -> None:
    assert not markdown_fast.may_panic(text)
    assert render_markdown_fast(text) is not None


def test_a_link_whose_host_markdown_it_drops_falls_back() -> None:
    text = f"[long](https://{'a' * 300}.example/)\n"
    assert render_markdown_fast(text) is None
    assert render_markdown(text) == render_markdown_reference(text)
