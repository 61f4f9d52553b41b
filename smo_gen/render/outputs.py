"""Rendering the site model into output files, each planned with the inputs that decide it.

`SiteRenderer.plan()` lists every output the site needs, with the values its bytes depend
on and a function that renders it. The build hashes the inputs into a key and renders only
outputs whose key changed since the last build (see build/incremental.py); nothing here writes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from smo_gen.config.site_config import FeedConfig
from smo_gen.content.campaigns import AUDIENCES_PATH, Audience, lists_variants
from smo_gen.content.page import Page
from smo_gen.content.placements import check_placements
from smo_gen.digest import joined_exactly
from smo_gen.errors import Problem
from smo_gen.render.brand_style import make_local_url_function, render_brand_css
from smo_gen.render.document_parts import Assembled, PreviousDocument
from smo_gen.render.feeds import (
    FEED_FILES,
    ContentCache,
    FeedLink,
    FeedScope,
    audience_scope,
    feed_file,
    feed_links,
    render_feed,
    section_scope,
    site_scope,
    tag_scope,
)
from smo_gen.render.link_manifest import make_link_manifest
from smo_gen.render.link_outputs import plan_link_outputs
from smo_gen.render.manifest import MANIFEST_FILE, render_manifest
from smo_gen.render.page_links import make_path_function, page_cta_links, page_share_links
from smo_gen.render.short_links import make_link_table, parse_short_link_settings
from smo_gen.render.sitemap import render_robots, render_sitemap, sitemap_inputs
from smo_gen.render.social_meta import PLAYER_PATH, PageMeta, make_list_meta, make_page_meta, player_for
from smo_gen.render.templating import template_problem
from smo_gen.site.model import (
    CATEGORIES,
    TAGS,
    TAGS_PATH,
    Section,
    Site,
    Tag,
    TaxonomyKind,
    image_identity,
    unpublished_status,
)
from smo_gen.site.pagination import Pager, first_page_alias, paginate
from smo_gen.urls import output_file_for, slugify


@dataclass(frozen=True)
class WrittenAhead:
    """An output's bytes, written already by the process that rendered them, straight into the
    tree the build is staging (see build/render_workers.py): what the build needs of them."""

    path: str  # the file written, in the staged tree
    size: int
    fingerprint: str  # as the output record knows the bytes ("sha256:...", or the assembled document's)
    mtime_ns: int  # the file's modification time once written
    index: Assembled | None = None  # an assembled document's entries (its parts left out), for the next build


@dataclass(frozen=True)
class Output:
    """One file of the built site: rendered bytes, a file to copy, or one kept as it is."""

    dest: str  # relative to the output folder, with '/' separators
    data: bytes | Assembled | WrittenAhead | None = None
    source: str | Path | None = None  # text as the walk found it: a Path of each of 10,000 files showed
    key: str | None = None  # digest of what decided the bytes; equal key, equal bytes
    reads_site: bool = False  # the template looked at the whole site model


@dataclass(frozen=True)
class Planned:
    """An output not rendered yet: its inputs decide its bytes, `render` makes them."""

    dest: str
    # Or a function giving them, called when the output is keyed: a page's take a tenth of a
    # millisecond, which a first build spends while the workers render (see incremental).
    inputs: tuple[Any, ...] | Callable[[], tuple[Any, ...]]
    render: Callable[[], bytes | Assembled | None]
    template: str | None = None  # the template it starts from; its includes count too
    cost: int = 1  # rough render work, in pages shown in full, so the longest start first
    batch: str | None = None  # outputs sharing work (a scope's feeds) are rendered together


NOT_FOUND_PATH = "/404.html"


def reserved_paths(feed_files: Iterable[str] = FEED_FILES.values()) -> dict[str, str]:
    """Site paths that smo-gen itself writes, so no page may take them (`feed_files`: the site's feed names)."""
    reserved = {
        "/": "the home page",
        AUDIENCES_PATH: "the audience pages",
        "/cards/": "the social cards",
        NOT_FOUND_PATH: "the 404 page",
    }
    for name in ("sitemap.xml", "robots.txt", MANIFEST_FILE, *feed_files):
        reserved[f"/{name}"] = "a generated file"
    return reserved


class SiteAccess:
    """The site model as templates see it, noting whether a template looked at it at all.

    A template that reads `site` may depend on any page, so its output is rebuilt whenever
    anything on the site changes; the default theme's templates never need it.
    """

    def __init__(self, site: Site) -> None:
        self._site = site
        self.read = False

    def __getattr__(self, name: str) -> Any:
        self.read = True
        return getattr(self._site, name)


class SiteRenderer:
    """Renders every HTML page, feed and index of a site with one Jinja environment."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        previous: Callable[[str], PreviousDocument | None] = lambda dest: None,
    ) -> None:
        """`previous(dest)` is the document the last build wrote at `dest` with where its entries
        lie, as the build layer read it (see build/caches/feed_entries.py): feeds and the
        manifest take their unchanged entries from it, and say where theirs lie for the next."""
        self.site = site
        self.env = env
        self.previous = previous
        short_links, self.problems = parse_short_link_settings(site.config.sections, site.config.text)
        self.problems += check_placements(site.pages)
        self.links = make_link_table(site, short_links)  # every page's share and QR links, with their codes
        self.contents = ContentCache(site)
        # The site's feed scope sorts every page newest first: made once, for the links and the feeds.
        self.site_scope = site_scope(site)
        self.site_feeds = feed_links(site, self.site_scope)
        self.access = SiteAccess(site)
        self.rendered_meta: PageMeta | None = None  # the head's values of the page rendered last
        env.globals.update(site=self.access, config=site.config, path=make_path_function(site.config.base_url))
        env.globals["now"] = site.now
        # What the theme draws with: [brand] as CSS, and each listed page's card as its thumbnail.
        path = make_path_function(site.config.base_url)
        env.globals["brand_css"] = render_brand_css(site.config.brand, site.config.static_dir, path)
        env.globals["card_image"] = lambda item: site.image_for(item.url_path)
        env.globals["unpublished_of"] = lambda item: unpublished_status(site, item)  # marked in lists too
        env.filters["local_url"] = make_local_url_function(site.config.base_url)

    def plan(self) -> Iterator[Planned]:
        site = self.site
        for page in site.all_pages:
            render = functools.partial(self.render_page, page)
            inputs_of = functools.partial(self.page_inputs, page)
            yield Planned(output_file_for(page.url_path), inputs_of, render, self.template_for(page))
            if player_for(site, page) and not any(m.platform for m in site.media.get(page.url_path, ())):
                inputs: tuple[Any, ...] = (
                    "player",
                    page.url_path,
                    site.media[page.url_path],
                    site.image_for(page.url_path),
                )
                render = functools.partial(self.render_player, page)
                yield Planned(output_file_for(page.url_path + PLAYER_PATH), inputs, render, "player.html")
            for alias in page.aliases:
                inputs = ("alias", page.url_path, page.title)
                yield Planned(
                    output_file_for(alias), inputs, functools.partial(self.render_alias, page), "redirect.html"
                )
        listed_text = {id(page): _listed(page, site) for page in site.pages}  # a page is in several lists

        def listed(pages: Sequence[Page]) -> tuple[str, ...]:
            return tuple(listed_text.get(id(page)) or _listed(page, site) for page in pages)

        def list_page(pager: Pager, list_path: str) -> tuple[Any, ...]:
            """What one page of a list shows: its pages, where it stands, and the list's share images."""
            images = (site.image_for(list_path), site.shaped_images.get(list_path))
            return (listed(pager.pages), pager.number, pager.total, *images)

        listing = listed(site.pages)
        home_pagers = paginate("/", site.listed_on_home, *home_pagination(site))
        for pager in home_pagers:
            inputs = (
                "home",
                listed(pager.pages),
                pager.number,
                pager.total,
                site.home,
                site.image_for("/"),
                site.shaped_images.get("/"),
            )
            yield Planned(
                output_file_for(pager.url_path), inputs, functools.partial(self.render_home, pager), "home.html"
            )
        yield from self.plan_first_page_redirect(home_pagers, site.home.title or site.config.title)
        for taxonomy, terms in site.taxonomies:
            for tag in (term for term in terms if term.url_path not in site.own_lists):
                tag_pagers = paginate(tag.url_path, tag.pages, site.config.paginate_by)
                for pager in tag_pagers:
                    inputs = (taxonomy.key, tag.name, *list_page(pager, tag.url_path))
                    render = functools.partial(self.render_tag, tag, pager)
                    yield Planned(output_file_for(pager.url_path), inputs, render, "tag.html")
                yield from self.plan_first_page_redirect(tag_pagers, tag.name)
            if taxonomy.url_path not in site.own_lists:
                counts = tuple((tag.name, tag.slug, len(tag.pages)) for tag in terms)
                inputs = (
                    taxonomy.key,
                    counts,
                    site.image_for(taxonomy.url_path),
                    site.shaped_images.get(taxonomy.url_path),
                )
                render = functools.partial(self.render_tag_index, taxonomy, terms)
                yield Planned(output_file_for(taxonomy.url_path), inputs, render, "tags.html")
        for section in site.sections:
            section_pagers = paginate(section.url_path, section.pages, *section_pagination(site, section))
            for pager in section_pagers:
                inputs = ("section", section.intro, *list_page(pager, section.url_path))
                render = functools.partial(self.render_section, section, pager)
                yield Planned(output_file_for(pager.url_path), inputs, render, self.section_template(section))
            yield from self.plan_first_page_redirect(section_pagers, section.title)
            for alias in section.intro.aliases:  # an _index.md's 'aliases', as Hugo and Zola redirect them
                inputs = ("alias", section.url_path, section.intro.title)
                yield Planned(
                    output_file_for(alias), inputs, functools.partial(self.render_alias, section.intro), "redirect.html"
                )
        for audience in site.audiences.values():
            members = site.audience_pages(audience.name)
            if members:
                inputs = ("audience", audience, listed(members), site.image_for(_audience_path(audience)))
                render = functools.partial(self.render_audience, audience)
                yield Planned(output_file_for(_audience_path(audience)), inputs, render, "audience.html")
        yield Planned(
            "404.html",
            ("404", listing[:5], site.image_for(NOT_FOUND_PATH), site.shaped_images.get(NOT_FOUND_PATH)),
            self.render_not_found,
            "404.html",
        )
        for scope in self.feed_scopes():
            images = tuple(site.image_for(p.url_path) for p in scope.pages)
            media = tuple(site.media.get(p.url_path, ()) for p in scope.pages)
            # `updated` is the site's newest change when no page of the scope has a date of its own.
            podcast = site.podcasts.get(scope.url_path)
            shown = (
                scope.title,
                scope.description,
                scope.language,
                scope.pages,
                images,
                media,
                self.contents.updated(scope),
                site.feed_artwork,
                podcast,
            )
            for kind in site.config.feeds.formats:
                dest = feed_file(scope, kind, site.config.feeds.files)
                feed = functools.partial(self.render_feed, kind, scope, dest)
                cost = len(scope.pages) if site.config.feeds.full_content else len(scope.pages) // 4
                yield Planned(dest, ("feed", kind, shown), feed, cost=cost, batch=f"feeds {scope.url_path}")
        # Of the sections, the sitemap shows where they are and (by their pages) when they changed.
        sections = tuple(
            (section.url_path, tuple(page.url_path for page in section.pages)) for section in site.sections
        )
        everything = (
            "site",
            site.pages,
            site.variants,
            site.tags,
            site.categories,
            sections,
            dict(site.images),
            site.default_image,
            dict(site.media),
        )
        yield Planned("sitemap.xml", sitemap_inputs(site) or everything, functools.partial(render_sitemap, site))
        yield Planned("robots.txt", ("robots",), functools.partial(render_robots, site))
        for dest, inputs, render_link in plan_link_outputs(site, self.links):
            yield Planned(dest, inputs, render_link)
        yield Planned(MANIFEST_FILE, everything, self.render_manifest, cost=len(site.all_pages) // 10)

    def plan_first_page_redirect(self, pagers: Sequence[Pager], title: str) -> Iterator[Planned]:
        """`page/1/` of a list split into pages, sending readers to the list itself (as Zola and Hugo do)."""
        if len(pagers) < 2:
            return
        list_path = pagers[0].list_path
        render = functools.partial(self.render_redirect, list_path, title)
        yield Planned(
            output_file_for(first_page_alias(list_path)), ("alias", list_path, title), render, "redirect.html"
        )

    def feed_scopes(self) -> list[FeedScope]:
        site = self.site
        scopes = [self.site_scope]
        per_section = site.config.feeds.per_section
        scopes += [section_scope(site, section) for section in site.sections if section.has_feeds(per_section)]
        for taxonomy, terms in site.taxonomies:
            if has_term_feeds(site.config.feeds, taxonomy):
                scopes += [tag_scope(site, tag) for tag in terms]
        scopes += [audience_scope(site, a) for a in site.audiences.values() if site.audience_pages(a.name)]
        return scopes

    def page_inputs(self, page: Page) -> tuple[Any, ...]:
        site = self.site
        main = site.main_page(page)
        media = site.media.get(page.url_path, ())
        posts = site.syndication.get(page.url_path, ())
        responses = site.responses.get(page.url_path)
        photo = site.photos.get(page.url_path)
        status = unpublished_status(site, page)
        short = self.links.share_urls(site, page.url_path)
        section = site.section_of(page)  # its title is the page's article:section
        image, shaped, variants = (
            site.image_for(page.url_path),
            site.shaped_images.get(page.url_path),
            site.variants_of(main),
        )
        identities = _identities(page, main, *variants)
        if identities is not None:
            # The same values as below, as one text: each value a digest walks cost about a
            # microsecond of its own, and 10,000 pages' keys took ~0.18 s of a one-edit build.
            # Every part is exact: identities decide their whole object, repr writes plain values.
            shapes = {shape: found.stable_identity() for shape, found in shaped.items()} if shaped else None
            found = (
                image_identity(image),
                shapes,
                image_identity(photo),
                tuple(item.stable_identity() for item in media),
                posts,
                status,
                short,
                section.title if section else None,
            )
            return ("page", identities, repr(found), responses)
        shown = ("page", page, image, shaped, photo, variants, main)
        return (*shown, media, posts, responses, status, short, section.title if section else None)

    def render_feed(self, kind: str, scope: FeedScope, dest: str) -> Assembled:
        return render_feed(kind, self.site, scope, self.contents, self.previous(dest))

    def render_manifest(self) -> Assembled:
        return render_manifest(self.site, self.previous(MANIFEST_FILE), make_link_manifest(self.site, self.links))

    def render_page(self, page: Page) -> bytes | None:
        site = self.site
        main = site.main_page(page)
        audience = site.audiences.get(page.audience) if page.audience else None
        feeds: list[FeedLink] = self.site_feeds
        if audience is not None:
            feeds = feed_links(site, audience_scope(site, audience)) + self.site_feeds
        return self.render_template(
            self.template_for(page),
            page.source_path,
            page=page,
            meta=make_page_meta(page, site),
            feeds=feeds,
            shares=page_share_links(site, page, self.links.share_urls(site, page.url_path)),
            cta=page_cta_links(site, page),
            photo=site.photos.get(page.url_path),
            tag_links=[(name, f"{TAGS_PATH}{slugify(name)}/") for name in page.tags],
            category_links=[(name, f"{CATEGORIES.url_path}{slugify(name)}/") for name in page.categories],
            # The other audiences' versions are listed only when site.toml asks ([audiences] list_variants).
            variant_links=[(site.audiences[v.audience].label, v.url_path) for v in site.variants_of(main) if v.audience]
            if lists_variants(site.config)
            else [],
            media=site.media.get(page.url_path, ()),
            syndication=site.syndication.get(page.url_path, ()),
            responses=site.responses.get(page.url_path),
            audience=audience,
            main_page=main,
            unpublished=unpublished_status(site, page),
        )

    def render_player(self, page: Page) -> bytes | None:
        """The page X's player card frames: the page's own video and nothing else."""
        video = next(m for m in self.site.media[page.url_path] if m.kind == "video")
        poster = video.poster_url or (image.url if (image := self.site.image_for(page.url_path)) else None)
        return self.render_template("player.html", page.source_path, page=page, video=video, poster=poster)

    def render_alias(self, page: Page) -> bytes | None:
        return self.render_template("redirect.html", page.source_path, target=self.site.url(page.url_path), page=page)

    def render_redirect(self, url_path: str, title: str) -> bytes | None:
        """A redirect to a list page (its `page/1/`): redirect.html with what it shows of a page."""
        return self.render_template("redirect.html", url_path, target=self.site.url(url_path), page={"title": title})

    def render_home(self, pager: Pager) -> bytes | None:
        site = self.site
        meta = make_list_meta(
            site, url_path="/", title=site.home.title or None, description=site.home.description, pager=pager
        )
        return self.render_template(
            "home.html", "home page", pages=pager.pages, pager=pager, intro=site.home, meta=meta, feeds=self.site_feeds
        )

    def render_tag(self, tag: Tag, pager: Pager) -> bytes | None:
        site = self.site
        feeds = feed_links(site, tag_scope(site, tag)) if has_term_feeds(site.config.feeds, tag.kind) else []
        meta = make_list_meta(
            site, url_path=tag.url_path, title=tag.kind.term_title(tag.name), description=None, pager=pager
        )
        what = f"{tag.kind.singular} '{tag.name}'"
        return self.render_template(
            "tag.html",
            what,
            tag=tag,
            taxonomy=tag.kind,
            pages=pager.pages,
            pager=pager,
            meta=meta,
            feeds=feeds + self.site_feeds,
        )

    def render_section(self, section: Section, pager: Pager) -> bytes | None:
        intro = section.intro
        meta = make_list_meta(
            self.site, url_path=section.url_path, title=intro.title, description=intro.description or None, pager=pager
        )
        what = f"section page {intro.source_path}"
        has_feeds = section.has_feeds(self.site.config.feeds.per_section)
        feeds = feed_links(self.site, section_scope(self.site, section)) if has_feeds else []
        return self.render_template(
            self.section_template(section),
            what,
            section=section,
            pages=pager.pages,
            pager=pager,
            meta=meta,
            feeds=feeds + self.site_feeds,
        )

    def render_tag_index(self, kind: TaxonomyKind, terms: Sequence[Tag]) -> bytes | None:
        meta = make_list_meta(
            self.site, url_path=kind.url_path, title="Tags" if kind == TAGS else kind.title, description=None
        )
        what = f"{kind.singular} index"
        return self.render_template("tags.html", what, tags=terms, taxonomy=kind, meta=meta, feeds=self.site_feeds)

    def render_audience(self, audience: Audience) -> bytes | None:
        site = self.site
        url_path = _audience_path(audience)
        # An audience's `notes` are the team's own words about it: never published.
        scope = audience_scope(site, audience)
        meta = make_list_meta(
            site, url_path=url_path, title=audience.label, description=audience.region, language=scope.language
        )
        feeds = feed_links(site, scope) + self.site_feeds
        pages = site.audience_pages(audience.name)
        return self.render_template(
            "audience.html", f"audience '{audience.name}'", audience=audience, pages=pages, meta=meta, feeds=feeds
        )

    def render_not_found(self) -> bytes | None:
        meta = make_list_meta(self.site, url_path=NOT_FOUND_PATH, title="Page not found", description=None)
        return self.render_template("404.html", "404 page", meta=meta, feeds=self.site_feeds, pages=self.site.pages[:5])

    def template_for(self, page: Page) -> str:
        """The page's own template, or page.html (with a warning) when the theme has none by that name.

        Content imported from other generators names their templates; it should still build.
        """
        if page.template in _NOT_PAGE_TEMPLATES:
            # Jekyll's `layout: home` or `layout: tags` names a page of another kind in this theme.
            drawn = _NOT_PAGE_TEMPLATES[page.template]
            problem = Problem(
                f"template '{page.template}' draws the site's {drawn}, not a page; page.html is used instead",
                path=page.source_path,
                line=page.line_of("template"),
                key="front matter: 'template'" if page.line_of("template") else None,
                severity="warning",
            )
            if problem not in self.problems:
                self.problems.append(problem)
            return "page.html"
        return self._theme_template(page.template, "page.html", page, "template")

    def section_template(self, section: Section) -> str:
        """The template an `_index.md` names (Zola's `template`), or section.html."""
        return self._theme_template(
            section.settings.template or "section.html", "section.html", section.intro, "template"
        )

    def _theme_template(self, name: str, fallback: str, page: Page, key: str) -> str:
        """`name` if the theme has it, else `fallback` with a warning naming the file and key."""
        if name == fallback:
            return name
        try:
            self.env.get_template(name)
        except jinja2.TemplateNotFound:
            problem = Problem(
                f"template '{name}' is not in the theme; {fallback} is used instead",
                path=page.source_path,
                line=page.line_of(key),
                key=f"front matter: '{key}'" if page.line_of(key) else None,
                severity="warning",
            )
            if problem not in self.problems:  # asked when planning and again when rendering
                self.problems.append(problem)
            return fallback
        except jinja2.TemplateError:
            pass  # reported when it is rendered
        return name

    def render_template(self, name: str, what: str, **context: Any) -> bytes | None:
        """Render one template; a failure becomes a problem naming the template line."""
        meta = context.get("meta")
        self.rendered_meta = meta if isinstance(meta, PageMeta) else None
        try:
            return self.env.get_template(name).render(**context).encode("utf-8")
        except jinja2.TemplateError as exc:
            problem = template_problem(exc, self.site.config.site_dir, what)
            if problem not in self.problems:
                self.problems.append(problem)
            return None
        except Exception as exc:  # noqa: BLE001 - a theme's filter may raise anything
            self.problems.append(template_problem(exc, self.site.config.site_dir, what))
            return None


# The theme's templates that draw something other than a content page, and what they draw.
_NOT_PAGE_TEMPLATES = {
    "home.html": "home page",
    "tag.html": "tag and category pages",
    "tags.html": "tag and category indexes",
    "section.html": "section pages",
    "audience.html": "audience pages",
    "404.html": "404 page",
    "redirect.html": "redirects",
    "player.html": "video players",
}


def has_term_feeds(feeds: FeedConfig, kind: TaxonomyKind) -> bool:
    """Whether each name of the taxonomy gets feeds: [feeds] per_tag, per_category."""
    return feeds.per_tag if kind == TAGS else feeds.per_category


def home_pagination(site: Site) -> tuple[int, bool]:
    """Entries per page of the home page, and whether the list is turned around first."""
    settings = site.home.settings
    return settings.paginate_by or site.config.paginate_by, settings.paginate_reversed


def section_pagination(site: Site, section: Section) -> tuple[int, bool]:
    """Entries per page of a section's list (its own `paginate_by`, else the site's), and its direction."""
    return section.settings.paginate_by or site.config.paginate_by, section.settings.paginate_reversed


def _listed(page: Page, site: Site) -> str:
    """What a list of pages shows of each one, as one string: a listing's digest then costs one
    step a page instead of one a field.

    The texts joined (see `digest.joined_exactly`), the rest by repr (exact for these plain
    values): at 10,000 pages the repr of each page's fields took 65 ms of a one-edit build, the
    join a third of that.
    """
    image = site.image_for(page.url_path)
    shown = (
        page.url_path,
        page.title,
        repr(page.date),
        page.summary,
        repr(page.tags),
        repr(page.categories),
        page.description,
        image.stable_identity() if image else "",  # never empty: it holds the image's URL and more
        unpublished_status(site, page) or "",
    )
    return joined_exactly(shown, "\x1e")


def _identities(*pages: Page) -> str | None:
    """The pages' identities as one text (see `Page.stable_identity`); None when one has none (built by hand)."""
    identities = [identity for page in pages if (identity := page.stable_identity()) is not None]
    return "\0".join(identities) if len(identities) == len(pages) else None


def _audience_path(audience: Audience) -> str:
    return f"{AUDIENCES_PATH}{audience.name}/"
