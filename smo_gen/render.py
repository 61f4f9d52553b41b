"""Rendering the site model into output files (bytes in memory, nothing written yet)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from .campaigns import AUDIENCES_PATH, resolve_site_path, written_at
from .errors import Problem
from .feeds import (
    FEED_FILES,
    ContentCache,
    FeedLink,
    FeedScope,
    audience_scope,
    feed_links,
    render_feed,
    site_scope,
    tag_scope,
)
from .manifest import render_manifest
from .meta import make_list_meta, make_page_meta
from .page import Page
from .share import ShareLink, make_share_links
from .site import TAGS_PATH, Site
from .sitemap import render_robots, render_sitemap
from .themes import template_problem
from .urls import output_file_for
from .utm import merge_utm


@dataclass(frozen=True)
class Output:
    """One file of the built site: rendered bytes, or a file to copy."""

    dest: str  # relative to the output folder, with '/' separators
    data: bytes | None = None
    source: Path | None = None


def reserved_paths() -> dict[str, str]:
    """Site paths that smo-gen itself writes, so no page may take them."""
    reserved = {
        "/": "the home page",
        TAGS_PATH: "the tag index",
        AUDIENCES_PATH: "the audience pages",
        "/cards/": "the social cards",
        "/404.html": "the 404 page",
    }
    for name in ("sitemap.xml", "robots.txt", "manifest.json", *FEED_FILES.values()):
        reserved[f"/{name}"] = "a generated file"
    return reserved


def make_path_function(base_url: str) -> Callable[[str], str]:
    """`path('/tags/')` -> '/blog/tags/' when the site lives under /blog/."""
    base_path = urlsplit(base_url).path.rstrip("/")

    def path(url_path: str) -> str:
        return base_path + (url_path if url_path.startswith("/") else "/" + url_path)

    return path


class SiteRenderer:
    """Renders every HTML page, feed and index of a site with one Jinja environment."""

    def __init__(self, site: Site, env: jinja2.Environment) -> None:
        self.site = site
        self.env = env
        self.problems: list[Problem] = []
        self.contents = ContentCache(site)
        self.site_feeds = feed_links(site, site_scope(site))
        env.globals.update(
            site=site,
            config=site.config,
            path=make_path_function(site.config.base_url),
            now=site.now,
        )

    def render_all(self) -> Iterator[Output]:
        yield from self.render_pages()
        yield from self.render_lists()
        yield from self.render_feeds()
        yield Output("sitemap.xml", render_sitemap(self.site))
        yield Output("robots.txt", render_robots(self.site))
        yield Output("manifest.json", render_manifest(self.site))

    def render_pages(self) -> Iterator[Output]:
        for page in self.site.all_pages:
            html = self.render_template(
                self.template_for(page),
                page.source_path,
                page=page,
                meta=make_page_meta(page, self.site),
                feeds=self.feeds_for(page),
                shares=self.share_links(page),
                cta=self.cta_links(page),
                variants=self.site.variants_of(self.site.main_page(page)),
                main_page=self.site.main_page(page),
            )
            if html is not None:
                yield Output(output_file_for(page.url_path), html)
            for alias in page.aliases:
                target = self.site.url(page.url_path)
                redirect = self.render_template("redirect.html", page.source_path, target=target, page=page)
                if redirect is not None:
                    yield Output(output_file_for(alias), redirect)

    def feeds_for(self, page: Page) -> list[FeedLink]:
        if page.audience is None:
            return self.site_feeds
        return feed_links(self.site, audience_scope(self.site, self.site.audiences[page.audience])) + self.site_feeds

    def share_links(self, page: Page) -> list[ShareLink]:
        """Plain share links for the page, each carrying the network's UTM tags."""
        site = self.site
        utm, _ = merge_utm(site.utm, page.utm, page.source_path)  # problems were reported at assembly
        return make_share_links(
            page_url=site.url(page.url_path),
            title=page.title,
            message=page.share_message,
            networks=site.share.networks,
            utm=utm,
            slug=page.slug,
            campaign=page.campaign_id,
            audience=page.audience,
            mastodon_instance=site.share.mastodon_instance,
            hashtags=[tag for tag in page.tags if hashtag_safe(tag)],
        )

    def cta_links(self, page: Page) -> list[tuple[str, str, str]]:
        """(label, href, kind) for the page's call to action, relative paths made site paths."""
        if page.cta is None:
            return []
        links = [(page.cta.label, self.link_href(page, page.cta.url), "primary")]
        if page.cta.secondary:
            links.append((page.cta.secondary.label, self.link_href(page, page.cta.secondary.url), "secondary"))
        return links

    def link_href(self, page: Page, url: str) -> str:
        if urlsplit(url).scheme or url.startswith("//"):
            return url
        path = make_path_function(self.site.config.base_url)
        target = resolve_site_path(written_at(page), url)
        parts = urlsplit(url)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return path(target) + suffix

    def template_for(self, page: Page) -> str:
        """The page's own template, or page.html (with a warning) when the theme has none by that name.

        Content imported from other generators names their templates; it should still build.
        """
        if page.template == "page.html":
            return page.template
        try:
            self.env.get_template(page.template)
        except jinja2.TemplateNotFound:
            self.problems.append(
                Problem(
                    f"template '{page.template}' is not in the theme; page.html is used instead",
                    path=page.source_path,
                    line=page.line_of("template"),
                    key="front matter: 'template'",
                    severity="warning",
                )
            )
            return "page.html"
        except jinja2.TemplateError:
            pass  # reported when it is rendered
        return page.template

    def render_lists(self) -> Iterator[Output]:
        site = self.site
        home = self.render_template(
            "home.html",
            "home page",
            pages=site.pages,
            intro=site.home,
            meta=make_list_meta(site, url_path="/", title=site.home.title or None, description=site.home.description),
            feeds=self.site_feeds,
        )
        if home is not None:
            yield Output("index.html", home)
        for tag in site.tags:
            feeds = feed_links(site, tag_scope(site, tag)) if site.config.feeds.per_tag else []
            html = self.render_template(
                "tag.html",
                f"tag '{tag.name}'",
                tag=tag,
                pages=tag.pages,
                meta=make_list_meta(site, url_path=tag.url_path, title=f"Tagged “{tag.name}”", description=None),
                feeds=feeds + self.site_feeds,
            )
            if html is not None:
                yield Output(output_file_for(tag.url_path), html)
        index = self.render_template(
            "tags.html",
            "tag index",
            tags=site.tags,
            meta=make_list_meta(site, url_path=TAGS_PATH, title="Tags", description=None),
            feeds=self.site_feeds,
        )
        if index is not None:
            yield Output(output_file_for(TAGS_PATH), index)
        for audience in site.audiences.values():
            members = site.audience_pages(audience.name)
            if not members:
                continue
            url_path = f"{AUDIENCES_PATH}{audience.name}/"
            html = self.render_template(
                "audience.html",
                f"audience '{audience.name}'",
                audience=audience,
                pages=members,
                meta=make_list_meta(site, url_path=url_path, title=audience.label, description=audience.notes),
                feeds=feed_links(site, audience_scope(site, audience)) + self.site_feeds,
            )
            if html is not None:
                yield Output(output_file_for(url_path), html)
        not_found = self.render_template(
            "404.html",
            "404 page",
            meta=make_list_meta(site, url_path="/404.html", title="Page not found", description=None),
            feeds=self.site_feeds,
            pages=site.pages[:5],
        )
        if not_found is not None:
            yield Output("404.html", not_found)

    def render_feeds(self) -> Iterator[Output]:
        scopes: list[FeedScope] = [site_scope(self.site)]
        if self.site.config.feeds.per_tag:
            scopes += [tag_scope(self.site, tag) for tag in self.site.tags]
        scopes += [
            audience_scope(self.site, audience)
            for audience in self.site.audiences.values()
            if self.site.audience_pages(audience.name)
        ]
        for scope in scopes:
            for kind in self.site.config.feeds.formats:
                yield Output(scope.url_path.lstrip("/") + FEED_FILES[kind], render_feed(kind, self.site, scope, self.contents))

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


def hashtag_safe(tag: str) -> bool:
    """Tags that make a working hashtag: letters, digits and underscores only."""
    return bool(tag) and all(ch.isalnum() or ch == "_" for ch in tag)
