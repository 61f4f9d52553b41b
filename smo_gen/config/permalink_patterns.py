"""The URL patterns of `[permalinks]` in site.toml and of a page's Jekyll `permalink`: their
tokens, Jekyll's named styles, and the table read into content folder -> pattern.

What a pattern makes of a page is content/permalinks.py's job; this is only what may be written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from smo_gen.errors import did_you_mean

# Jekyll's named styles (https://jekyllrb.com/docs/permalinks/#built-in-formats).
NAMED_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
PATTERN_TOKEN = re.compile(r":([a-z_]+)")
DATE_TOKENS = {
    "year": "%Y",
    "month": "%m",
    "day": "%d",
    "short_year": "%y",
    "hour": "%H",
    "minute": "%M",
    "second": "%S",
    "y_day": "%j",
    "week": "%V",
    "short_day": "%a",
    "long_day": "%A",
    "short_month": "%b",
    "long_month": "%B",
}
TOKENS = frozenset(
    {
        *DATE_TOKENS,
        "i_month",
        "i_day",
        "monthname",
        "title",
        "slug",
        "filename",
        "slugorfilename",
        "contentbasename",
        "slugorcontentbasename",
        "section",
        "sections",
        "categories",
        "collection",
        "path",
        "output_ext",
    }
)


def has_tokens(value: str) -> bool:
    """Whether a front matter 'permalink' is a pattern ('/:categories/:title/'), not a path."""
    return any(name in TOKENS for name in PATTERN_TOKEN.findall(value))


def find_pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be a permalink pattern, or None."""
    unknown = [name for name in PATTERN_TOKEN.findall(pattern) if name not in TOKENS]
    if unknown:
        hint = did_you_mean(unknown[0], TOKENS)
        known = f" ({hint})" if hint else ""
        return f"':{unknown[0]}' is not a permalink token{known}; known: :" + ", :".join(sorted(TOKENS))
    if not pattern.startswith("/"):
        return f"'{pattern}' must start with '/'"
    return None


def parse_permalinks(table: Mapping[str, object], problem: Callable[[str, str], None]) -> dict[str, str]:
    """The `[permalinks]` table: content folder -> pattern (named styles spelled out).

    Hugo's `[permalinks.page]` table is read as the same thing.
    """
    patterns: dict[str, str] = {}
    items = list(table.items())
    for key, value in items:
        if key == "page" and isinstance(value, dict):
            items += [(f"page.{name}", pattern) for name, pattern in value.items()]
            continue
        if key in ("section", "term", "taxonomy") and isinstance(value, dict):
            problem(key, "section and tag pages keep the URLs of their folders and tags; only pages take patterns")
            continue
        if not isinstance(value, str):
            problem(key, f'expected a pattern such as "/:year/:month/:slug/", got {type(value).__name__}')
            continue
        pattern = NAMED_STYLES.get(value, value)
        if error := find_pattern_problem(pattern):
            problem(key, error)
            continue
        folder = key.removeprefix("page.").strip("/")
        patterns[folder] = pattern
    return patterns
