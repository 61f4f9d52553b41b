"""The build pipeline, from site.toml and content/ to a written site, one stage after another.

    read_sources -> parse_content -> publish_pages, parse_site_settings -> assemble_site (Site)
    -> draw_cards -> render_site (html, meta, feeds, sitemap, manifest; the share rules on each
    page as it is rendered) -> check_site_links -> write_site

Each stage takes the run (`PipelineRun`: the request, site.toml, the reporter, the problems
found so far) and the values the stages before it returned. Reading happens first and writing
last; everything between takes plain values. `command` decides whether this needs to run at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from smo_gen.build.caches.data import keeps_cache_reads
from smo_gen.build.caches.durations import MeasuredDurations
from smo_gen.build.caches.feed_entries import EntryIndexes
from smo_gen.build.caches.feed_pictures import make_feed_pictures
from smo_gen.build.caches.file_keyed import FileDigests
from smo_gen.build.caches.images import FACTS_FILE, MeasuredImages
from smo_gen.build.caches.link_verdicts import KeptLinkVerdicts
from smo_gen.build.caches.templates import template_bytecode
from smo_gen.build.caches.trusted_looks import NO_LOOKS, FileLooks
from smo_gen.build.copies_ahead import CopyRequest
from smo_gen.build.early_writes import EarlyWrites
from smo_gen.build.incremental import render_outputs
from smo_gen.build.output_keys import environment_digest
from smo_gen.build.output_state import OutputState
from smo_gen.build.parsing import BesideParsing, PageParsing, parse_files
from smo_gen.build.read_ahead import CARD_SOURCES_FILE
from smo_gen.build.render_workers import RenderOptions
from smo_gen.build.request import BuildRequest
from smo_gen.build.site_paths import generated_paths, known_site_paths
from smo_gen.build.spare import spare_dir
from smo_gen.build.template_dependencies import TemplateMentions, scan_templates
from smo_gen.build.write_options import WriteOptions
from smo_gen.build.writer import write_site
from smo_gen.cards.page_cards import (
    card_images,
    card_outputs,
    card_settings,
    draw_stage,
    plan_page_cards,
    shaped_card_images,
)
from smo_gen.check.build_share import ShareRules
from smo_gen.check.link_reuse import check_reusing, targets_digest
from smo_gen.check.links import parse_link_check_settings
from smo_gen.check.site_links import link_targets
from smo_gen.config.site_config import SiteConfig, display_path
from smo_gen.config.site_import import unimported_url_settings
from smo_gen.config.websub_settings import WebSubSettings, parse_websub_settings
from smo_gen.content.campaigns import (
    Audience,
    CampaignSettings,
    find_broken_ctas,
    make_all_variants,
    parse_campaign_settings,
)
from smo_gen.content.discovery import ContentFiles, FoundFile, find_content, find_static
from smo_gen.content.internal_links import resolve_internal_links
from smo_gen.content.page import Page
from smo_gen.content.permalinks import apply_permalinks, slugify_file_names, with_jekyll_default
from smo_gen.content.template_values import make_site_values
from smo_gen.errors import Problem, ProblemList
from smo_gen.file_looks import FileLook
from smo_gen.render.feed_pictures import picture_sources
from smo_gen.render.outputs import Output, SiteRenderer, WrittenAhead, reserved_paths
from smo_gen.render.page_links import make_path_function
from smo_gen.render.templating import make_environment
from smo_gen.render.themes import Theme, load_theme
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
    collect_sections,
    collect_tags,
    find_own_lists,
    find_url_clashes,
    give_way_to_generated,
    next_publication_change,
    select_published,
    why_unpublished,
)
from smo_gen.site.page_assets import AssetIndex, KeptShareImages, ShareImageFiles, resolve_social_images
from smo_gen.site.page_media import resolve_media
from smo_gen.site.podcasts import resolve_podcasts
from smo_gen.site.sections import (
    SectionSettings,
    apply_page_templates,
    parse_section_settings,
    section_folder,
)
from smo_gen.urls import output_file_for

if TYPE_CHECKING:  # the card code (Pillow, fontTools) is imported only when cards are switched on
    from smo_gen.cards.settings import CardSettings


@dataclass(frozen=True)
class BuiltSite:
    """What a finished build tells the stamp that may let the next one be skipped."""

    summary: BuildSummary
    warnings: list[Problem]
    expires: dt.datetime | None  # when the same inputs would build differently (see build_stamp)
    extra_files: set[Path]  # files read from outside the site's folders (card fonts, ...)
    outputs: dict[str, FileLook] | None  # the output folder's look after writing, if the writer took it


@dataclass(frozen=True)
class PipelineRun:
    """One run of the pipeline: what every stage reads, and where each reports."""

    request: BuildRequest
    config: SiteConfig
    options: BuildOptions  # which pages are published, and the moment the build treats as now
    reporter: Reporter
    problems: ProblemList
    # The build stamp's trusted looks at the input files: files that look as they did last
    # build are not read again.
    looks: FileLooks = NO_LOOKS

    @classmethod
    def make(
        cls,
        request: BuildRequest,
        config: SiteConfig,
        now: dt.datetime,
        reporter: Reporter,
        problems: ProblemList,
        looks: FileLooks = NO_LOOKS,
    ) -> PipelineRun:
        """The run of `request` at the moment `now`."""
        options = BuildOptions(now=now, drafts=request.drafts, future=request.future, expired=request.expired)
        return cls(request, config, options, reporter, problems, looks)

    def progress(self, stage: str) -> Progress:
        """What hears how far `stage` has come."""
        return functools.partial(self.reporter.progress, stage)


@dataclass(frozen=True)
class Sources:
    """What the read stage found: the theme, and the site's content and static files."""

    theme: Theme
    content: ContentFiles
    static_files: list[FoundFile]


