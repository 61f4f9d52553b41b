"""Every path the built site answers: the pages, and what smo-gen generates besides them (lists, feeds, fixed files)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from smo_gen.config.site_config import SiteConfig
from smo_gen.content.campaigns import AUDIENCES_PATH, Audience
from smo_gen.content.discovery import FoundFile
from smo_gen.render.feeds import FEED_LABELS
from smo_gen.render.outputs import has_term_feeds, home_pagination, reserved_paths
from smo_gen.site.model import Section, Site, Tag, TaxonomyKind
from smo_gen.site.page_assets import AssetIndex
from smo_gen.site.pagination import later_pager_paths


def generated_paths(
    config: SiteConfig,
    taxonomies: Sequence[tuple[TaxonomyKind, Sequence[Tag]]],
    audiences: Mapping[str, Audience],
    sections: Sequence[Section] = (),
    home: tuple[int, int] = (0, 0),
    own_lists: Collection[str] = (),
) -> dict[str, str]:
    """Every path smo-gen writes besides the pages: fixed files, taxonomy indexes, tag, category
    and audience pages (but the taxonomy pages in `own_lists`, which content pages take), feeds, the
    sections' feeds (a section's page is its `_index.md`'s, checked as a page's), and the later
    pages of lists split into pages. `home` is the home page's entry count and entries per page."""
    paths = reserved_paths(config.feeds.files.values())
    lists: list[tuple[str, str, bool]] = []
    for kind, terms in taxonomies:
        if kind.url_path not in own_lists:
            paths[kind.url_path] = f"the {kind.singular} index"
        lists += [
            (term.url_path, f"{kind.singular} '{term.name}'", has_term_feeds(config.feeds, kind)) for term in terms
        ]
    lists += [(f"{AUDIENCES_PATH}{name}/", f"audience '{name}'", True) for name in audiences]
    for url_path, owner, has_feeds in lists:
        if url_path not in own_lists:
            paths[url_path] = f"the page of {owner}"
        for kind_name in config.feeds.formats if has_feeds else ():
            paths[url_path + config.feeds.files[kind_name]] = f"the {FEED_LABELS[kind_name]} feed of {owner}"
    for section in (section for section in sections if section.has_feeds(config.feeds.per_section)):
        for kind_name in config.feeds.formats:
            paths[section.url_path + config.feeds.files[kind_name]] = (
                f"the {FEED_LABELS[kind_name]} feed of {section.intro.source_path}"
            )
    split = [("/", home[0], home[1], "the home page")]
    split += [
        (term.url_path, len(term.pages), config.paginate_by, f"{taxonomy.singular} '{term.name}'")
        for taxonomy, terms in taxonomies
        for term in terms
        if term.url_path not in own_lists
    ]
    split += [
        (
            section.url_path,
            len(section.pages),
            section.settings.paginate_by or config.paginate_by,
            section.intro.source_path,
        )
        for section in sections
    ]
    for url_path, count, per_page, owner in split:
        for later in later_pager_paths(url_path, count, per_page):
            paths[later] = f"a later page of the list of {owner}"
    return paths


def known_site_paths(site: Site, static_files: list[FoundFile], assets: AssetIndex) -> set[str]:
    """Every path the built site will answer, for checking links such as calls to action."""
    paths = {page.url_path for page in site.all_pages} | set(reserved_paths(site.config.feeds.files.values()))
    paths |= {term.url_path for _, terms in site.taxonomies for term in terms}
    paths |= {section.url_path for section in site.sections}
    home = (len(site.listed_on_home), home_pagination(site)[0])
    paths |= set(generated_paths(site.config, site.taxonomies, {}, site.sections, home, site.own_lists))
    paths |= {AUDIENCES_PATH + name + "/" for name in site.audiences if site.audience_pages(name)}
    paths |= {"/" + found.rel for found in static_files}
    paths |= {url_path for url_path, _ in assets.copies()}
    for page in [*site.pages, *(section.intro for section in site.sections)]:
        paths |= set(page.aliases)
    return paths
