"""How each network counts a post's length (shortening text to fit is in `smo_gen.shortening`).

- graphemes: what a reader sees as one character; an emoji with skin tone or a ZWJ family is one
  (Unicode UAX #29 extended grapheme clusters, via the `regex` module's `\\X`). Bluesky, Mastodon.
- Mastodon and X count every URL as 23 characters, however long it is.
- X weighs characters: most scripts outside Latin-1 and general punctuation count 2, emoji count 2.
- Telegram counts UTF-16 code units.
"""

from __future__ import annotations

import re

import regex

from smo_gen.shortening import graphemes

URL_LENGTH = 23  # what Mastodon and X count for any link (t.co / characters_reserved_per_url)

_URL = re.compile(r"https?://[^\s<>\"]+")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\uFE0F")
# twitter-text v3: code points in these ranges weigh 1, every other code point 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def count_graphemes(text: str) -> int:
    return len(graphemes(text))


def count_code_points(text: str) -> int:
    return len(text)


def count_utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def count_with_short_urls(text: str) -> int:
    """Mastodon: graphemes, with every URL counted as 23."""
    return sum(count_graphemes(part) for part in _URL.split(text)) + URL_LENGTH * len(_URL.findall(text))


def count_x_weighted(text: str) -> int:
    """X (twitter-text v3): weighted length, URLs 23, emoji 2."""
    total = URL_LENGTH * len(_URL.findall(text))
    for part in _URL.split(text):
        for cluster in graphemes(part):
            if _EMOJI.search(cluster):
                total += 2
            else:
                total += sum(1 if _is_light(ord(ch)) else 2 for ch in cluster)
    return total


def _is_light(code_point: int) -> bool:
    return any(low <= code_point <= high for low, high in _LIGHT_RANGES)


def shorten_link_text(url: str, size: int = 30) -> str:
    """How Bluesky apps show a link: no scheme, cut with '...' (the facet keeps the full URL)."""
    bare = re.sub(r"^https?://", "", url)
    return bare if len(bare) <= size else bare[: size - 3] + "..."
