"""Links between pages written as Zola writes them: `[text](@/folder/page.md#part)`.

Content imported from Zola links to other pages by their source file, so a link survives
when a page's URL changes. Each such link becomes the target page's path; one whose
target is not published is a warning naming the page, and the link is left as written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from .errors import Problem
from .page import Page

_INTERNAL = re.compile(r'(?P<attr>href|src)="@/(?P<file>[^"#?]*)(?P<rest>[^"]*)"')


def has_source_links(html: str) -> bool:
    """Whether `html` may hold a link by source file: a quick test before the pattern."""
    return 'ref="@/' in html or 'src="@/' in html


def resolve_internal_links(
    pages: Sequence[Page], content_root: PurePosixPath, site_path: Callable[[str], str]
) -> tuple[list[Page], list[Problem]]:
    """Pages with every `@/file.md` link replaced by the target page's site path."""
    by_source: dict[str, Page] = {}  # made at the first page that needs it: most sites have no such link
    problems: list[Problem] = []
    resolved: list[Page] = []
    for page in pages:
        if not (page.source_links and has_source_links(page.body_html)):
            resolved.append(page)
            continue
        by_source = by_source or {PurePosixPath(p.source_path).relative_to(content_root).as_posix(): p for p in pages}

        def replace_link(match: re.Match[str], page: Page = page, by_source: dict[str, Page] = by_source) -> str:
            target = by_source.get(match["file"])
            if target is None:
                problems.append(
                    Problem(
                        f"links to '@/{match['file']}', which is not a published page; the link is left as written",
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
