"""The links a page's Markdown body holds, each with the line of the file it is written on.

Found while the body is parsed (from markdown-it's tokens, whose `map` gives each block's
lines), so the link check at the end of a build can name the line without parsing again:
Markdown links and images, autolinks, and the `href`, `src`, `srcset` and `poster`
attributes of raw HTML. Code (spans, blocks, fences) holds no links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from smo_gen.patterns import lazy_pattern

if TYPE_CHECKING:
    from markdown_it.token import Token

# An attribute of an HTML tag that makes the browser fetch or go to a URL.
_URL_ATTRIBUTE = lazy_pattern(
    r"""(?<![\w-])(?P<attr>href|src|srcset|poster)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'>=`]+))""",
    re.IGNORECASE,
)
_TAG_NAME = lazy_pattern(r"<\s*([A-Za-z][A-Za-z0-9-]*)")
_COMMENT = lazy_pattern(r"<!--.*?-->", re.DOTALL)
# Schemes that never name a file of this site: nothing to check.
_OTHER_SCHEME = re.compile(r"^(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:")


class ContentLink(NamedTuple):
    """A URL written in a page's body, where it is written, and what uses it.

    A named tuple, not a dataclass: every page keeps its links in the parse cache, and the
    Rust blog's 18,000 took 31 ms to unpickle as dataclasses, 11 ms as named tuples.
    """

    url: str  # as written (raw HTML's entities decoded)
    line: int  # 1-based, in the body (content/page_parser.py makes it a line of the file)
    attribute: str = "href"  # href, src, srcset or poster
    tag: str = "a"  # the element: 'a', 'img', 'video', ...
    owner: str = ""  # for one from front matter or site.toml: "the call to action 'Buy'"

    @property
    def describe(self) -> str:
        """How a message names the link: "links to '/x/'", "shows the image 'a.png'"."""
        if self.owner:
            return f"{self.owner} links to '{self.url}'"
        if self.attribute == "href":
            return f"links to '{self.url}'"
        if self.tag == "img" or self.tag == "source" and self.attribute == "srcset":
            return f"shows the image '{self.url}'"
        return f"loads '{self.url}' (<{self.tag} {self.attribute}>)"


def find_links(tokens: list[Token]) -> tuple[ContentLink, ...]:
    """Every link of this site's kind in a parsed body: what is not `mailto:`, `tel:`, ...

    Absolute http(s) links are kept: whether they point at this site is known only once
    the site's address is (the check decides).
    """
    found: list[ContentLink] = []
    for token in tokens:
        if token.map is None:
            continue
        if token.type == "inline":
            # Links need '[' (Markdown) or '<' (autolinks, raw HTML): most inline text has neither.
            if "[" in token.content or "<" in token.content:
                found.extend(_inline_links(token.children or [], token.map[0] + 1))
        elif token.type == "html_block":
            found.extend(iter_html_links(token.content, token.map[0] + 1))
    return tuple(link for link in found if is_checkable(link.url))


def _inline_links(children: list[Token], first_line: int) -> Iterator[ContentLink]:
    line = first_line
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            yield ContentLink(str(child.attrs.get("href", "")), line)
        elif child.type == "image":
            yield ContentLink(str(child.attrs.get("src", "")), line, "src", "img")
        elif child.type == "html_inline":
            yield from iter_html_links(child.content, line)
            line += child.content.count("\n")


def iter_html_links(text: str, first_line: int) -> Iterator[ContentLink]:
    """The URL attributes in raw HTML `text` whose first line is `first_line`."""
    if "=" not in text:
        return
    # Comments out, line breaks kept, so the lines after them still count right.
    text = _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), text)
    for match in _URL_ATTRIBUTE.finditer(text):
        value = html.unescape(
            match["double"]
            if match["double"] is not None
            else match["single"]
            if match["single"] is not None
            else match["bare"]
        )
        attribute = match["attr"].lower()
        tag_match = _TAG_NAME.match(text, max(text.rfind("<", 0, match.start()), 0))
        tag = tag_match[1].lower() if tag_match else ""
        line = first_line + text.count("\n", 0, match.start())
        urls = _srcset_urls(value) if attribute == "srcset" else [value.strip()]
        for url in urls:
            yield ContentLink(url, line, attribute, tag)


def _srcset_urls(value: str) -> list[str]:
    """The URLs of `srcset="a.png 1x, b.png 2x"`."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def is_checkable(url: str) -> bool:
    """Whether the link check looks at `url`: not empty, and no scheme but http(s)."""
    return bool(url) and not _OTHER_SCHEME.match(url)
