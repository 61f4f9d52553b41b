"""`<meta name="robots">` directives: read from site.toml and front matter, checked, and combined for a page.

Search and Discover show a page's large image only when it allows one
(`max-image-preview:large`, Google's "Robots meta tag specifications",
developers.google.com/search/docs/crawling-indexing/robots-meta-tag), so every indexable
page says so unless site.toml or its front matter says otherwise. A page's own directives
are laid over the site's, directive by directive; a page that is not to be indexed says
`noindex` and drops what only matters to an indexed page (the preview sizes).
"""

from __future__ import annotations

from collections.abc import Iterable

from smo_gen.errors import did_you_mean
from smo_gen.patterns import lazy_pattern

DEFAULT_ROBOTS = ("max-image-preview:large",)
# Google's and Bing's documented directives without a value.
_FLAGS = (
    "all",
    "index",
    "follow",
    "noindex",
    "nofollow",
    "none",
    "noarchive",
    "nocache",
    "nosnippet",
    "indexifembedded",
    "notranslate",
    "noimageindex",
)
# Directives with a value, and the values each takes.
_VALUES = {
    "max-snippet": lazy_pattern(r"-1|\d+"),
    "max-video-preview": lazy_pattern(r"-1|\d+"),
    "max-image-preview": lazy_pattern(r"none|standard|large"),
    "unavailable_after": lazy_pattern(r".+"),
}
_VALUE_FORMS = {
    "max-snippet": ("a number of characters, or -1 for no limit", "max-snippet:-1"),
    "max-video-preview": ("a number of seconds, or -1 for no limit", "max-video-preview:-1"),
    "max-image-preview": ("none, standard or large", "max-image-preview:large"),
    "unavailable_after": ("a date", "unavailable_after:2026-12-31"),
}
# Directives that say one thing about one subject; a page's word on a subject replaces the site's.
_SUBJECT = {
    "all": "index",
    "none": "index",
    "noindex": "index",
    "nofollow": "follow",
    "noimageindex": "imageindex",
    "nosnippet": "snippet",
}
NOINDEX = frozenset({"noindex", "none"})
# What only an indexed page's search results show: moot on a page that is not indexed.
_INDEXED_ONLY = frozenset(
    {"all", "index", "max-snippet", "max-image-preview", "max-video-preview", "unavailable_after"}
)
EXPECTED = "directives separated by commas, such as 'max-image-preview:large' or 'noindex, nofollow'"


def parse_robots(value: object) -> tuple[tuple[str, ...], str | None]:
    """Directives from text ('noindex, nofollow') or a list of them, each checked; and the
    first problem found, which names the wrong directive and the expected form."""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        parts = [part for item in value for part in item.split(",")]
    else:
        return (), f"expected {EXPECTED}"
    directives: list[str] = []
    for part in parts:
        directive = "".join(part.split()).lower()  # 'max-image-preview: large', as people write it
        if not directive:
            continue
        if error := _check(directive):
            return (), error
        if directive not in directives:
            directives.append(directive)
    return tuple(directives), None


def _check(directive: str) -> str | None:
    name, colon, value = directive.partition(":")
    if not colon:
        if directive in _FLAGS:
            return None
        if directive in _VALUES:
            form, example = _VALUE_FORMS[directive]
            return f"'{directive}' needs a value after a colon ({form}), such as '{example}'"
        hint = did_you_mean(directive, [*_FLAGS, *_VALUES])
        return f"'{directive}' is not a robots directive" + (f" ({hint})" if hint else f"; expected {EXPECTED}")
    if name not in _VALUES:
        hint = did_you_mean(name, list(_VALUES))
        return f"'{directive}' is not a robots directive" + (f" ({hint})" if hint else f"; expected {EXPECTED}")
    if not _VALUES[name].fullmatch(value):
        form, example = _VALUE_FORMS[name]
        return f"'{directive}': {name} takes {form}, such as '{example}'"
    return None


def says_noindex(directives: Iterable[str]) -> bool:
    return not NOINDEX.isdisjoint(directives)


def combine_robots(site: tuple[str, ...], page: tuple[str, ...], *, noindex: bool) -> str | None:
    """The content of a page's robots meta: the site's directives with the page's laid over them,
    and on a page that is not to be indexed `noindex` first, without the preview sizes. None
    when nothing is left to say."""
    mentioned = {_subject(directive) for directive in page}
    directives = [d for d in site if _subject(d) not in mentioned] + list(page)
    if noindex or says_noindex(directives):
        directives = [d for d in directives if d.partition(":")[0] not in _INDEXED_ONLY]
        if not says_noindex(directives):
            directives.insert(0, "noindex")
    return ", ".join(directives) or None


def _subject(directive: str) -> str:
    name = directive.partition(":")[0]
    return _SUBJECT.get(name, name)
