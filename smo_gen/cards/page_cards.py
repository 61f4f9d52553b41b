"""Each page's social card: planned from the page (pure), drawn by `smo_gen.cards`, served
under /cards/ with a content-hashed name.

A page with a front-matter image gets a card cropped from it; a page without one gets a card
drawn from its title and description. The list pages (home, sections, tags, the tag index,
audiences) and the 404 page use the site's `social.default_image` when one is set, and a drawn
card otherwise (the 404 page the home page's), so every page that can be shared has a picture.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smo_gen.config.site_config import SiteConfig
from smo_gen.content.campaigns import AUDIENCES_PATH
from smo_gen.content.page import Page
from smo_gen.errors import Problem
from smo_gen.render.outputs import NOT_FOUND_PATH
from smo_gen.render.social_meta import describe_page
from smo_gen.render.themes import Theme
from smo_gen.reporter import Progress, no_progress
from smo_gen.schema import make_toml_line_finder
from smo_gen.site.model import Site, SocialImage
from smo_gen.urls import absolute_url

if TYPE_CHECKING:  # the drawing code (Pillow, fonts) is imported only when cards are switched on
    from smo_gen.cards import CardPlan, CardSettings, CardSource

CARDS_PATH = "/cards/"
PINTEREST_SHAPE = "2:3"  # Pinterest's own advice: 1000x1500 pins


@dataclass(frozen=True)
class CardStage:
    """The cards a build needs, keyed by the site path of the page that shares them."""

    settings: CardSettings | None  # None: cards are switched off
    plans: Mapping[str, CardPlan]
    alts: Mapping[str, str]
    shaped: Mapping[str, Mapping[str, CardPlan]] = field(default_factory=dict)  # site path -> shape -> plan

    def all_plans(self) -> list[CardPlan]:
        """Every card to draw: each page's Open Graph card and its other shapes."""
        return [*self.plans.values(), *(plan for shapes in self.shaped.values() for plan in shapes.values())]


def card_settings(config: SiteConfig, theme: Theme) -> tuple[CardSettings | None, list[Problem]]:
    """The merged card settings, or None when `[cards] enabled = false`."""
    table: dict[str, Any] = dict(config.sections.get("cards", {}))
    enabled = table.pop("enabled", True)
    if not isinstance(enabled, bool):
        return None, [Problem(f"expected true or false, got {enabled!r}", path="site.toml", key="cards.enabled")]
    if not enabled:
        return None, []
    from smo_gen.cards import parse_card_settings

    layout = theme.find_file("card.toml")
    theme_dir = layout.parent if layout else theme.dirs[-1]
    brand, problems = _brand_card_values(config, theme)
    settings, card_problems = parse_card_settings(table, theme_dir, config.site_dir, brand=brand)
    return settings, problems + card_problems


def _brand_card_values(config: SiteConfig, theme: Theme) -> tuple[dict[str, Any], list[Problem]]:
    """The card values of `[brand]`: its logo checked as an image, its font found (beside
    site.toml, under static/, else in the theme) and checked as a font."""
    from smo_gen.cards.fonts import load_font_info
    from smo_gen.cards.settings import brand_values
    from smo_gen.cards.source_images import UnusableImage, check_image

    brand, problems = config.brand, []
    line_of = make_toml_line_finder(config.text)
    logo = brand.logo
    if logo is not None:
        try:
            check_image(logo)
        except UnusableImage as error:
            problems.append(
                Problem(str(error), path="site.toml", line=line_of("brand.logo"), key="brand.logo", hint=error.hint)
            )
            logo = None
    font = brand.font or (theme.find_file(brand.font_name) if brand.font_name else None)
    if brand.font_name and font is None:
        hint = "a .ttf or .otf file beside site.toml, under static/, or in the theme (e.g. fonts/DejaVuSans-Bold.ttf)"
        problems.append(
            Problem(
                f"font not found: {brand.font_name}",
                path="site.toml",
                line=brand.font_line,
                key="brand.font",
                hint=hint,
            )
        )
    elif font is not None:
        try:
            load_font_info(font)
        except OSError as error:
            message = f"cannot use font {brand.font_name}: {error}"
            problems.append(
                Problem(
                    message, path="site.toml", line=brand.font_line, key="brand.font", hint="use a .ttf or .otf file"
                )
            )
            font = None
    return brand_values(brand.accent, brand.background, logo, font), problems