@dataclass(frozen=True)
class ParsedContent:
    """The parse stage's pages: every page, what `content/_index.md` says of the home page, and
    the `_index.md` pages of the folders below (sections)."""

    pages: list[Page]
    home: HomeIntro
    intros: list[Page]


@dataclass(frozen=True)
class PublishedContent:
    """The pages this build publishes, with their URLs and templates settled."""

    pages: list[Page]  # every page, published or not
    published: list[Page]
    home: HomeIntro
    section_intros: list[tuple[Page, SectionSettings]]  # the published `_index.md` pages below the top
    root_folder: str  # where content lives, as shown ("content/")


@dataclass(frozen=True)
class SiteSettings:
    """The tables of site.toml the site model and the checks read, parsed."""

    campaigns: CampaignSettings
    websub: WebSubSettings
    link_skip_prefixes: tuple[str, ...]


@dataclass(frozen=True)
class SiteLists:
    """The lists a build makes of its published pages, and the paths they take."""

    tags: tuple[Tag, ...]
    categories: tuple[Tag, ...]
    own_lists: frozenset[str]
    own_list_problems: list[Problem]
    sections: tuple[Section, ...]
    home_pages: tuple[Page, ...]
    reserved: dict[str, str]


@dataclass(frozen=True)
class AssembledSite:
    """The site model, with what the later stages need beside it."""

    site: Site
    assets: AssetIndex
    card_settings: CardSettings | None


@dataclass(frozen=True)
class DrawnCards:
    """The cards stage's result: the card files, how many were drawn and reused, and what they read."""

    files: dict[str, Path]
    drawn: int
    reused: int
    extra_files: set[Path]  # files read from outside the site's folders (card fonts, ...)
    feed_pictures: list[tuple[str, Path]]  # dest -> drawn file (the feeds' icon and logo)


@dataclass(frozen=True)
class RenderedSite:
    """The render stage's result: every output, and how many were rendered afresh."""

    outputs: list[Output]
    rendered: int
    template_mentions: TemplateMentions


