"""The social preview at /_smo/: how each page and audience variant would look when shared.

Reads the serve build's manifest.json for the pages and their variants, each page's own
meta tags and card image, and runs the same rules as `smo-gen check` on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from smo_gen.check.command import ImageMeasurer, PageReport, make_page_report
from smo_gen.check.social_rules import PREVIEW_RULES, SharePreview, make_previews
from smo_gen.data_files import load_json_file
from smo_gen.errors import Problem, SmoError
from smo_gen.render.manifest import MANIFEST_FILE
from smo_gen.render.themes import default_theme_dir
from smo_gen.urls import output_file_for


@dataclass(frozen=True)
class PreviewEntry:
    """One page or audience variant, with its share as each network shows it."""

    path: str
    title: str
    audience: str | None
    report: PageReport | None
    previews: tuple[SharePreview, ...]
    missing: str | None = None  # why the page could not be read


def load_manifest_pages(output_dir: Path) -> list[dict[str, Any]]:
    """The manifest's pages with each variant after its main page; empty when there is none yet."""
    try:
        manifest = load_json_file(output_dir / MANIFEST_FILE)
    except SmoError:
        return []
    entries: list[dict[str, Any]] = []
    for page in manifest.get("pages", []) if isinstance(manifest, dict) else []:
        if isinstance(page, dict):
            entries.append(page)
            entries += [variant for variant in page.get("variants", []) if isinstance(variant, dict)]
    return entries


def make_preview_entries(output_dir: Path, base_url: str) -> list[PreviewEntry]:
    measurer = ImageMeasurer(output_dir, base_url)
    entries = []
    for page in load_manifest_pages(output_dir):
        path = str(page.get("path", ""))
        title = str(page.get("title") or path)
        audience = page.get("audience") or None
        html_path = output_dir / output_file_for(path)
        try:
            html = html_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            entries.append(PreviewEntry(path, title, audience, None, (), missing=f"{output_file_for(path)} is not in the build"))
            continue
        report = make_page_report(output_file_for(path), html, measurer)
        previews = tuple(make_previews(report.tags, report.images))
        entries.append(PreviewEntry(path, title, audience, report, previews))
    return entries


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(default_theme_dir() / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def render_preview_page(output_dir: Path, base_url: str, problems: tuple[Problem, ...]) -> bytes:
    """The whole preview page for the current serve build."""
    entries = make_preview_entries(output_dir, base_url)
    template = _environment().get_template("_smo/preview.html")
    html = template.render(
        entries=entries,
        networks=PREVIEW_RULES,
        problems=[str(problem) for problem in problems],
        broken=sum(1 for entry in entries if entry.report and entry.report.errors),
        base_url=base_url,
    )
    return html.encode("utf-8")
