"""The social preview at /_smo/: how each page the build wrote would look when shared, and posted.

It runs `check_built_site`, the very function behind `smo-gen check`, over the serve build, so
both see the same pages (tag and audience lists included) and give the same findings, each
with its fix. Addresses are shown as the networks will show them, at the site's production
base URL, not the local server's. Networks that draw a link the same way share one card, and
each configured target's post is shown in full with its length meter (preview_posts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from smo_gen.check.command import PageReport, check_built_site
from smo_gen.check.social_rules import PREVIEW_RULES, SharePreview, make_previews
from smo_gen.config.site_config import SiteConfig, load_config
from smo_gen.data_files import load_json_file
from smo_gen.errors import Problem, SmoError
from smo_gen.render.manifest import MANIFEST_FILE
from smo_gen.render.themes import default_theme_dir
from smo_gen.serve.preview_posts import PostPreview, compose_post_previews, to_production
from smo_gen.syndicate.targets import Target, parse_targets


@dataclass(frozen=True)
class CardShape:
    """One way a link is drawn, with every network that draws it so."""

    labels: tuple[str, ...]
    preview: SharePreview


@dataclass(frozen=True)
class PreviewEntry:
    """One page the build wrote: its findings, its cards and the posts the targets would make."""

    path: str  # on the local server, for the link
    public_url: str  # where it will be, as shares show it
    title: str
    audience: str | None
    report: PageReport
    shapes: tuple[CardShape, ...]
    posts: tuple[PostPreview, ...] = ()


def load_manifest_pages(output_dir: Path) -> dict[str, dict[str, Any]]:
    """The manifest's pages and variants by path; empty when there is none yet."""
    try:
        manifest = load_json_file(output_dir / MANIFEST_FILE)
    except SmoError:
        return {}
    pages: dict[str, dict[str, Any]] = {}
    for page in manifest.get("pages", []) if isinstance(manifest, dict) else []:
        if isinstance(page, dict):
            for entry in (page, *(v for v in page.get("variants", []) if isinstance(v, dict))):
                pages[str(entry.get("path", ""))] = entry
    return pages


def path_of(file: str) -> str:
    """The URL path a built HTML file is served at ('tags/index.html' -> '/tags/')."""
    return "/" + file.removesuffix("index.html")


def group_shapes(previews: list[SharePreview]) -> tuple[CardShape, ...]:
    """The networks' previews, one per distinct look, in the order the networks come."""
    shapes: dict[tuple[Any, ...], list[SharePreview]] = {}
    for preview in previews:
        look = (
            preview.title,
            preview.title_cut,
            preview.description,
            preview.image_url,
            preview.image_alt,
            preview.large_image,
        )
        shapes.setdefault(look, []).append(preview)
    return tuple(CardShape(tuple(p.network.label for p in same), same[0]) for same in shapes.values())


def make_preview_entries(
    output_dir: Path, local_url: str, production_url: str, posts: dict[str, tuple[PostPreview, ...]] | None = None
) -> list[PreviewEntry]:
    """Every page `smo-gen check` checks in `output_dir`, with its cards at the production address."""
    try:
        reports = check_built_site(output_dir, local_url)
    except SmoError:
        return []
    manifest = load_manifest_pages(output_dir)
    domain = urlsplit(production_url).hostname or ""
    entries = []
    for report in reports:
        path = path_of(report.file)
        page = manifest.get(path, {})
        title = str(page.get("title") or report.tags.title_for("facebook") or report.tags.title or path)
        previews = [replace(preview, domain=domain) for preview in make_previews(report.tags, report.images)]
        entries.append(
            PreviewEntry(
                path=path,
                public_url=to_production(local_url + path.lstrip("/"), local_url, production_url),
                title=title,
                audience=page.get("audience") or None,
                report=report,
                shapes=group_shapes(previews),
                posts=(posts or {}).get(path, ()),
            )
        )
    order = {path: index for index, path in enumerate(manifest)}  # the writer's pages first, lists after
    return sorted(entries, key=lambda entry: order.get(entry.path, len(order)))


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(default_theme_dir() / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def _production(site_dir: Path | None, local_url: str) -> tuple[str, SiteConfig | None]:
    """The site's own base URL and configuration; the local address while site.toml is broken."""
    if site_dir is None:
        return local_url, None
    try:
        config = load_config(site_dir)
    except SmoError:
        return local_url, None
    return config.base_url.rstrip("/") + "/", config


def render_preview_page(
    output_dir: Path, local_url: str, problems: tuple[Problem, ...], site_dir: Path | None = None
) -> bytes:
    """The whole preview page for the current serve build."""
    production_url, config = _production(site_dir, local_url)
    posts: dict[str, tuple[PostPreview, ...]] = {}
    target_problem = None
    targets: tuple[Target, ...] = ()
    if config is not None:
        try:
            targets = parse_targets(config.sections.get("targets"), config.text)
            posts = compose_post_previews(output_dir, targets, local_url, production_url)
        except SmoError as error:
            target_problem = "; ".join(str(problem) for problem in error.problems)
    entries = make_preview_entries(output_dir, local_url, production_url, posts)
    template = _environment().get_template("_smo/preview.html")
    html = template.render(
        entries=entries,
        networks=PREVIEW_RULES,
        problems=[str(problem) for problem in problems],
        broken=sum(1 for entry in entries if entry.report.errors),
        weak=sum(1 for entry in entries if entry.report.warnings and not entry.report.errors),
        base_url=production_url,
        targets=[target.name for target in targets],
        target_problem=target_problem,
    )
    return html.encode("utf-8")
