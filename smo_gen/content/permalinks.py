"""URL patterns per content folder (`[permalinks]` in site.toml), as Hugo and Jekyll write them.

A pattern such as "/:categories/:year/:month/:day/:title/" gives every page below a content
folder its URL from its date, names and categories, so a blog moved from Hugo or Jekyll keeps
the URLs its readers and search engines already have. `config/permalink_patterns.py` reads the
table; `apply_permalinks` is pure: pages in, pages with their URLs out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from smo_gen.config.permalink_patterns import DATE_TOKENS, NAMED_STYLES, PATTERN_TOKEN
from smo_gen.content.page import Page, PermalinkFacts
from smo_gen.dates import DATE_PREFIX
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern
from smo_gen.urls import check_url_path, normalize_url_path, slugify, slugify_path

# Characters Jekyll's "pretty" slugs keep as they are; anything else becomes '-'.
_NOT_PRETTY = lazy_pattern(r"[^\w.~!$&'()+,;=@-]+")


def apply_permalinks(pages: Sequence[Page], patterns: Mapping[str, str]) -> tuple[list[Page], list[Problem]]:
    """Each page at the URL its pattern gives: its own (Jekyll 'permalink' with tokens), else
    that of the deepest content folder it lies in. Pages with a plain 'url' keep it."""
    done: list[Page] = []
    problems: list[Problem] = []
    for page in pages:
        facts = page.permalink
        pattern = facts.pattern if facts else ""
        if facts and not pattern:
            pattern = _pattern_for(facts.rel_path, patterns)
        if not facts or not pattern:
            done.append(page)
            continue
        url_path, problem = expand_permalink(pattern, page, facts)
        if problem:
            key = "url" if facts.pattern else None
            line = page.line_of("url") if facts.pattern else None
            problems.append(
                Problem(
                    problem,
                    path=page.source_path,
                    line=line,
                    key=f"front matter: '{key}'" if key else None,
                    severity="error" if facts.pattern else "warning",
                )
            )
            done.append(page)
            continue
        done.append(replace(page, url_path=url_path))
    return done, problems


def with_jekyll_default(patterns: Mapping[str, str]) -> Mapping[str, str]:
    """`patterns`, with Jekyll's default ('date' style) for a `_posts` folder at the top of the content
    that `[permalinks]` does not name: a Jekyll blog keeps its URLs with a minimal site.toml too."""
    return patterns if "_posts" in patterns else {**patterns, "_posts": NAMED_STYLES["date"]}


def slugify_file_names(pages: Sequence[Page]) -> list[Page]:
    """Zola's `slugify.paths = "on"`: the last segment of a URL made from a file or bundle name (or
    `slug`) has its dots made dashes ('/news/1.2-notes/' -> '/news/1-2-notes/'). A `url`/`path`
    or a permalink pattern's URL is the author's own and stays as written."""
    done: list[Page] = []
    for page in pages:
        facts = page.permalink
        if not facts or facts.pattern or "." not in page.url_path or not page.url_path.endswith("/"):
            done.append(page)
            continue
        *folders, name, _ = page.url_path.split("/")
        done.append(replace(page, url_path="/".join([*folders, slugify(name) or name, ""])))
    return done


def _pattern_for(rel_path: str, patterns: Mapping[str, str]) -> str:
    folders = rel_path.split("/")[:-1]
    for depth in range(len(folders), 0, -1):
        pattern = patterns.get("/".join(folders[:depth]))
        if pattern:
            return pattern
    return ""


def expand_permalink(pattern: str, page: Page, facts: PermalinkFacts) -> tuple[str, str | None]:
    """The site path `pattern` gives `page`, or its default path and why not."""
    path = PurePosixPath(facts.rel_path)
    bundle = path.stem in ("index", "_index")
    file_name = (path.parent.name if bundle else path.stem) or "index"
    folders = path.parts[:-2] if bundle else path.parts[:-1]
    plain_name = DATE_PREFIX.sub("", file_name)
    slug = slugify_path(facts.slug) if facts.slug else ""

    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in DATE_TOKENS or name in ("i_month", "i_day", "monthname"):
            if page.date is None:
                raise _Missing(
                    f"has no date for ':{name}' in the permalink pattern '{pattern}'; it stays at {page.url_path}"
                )
            if name in DATE_TOKENS:
                return page.date.strftime(DATE_TOKENS[name])
            return {
                "i_month": str(page.date.month),
                "i_day": str(page.date.day),
                "monthname": page.date.strftime("%B").lower(),
            }[name]
        values = {
            # Jekyll: the 'slug' or the file's name without its date, case kept.
            "title": _NOT_PRETTY.sub("-", facts.slug or plain_name).strip("-"),
            # Hugo: the 'slug', else the title.
            "slug": slug or slugify_path(page.title),
            "filename": slugify_path(file_name),
            "contentbasename": slugify_path(file_name),
            "slugorfilename": slug or slugify_path(file_name),
            "slugorcontentbasename": slug or slugify_path(file_name),
            "section": slugify_path(folders[0]) if folders else "",
            "sections": "/".join(slugify_path(folder) for folder in folders),
            # Jekyll lower-cases categories and keeps their spaces.
            "categories": "/".join(category.lower() for category in facts.categories),
            "collection": folders[0].lstrip("_") if folders else "",
            "path": "/".join([*folders[1:], file_name]) if folders else file_name,
            "output_ext": ".html",
        }
        return values[name]

    try:
        # An empty token (no categories) leaves no empty folder: '//' becomes '/', as in Jekyll.
        expanded = re.sub(r"/{2,}", "/", PATTERN_TOKEN.sub(value_of, pattern))
    except _Missing as missing:
        return page.url_path, str(missing)
    if error := check_url_path(expanded):
        return page.url_path, f"the permalink pattern '{pattern}' gives {error}"
    return normalize_url_path(expanded), None


class _Missing(Exception):
    """A token the page has no value for."""
