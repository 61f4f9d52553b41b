"""The fast path for Markdown: markdown-it-pyrs (a compiled CommonMark core) where it gives
exactly what markdown-it-py gives, and nothing where it might not.

markdown-it-py with our plugins (content/markdown.py) is the reference. markdown-it-pyrs parses
the same CommonMark with tables and strikethrough 14-22 times as fast, but knows none of our
plugins. So a page takes this path only when

- its source has none of the constructs only our setup understands or that the two render
  differently: footnotes (`[^1]`, `^[...]`), raw HTML headings or `<pre>` (they would be taken
  for Markdown's below), NUL, vertical tab or form feed;
- no running text holds a `{` (maybe an attribute list or `{:toc}`), a `|` outside a table
  (maybe a table to one of them), `~~~`, or a run of backticks nothing closes; no quoted
  paragraph spans lines; no tight list item's text runs straight into code or raw HTML; no
  container is empty; no code or raw HTML ends a text that has no final line break;
- every link and image URL is one markdown-it's normalizeLink leaves as written (a plain
  http(s) URL or path, written so in the source), as the two normalize the rest differently;
- its syntax tree holds only node types this module knows.

Most of these are where the differential test (below) found the two apart.

Then the HTML is markdown-it-pyrs's, with what our plugins add done the same way: every
heading gets the id `_add_heading_ids` gives it, and every fence is rendered again by
markdown-it-py's own fence rule with our highlighter. The values the page keeps besides its
HTML (the first paragraph's text, the word count, the links and their lines) are read from the
syntax tree, and the source spans of its blocks, as content/markdown.py reads them from
markdown-it-py's tokens; or, for a page written with plain constructs only, from its lines and
the HTML, without building the tree (content/markdown_plain.py).
`tests/unit/test_markdown_fast.py` holds both paths to the same bytes over real sites' pages.
If markdown-it-pyrs cannot be imported, every page takes markdown-it-py's path.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, cast

from smo_gen.content.content_links import ContentLink, is_checkable, iter_html_links
from smo_gen.content.highlighting import load_highlighter, remember_blocks
from smo_gen.content.markdown import (
    HOST_MAX,
    PLAIN_LINK,
    RenderedMarkdown,
    UniqueIds,
    heading_slug,
    make_markdown,
)
from smo_gen.content.markdown_plain import has_unclosed_backticks, read_plain_page
from smo_gen.patterns import lazy_pattern

if TYPE_CHECKING:
    from markdown_it_pyrs import MarkdownIt as CompiledMarkdownIt
    from markdown_it_pyrs import Node

# Source text that needs our plugins or that the two parsers render differently (see above);
# the plain strings are looked for first, as a search for them is ten times a regex's speed,
# and one character alone (the controls, '^' before footnotes' '[^' and '^[') ten times a
# search for two.
_NEEDS_REFERENCE = ("\x00", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_HTML_NEEDS_REFERENCE = lazy_pattern(r"<(?:[hH][1-6]|[pP][rR][eE])")
# White space to Python's str.strip() but not to CommonMark (no-break space, ...): markdown-it-py
# strips it from a paragraph's or heading's ends, markdown-it-pyrs keeps it.
_ODD_SPACE = lazy_pattern("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_FENCE_LINE = re.compile(r"[ \t>*+\-0-9.]*(?:`{3,}|~{3,})")
_HEADING_TAG = re.compile(r"<h([1-6])>")
_ORDERED_ITEM_LINE = lazy_pattern(r"^ {0,3}[0-9]{1,9}[.)](?:[ \t]|$)", re.MULTILINE)
_CODE_BLOCK = lazy_pattern(r"<pre><code[^>]*>.*?</code></pre>\n", re.DOTALL)
# Nodes that hold running text, and those that make up a block's inline content.
_INLINE_HOLDERS = frozenset({"paragraph", "heading", "lheading", "tcell"})
_INLINE = frozenset(
    {
        "text",
        "text_special",
        "em",
        "strong",
        "strikethrough",
        "link",
        "autolink",
        "image",
        "code_inline",
        "softbreak",
        "hardbreak",
        "html_inline",
    }
)
_BLOCKS = (
    frozenset(
        {
            "root",
            "blockquote",
            "bullet_list",
            "ordered_list",
            "list_item",
            "fence",
            "code_block",
            "html_block",
            "hr",
            "definition",
            "table",
            "thead",
            "tbody",
            "trow",
        }
    )
    | _INLINE_HOLDERS
)
_SPACE = re.compile(r"\s+")
# Blocks markdown-it-py renders by their own rule, with no line break before them after a tight
# list item's text and none after them at the very end of the text; markdown-it-pyrs adds both.
_RULE_BLOCKS = frozenset({"fence", "code_block", "html_block"})
_CONTAINERS = frozenset({"blockquote", "list_item", "bullet_list", "ordered_list"})
_TEXT = frozenset({"text", "text_special"})
_BREAKS = frozenset({"softbreak", "hardbreak"})
# Inline nodes whose children _walk leaves alone: none, or an image's alt text.
_LEAVES = frozenset({"text", "text_special", "softbreak", "hardbreak", "html_inline", "image"})


class NotEligible(Exception):
    """The page holds something only markdown-it-py renders as the reference does."""


@functools.lru_cache(maxsize=1)
def make_compiled_markdown() -> CompiledMarkdownIt | None:
    """markdown-it-pyrs set up as our markdown-it-py is (CommonMark, tables, strikethrough,
    raw HTML kept, no typographer or linkify); None when it is not installed."""
    try:
        from markdown_it_pyrs import MarkdownIt
    except ImportError:
        return None
    return MarkdownIt("commonmark").enable_many(["table", "strikethrough"])


def load_parsers() -> None:
    """Set up both Markdown parsers and the highlighter in this process, so that worker
    processes forked after it share them: each worker setting them up took 0.05 s of CPU."""
    make_compiled_markdown()
    make_markdown()
    load_highlighter()


def render_markdown_fast(text: str) -> RenderedMarkdown | None:
    """`text` rendered by the compiled core exactly as content/markdown.render_markdown would
    render it; None when that cannot be shown cheaply (the caller then uses markdown-it-py)."""
    md = make_compiled_markdown()
    if md is None or any(marker in text for marker in _NEEDS_REFERENCE):
        return None
    if "^" in text and ("[^" in text or "^[" in text):
        return None
    if "<" in text and _HTML_NEEDS_REFERENCE.search(text) or may_panic(text):
        return None
    if not text.isascii() and _ODD_SPACE.search(text):
        return None
    try:
        rendered = md.render(text)
        # Most pages are plain enough to read without the syntax tree, which costs twice the
        # rendering to build and as much again to read (content/markdown_plain.py).
        plain = read_plain_page(text, rendered)
        if plain is not None:
            html = _finish_html(rendered, plain.headings, plain.fences)
            return RenderedMarkdown(html, plain.first_paragraph, plain.words, tuple(plain.links))
        reading = _TreeReading(text)
        reading.read(md.tree(text))
        html = _finish_html(rendered, reading.headings, reading.code_blocks)
        return RenderedMarkdown(html, reading.first_paragraph, reading.words, tuple(reading.links))
    except NotEligible:
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a panic in the compiled core: pyo3's PanicException is one
        return None


def may_panic(text: str) -> bool:
    """Whether markdown-it-pyrs 0.4 might panic on `text`: it does (and prints the panic) on a
    `[` followed in its block by a run of backticks that no run of the same length closes. Any
    line that holds an unclosed run is taken as such; a line of a table, or opening or closing a
    fence, is not matched on its own."""
    if "[" not in text or "`" not in text:
        return False
    for line in text.split("\n"):
        if "`" not in line or _FENCE_LINE.match(line):
            continue
        if "|" in line:  # a cell may hold an unclosed run of a line that is closed as a whole
            return True
        if has_unclosed_backticks(line):
            return True
    return False


class _TreeReading:
    """One walk of a page's syntax tree, collecting what the page keeps beside its HTML."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = None if text.isascii() else text.encode()  # the tree's offsets are in UTF-8 bytes
        self.line_starts: list[int] | None = None
        self.headings: list[str] = []
        # Fences' info and content (to render again) and indented code (None), in order.
        self.code_blocks: list[tuple[str, str] | None] = []
        self.first_paragraph = ""
        self.words = 0
        self.links: list[ContentLink] = []

    def source(self, start: int, end: int) -> str:
        return self.text[start:end] if self.data is None else self.data[start:end].decode()

    def line(self, offset: int) -> int:
        """The 1-based line of a byte offset."""
        if self.line_starts is None:
            data = self.text.encode() if self.data is None else self.data
            self.line_starts = [match.end() for match in re.finditer(b"\n", data)]
        return bisect.bisect_right(self.line_starts, offset) + 1

    def read(self, root: Node) -> None:
        if not self.text.endswith("\n"):
            last = root
            while last.children:
                last = last.children[-1]
                if last.name in _RULE_BLOCKS:
                    raise NotEligible("a block at the very end of a text with no line break after it")
        for node in root.children:
            if node.name == "paragraph" and not self.first_paragraph:
                self.first_paragraph = _opening_text(self, node)
        self.block(root, quoted=False)

    def block(self, node: Node, quoted: bool) -> None:
        name = node.name
        if name not in _BLOCKS:
            raise NotEligible(name)
        if name in _INLINE_HOLDERS:
            self.inline_run(node, _span(node), quoted, name)
            if name != "paragraph" and name != "tcell":
                self.headings.append(_heading_text(node.children))
            return
        children = node.children
        if not children and name in _CONTAINERS:
            raise NotEligible("an empty container")  # markdown-it-pyrs puts a line break in it
        if name == "table" and _ORDERED_ITEM_LINE.search(self.source(*_span(node))):
            # markdown-it-py ends a table at an ordered list item numbered other than 1;
            # markdown-it-pyrs takes the line for one more row.
            raise NotEligible("a numbered line in a table")
        if name == "fence":
            meta = node.meta
            self.code_blocks.append((str(meta["info"]), str(meta["content"])))
        elif name == "code_block":
            self.code_blocks.append(None)
        elif name == "html_block":
            self.links += iter_html_links(str(node.meta["content"]), self.line(_span(node)[0]))
        quoted = quoted or name == "blockquote"
        run = 0  # a tight list item holds its text without a paragraph: the nodes before its first block
        while run < len(children) and children[run].name in _INLINE:
            run += 1
        if run:
            if run < len(children) and children[run].name in _RULE_BLOCKS:
                raise NotEligible("a block right after a tight list item's text")
            end = _span(children[run])[0] if run < len(children) else _span(node)[1]
            self.inline_run(list(children[:run]), (_span(node)[0], end), quoted, name)
        for child in children[run:]:
            self.block(child, quoted)

    def inline_run(self, nodes: Node | list[Node], span: tuple[int, int], quoted: bool, holder: str) -> None:
        """One inline token's worth of nodes (a holder's children, or the nodes themselves),
        written in `span` of the source (its holder's own span, marks included, as the tree's
        spans of inline nodes are not always right): its words, its links, and whether it has a `{`."""
        content = self.source(*span)
        if quoted and "\n" in content.rstrip("\n"):
            raise NotEligible("lines of a quote")  # markdown-it-py's content has no '>' markers
        if "{" in content:
            raise NotEligible("{")  # maybe an attribute list
        if "`" in content and has_unclosed_backticks(content):
            raise NotEligible("`")
        if "~~~" in content:
            raise NotEligible("~~~")  # runs of tildes longer than strikethrough's are read differently
        if "|" in content and holder != "tcell":
            raise NotEligible("|")  # text the two may disagree on being a table
        words = content.split()
        if holder in ("heading", "list_item"):  # '##' or the list's marker, and a closing '##'
            if not words or holder == "heading" and words[0].strip("#"):
                raise NotEligible(holder)
            words = words[1:]
            if holder == "heading" and words and not words[-1].strip("#"):
                words = words[:-1]
        elif holder == "lheading":  # the underline
            if not words or words[-1].strip("=-"):
                raise NotEligible(holder)
            words = words[:-1]
        elif holder not in ("paragraph", "tcell"):
            raise NotEligible(holder)
        self.words += len(words)
        if "[" in content or "<" in content:
            children = nodes if isinstance(nodes, list) else nodes.children  # read when needed: each read costs
            # A list item's text may start on the line after its marker.
            first = _span(children[0])[0] if holder == "list_item" else span[0]
            self.links += _run_links(self.text, children, self.line(first))


