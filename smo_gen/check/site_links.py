"""What the link check reads from a build: each source's links, and the ids of the pages written.

The links come from the parsed pages (kept in the parse cache, so every build checks them
all again at little cost); the ids come from the HTML rendered in this build, or, for a page
found current, from the file the last build wrote for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from smo_gen.check.links import LinkSource, LinkTargets, parse_ids
from smo_gen.config.site_config import CONFIG_NAME, SiteConfig
from smo_gen.content.campaigns import cta_key, written_at
from smo_gen.content.content_links import ContentLink
from smo_gen.content.page import Page
from smo_gen.render.outputs import Output, WrittenAhead
from smo_gen.schema import make_toml_line_finder
from smo_gen.site.model import Site
from smo_gen.urls import output_file_for


def link_sources(site: Site, content_root: PurePosixPath, pages: bool = True) -> list[LinkSource]:
    """The links of every page (`pages`: False leaves them out), section and the home page's
    intro, and the calls to action.

    A variant shares its main page's body, so only a call to action of its own is checked.
    """

    def source(page: Page, page_path: str, links: tuple[ContentLink, ...]) -> LinkSource:
        return link_source(page, page_path, links, content_root)

    sources = [source(page, page.url_path, page_links(page)) for page in site.pages] if pages else []
    main_ctas = {page.url_path: page.cta for page in site.pages}
    sources += [
        source(variant, written_at(variant), cta_links(variant))
        for variant in site.variants
        if variant.cta != main_ctas.get(written_at(variant))
    ]
    sources += [source(section.intro, section.url_path, section.intro.links) for section in site.sections]
    if site.home.links:
        sources.append(LinkSource(site.home.source_path, "/", site.home.links))
    return sources + config_links(site.config)


def link_source(page: Page, page_path: str, links: tuple[ContentLink, ...], content_root: PurePosixPath) -> LinkSource:
    """`links` of `page`, resolved from `page_path`."""
    return LinkSource(page.source_path, page_path, links, _content_file(page.source_path, content_root))


def page_links(page: Page) -> tuple[ContentLink, ...]:
    """Every link a page's own source holds: its body's, its calls to action, its authors' pages."""
    return page.links + cta_links(page) + author_links(page)


def cta_links(page: Page) -> tuple[ContentLink, ...]:
    """The page's calls to action as links, on the front matter line that sets them."""
    if page.cta is None:
        return ()  # most pages: no line to look up (every page is asked, every build)
    line = page.line_of(cta_key(page)) or 1
    actions = (page.cta, page.cta.secondary if page.cta else None)
    return tuple(
        ContentLink(cta.url, line, owner=f"the call to action '{cta.label}'") for cta in actions if cta is not None
    )


def author_links(page: Page) -> tuple[ContentLink, ...]:
    """The pages of the page's authors (those on this site are checked like any link)."""
    if not any(author.url for author in page.authors):
        return ()
    line = page.line_of("authors") or page.line_of("author") or 1
    return tuple(
        ContentLink(author.url, line, owner=f"the author '{author.name}'") for author in page.authors if author.url
    )


def config_links(config: SiteConfig) -> list[LinkSource]:
    """The site's own author page, from site.toml."""
    if not config.author.url:
        return []
    line = make_toml_line_finder(config.text)("author.url") or 1
    return [LinkSource(CONFIG_NAME, "/", (ContentLink(config.author.url, line, owner="the site's author"),))]


def link_targets(
    site: Site,
    outputs: Sequence[Output],
    output_dir: Path,
    content_root: PurePosixPath,
    unpublished: Mapping[str, str],
    skip_prefixes: tuple[str, ...] = (),
) -> LinkTargets:
    """Every output of the build, the pages by source file, a way to the ids of each page, and
    the pages left out (`unpublished`: path -> why, as `why_unpublished` says)."""
    pages = [*site.pages, *(section.intro for section in site.sections)]
    source_pages = {_content_file(page.source_path, content_root): page.url_path for page in pages}
    return LinkTargets(
        dests=frozenset(output.dest for output in outputs),
        base_url=site.config.base_url,
        source_pages=source_pages,
        ids=_id_reader(site, outputs, output_dir),
        some_ids=_body_ids(pages),
        unpublished=unpublished,
        skip_prefixes=skip_prefixes,
    )


def _body_ids(pages: Sequence[Page]) -> Callable[[str], frozenset[str]]:
    """The ids in each page's body (its headings' anchors, mostly), which most `#part` links name:
    found there, the page's whole HTML need not be read."""

    # Made when a `#part` link first asks (most builds check none again: see check/link_reuse.py).
    @functools.cache
    def by_dest() -> dict[str, Page]:
        return {output_file_for(page.url_path): page for page in pages}

    @functools.cache
    def ids(dest: str) -> frozenset[str]:
        page = by_dest().get(dest)
        return parse_ids(page.body_html) if page is not None else frozenset()

    return ids


def _id_reader(site: Site, outputs: Sequence[Output], output_dir: Path) -> Callable[[str], frozenset[str] | None]:
    @functools.cache
    def by_dest() -> dict[str, Output]:
        # Only pages of content and lists: an alias is a redirect, whose few ids say nothing of
        # the page it leads to. Made when a `#part` link first asks.
        paths = [page.url_path for page in site.all_pages] + [section.url_path for section in site.sections]
        paths += ["/", *(tag.url_path for tag in site.tags)]
        pages = {output_file_for(path) for path in paths}
        return {output.dest: output for output in outputs if output.dest in pages}

    @functools.cache
    def ids(dest: str) -> frozenset[str] | None:
        output = by_dest().get(dest)
        if output is None:
            return None
        if isinstance(output.data, bytes):
            return parse_ids(output.data)
        if isinstance(output.data, WrittenAhead):  # written already, into the tree the build stages
            try:
                return parse_ids(Path(output.data.path).read_bytes())
            except OSError:
                return None
        if output.data is None and output.source is None:  # current: as the last build wrote it
            try:
                return parse_ids((output_dir / dest).read_bytes())
            except OSError:
                return None
        return None

    return ids


def _content_file(source_path: str, content_root: PurePosixPath) -> str:
    """`source_path` relative to `content_root` (itself when outside it), as pathlib makes it."""
    # Asked twice of every page of every build: cut off the root's text where that is what
    # pathlib would give (a plain path below the root), and leave the odd cases to pathlib.
    root = content_root.as_posix()
    rest = source_path[len(root) + 1 :]
    if root != "." and source_path.startswith(root + "/") and _plain_relative(rest):
        return rest
    try:
        return PurePosixPath(source_path).relative_to(content_root).as_posix()
    except ValueError:
        return source_path


def _plain_relative(path: str) -> bool:
    """Whether pathlib leaves `path` as it is: no empty or '.' segment, nothing absolute."""
    segments = path.split("/")
    return "." not in segments and "" not in segments