def run_pipeline(run: PipelineRun, output_look: Callable[[], dict[str, FileLook]] | None = None) -> BuiltSite:
    """Read, parse, model, render and write the site; raise BuildError listing every problem.

    `output_look()` gives the output folder's look before this build writes (see `OutputState`).
    """
    started = time.perf_counter()
    config = run.config
    early = EarlyWrites(config.output_dir)  # large feeds copied on another core while the rest renders
    early.open_staging(spare_dir(config.output_dir, config.cache_dir))  # the next tree linked meanwhile (see there)
    try:
        sources = read_sources(run)
        measured = MeasuredImages(config.cache_dir / FACTS_FILE, run.looks)
        parsed = parse_content(run, sources, measured)
        published = publish_pages(run, parsed)
        settings = parse_site_settings(run)
        assembled = assemble_site(run, sources, published, settings, measured)
        del measured  # saved: not held through rendering (every image's facts: 5 MB of a one-edit build, 10,000 pages)
        assembled, cards = draw_cards(run, assembled)
        site = assembled.site

        run.reporter.stage("render")
        state = OutputState(config.output_dir, config.cache_dir, output_look, config.base_url)
        early.take_state(state)
        rendered = render_site(run, sources, assembled, cards, state, early)
        check_site_links(run, site, rendered.outputs, published.pages, settings.link_skip_prefixes)
        run.reporter.stage("write")
        write_options = WriteOptions(state, run.looks, early, run.progress("writing"), link=_links_copies(run))
        stats = write_site(rendered.outputs, config.output_dir, config.cache_dir, write_options)
    finally:
        early.discard()  # a failed build leaves no temporary file behind
    summary = BuildSummary(
        pages=len(site.pages),
        outputs=len(rendered.outputs),
        written=stats.written,
        unchanged=stats.unchanged,
        removed=stats.removed,
        feeds=sum(1 for o in rendered.outputs if o.dest.rsplit("/", 1)[-1] in config.feeds.files.values()),
        rendered=rendered.rendered,
        cards_drawn=cards.drawn,
        cards_reused=cards.reused,
        seconds=time.perf_counter() - started,
    )
    run.reporter.finished(summary)
    depends_on_now = rendered.template_mentions.now or not any(
        page.modified for page in site.pages
    )  # feeds fall back to now
    options = run.options
    return BuiltSite(
        summary=summary,
        warnings=run.problems.warnings,
        expires=options.now if depends_on_now else next_publication_change(published.pages, options),
        extra_files=cards.extra_files,
        outputs=stats.look,
    )


def read_sources(run: PipelineRun) -> Sources:
    """The read stage: the theme, and the files under content/ and static/."""
    config, problems = run.config, run.problems
    run.reporter.stage("read")
    theme = load_theme(config)
    content = find_content(config.content_dir, display_path(config.content_dir, config.site_dir), config.content_skip())
    problems.extend(content.problems)
    static_files, static_problems = find_static(config.static_dir, display_path(config.static_dir, config.site_dir))
    problems.extend(static_problems)
    return Sources(theme, content, static_files)


def parse_content(run: PipelineRun, sources: Sources, measured: MeasuredImages) -> ParsedContent:
    """The parse stage: every content file parsed into a page (in worker processes when there
    are many, which measure the pages' share images for `measured` as they go)."""
    config, problems = run.config, run.problems
    run.reporter.stage("parse")
    pages: list[Page] = []
    intros: list[Page] = []
    home = HomeIntro()
    display_root = display_path(config.content_dir, config.site_dir)
    parsing = PageParsing(display_root, config.tzinfo, config.language, make_site_values(config))
    files = sources.content.markdown

    def measure_beside() -> BesideParsing:  # made only when the pages are parsed on workers
        return measured.beside_parsing(ShareImageFiles.make(config, sources.content.assets, sources.static_files))

    parse_run = parse_files(
        files, parsing, run.looks, config.cache_dir, run.request.workers, run.progress("parsing"), measure_beside
    )
    measured.take_ahead(parse_run.beside)
    for found in files:
        page, page_problems = parse_run.results[f"{display_root}/{found.rel}"]
        problems.extend(page_problems)
        if page is None:
            continue
        if found.stem == "_index":
            # Section front pages (Hugo, Zola): the top one introduces the home page.
            if found.rel == "_index.md":
                settings, settings_problems = parse_section_settings(page)
                problems.extend(settings_problems)
                home = HomeIntro(
                    page.title,
                    page.description,
                    page.body_html,
                    settings=settings,
                    source_path=page.source_path,
                    links=page.links,
                )
            else:
                intros.append(page)
            continue
        pages.append(page)
    return ParsedContent(pages, home, intros)