def _span(node: Node) -> tuple[int, int]:
    if node.srcmap is None:
        raise NotEligible(f"{node.name} without a place in the source")
    return node.srcmap


def _walk(nodes: Sequence[Node]) -> Iterator[Node]:
    """Nodes depth first in markdown-it-py's token order (an image's alt text is its own)."""
    for node in nodes:
        name = node.name
        if name not in _INLINE:
            raise NotEligible(name)
        yield node
        if name not in _LEAVES:
            children = node.children
            if children:
                yield from _walk(children)


def _run_links(text: str, nodes: Sequence[Node], line: int) -> Iterator[ContentLink]:
    """As content_links.find_links reads one inline token: a break moves to the next line."""
    for node in _walk(nodes):
        name = node.name
        if name in _BREAKS:
            line += 1
        elif name in ("link", "autolink", "image"):
            url = str(node.meta["url"])
            _check_url(text, url)
            if not is_checkable(url):
                continue
            link = ContentLink(url, line) if name != "image" else ContentLink(url, line, "src", "img")
            yield link
        elif name == "html_inline":
            content = str(node.meta["content"])
            yield from (link for link in iter_html_links(content, line) if is_checkable(link.url))
            line += content.count("\n")


def _check_url(text: str, url: str) -> None:
    """Only URLs markdown-it leaves as written (see markdown.normalize_link) are the same in both."""
    plain = PLAIN_LINK.match(url)
    if plain is None or len(plain["host"] or "") > HOST_MAX or url not in text:
        raise NotEligible(url)


