"""Untrusted text from the networks made harmless for a page: sanitised HTML, clean names, safe URLs.

- HTML (Mastodon) goes through nh3 (ammonia) with an allow-list: p, br, a (http/https hrefs only,
  `rel="nofollow ugc noopener"`), em, strong, code. Everything else is stripped; script, style and
  similar elements lose their content too.
- Plain text (Bluesky, Reddit, LinkedIn, Facebook) is escaped, never parsed as HTML.
- Both lose bidi overrides and isolates, zero-width and control characters, stray Unicode tag
  characters (kept inside flag emoji), and floods of combining marks; very long texts are cut at a
  word boundary with an ellipsis.
"""

from __future__ import annotations

import html

import nh3
import regex

from smo_gen.shortening import shorten
from smo_gen.urls import safe_url

MAX_CHARACTERS = 2_000
MAX_NAME_CHARACTERS = 80
# Elements nested deeper than this are not parsed as HTML: the parser's work grows with the
# square of the depth (200,000 nested <div> took minutes), and no reply needs more than a few.
MAX_DEPTH = 64
ALLOWED_TAGS = frozenset({"p", "br", "a", "em", "strong", "code"})
LINK_REL = "nofollow ugc noopener"

# Bidi embeddings, overrides and isolates, marks, zero-width and invisible characters, C0/C1 controls
# except tab and newline. ZWJ (U+200D) and ZWNJ (U+200C) stay: emoji sequences and several scripts need them.
_INVISIBLE = regex.compile(
    r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060-\u2064\ufeff\u00ad\u180e"
    r"\x00-\x08\x0b-\x1f\x7f-\x9f\ufff9-\ufffb\ud800-\udfff]"
)
_FLAG_OR_TAG = regex.compile(r"(\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F)|[\U000E0000-\U000E007F]")
_MARK_FLOOD = regex.compile(r"(\p{M}{3})\p{M}+")
_SPACES = regex.compile(r"[^\S\n]+")
_TAG = regex.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_ANY_TAG = regex.compile(r"<[^>]*>?")
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_EMPTY_LINK = regex.compile(r'<a rel="' + LINK_REL + r'">(.*?)(?:</a>|\Z)', regex.DOTALL)


def clean_text(text: str) -> str:
    """Remove characters that can disguise or deface text; keep everything a reader needs."""
    text = _INVISIBLE.sub("", text)
    text = _FLAG_OR_TAG.sub(lambda match: match.group(1) or "", text)
    return str(_MARK_FLOOD.sub(r"\1", text))


def clean_name(text: str, limit: int = MAX_NAME_CHARACTERS) -> str:
    """A one-line display name or handle."""
    return shorten(_SPACES.sub(" ", clean_text(text).replace("\n", " ")).strip(), limit)


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return safe_url(value, ("http", "https"))
    return value  # only what `attributes` allows gets here, and the rel that nh3 adds


def sanitize_html(fragment: str, limit: int = MAX_CHARACTERS) -> str:
    """Safe HTML from an untrusted fragment; a text longer than `limit`, or with elements nested
    deeper than MAX_DEPTH, becomes plain paragraphs."""
    fragment = clean_text(fragment)
    if nesting_depth(fragment, MAX_DEPTH) > MAX_DEPTH:
        return text_to_html(html.unescape(_ANY_TAG.sub("", fragment)), limit)
    cleaned: str = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "template", "textarea", "noscript", "iframe", "object", "svg", "math"},
        attributes={"a": {"href"}},
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
    cleaned = _unwrap_empty_links(cleaned)
    visible = html_to_text(cleaned)
    if len(visible) > limit:
        return text_to_html(visible, limit)
    return cleaned.strip()


def _unwrap_empty_links(fragment: str) -> str:
    """`<a>` whose href was dropped becomes its text (links cannot nest, so the next `</a>` closes it)."""
    return str(_EMPTY_LINK.sub(r"\1", fragment))  # one pass: thousands of empty links stay cheap


def nesting_depth(fragment: str, stop: int) -> int:
    """How deep the fragment's elements nest, counted from its tags in one pass (at least
    HTML's own depth, where a parser closes some elements by itself); counting ends past `stop`."""
    depth = deepest = 0
    for match in _TAG.finditer(fragment):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name.lower() not in _VOID_TAGS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    break
    return deepest


def html_to_text(fragment: str) -> str:
    """The readable text of sanitised HTML: paragraphs and line breaks become newlines."""
    spaced = regex.sub(r"(?i)<br\s*/?>", "\n", fragment)
    spaced = regex.sub(r"(?i)</p>\s*<p>", "\n\n", spaced)
    return html.unescape(nh3.clean(spaced, tags=set())).strip()


def text_to_html(text: str, limit: int = MAX_CHARACTERS) -> str:
    """Escaped paragraphs (blank lines) and line breaks from plain text, cut to `limit` characters."""
    text = shorten(clean_text(text).replace("\r\n", "\n").replace("\r", "\n").strip(), limit)
    paragraphs = [part.strip() for part in regex.split(r"\n\s*\n", text) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=True) for line in part.split("\n")) + "</p>" for part in paragraphs
    )


def initials(name: str) -> str:
    """One or two letters standing in for an avatar: "Ana Lima" → "AL"."""
    words = [word for word in regex.split(r"[\s_.@-]+", name) if word]
    letters = [str(regex.match(r"\X", word).group(0)) for word in words[:2]]
    letters = [letter for letter in letters if regex.match(r"[\p{L}\p{N}]", letter)]
    return "".join(letters).upper() or "?"