CARD_NAME_BYTES = 160  # leaves room for the digest and extension added to it, and a temporary name


def card_name(url_path: str) -> str:
    """A file-name stem for the card of the page at `url_path`: '/a/b/' -> 'a-b', '/' -> 'home'."""
    stem = url_path.strip("/").replace("/", "-").replace(".", "-")
    if len(os.fsencode(stem)) > CARD_NAME_BYTES:
        # Folders joined can outgrow a file name (and a digest and extension are added to it):
        # keep the start, readable, and a digest of the whole so names stay apart.
        digest = hashlib.sha256(stem.encode()).hexdigest()[:12]
        stem = os.fsencode(stem)[: CARD_NAME_BYTES - 13].decode("utf-8", "ignore") + "-" + digest
    return stem or "home"


def plan_page_cards(
    site: Site, settings: CardSettings | None, digest: Callable[[Path], str]
) -> tuple[CardStage, list[Problem]]:
    """Plan a card for every page (and list page without a default image); draw nothing yet.

    A page whose image is a remote URL keeps that image: there is no file here to crop.
    `digest(path)` digests the photos and fonts cards are drawn from (the build's remembers
    them between builds: see build/caches/file_keyed.py).
    """
    if settings is None:
        return CardStage(None, {}, {}), []
    from smo_gen.cards import CardPlanner, CardSource

    problems: list[Problem] = []
    plans: dict[str, CardPlan] = {}
    alts: dict[str, str] = {}
    name = site.config.title
    sources: list[tuple[str, CardSource, str]] = []
    for page in site.all_pages:
        original = site.photos.get(page.url_path)
        if original is not None and original.file_path is None:
            continue
        photo = Path(original.file_path) if original and original.file_path else None
        source = CardSource(
            page_path=page.source_path,
            name=card_name(page.url_path),
            title=page.title,
            subtitle=describe_page(page, site),
            site_name=name,
            image_path=photo,
            image_line=page.line_of("image"),
            focal_point=page.focal_point,
            overrides=page.card,
            image_size=(original.width, original.height) if original and original.width and original.height else None,
        )
        alt = (page.image_alt or page.title) if photo else f"{page.title} — {name}"
        sources.append((page.url_path, source, alt))
    pages = len(sources)
    if site.default_image is None:
        sources += _list_page_sources(site)
    planner = CardPlanner(settings, digest)
    shaped: dict[str, dict[str, CardPlan]] = {}
    pinterest = PINTEREST_SHAPE if "pinterest" in site.share.networks else None
    for number, (url_path, source, alt) in enumerate(sources):
        plan, plan_problems = planner.plan(source)
        problems += plan_problems
        if plan is None:
            continue
        plans[url_path] = plan
        alts[url_path] = alt
        # Pinterest's card only for the pages that have share links; the list pages have none.
        wanted = [*settings.shapes, *([pinterest] if pinterest and number < pages else [])]
        for shape in dict.fromkeys(wanted):
            shape_plan, _ = planner.plan(source, shape)  # its problems are the Open Graph card's
            if shape_plan is not None:
                shaped.setdefault(url_path, {})[shape] = shape_plan
    return CardStage(settings, plans, alts, shaped), problems


