"""Links between pages written as Zola writes them: `[text](@/folder/page.md#part)`.

Content imported from Zola links to other pages by their source file, so a link survives
when a page's URL changes. Each such link becomes the target page's path; one whose
target is not published is a warning naming the page, and the link is left as written.

Jekyll's `{% link %}`/`{% post_url %}` and Hugo's `ref`/`relref` become `@@/path` (content/shortcodes.py),
found the way those generators find pages: the exact file, else the file without its
extension, a bundle by its folder, or the one page whose path ends so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from urllib.parse import unquote

from smo_gen.content.page import Page
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern

# What Jekyll wrote before a page's link ('{{ site.baseurl }}', '{{ "" | relative_url }}') is
# dropped: the page's path holds the base path already.
_INTERNAL = lazy_pattern(
    r'(?P<attr>href|src)="(?:(?P<marker>@/)|[^"\s@<>]*(?P<loose>@@/))(?P<file>[^"#?]*)(?P<rest>[^"]*)"'
)
_INDEX_STEMS = ("index", "_index")


def has_source_links(html: str) -> bool:
    """Whether `html` may hold a link by source file: a quick test before the pattern."""
    # One character first: a search for it is ten times as fast as one for a string, and most
    # bodies have no '@' at all.
    return "@" in html and ('ref="@/' in html or 'src="@/' in html or "@@/" in html)


def make_loose_index(sources: Sequence[str]) -> dict[str, list[str]]:
    """Every way Jekyll's and Hugo's links may name a source file -> the files so named.

    'blog/_posts/2020-01-01-hi.md' is named by itself, by 'blog/_posts/2020-01-01-hi', and
    by every shorter ending of those ('_posts/2020-01-01-hi', '2020-01-01-hi.md', ...); a
    bundle's 'post/index.md' by 'post' too.
    """
    index: dict[str, list[str]] = {}
    for source in sources:
        path = PurePosixPath(source)
        forms = {source, path.with_suffix("").as_posix()}
        if path.stem in _INDEX_STEMS and path.parent.name:
            forms.add(path.parent.as_posix())
        for form in forms:
            parts = form.split("/")
            for first in range(len(parts)):
                index.setdefault("/".join(parts[first:]), []).append(source)
    return index


def find_loosely(index: dict[str, list[str]], target: str) -> list[str]:
    """The source files `target` may mean, best first (an exact path before an ending)."""
    cleaned = "/".join(part for part in unquote(target).strip("/").split("/") if part not in (".", ".."))
    return sorted(set(index.get(cleaned, [])), key=lambda source: (source != cleaned, len(source), source))


def resolve_internal_links(
    pages: Sequence[Page], content_root: PurePosixPath, site_path: Callable[[str], str]
) -> tuple[list[Page], list[Problem]]:
    """Pages with every `@/file.md` link replaced by the target page's site path."""
    by_source: dict[str, Page] = {}  # made at the first page that needs it: most sites have no such link
    loose: dict[str, list[str]] = {}
    problems: list[Problem] = []
    resolved: list[Page] = []
    for page in pages:
        if not (page.source_links and has_source_links(page.body_html)):
            resolved.append(page)
            continue
        by_source = by_source or {PurePosixPath(p.source_path).relative_to(content_root).as_posix(): p for p in pages}

        if not loose and "@@/" in page.body_html:
            loose.update(make_loose_index(sorted(by_source)))

        def replace_link(match: re.Match[str], page: Page = page, by_source: dict[str, Page] = by_source) -> str:
            if match["marker"]:
                target = by_source.get(match["file"])
            else:
                found = find_loosely(loose, match["file"])
                target = by_source[found[0]] if found else None
                if len(found) > 1 and found[0] != match["file"]:
                    problems.append(
                        Problem(
                            f"links to '{unquote(match['file'])}', which names {len(found)} pages "
                            f"({', '.join(found[:3])}); it links to the first",
                            path=page.source_path,
                            severity="warning",
                            hint="write more of the path",
                        )
                    )
            if target is None:
                problems.append(
                    Problem(
                        f"links to '{match['marker'] or match['loose']}{unquote(match['file'])}', "
                        "which is not a published page;"
                        " the link is left as written",
                        path=page.source_path,
                        line=_line_of(page, match["file"]),
                        severity="warning",
                    )
                )
                return match.group(0)
            return f'{match["attr"]}="{site_path(target.url_path)}{match["rest"]}"'

        body = _INTERNAL.sub(replace_link, page.body_html)
        # The body now depends on other pages' URLs too, so the page's digest must as well.
        digest = hashlib.sha256(f"{page.digest}\0{body}".encode()).hexdigest()
        resolved.append(replace(page, body_html=body, digest=digest))
    return resolved, problems


def _line_of(page: Page, file: str) -> int | None:
    """The line of the page's source that links to `file`, as the link check knows it."""
    return next((link.line for link in page.links if link.url.startswith(f"@/{file}")), None)