def _heading_text(nodes: Sequence[Node]) -> str:
    """A heading's text as `_add_heading_ids` joins it: text and code, not images' alt text."""
    parts = []
    for node in _walk(nodes):
        if node.name in _TEXT:
            parts.append(str(node.meta["content"]))
    return "".join(parts)


def _opening_text(reading: _TreeReading, paragraph: Node) -> str:
    """A top-level paragraph's plain text as markdown._first_paragraph_text takes it ('' for a
    paragraph of only images)."""
    parts: list[str] = []
    has_text = False
    for node in _walk(paragraph.children):
        name = node.name
        if name in _TEXT:
            content = str(node.meta["content"])
            has_text = has_text or bool(content.strip())
            parts.append(content)
        elif name in _BREAKS:
            parts.append(" ")
        elif name == "image":
            parts.append(_image_label(reading, node))
    return _SPACE.sub(" ", "".join(parts)).strip() if has_text else ""


def _image_label(reading: _TreeReading, image: Node) -> str:
    """The alt text as written (markdown-it-py keeps the source of an image's label): taken
    when it is plain text, found as it is right after the image's `![`."""
    if any(child.name != "text" for child in image.children):
        raise NotEligible("an image with marked-up alt text in the first paragraph")
    label = "".join(str(child.meta["content"]) for child in image.children)
    start = _span(image)[0] + 2
    if reading.source(start, start + len(label.encode())) != label:
        raise NotEligible("an image's alt text")
    return label


