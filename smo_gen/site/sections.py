"""Sections as Zola and Hugo have them: which pages a folder's `_index.md` lists, and in what order.

A section lists its own pages: those in its folder and in sub-folders that are not sections
themselves. A nested section keeps its pages to itself unless it says `transparent = true`,
which passes them up to the section above (as in Zola). The top of content/ is the root
section, which the home page and the main feed show.

Everything here is pure: the `_index.md` files were parsed before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from smo_gen.content.page import Page
from smo_gen.content.section_keys import UNUSED_SECTION_KEYS
from smo_gen.errors import Problem, did_you_mean
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import describe_value

# Zola's documented orders, each with what it sorts by (ascending unless the key says so).
SORT_ORDERS = ("date", "update_date", "title", "title_bytes", "weight", "slug", "permalink", "none")
_NUMBER_RUN = lazy_pattern(r"(\d+)")


@dataclass(frozen=True)
class SectionSettings:
    """What a section's `_index.md` says about its list of pages."""

    sort_by: str = "date"
    paginate_by: int = 0  # pages per list page; 0: the site's `paginate_by`
    paginate_reversed: bool = False
    transparent: bool = False  # pass this section's pages up to the section above
    template: str | None = None  # the section page's template, as written ("blog.html")
    page_template: str | None = None  # the template of its pages that name none themselves
    generate_feeds: bool | None = None  # None: as [feeds] per_section says


def parse_section_settings(intro: Page) -> tuple[SectionSettings, list[Problem]]:
    """The list settings of an `_index.md`, read from its front matter (kept in `intro.params`)."""
    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str | None = None, severity: str = "error") -> None:
        problems.append(intro.problem(key, message, hint, "warning" if severity == "warning" else "error"))

    params = intro.params

    def flag(key: str) -> bool:
        value = params.get(key, False)
        if not isinstance(value, bool):
            problem(key, f"expected true or false, got {describe_value(value)}")
            return False
        return value

    sort_by = params.get("sort_by", "date")
    if sort_by not in SORT_ORDERS:
        hint = did_you_mean(str(sort_by), SORT_ORDERS) or f"expected one of {', '.join(SORT_ORDERS)}"
        problem("sort_by", f"{describe_value(sort_by)} is not an order smo-gen knows", hint)
        sort_by = "date"
    paginate_by = params.get("paginate_by", 0)
    if isinstance(paginate_by, bool) or not isinstance(paginate_by, int) or paginate_by < 0:
        problem(
            "paginate_by",
            f"expected a whole number of pages per list page (0 for one list), got {describe_value(paginate_by)}",
        )
        paginate_by = 0
    generate_feeds = params.get("generate_feeds")
    if generate_feeds is not None and not isinstance(generate_feeds, bool):
        problem("generate_feeds", f"expected true or false, got {describe_value(generate_feeds)}")
        generate_feeds = None
    page_template = params.get("page_template")
    if page_template is not None and not (isinstance(page_template, str) and page_template.strip()):
        problem("page_template", f"expected a template name, got {describe_value(page_template)}")
        page_template = None
    for key, effect in UNUSED_SECTION_KEYS.items():
        if key in params:
            problem(key, f"is a section setting smo-gen does not use: {effect}", severity="warning")
    settings = SectionSettings(
        sort_by=str(sort_by),
        paginate_by=paginate_by,
        paginate_reversed=flag("paginate_reversed"),
        transparent=flag("transparent"),
        template=intro.template if intro.line_of("template") else None,
        page_template=_with_html(page_template.strip()) if isinstance(page_template, str) else None,
        generate_feeds=generate_feeds,
    )
    return settings, problems


def section_folder(source_path: str) -> str:
    """The folder an `_index.md` stands for, with a trailing '/': "content/news/"."""
    return source_path.rsplit("/", 1)[0] + "/"


def own_pages(
    root_folder: str, folders: Mapping[str, SectionSettings], pages: Sequence[Page]
) -> dict[str, tuple[Page, ...]]:
    """The pages each section lists, by section folder (`root_folder` is the root section):
    its own pages and those its transparent sub-sections pass up, in its order."""
    every = [root_folder, *sorted(folder for folder in folders if folder != root_folder)]
    members: dict[str, list[Page]] = {folder: [] for folder in every}
    for page in pages:
        members[_nearest(page.source_path, every, root_folder)].append(page)
    # Deepest first, so a chain of transparent sections passes its pages all the way up.
    for folder in sorted(every[1:], key=lambda f: -f.count("/")):
        if folders[folder].transparent:
            members[_nearest(folder[:-1], every, root_folder)].extend(members[folder])
    settings_of = {root_folder: SectionSettings(), **folders}
    return {folder: sort_pages(listed, settings_of[folder].sort_by) for folder, listed in members.items()}


def apply_page_templates(page_templates: Mapping[str, str | None], pages: Sequence[Page]) -> list[Page]:
    """`pages`, each without a `template` of its own given the `page_template` of the nearest
    section folder above it that names one (as Zola looks through a page's ancestors, the root
    section too). `page_templates`: section folder ("content/news/") -> its `page_template`."""
    templates = {folder: name for folder, name in page_templates.items() if name}
    if not templates:
        return list(pages)
    deepest_first = sorted(templates, key=len, reverse=True)
    result = []
    for page in pages:
        template = next((templates[folder] for folder in deepest_first if page.source_path.startswith(folder)), None)
        result.append(replace(page, template=template) if template and page.line_of("template") is None else page)
    return result


def _nearest(path: str, folders: Sequence[str], root_folder: str) -> str:
    """The deepest section folder that holds `path` (a file, or a folder without its '/')."""
    best = root_folder
    for folder in folders:
        if path.startswith(folder) and len(folder) > len(best):
            best = folder
    return best


def sort_pages(pages: Iterable[Page], sort_by: str) -> tuple[Page, ...]:
    """`pages` in a section's order. Pages without the value sorted by come last, newest first."""
    listed = list(pages)
    if sort_by == "none":
        return tuple(sorted(listed, key=lambda page: page.source_path))
    key, has_value = _ORDERS.get(sort_by, _ORDERS["date"])
    with_value = sorted((page for page in listed if has_value(page)), key=key)
    without = sorted((page for page in listed if not has_value(page)), key=lambda page: page.sort_key)
    return (*with_value, *without)


def _natural(text: str) -> tuple[Any, ...]:
    """Text sorted as people read it: "Rust 1.9" before "Rust 1.10", case ignored."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in _NUMBER_RUN.split(text))


def _newest(moment: Callable[[Page], Any]) -> Callable[[Page], tuple[float, str]]:
    return lambda page: (-moment(page).timestamp(), page.url_path)


_ORDERS: dict[str, tuple[Callable[[Page], Any], Callable[[Page], bool]]] = {
    "date": (lambda page: page.sort_key, lambda page: page.date is not None),
    "update_date": (_newest(lambda page: page.modified), lambda page: page.modified is not None),
    "title": (lambda page: (_natural(page.title), page.url_path), lambda page: True),
    "title_bytes": (lambda page: (page.title.encode("utf-8"), page.url_path), lambda page: True),
    "weight": (lambda page: (page.weight, page.url_path), lambda page: page.weight is not None),
    "slug": (lambda page: (page.slug, page.url_path), lambda page: True),
    "permalink": (lambda page: page.url_path, lambda page: True),
}


def _with_html(name: str) -> str:
    return name if name.endswith(".html") else name + ".html"