def publish_pages(run: PipelineRun, parsed: ParsedContent) -> PublishedContent:
    """Settle each page's URL, select the published ones, resolve their internal links, and
    give each the template of its section."""
    config, problems, options = run.config, run.problems, run.options
    pages = parsed.pages
    if config.slugify_paths == "on":
        pages = slugify_file_names(pages)
    if hint := unimported_url_settings(config.site_dir, config.permalinks):
        problems.add(hint)
    pages, permalink_problems = apply_permalinks(pages, with_jekyll_default(config.permalinks))
    problems.extend(permalink_problems)
    # Sections' intros link and are linked to by source file as pages are (`@/blog/_index.md`).
    published = select_published(pages, options)
    linked, link_problems = resolve_internal_links(
        [*published, *select_published(parsed.intros, options)],
        _content_root(config),
        make_path_function(config.base_url),
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
    published = apply_page_templates({root_folder: parsed.home.settings.page_template, **page_templates}, published)
    return PublishedContent(pages, published, parsed.home, section_intros, root_folder)


def parse_site_settings(run: PipelineRun) -> SiteSettings:
    """The campaign, WebSub and link-check tables of site.toml."""
    config, problems = run.config, run.problems
    campaigns, campaign_problems = parse_campaign_settings(config)
    problems.extend(campaign_problems)
    websub, websub_problems = parse_websub_settings(
        config.sections.get("websub", {}), make_toml_line_finder(config.text)
    )
    problems.extend(websub_problems)
    skip_prefixes, skip_problems = parse_link_check_settings(
        config.sections.get("link_check", {}), make_toml_line_finder(config.text)
    )
    problems.extend(skip_problems)
    return SiteSettings(campaigns, websub, skip_prefixes)


def collect_lists(config: SiteConfig, published: PublishedContent, audiences: Mapping[str, Audience]) -> SiteLists:
    """The tag, category and section lists of the published pages, and every path smo-gen generates."""
    tags = collect_tags(published.published)
    categories = collect_tags(published.published, CATEGORIES)
    taxonomies = [(TAGS, tags), *([(CATEGORIES, categories)] if categories else [])]
    # A site's own archive page at /tags/ or /tags/cars/ (Jekyll themes have them) takes the place of the generated one.
    own_lists, own_list_problems = find_own_lists(published.published, taxonomies)
    sections, home_pages = collect_sections(
        published.root_folder, published.home, published.section_intros, published.published
    )
    home_split = (len(home_pages), published.home.settings.paginate_by or config.paginate_by)
    reserved = generated_paths(config, taxonomies, audiences, sections, home_split, own_lists)
    return SiteLists(tags, categories, own_lists, own_list_problems, sections, home_pages, reserved)


def assemble_site(
    run: PipelineRun,
    sources: Sources,
    published: PublishedContent,
    settings: SiteSettings,
    measured: MeasuredImages,
) -> AssembledSite:
    """The site stage: variants, lists, images and media of the published pages, in one frozen
    `Site`; `measured` holds the images measured so far, and is saved here."""
    config, problems, workers = run.config, run.problems, run.request.workers
    variants, variant_problems = make_all_variants(published.published, settings.campaigns, config.base_url)
    problems.extend(variant_problems)
    lists = collect_lists(config, published, settings.campaigns.audiences)
    # Pages written for another generator where smo-gen writes a fixed page (Jekyll's home and 404
    # pages) give way; at any other generated path (a later list page) a page is a clash.
    kept, home, displaced = give_way_to_generated(
        published.published, reserved_paths(config.feeds.files.values()), published.home
    )
    problems.extend(displaced)
    if displaced:  # the lists show no page that is left out
        published = replace(published, published=kept, home=home)
        lists = collect_lists(config, published, settings.campaigns.audiences)
    pages = published.published
    problems.extend(lists.own_list_problems)
    intro_pages = [section.intro for section in lists.sections]
    problems.extend(find_url_clashes([*pages, *variants, *intro_pages], lists.reserved))

    assets = AssetIndex.make(config, sources.content.assets, sources.static_files, published.pages, pages)
    photos, default_image, image_problems = resolve_social_images(
        config, [*pages, *variants, *intro_pages], assets, measured, workers, _kept_share_images()
    )
    problems.extend(image_problems)
    durations = MeasuredDurations(config.cache_dir / "durations.json", run.looks)
    media, media_problems = resolve_media(config, [*pages, *variants], assets, durations)
    durations.save()
    problems.extend(media_problems)
    home_pages = pages if lists.home_pages is None else lists.home_pages
    podcasts, podcast_problems = resolve_podcasts(config, lists.sections, home_pages, media, assets, measured)
    measured.save()
    problems.extend(podcast_problems)
    card_settings_found, settings_problems = card_settings(config, sources.theme)
    problems.extend(settings_problems)
    problems.raise_if_errors()

    site = Site(
        config=config,
        now=run.options.now,
        pages=tuple(pages),
        tags=lists.tags,
        categories=lists.categories,
        own_lists=lists.own_lists,
        home_pages=lists.home_pages,
        photos=photos,
        default_image=default_image,
        home=published.home,
        sections=lists.sections,
        variants=tuple(variants),
        media=media,
        audiences=settings.campaigns.audiences,
        utm=settings.campaigns.utm,
        share=settings.campaigns.share,
        hubs=settings.websub.hubs,
        syndication=load_posts(config.site_dir, problems),
        responses=load_page_responses(config.site_dir),
        podcasts=podcasts,
    )
    problems.extend(find_broken_ctas(site.all_pages, known_site_paths(site, sources.static_files, assets)))
    return AssembledSite(site, assets, card_settings_found)


_KEPT_SHARE_IMAGES = KeptShareImages()


def _kept_share_images() -> KeptShareImages | None:
    """The share images kept from the last build, where this process keeps what it read: a build
    server, and the build that may leave one behind (see caches.data.keep_cache_reads)."""
    return _KEPT_SHARE_IMAGES if keeps_cache_reads() else None


def draw_cards(run: PipelineRun, assembled: AssembledSite) -> tuple[AssembledSite, DrawnCards]:
    """The cards stage: a share card for each page that needs one, drawn or reused; the site
    with the cards as its pages' images."""
    config, problems = run.config, run.problems
    run.reporter.stage("cards")
    card_sources = FileDigests(config.cache_dir / CARD_SOURCES_FILE, run.looks)
    stage, card_problems = plan_page_cards(assembled.site, assembled.card_settings, card_sources.digest)
    card_sources.save()
    problems.extend(card_problems)
    problems.raise_if_errors()
    files, drawn, reused, draw_problems = draw_stage(
        stage, config.cache_dir / "cards", run.request.workers, run.progress("drawing cards")
    )
    problems.extend(draw_problems)
    problems.raise_if_errors()
    sizes = {name: path.stat().st_size for name, path in files.items()}  # feeds declare each card's bytes
    artwork, pictures, picture_problems = make_feed_pictures(config, config.cache_dir)
    problems.extend(picture_problems)
    problems.raise_if_errors()
    site = replace(
        assembled.site,
        images=card_images(config, stage, sizes),
        shaped_images=shaped_card_images(config, stage, sizes),
        feed_artwork=artwork,
    )
    extra_files = set().union(*(plan.settings.files() for plan in stage.plans.values())) if stage.settings else set()
    extra_files |= set(picture_sources(config).values())  # a feed icon beside site.toml is no content file
    return replace(assembled, site=site), DrawnCards(files, drawn, reused, extra_files, pictures)


def render_site(
    run: PipelineRun,
    sources: Sources,
    assembled: AssembledSite,
    cards: DrawnCards,
    state: OutputState,
    early: EarlyWrites,
) -> RenderedSite:
    """The render stage: the files to copy, and every page, list, feed, sitemap and manifest,
    rendered where its file is not current (`state`); large ones are offered to `early`."""
    config, site = run.config, assembled.site
    entry_indexes = EntryIndexes(config.cache_dir, config.output_dir, state.written)
    renderer = SiteRenderer(site, make_environment(sources.theme, template_bytecode()), entry_indexes.previous)
    outputs = _copies(sources.theme.static_dirs, sources.static_files, assembled.assets)
    outputs += [Output(dest, source=path) for dest, path in [*card_outputs(cards.files), *cards.feed_pictures]]
    plans = list(renderer.plan())
    stage = early.stage_new()  # a new output folder: outputs go straight into the tree staged for it
    copies = early.copy_ahead(CopyRequest(outputs, {plan.dest for plan in plans}, run.looks, _links_copies(run)))
    mentions = scan_templates(sources.theme)
    environment = environment_digest(site, mentions)
    # The share rules of `smo-gen check`, run on each page as it is rendered (see check/build_share.py).
    files = {output.dest: output.source for output in outputs if output.source is not None}
    share_rules = ShareRules(site, files, display_path(config.output_dir, config.site_dir))
    render_options = RenderOptions(
        run.request.workers, run.progress("rendering"), early.offer, share_rules.problems, stage, copies.start
    )
    rendered, rendered_count = render_outputs(plans, renderer, state, environment, render_options)
    entry_indexes.save(_with_indexes(rendered))
    outputs = copies.outputs() + rendered
    run.problems.extend(renderer.problems)
    return RenderedSite(_dedupe(outputs), rendered_count, mentions)


def check_site_links(
    run: PipelineRun, site: Site, outputs: list[Output], pages: list[Page], skip_prefixes: tuple[str, ...]
) -> None:
    """Check every link of the site against what it will hold (`pages` left out say why they
    are missing); raise BuildError when anything is wrong, else report the warnings."""
    config, problems = run.config, run.problems
    left_out = {page.url_path: reason for page in pages if (reason := why_unpublished(page, run.options)) is not None}
    content_root = _content_root(config)
    targets = link_targets(site, outputs, config.output_dir, content_root, left_out, skip_prefixes)
    # The pages that did not change keep their verdicts of the last build (see check/link_reuse.py).
    kept = KeptLinkVerdicts(config.cache_dir, config.output_dir)
    digest = targets_digest([output.dest for output in outputs], targets, content_root)
    found, verdicts = check_reusing(site, content_root, targets, digest, kept.previous)
    problems.extend(found)
    with contextlib.suppress(OSError):  # without it, the next build checks every link again
        kept.save(verdicts)
    problems.raise_if_errors(strict=run.request.is_strict(config))
    for problem in problems.warnings:
        run.reporter.problem(problem)


def _links_copies(run: PipelineRun) -> bool:
    """Whether copies are hard links to their sources (see `output_files.place_copy`)."""
    return run.request.link_copies or run.config.hard_link_static


def _content_root(config: SiteConfig) -> PurePosixPath:
    """The content folder as pages' source paths show it ("content")."""
    return PurePosixPath(display_path(config.content_dir, config.site_dir))


def load_posts(site_dir: Path, problems: ProblemList) -> dict[str, tuple[tuple[str, str], ...]]:
    """Where each page was shared, from the syndication ledger, for "also on" links.

    Never an error: whatever is wrong with the ledger is a warning, and the pages go without links.
    """
    if not os.path.lexists(site_dir / "syndication.json"):
        return {}  # no ledger: no need to load the syndication code at all
    from smo_gen.site.syndication_links import load_syndication_links

    links, warnings = load_syndication_links(site_dir)
    problems.extend(warnings)
    return {page: tuple(found) for page, found in links.items()}


def load_page_responses(site_dir: Path) -> dict[str, Any]:
    """Replies and reactions brought back by `smo-gen feedback`, sanitised, by page."""
    if not (site_dir / "feedback.json").exists():
        return {}
    from smo_gen.site.responses import load_responses

    return dict(load_responses(site_dir))


def _copies(theme_static: list[Path], static_files: list[FoundFile], assets: AssetIndex) -> list[Output]:
    """Theme static files, then the site's static files (which override them), then page assets."""
    copies: list[Output] = []
    for folder in theme_static:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            copies.append(Output(path.relative_to(folder).as_posix(), source=path))
    copies += [Output(found.rel, source=found.full) for found in static_files]
    copies += [Output(output_file_for(url_path), source=path) for url_path, path in assets.copies()]
    return copies


def _with_indexes(outputs: list[Output]) -> Iterator[Output]:
    """`outputs`, with each assembled document written ahead as its index (see `EntryIndexes.save`)."""
    for output in outputs:
        if isinstance(output.data, WrittenAhead):
            if output.data.index is not None:
                yield replace(output, data=output.data.index)
        else:
            yield output


def _dedupe(outputs: list[Output]) -> list[Output]:
    """Later outputs win: generated pages over static files, site files over theme files."""
    by_dest: dict[str, Output] = {}
    for output in outputs:
        by_dest[output.dest] = output
    return list(by_dest.values())
