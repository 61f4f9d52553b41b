"""The front matter keys of a section's `_index.md` (Zola's and Hugo's): those smo-gen reads, and
those it has no use for with what happens instead. Page parsing knows them so that it does not
call them typos; site/sections.py reads them."""

from __future__ import annotations

# Section keys of Zola (and Hugo) that smo-gen reads.
SECTION_KEYS = frozenset(
    {"sort_by", "paginate_by", "paginate_reversed", "transparent", "template", "page_template", "generate_feeds"}
)
# Section keys of Zola that smo-gen has no use for, with what happens instead.
UNUSED_SECTION_KEYS = {
    "insert_anchor_links": "headings get no anchor links",
    "render": "the section page is built anyway",
    "paginate_path": "later pages are always at 'page/N/'",
    "in_search_index": "smo-gen builds no search index",
    "redirect_to": "the section page is built, not a redirect",
    "cascade": "values are not passed down to the section's pages",
    "outputs": "the section gets a page and feeds as [feeds] says",
}
