"""Markdown bodies to HTML, with tables, strikethrough, footnotes and heading anchors."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from smo_gen.content.content_links import ContentLink, find_links
from smo_gen.patterns import lazy_pattern
from smo_gen.urls import slugify

if TYPE_CHECKING:  # imported when first used: a build whose pages are all cached never needs them
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

_TAGS = lazy_pattern(r"<[^>]*>")
_SPACE = lazy_pattern(r"\s+")

# Link destinations that markdown-it's normalizeLink gives back unchanged: an http(s) URL with a
# plain lower-case host, or a path, query or fragment with no scheme; and in the rest only
# characters its percent-encoding keeps (letters, digits and ;/?:@&=+$,-_.!~*'()#, no '%').
# Its parse, punycode and encode steps cost 20 us a link, 7% of parsing a page of the bench
# corpus; tests/unit/test_markdown.py checks this against it on generated URLs.
_KEPT = r"[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]*"
PLAIN_LINK = re.compile(
    rf"(?:https?://(?P<host>[a-z0-9-]{{1,63}}(?:\.[a-z0-9-]{{1,63}})*)(?:[/?#]{_KEPT})?"
    rf"|(?!//)[A-Za-z0-9/._~-]*(?:[?#]{_KEPT})?)\Z"
)
# Hosts longer than this are dropped by mdurl's parser, so they are left to it.
HOST_MAX = 255


@dataclass(frozen=True)
class RenderedMarkdown:
    """A body rendered to HTML, with the plain text of its opening paragraph and its links."""

    html: str
    first_paragraph: str
    word_count: int
    links: tuple[ContentLink, ...] = ()  # lines counted from the body's first line


@functools.lru_cache(maxsize=1)
def make_markdown() -> MarkdownIt:
    """The one Markdown parser every page uses (built once per process)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from smo_gen.content.highlighting import highlight_code
    from smo_gen.content.markdown_attributes import attributes_plugin, table_of_contents_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "highlight": highlight_code})
    md.normalizeLink = functools.partial(normalize_link, md.normalizeLink)  # type: ignore[method-assign]
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(attributes_plugin)  # before the heading ids, so an explicit {#id} wins and generated ones avoid it
    md.core.ruler.push("anchor", _add_heading_ids)
    md.use(table_of_contents_plugin)  # after the heading ids, which it links to
    return md


def normalize_link(normalize: Callable[[str], str], url: str) -> str:
    """`normalize(url)` (markdown-it's own), skipping it for the many links it leaves as they are."""
    plain = PLAIN_LINK.match(url)
    if plain is not None and len(plain["host"] or "") <= HOST_MAX:
        return url
    return normalize(url)


def heading_slug(text: str) -> str:
    """The id a heading with this text gets before it is made unique ("section" for no letters)."""
    return slugify(text) or "section"


def _add_heading_ids(state: StateCore) -> None:
    """Give every heading without an id one from its text, unique in the page (see UniqueIds)."""
    tokens = state.tokens
    ids = UniqueIds(
        str(token.attrGet("id")) for token in tokens if token.type == "heading_open" and token.attrGet("id")
    )
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and not token.attrGet("id"):
            children = tokens[index + 1].children or []
            text = "".join(child.content for child in children if child.type in ("text", "code_inline"))
            token.attrSet("id", ids.make(heading_slug(text)))


class UniqueIds:
    """Ids unique in a page: "sale", then "sale-1", "sale-2", ... as mdit-py-plugins' anchors
    plugin gives them, without its search from "-1" upwards for each one (30,000 headings alike
    took six minutes). Each slug remembers the next number to try, so making n ids tries about
    n names; `tried` counts them."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.next_number: dict[str, int] = {}
        self.tried = 0

    def make(self, slug: str) -> str:
        candidate, number = slug, self.next_number.get(slug, 1)
        self.tried += 1
        while candidate in self.taken:
            candidate = f"{slug}-{number}"
            number += 1
            self.tried += 1
        self.next_number[slug] = number
        self.taken.add(candidate)
        return candidate


def render_markdown(text: str) -> RenderedMarkdown:
    """Render Markdown `text`; raw HTML in it is kept, since the site's own files are trusted.

    Plain pages are rendered by a compiled CommonMark core, which gives the same bytes faster
    (content/markdown_fast.py); the rest by markdown-it-py with our plugins.
    """
    from smo_gen.content.markdown_fast import render_markdown_fast

    return render_markdown_fast(text) or render_markdown_reference(text)


def render_markdown_reference(text: str) -> RenderedMarkdown:
    """`text` rendered by markdown-it-py with our plugins: the reference the fast path matches."""
    md = make_markdown()
    env: dict[str, object] = {}
    tokens = md.parse(text, env)
    body = md.renderer.render(tokens, md.options, env)
    return RenderedMarkdown(body, _first_paragraph_text(tokens), _count_words(tokens), find_links(tokens))


_FIRST_PARAGRAPH = lazy_pattern(r"<p(?:\s[^>]*)?>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def render_html_body(text: str) -> RenderedMarkdown:
    """An HTML body (a `.html` content file, as Hugo and Jekyll take them) kept as it is, with
    the plain text of its first paragraph and its word count, as a Markdown body has."""
    first = next((plain for match in _FIRST_PARAGRAPH.finditer(text) if (plain := plain_text(match[1]))), "")
    return RenderedMarkdown(text, first, len(plain_text(text).split()))


def _first_paragraph_text(tokens: list[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0 and index + 1 < len(tokens):
            inline = tokens[index + 1]
            # A paragraph that is only an image (a post's opening logo) describes the picture, not the page.
            if not any(
                child.type in ("text", "code_inline") and child.content.strip() for child in inline.children or []
            ):
                continue
            text = _inline_text(inline)
            if text:
                return text
    return ""


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            continue
        elif child.type == "image":
            parts.append(child.content)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _count_words(tokens: list[Token]) -> int:
    return sum(len(token.content.split()) for token in tokens if token.type == "inline")


def plain_text(fragment: str) -> str:
    """Strip tags and entities from an HTML fragment, folding white space."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()
