"""The build pipeline, from site.toml and content/ to a written site.

    find_content -> parse_page -> select_published -> resolve images -> Site
    -> cards -> SiteRenderer (html, meta, feeds, sitemap, manifest) -> write_site

Reading happens first and writing last; everything between takes plain values. `build`
decides whether this needs to run at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from smo_gen.build.incremental import environment_digest, render_outputs, scan_templates
from smo_gen.build.parsing import parse_files
from smo_gen.build.writer import EarlyWrites, OutputState, write_site
from smo_gen.cards.page_cards import (
    card_images,
    card_outputs,
    card_settings,
    draw_stage,
    plan_page_cards,
    shaped_card_images,
)
from smo_gen.check.links import check_links, parse_link_check_settings
from smo_gen.check.site_links import link_sources, link_targets
from smo_gen.config.site_config import SiteConfig, display_path
from smo_gen.config.site_import import unimported_url_settings
from smo_gen.content.campaigns import (
    AUDIENCES_PATH,
    Audience,
    find_broken_ctas,
    make_all_variants,
    parse_campaign_settings,
)
from smo_gen.content.discovery import FoundFile, find_content, find_static
from smo_gen.content.internal_links import resolve_internal_links
from smo_gen.content.page import Page
from smo_gen.content.permalinks import apply_permalinks, slugify_file_names, with_jekyll_default
from smo_gen.content.template_values import make_site_values
from smo_gen.errors import Problem, ProblemList
from smo_gen.file_looks import FileLook
from smo_gen.render.feeds import FEED_LABELS
from smo_gen.render.outputs import Output, SiteRenderer, has_term_feeds, home_pagination, reserved_paths
from smo_gen.render.page_links import make_path_function
from smo_gen.render.templating import make_environment
from smo_gen.render.themes import load_theme
from smo_gen.reporter import BuildSummary, Progress, Reporter
from smo_gen.schema import make_toml_line_finder
from smo_gen.site.model import (
    CATEGORIES,
    TAGS,
    BuildOptions,
    HomeIntro,
    Section,
    Site,
    Tag,
    TaxonomyKind,
    collect_sections,
    collect_tags,
    find_own_lists,
    find_url_clashes,
    give_way_to_generated,
    next_publication_change,
    select_published,
    why_unpublished,
)
from smo_gen.site.page_assets import AssetIndex, resolve_social_images
from smo_gen.site.page_media import resolve_media
from smo_gen.site.pagination import later_pager_paths
from smo_gen.site.sections import apply_page_templates, parse_section_settings, section_folder
from smo_gen.syndicate.websub import parse_websub_settings
from smo_gen.urls import output_file_for

if TYPE_CHECKING:
    from smo_gen.build.command import BuildRequest


@dataclass(frozen=True)
class BuiltSite:
    """What a finished build tells the stamp that may let the next one be skipped."""

    summary: BuildSummary
    warnings: list[Problem]
    expires: dt.datetime | None  # when the same inputs would build differently (see build_stamp)
    extra_files: set[Path]  # files read from outside the site's folders (card fonts, ...)
    outputs: dict[str, FileLook] | None  # the output folder's look after writing, if the writer took it


def run_pipeline(
    request: BuildRequest,
    config: SiteConfig,
    now: dt.datetime,
    reporter: Reporter,
    problems: ProblemList,
    looks: Mapping[str, FileLook] | None = None,
    output_look: Callable[[], dict[str, FileLook]] | None = None,
) -> BuiltSite:
    """Read, parse, model, render and write the site; raise BuildError listing every problem.

    `looks` are the trusted sizes and modification times of input files, by full path, as the
    build stamp saw them: files that look as they did last build are not read again.
    """
    looks = looks or {}
    started = time.perf_counter()
    options = BuildOptions(now=now, drafts=request.drafts, future=request.future, expired=request.expired)

    reporter.stage("read")
    theme = load_theme(config)
    content = find_content(config.content_dir, display_path(config.content_dir, config.site_dir), config.content_skip())
    problems.extend(content.problems)
    static_files, static_problems = find_static(config.static_dir, display_path(config.static_dir, config.site_dir))
    problems.extend(static_problems)

    reporter.stage("parse")
    pages, home, intros = _parse_pages(config, content.markdown, looks, problems, request.workers, _progress(reporter, "parsing"))
    if config.slugify_paths == "on":
        pages = slugify_file_names(pages)
    if hint := unimported_url_settings(config.site_dir, config.permalinks):
        problems.add(hint)
    pages, permalink_problems = apply_permalinks(pages, with_jekyll_default(config.permalinks))
    problems.extend(permalink_problems)
    content_root = PurePosixPath(display_path(config.content_dir, config.site_dir))
    # Sections' intros link and are linked to by source file as pages are (`@/blog/_index.md`).
    published = select_published(pages, options)
    linked, link_problems = resolve_internal_links(
        [*published, *select_published(intros, options)], content_root, make_path_function(config.base_url)
    )
    published, published_intros = linked[: len(published)], linked[len(published) :]
    problems.extend(link_problems)
    root_folder = display_path(config.content_dir, config.site_dir) + "/"
    section_intros = []
    for intro in published_intros:
        section_settings, section_problems = parse_section_settings(intro)
        problems.extend(section_problems)
        section_intros.append((intro, section_settings))
    page_templates = {section_folder(intro.source_path): found.page_template for intro, found in section_intros}
    published = apply_page_templates({root_folder: home.settings.page_template, **page_templates}, published)
    campaign_settings, campaign_problems = parse_campaign_settings(config)
    problems.extend(campaign_problems)
    websub, websub_problems = parse_websub_settings(config.sections.get("websub", {}), make_toml_line_finder(config.text))
    problems.extend(websub_problems)
    skip_prefixes, skip_problems = parse_link_check_settings(config.sections.get("link_check", {}), make_toml_line_finder(config.text))
    problems.extend(skip_problems)
    variants, variant_problems = make_all_variants(published, campaign_settings, config.base_url)
    problems.extend(variant_problems)

    def collect_lists(published: list[Page], home: HomeIntro) -> _Lists:
        tags = collect_tags(published)
        categories = collect_tags(published, CATEGORIES)
        taxonomies = [(TAGS, tags), *([(CATEGORIES, categories)] if categories else [])]
        # A site's own archive page at /tags/ or /tags/cars/ (Jekyll themes have them) takes the place of the generated one.
        own_lists, own_list_problems = find_own_lists(published, taxonomies)
        sections, home_pages = collect_sections(root_folder, home, section_intros, published)
        home_split = (len(home_pages), home.settings.paginate_by or config.paginate_by)
        reserved = generated_paths(config, taxonomies, campaign_settings.audiences, sections, home_split, own_lists)
        return _Lists(tags, categories, own_lists, own_list_problems, sections, home_pages, reserved)

    lists = collect_lists(published, home)
    # Pages written for another generator where smo-gen writes a fixed page (Jekyll's home and 404
    # pages) give way; at any other generated path (a later list page) a page is a clash.
    published, home, displaced = give_way_to_generated(published, reserved_paths(config.feeds.files.values()), home)
    problems.extend(displaced)
    if displaced:  # the lists show no page that is left out
        lists = collect_lists(published, home)
    tags, categories, own_lists, own_list_problems, sections, home_pages, reserved = lists
    problems.extend(own_list_problems)
    intro_pages = [section.intro for section in sections]
    problems.extend(find_url_clashes([*published, *variants, *intro_pages], reserved))

    assets = AssetIndex.make(config, content.assets, static_files, pages, published)
    photos, default_image, image_problems = resolve_social_images(
        config, [*published, *variants, *intro_pages], assets, request.workers, looks
    )
    problems.extend(image_problems)
    media, media_problems = resolve_media(config, [*published, *variants], assets)
    problems.extend(media_problems)
    settings, settings_problems = card_settings(config, theme)
    problems.extend(settings_problems)
    problems.raise_if_errors()

    site = Site(
        config=config,
        now=options.now,
        pages=tuple(published),
        tags=tags,
        categories=categories,
        own_lists=own_lists,
        home_pages=home_pages,
        photos=photos,
        default_image=default_image,
        home=home,
        sections=sections,
        variants=tuple(variants),
        media=media,
        audiences=campaign_settings.audiences,
        utm=campaign_settings.utm,
        share=campaign_settings.share,
        hubs=websub.hubs,
        syndication=load_posts(config.site_dir, problems),
        responses=load_page_responses(config.site_dir),
    )
    problems.extend(find_broken_ctas(site.all_pages, known_site_paths(site, static_files, assets)))

    reporter.stage("cards")
    stage, card_problems = plan_page_cards(site, settings, looks)
    problems.extend(card_problems)
    problems.raise_if_errors()
    card_files, cards_drawn, cards_reused, draw_problems = draw_stage(
        stage, config.cache_dir / "cards", request.workers, _progress(reporter, "drawing cards")
    )
    problems.extend(draw_problems)
    problems.raise_if_errors()
    site = replace(site, images=card_images(config, stage), shaped_images=shaped_card_images(config, stage))

    reporter.stage("render")
    state = OutputState(config.output_dir, config.cache_dir, output_look, config.base_url)
    renderer = SiteRenderer(site, make_environment(theme, config.cache_dir), state.written)
    outputs = _copies(theme.static_dirs, static_files, assets)
    outputs += [Output(dest, source=path) for dest, path in card_outputs(card_files)]
    plans = list(renderer.plan())
    mentions = scan_templates(theme)
    environment = environment_digest(site, mentions)
    early = EarlyWrites(config.output_dir)  # large feeds copied on another core while the rest renders
    try:
        rendered, rendered_count = render_outputs(
            plans, renderer, state, environment, request.workers, _progress(reporter, "rendering"), early.offer
        )
        outputs += rendered
        problems.extend(renderer.problems)
        final = _dedupe(outputs)
        left_out = {page.url_path: reason for page in pages if (reason := why_unpublished(page, options)) is not None}
        targets = link_targets(site, final, config.output_dir, content_root, left_out, skip_prefixes)
        problems.extend(check_links(link_sources(site, content_root), targets))
        problems.raise_if_errors(strict=request.is_strict(config))
        for problem in problems.warnings:
            reporter.problem(problem)

        reporter.stage("write")
        stats = write_site(
            final, config.output_dir, config.cache_dir, state, looks, early, _progress(reporter, "writing"),
            link=request.link_copies or config.hard_link_static,
        )
    finally:
        early.discard()  # a failed build leaves no temporary file behind
    summary = BuildSummary(
        pages=len(site.pages),
        outputs=len(final),
        written=stats.written,
        unchanged=stats.unchanged,
        removed=stats.removed,
        feeds=sum(1 for o in final if o.dest.rsplit("/", 1)[-1] in config.feeds.files.values()),
        rendered=rendered_count,
        cards_drawn=cards_drawn,
        cards_reused=cards_reused,
        seconds=time.perf_counter() - started,
    )
    reporter.finished(summary)
    depends_on_now = mentions.now or not any(page.modified for page in site.pages)  # feeds fall back to now
    return BuiltSite(
        summary=summary,
        warnings=problems.warnings,
        expires=options.now if depends_on_now else next_publication_change(pages, options),
        extra_files=set().union(*(plan.settings.files() for plan in stage.plans.values())) if stage.settings else set(),
        outputs=stats.look,
    )


class _Lists(NamedTuple):
    """The lists a build makes of its published pages, and the paths they take."""

    tags: tuple[Tag, ...]
    categories: tuple[Tag, ...]
    own_lists: frozenset[str]
    own_list_problems: list[Problem]
    sections: tuple[Section, ...]
    home_pages: tuple[Page, ...]
    reserved: dict[str, str]


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
        lists += [(term.url_path, f"{kind.singular} '{term.name}'", has_term_feeds(config.feeds, kind)) for term in terms]
    lists += [(f"{AUDIENCES_PATH}{name}/", f"audience '{name}'", True) for name in audiences]
    for url_path, owner, has_feeds in lists:
        if url_path not in own_lists:
            paths[url_path] = f"the page of {owner}"
        for kind_name in config.feeds.formats if has_feeds else ():
            paths[url_path + config.feeds.files[kind_name]] = f"the {FEED_LABELS[kind_name]} feed of {owner}"
    for section in (section for section in sections if section.has_feeds(config.feeds.per_section)):
        for kind_name in config.feeds.formats:
            paths[section.url_path + config.feeds.files[kind_name]] = f"the {FEED_LABELS[kind_name]} feed of {section.intro.source_path}"
    split = [("/", home[0], home[1], "the home page")]
    split += [
        (term.url_path, len(term.pages), config.paginate_by, f"{taxonomy.singular} '{term.name}'")
        for taxonomy, terms in taxonomies
        for term in terms
        if term.url_path not in own_lists
    ]
    split += [
        (section.url_path, len(section.pages), section.settings.paginate_by or config.paginate_by, section.intro.source_path)
        for section in sections
    ]
    for url_path, count, per_page, owner in split:
        for later in later_pager_paths(url_path, count, per_page):
            paths[later] = f"a later page of the list of {owner}"
    return paths


def load_posts(site_dir: Path, problems: ProblemList) -> dict[str, tuple[tuple[str, str], ...]]:
    """Where each page was shared, from the syndication ledger, for "also on" links.

    Never an error: whatever is wrong with the ledger is a warning, and the pages go without links.
    """
    if not os.path.lexists(site_dir / "syndication.json"):
        return {}  # no ledger: no need to load the syndication code at all
    from smo_gen.syndicate.links import load_syndication_links

    links, warnings = load_syndication_links(site_dir)
    problems.extend(warnings)
    return {page: tuple(found) for page, found in links.items()}


def load_page_responses(site_dir: Path) -> dict[str, Any]:
    """Replies and reactions brought back by `smo-gen feedback`, sanitised, by page."""
    if not (site_dir / "feedback.json").exists():
        return {}
    from smo_gen.feedback import load_responses

    return dict(load_responses(site_dir))


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


def _progress(reporter: Reporter, stage: str) -> Progress:
    return functools.partial(reporter.progress, stage)


def _parse_pages(
    config: SiteConfig,
    files: tuple[FoundFile, ...],
    looks: Mapping[str, FileLook],
    problems: ProblemList,
    workers: int | None,
    progress: Progress,
) -> tuple[list[Page], HomeIntro, list[Page]]:
    """The pages, what `content/_index.md` says of the home page, and the `_index.md` pages
    of the folders below (sections)."""
    pages: list[Page] = []
    intros: list[Page] = []
    home = HomeIntro()
    display_root = display_path(config.content_dir, config.site_dir)
    markup = make_site_values(config)
    run = parse_files(files, display_root, looks, config.tzinfo, config.language, config.cache_dir, workers, progress, markup)
    for found in files:
        page, page_problems = run.results[f"{display_root}/{found.rel}"]
        problems.extend(page_problems)
        if page is None:
            continue
        if found.stem == "_index":
            # Section front pages (Hugo, Zola): the top one introduces the home page.
            if found.rel == "_index.md":
                settings, settings_problems = parse_section_settings(page)
                problems.extend(settings_problems)
                home = HomeIntro(
                    page.title, page.description, page.body_html, settings=settings, source_path=page.source_path, links=page.links
                )
            else:
                intros.append(page)
            continue
        pages.append(page)
    return pages, home, intros


def _copies(theme_static: list[Path], static_files: list[FoundFile], assets: AssetIndex) -> list[Output]:
    """Theme static files, then the site's static files (which override them), then page assets."""
    copies: list[Output] = []
    for folder in theme_static:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            copies.append(Output(path.relative_to(folder).as_posix(), source=path))
    copies += [Output(found.rel, source=found.full) for found in static_files]
    copies += [Output(output_file_for(url_path), source=path) for url_path, path in assets.copies()]
    return copies


def _dedupe(outputs: list[Output]) -> list[Output]:
    """Later outputs win: generated pages over static files, site files over theme files."""
    by_dest: dict[str, Output] = {}
    for output in outputs:
        by_dest[output.dest] = output
    return list(by_dest.values())