def _list_page_sources(site: Site) -> list[tuple[str, CardSource, str]]:
    from smo_gen.cards import CardSource

    name = site.config.title
    home_title = site.home.title or name
    home_text = site.home.description or site.config.description
    # The alt text says what the card shows, its title and text: the title alone would only repeat og:title.
    home_alt = f"{home_title} — {home_text}" if home_text else home_title
    sources = [("/", CardSource("home page", "home", home_title, home_text, name), home_alt)]
    for section in site.sections:
        if section.url_path not in site.photos:  # a section with an image of its own shares that
            title = section.title
            source = _list_source(
                site, f"section page {section.intro.source_path}", section.url_path, title, section.pages
            )
            sources.append((section.url_path, source, f"{title} — {name}"))
    for kind, terms in site.taxonomies:
        for tag in (term for term in terms if term.url_path not in site.own_lists):
            source = _list_source(site, f"{kind.singular} '{tag.name}'", tag.url_path, tag.name, tag.pages)
            sources.append((tag.url_path, source, f"{tag.name} — {name}"))
        if kind.url_path not in site.own_lists:
            count = len(terms)
            subtitle = f"{count} {kind.singular if count == 1 else kind.key} on {name}"
            index = CardSource(f"the {kind.singular} index", kind.key, kind.title, subtitle, name)
            sources.append((kind.url_path, index, f"{kind.title} — {name}"))
    for audience in site.audiences.values():
        members = site.audience_pages(audience.name)
        if members:  # only an audience with pages has a page of its own
            url_path = f"{AUDIENCES_PATH}{audience.name}/"
            source = _list_source(site, f"audience '{audience.name}'", url_path, audience.label, members)
            sources.append((url_path, source, f"{audience.label} — {name}"))
    # The 404 page shares what the home page shares: a link to a missing page still shows the site.
    sources.append((NOT_FOUND_PATH, sources[0][1], home_title))
    return sources


def _list_source(site: Site, what: str, url_path: str, title: str, pages: Sequence[Page]) -> CardSource:
    """The card of a list page (a tag's, a section's): its title and how many pages it lists."""
    from smo_gen.cards import CardSource

    count = len(pages)
    subtitle = f"{count} page{'s' if count != 1 else ''} on {site.config.title}"
    return CardSource(what, card_name(url_path), title, subtitle, site.config.title)


def draw_stage(
    stage: CardStage, cache_dir: Path, workers: int | None = None, progress: Progress = no_progress
) -> tuple[dict[str, Path], int, int, list[Problem]]:
    """Draw what the cache lacks on `workers` processes (None: one a core); return card file
    name -> cached file, drawn, reused, problems."""
    if stage.settings is None:
        return {}, 0, 0, []
    from smo_gen.cards import draw_cards

    run = draw_cards(stage.all_plans(), stage.settings, cache_dir, workers, progress)
    return run.files, run.drawn, run.reused, run.problems


def card_images(config: SiteConfig, stage: CardStage, byte_sizes: Mapping[str, int]) -> dict[str, SocialImage]:
    """The share image of every page that has a card, with the card's real size and type
    (`byte_sizes`: card file name -> bytes of the file drawn, which feeds declare)."""
    return {
        url_path: _social_image(config, plan, stage.alts[url_path], byte_sizes)
        for url_path, plan in stage.plans.items()
    }


def shaped_card_images(
    config: SiteConfig, stage: CardStage, byte_sizes: Mapping[str, int]
) -> dict[str, dict[str, SocialImage]]:
    """The cards of other shapes of every page that has them, by shape."""
    return {
        url_path: {
            shape: _social_image(config, plan, stage.alts[url_path], byte_sizes) for shape, plan in shapes.items()
        }
        for url_path, shapes in stage.shaped.items()
    }


def _social_image(config: SiteConfig, plan: CardPlan, alt: str, byte_sizes: Mapping[str, int]) -> SocialImage:
    url = absolute_url(config.base_url, CARDS_PATH + plan.filename)
    return SocialImage(url, plan.width, plan.height, plan.mime, alt, byte_sizes.get(plan.filename))


def card_outputs(files: Mapping[str, Path]) -> list[tuple[str, Path]]:
    return [(CARDS_PATH.lstrip("/") + name, path) for name, path in sorted(files.items())]
