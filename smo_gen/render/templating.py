"""The Jinja environment that renders a theme's templates, and template errors as problems."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path
from typing import Any

import jinja2

from smo_gen.errors import Problem
from smo_gen.render.share_icons import SHARE_ICONS
from smo_gen.render.themes import Theme


class _TemplateLoader(jinja2.FileSystemLoader):
    """Templates from folders; a file that is not UTF-8 is a template error naming it, not a crash."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            filename = next((str(p) for d in self.searchpath if (p := Path(d) / template).is_file()), template)
            line = exc.object[: exc.start].count(b"\n") + 1
            message = f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
            raise jinja2.TemplateSyntaxError(message, line, template, filename) from None


def make_environment(theme: Theme, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """A Jinja environment that escapes HTML and fails loudly on undefined names.

    With `bytecode_cache`, compiled templates are kept for the next build (see build/caches/templates.py).
    """
    env = jinja2.Environment(
        loader=_TemplateLoader([str(d) for d in theme.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache,
    )
    env.filters["human_date"] = human_date
    env.globals["share_icons"] = SHARE_ICONS
    return env


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(moment: dt.date) -> str:
    """'1 May 2026', the same on every platform and locale."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def template_problem(exc: Exception, site_dir: Path, fallback: str) -> Problem:
    """Turn a Jinja error into a problem naming the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _display(exc.filename or exc.name or fallback, site_dir)
        return Problem(f"template error: {exc.message}", path=where, line=exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(f"template '{exc.name}' not found in the theme", path=fallback)
    # Runtime errors: Jinja rewrites tracebacks so template frames carry the template's line.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return Problem(f"template error: {exc}", path=_display(frame.filename, site_dir), line=frame.lineno)
    return Problem(f"template error: {exc}", path=fallback)


def _display(filename: str, site_dir: Path) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(site_dir).as_posix()
    except ValueError:
        return filename
