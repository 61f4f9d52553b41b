"""Shortening text to a limit, at a word where one is near, ending with an ellipsis.

Two functions, because a limit is counted in one of two ways:

- `shorten`: at most `limit` characters (code points), as meta tags, the link previews that
  `check` and `serve` draw, and the replies kept by `smo-gen feedback` are measured. A cut never
  splits a grapheme (an emoji with its skin tone stays whole).
- `shorten_graphemes`: at most `size` graphemes, what a reader sees as one character (Unicode
  UAX #29 extended grapheme clusters, via the `regex` module's `\\X`), as Bluesky and Mastodon
  count a post.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

ELLIPSIS = "…"


@functools.cache
def _grapheme() -> regex.Pattern[str]:
    # Imported when first needed: `regex` costs 16 ms to import, and most texts are cut
    # between ASCII characters without it (see `shorten`).
    import regex

    return regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """`text` as the characters a reader sees, each an extended grapheme cluster."""
    return list(_grapheme().findall(text))


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters including the ellipsis (characters: code points).

    The cut ends at the last space or line break when that keeps more than half of `limit`, else
    inside the word, never inside a grapheme; punctuation left before the ellipsis goes.
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Between two ASCII characters there is always a grapheme break, but in "\r\n".
    if limit < 2 or not text[limit - 2 : limit].isascii() or text[limit - 2 : limit] == "\r\n":
        cut = _whole_graphemes(text, limit - 1)
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" \n,.;:-–—") + ELLIPSIS


def _whole_graphemes(text: str, size: int) -> str:
    """The longest beginning of `text` of at most `size` characters that ends between two graphemes."""
    cut = ""
    for cluster in _grapheme().findall(text[: size + 2]):
        if len(cut) + len(cluster) > size:
            break
        cut += cluster
    return cut


def shorten_graphemes(text: str, size: int) -> str:
    """`text` cut to at most `size` graphemes including the ellipsis, at a word break when one is near.

    Unlike `shorten`, the limit counts graphemes, and a cut that falls between two words keeps both.
    """
    clusters = graphemes(text)
    if len(clusters) <= size:
        return text
    if size <= 1:
        return ""
    return _cut_at_word(clusters, size - 1).rstrip(" \t\n,;:-–—") + ELLIPSIS


def split_at_words(text: str, fits: Callable[[str], bool]) -> tuple[str, str]:
    """The longest beginning of `text` that `fits`, ending at a word break when one is near, and the rest.

    ("", text) when not even one character fits.
    """
    clusters = graphemes(text)
    low, high, best = 1, len(clusters), 0
    while low <= high:  # the longest cut, in graphemes, that fits
        size = (low + high) // 2
        if fits(_cut_at_word(clusters, size)):
            best, low = size, size + 1
        else:
            high = size - 1
    if not best:
        return "", text
    head = _cut_at_word(clusters, best)
    return head, text[len(head) :].strip()


def _cut_at_word(clusters: list[str], size: int) -> str:
    """The first `size` graphemes, or fewer when the cut falls inside a word and a word break
    lies in the last 40% of them."""
    if size < len(clusters) and not clusters[size].isspace():
        for index in range(size - 1, int(size * 0.6), -1):
            if clusters[index].isspace():
                size = index
                break
    return "".join(clusters[:size]).rstrip()
