"""Rendering the site model into output files, each planned with the inputs that decide it.

`SiteRenderer.plan()` lists every output the site needs, with the values its bytes depend
on and a function that renders it. The build hashes the inputs into a key and renders only
outputs whose key changed since the last build (see incremental.py); nothing here writes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .assembled import Assembled, Source
from .campaigns import AUDIENCES_PATH, Audience
from .errors import Problem
from .feeds import (
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
from .manifest import MANIFEST_FILE, render_manifest
from .meta import PLAYER_PATH, make_list_meta, make_page_meta, player_for
from .page import Page
from .page_links import make_path_function, page_cta_links, page_share_links
from .site import TAGS_PATH, Section, Site, Tag
from .sitemap import render_robots, render_sitemap
from .templating import template_problem
from .urls import output_file_for, slugify


@dataclass(frozen=True)
class Output:
    """One file of the built site: rendered bytes, a file to copy, or one kept as it is."""

    dest: str  # relative to the output folder, with '/' separators
    data: bytes | Assembled | None = None
    source: str | Path | None = None  # text as the walk found it: a Path of each of 10,000 files showed
    key: str | None = None  # digest of what decided the bytes; equal key, equal bytes
    reads_site: bool = False  # the template looked at the whole site model


@dataclass(frozen=True)
class Planned:
    """An output not rendered yet: its inputs decide its bytes, `render` makes them."""

    dest: str
    inputs: tuple[Any, ...]
    render: Callable[[], bytes | Assembled | None]
    template: str | None = None  # the template it starts from; its includes count too
    cost: int = 1  # rough render work, in pages shown in full, so the longest start first
    batch: str | None = None  # outputs sharing work (a scope's feeds) are rendered together


NOT_FOUND_PATH = "/404.html"


def reserved_paths(feed_files: Iterable[str] = FEED_FILES.values()) -> dict[str, str]:
    """Site paths that smo-gen itself writes, so no page may take them (`feed_files`: the site's feed names)."""
    reserved = {
        "/": "the home page",
        TAGS_PATH: "the tag index",
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
        self, site: Site, env: jinja2.Environment, written: Callable[[str], Source | None] = lambda dest: None
    ) -> None:
        """`written(dest)` is the file the last build wrote at `dest`, if it is still as written:
        feeds and the manifest take their unchanged entries from it."""
        self.site = site
        self.env = env
        self.written = written
        self.problems: list[Problem] = []
        self.contents = ContentCache(site)
        self.site_feeds = feed_links(site, site_scope(site))
        self.access = SiteAccess(site)
        env.globals.update(site=self.access, config=site.config, path=make_path_function(site.config.base_url))
        env.globals["now"] = site.now

    def plan(self) -> Iterator[Planned]:
        site = self.site
        for page in site.all_pages:
            render = functools.partial(self.render_page, page)
            yield Planned(output_file_for(page.url_path), self.page_inputs(page), render, self.template_for(page))
            if player_for(site, page) and not any(m.platform for m in site.media.get(page.url_path, ())):
                inputs: tuple[Any, ...] = ("player", page.url_path, site.media[page.url_path], site.image_for(page.url_path))
                render = functools.partial(self.render_player, page)
                yield Planned(output_file_for(page.url_path + PLAYER_PATH), inputs, render, "player.html")
            for alias in page.aliases:
                inputs = ("alias", page.url_path, page.title)
                yield Planned(output_file_for(alias), inputs, functools.partial(self.render_alias, page), "redirect.html")
        listed_text = {id(page): _listed(page) for page in site.pages}  # a page is in several lists

        def listed(pages: Sequence[Page]) -> tuple[str, ...]:
            return tuple(listed_text.get(id(page)) or _listed(page) for page in pages)

        listing = listed(site.pages)
        yield Planned("index.html", ("home", listing, site.home, site.image_for("/")), self.render_home, "home.html")
        for tag in site.tags:
            inputs = ("tag", tag.name, listed(tag.pages), site.image_for(tag.url_path))
            yield Planned(output_file_for(tag.url_path), inputs, functools.partial(self.render_tag, tag), "tag.html")
        for section in site.sections:
            inputs = ("section", section.intro, listed(section.pages), site.image_for(section.url_path))
            render = functools.partial(self.render_section, section)
            yield Planned(output_file_for(section.url_path), inputs, render, "section.html")
            for alias in section.intro.aliases:  # an _index.md's 'aliases', as Hugo and Zola redirect them
                inputs = ("alias", section.url_path, section.intro.title)
                yield Planned(output_file_for(alias), inputs, functools.partial(self.render_alias, section.intro), "redirect.html")
        tag_counts = tuple((tag.name, tag.slug, len(tag.pages)) for tag in site.tags)
        inputs = ("tags", tag_counts, site.image_for(TAGS_PATH))
        yield Planned(output_file_for(TAGS_PATH), inputs, self.render_tag_index, "tags.html")
        for audience in site.audiences.values():
            members = site.audience_pages(audience.name)
            if members:
                inputs = ("audience", audience, listed(members), site.image_for(_audience_path(audience)))
                render = functools.partial(self.render_audience, audience)
                yield Planned(output_file_for(_audience_path(audience)), inputs, render, "audience.html")
        yield Planned("404.html", ("404", listing[:5], site.image_for(NOT_FOUND_PATH)), self.render_not_found, "404.html")
        for scope in self.feed_scopes():
            images = tuple(site.image_for(p.url_path) for p in scope.pages)
            media = tuple(site.media.get(p.url_path, ()) for p in scope.pages)
            # `updated` is the site's newest change when no page of the scope has a date of its own.
            shown = (scope.title, scope.description, scope.pages, images, media, self.contents.updated(scope))
            for kind in site.config.feeds.formats:
                dest = feed_file(scope, kind, site.config.feeds.files)
                feed = functools.partial(self.render_feed, kind, scope, dest)
                cost = len(scope.pages) if site.config.feeds.full_content else len(scope.pages) // 4
                yield Planned(dest, ("feed", kind, shown), feed, cost=cost, batch=f"feeds {scope.url_path}")
        # Of the sections, the sitemap shows where they are and (by their pages) when they changed.
        sections = tuple((section.url_path, tuple(page.url_path for page in section.pages)) for section in site.sections)
        everything = ("site", site.pages, site.variants, site.tags, sections, dict(site.images), site.default_image, dict(site.media))
        yield Planned("sitemap.xml", everything, functools.partial(render_sitemap, site))
        yield Planned("robots.txt", ("robots",), functools.partial(render_robots, site))
        yield Planned(MANIFEST_FILE, everything, self.render_manifest, cost=len(site.all_pages) // 10)

    def feed_scopes(self) -> list[FeedScope]:
        site = self.site
        scopes = [site_scope(site)]
        if site.config.feeds.per_section:
            scopes += [section_scope(site, section) for section in site.sections]
        if site.config.feeds.per_tag:
            scopes += [tag_scope(site, tag) for tag in site.tags]
        scopes += [audience_scope(site, a) for a in site.audiences.values() if site.audience_pages(a.name)]
        return scopes

    def page_inputs(self, page: Page) -> tuple[Any, ...]:
        site = self.site
        main = site.main_page(page)
        media = site.media.get(page.url_path, ())
        posts = site.syndication.get(page.url_path, ())
        responses = site.responses.get(page.url_path)
        photo = site.photos.get(page.url_path)
        return ("page", page, site.image_for(page.url_path), photo, site.variants_of(main), main, media, posts, responses)

    def render_feed(self, kind: str, scope: FeedScope, dest: str) -> Assembled:
        return render_feed(kind, self.site, scope, self.contents, self.written(dest))

    def render_manifest(self) -> Assembled:
        return render_manifest(self.site, self.written(MANIFEST_FILE))

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
            shares=page_share_links(site, page),
            cta=page_cta_links(site, page),
            photo=site.photos.get(page.url_path),
            tag_links=[(name, f"{TAGS_PATH}{slugify(name)}/") for name in page.tags],
            variant_links=[(site.audiences[v.audience].label, v.url_path) for v in site.variants_of(main) if v.audience],
            media=site.media.get(page.url_path, ()),
            syndication=site.syndication.get(page.url_path, ()),
            responses=site.responses.get(page.url_path),
            audience=audience,
            main_page=main,
        )

    def render_player(self, page: Page) -> bytes | None:
        """The page X's player card frames: the page's own video and nothing else."""
        video = next(m for m in self.site.media[page.url_path] if m.kind == "video")
        poster = video.poster_url or (image.url if (image := self.site.image_for(page.url_path)) else None)
        return self.render_template("player.html", page.source_path, page=page, video=video, poster=poster)

    def render_alias(self, page: Page) -> bytes | None:
        return self.render_template("redirect.html", page.source_path, target=self.site.url(page.url_path), page=page)

    def render_home(self) -> bytes | None:
        site = self.site
        meta = make_list_meta(site, url_path="/", title=site.home.title or None, description=site.home.description)
        return self.render_template("home.html", "home page", pages=site.pages, intro=site.home, meta=meta, feeds=self.site_feeds)

    def render_tag(self, tag: Tag) -> bytes | None:
        site = self.site
        feeds = feed_links(site, tag_scope(site, tag)) if site.config.feeds.per_tag else []
        meta = make_list_meta(site, url_path=tag.url_path, title=f"Tagged “{tag.name}”", description=None)
        return self.render_template("tag.html", f"tag '{tag.name}'", tag=tag, pages=tag.pages, meta=meta, feeds=feeds + self.site_feeds)

    def render_section(self, section: Section) -> bytes | None:
        intro = section.intro
        meta = make_list_meta(self.site, url_path=section.url_path, title=intro.title, description=intro.description or None)
        what = f"section page {intro.source_path}"
        feeds = feed_links(self.site, section_scope(self.site, section)) if self.site.config.feeds.per_section else []
        return self.render_template("section.html", what, section=section, pages=section.pages, meta=meta, feeds=feeds + self.site_feeds)

    def render_tag_index(self) -> bytes | None:
        meta = make_list_meta(self.site, url_path=TAGS_PATH, title="Tags", description=None)
        return self.render_template("tags.html", "tag index", tags=self.site.tags, meta=meta, feeds=self.site_feeds)

    def render_audience(self, audience: Audience) -> bytes | None:
        site = self.site
        url_path = _audience_path(audience)
        meta = make_list_meta(site, url_path=url_path, title=audience.label, description=audience.notes)
        feeds = feed_links(site, audience_scope(site, audience)) + self.site_feeds
        pages = site.audience_pages(audience.name)
        return self.render_template("audience.html", f"audience '{audience.name}'", audience=audience, pages=pages, meta=meta, feeds=feeds)

    def render_not_found(self) -> bytes | None:
        meta = make_list_meta(self.site, url_path=NOT_FOUND_PATH, title="Page not found", description=None)
        return self.render_template("404.html", "404 page", meta=meta, feeds=self.site_feeds, pages=self.site.pages[:5])

    def template_for(self, page: Page) -> str:
        """The page's own template, or page.html (with a warning) when the theme has none by that name.

        Content imported from other generators names their templates; it should still build.
        """
        if page.template == "page.html":
            return page.template
        try:
            self.env.get_template(page.template)
        except jinja2.TemplateNotFound:
            problem = Problem(
                f"template '{page.template}' is not in the theme; page.html is used instead",
                path=page.source_path,
                line=page.line_of("template"),
                key="front matter: 'template'",
                severity="warning",
            )
            if problem not in self.problems:  # asked when planning and again when rendering
                self.problems.append(problem)
            return "page.html"
        except jinja2.TemplateError:
            pass  # reported when it is rendered
        return page.template

    def render_template(self, name: str, what: str, **context: Any) -> bytes | None:
        """Render one template; a failure becomes a problem naming the template line."""
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


def _listed(page: Page) -> str:
    """What a list of pages shows of each one, as one string: a listing's digest then costs one
    step a page instead of one a field (repr is exact for these plain values)."""
    return repr((page.url_path, page.title, page.date, page.summary, page.tags, page.description))


def _audience_path(audience: Audience) -> str:
    return f"{AUDIENCES_PATH}{audience.name}/"