def _finish_html(rendered: str, headings: Sequence[str], code_blocks: Sequence[tuple[str, str] | None]) -> str:
    """markdown-it-pyrs's HTML with heading ids and highlighted fences, as our plugins make them:
    `headings` are the headings' texts, `code_blocks` the fences' info and content (None for
    indented code), in order."""
    # Each replacement counts its matches, so no second pass counts the tags beforehand.
    ids = UniqueIds()
    slugs = iter([ids.make(heading_slug(text)) for text in headings])
    rendered, count = _HEADING_TAG.subn(lambda match: f'<h{match[1]} id="{_escape(next(slugs, ""))}">', rendered)
    if count != len(headings):
        raise NotEligible("headings")
    if not any(code_blocks):
        return rendered
    blocks = iter(code_blocks)

    def again(match: re.Match[str]) -> str:
        fence = next(blocks, None)
        return match[0] if fence is None else render_fence(*fence)

    rendered, count = _CODE_BLOCK.subn(again, rendered)
    if count != len(code_blocks):
        raise NotEligible("code blocks")
    return rendered


# Remembered as highlighting is: the fence rule's own work (the token, unescaping the info
# string) took a third of the time a block whose highlighting was remembered still took.
@remember_blocks
def render_fence(info: str, content: str) -> str:
    """A fenced code block as markdown-it-py's fence rule renders it with our highlighter."""
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token

    md = make_markdown()
    token = Token("fence", "code", 0, info=info, content=content, markup="```")
    return str(cast(RendererHTML, md.renderer).fence([token], 0, md.options, {}))


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
