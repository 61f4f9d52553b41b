"""The Jinja environment that renders a theme's templates, and template errors as problems."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

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


def escape_output(value: object) -> str:
    """`{{ value }}` as an autoescaping template writes it: the text of `markupsafe.escape(value)`.

    Jinja calls `escape` for every value a template writes, about 200 a page in the default
    theme, and markupsafe's makes a Markup of each (a Python-level `__new__`): 0.12 s of the
    1.2 s of CPU that rendering 1,000 bench pages took. Where the value is plain text with
    nothing to escape, or already markup, its text is what escaping gives, so it is written
    as it is. What is written is only ever joined into the page, so its type does not matter:
    Jinja makes markup of a block, macro or `{% set %}` body from the joined text.
    """
    if type(value) is Markup:
        return value
    if type(value) is int:
        return str(value)  # digits (and a sign) need no escaping
    if type(value) is str and not ("&" in value or "<" in value or ">" in value or '"' in value or "'" in value):
        return value
    return escape(value)


class _Template(jinja2.Template):
    """A template that writes its values with `escape_output`."""

    @classmethod
    def from_code(
        cls,
        environment: jinja2.Environment,
        code: Any,
        globals: Any,  # Jinja's name for it
        uptodate: Any = None,
    ) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        # A compiled template imports `escape` from jinja2.runtime into its own namespace, which
        # its render, block and macro functions share: the name is replaced there alone.
        template.root_render_func.__globals__["escape"] = escape_output
        return template


class _Environment(jinja2.Environment):
    """An environment whose templates write values with `escape_output` (`_Template`) and hold
    their globals as one plain dict.

    Jinja gives each template a ChainMap over its own globals and the environment's, and
    iterates it, in Python, for every context it makes: each render, each include, each
    import of a macro (`dict(globals, **vars)`, `set(globals)`). A page of the default theme
    makes a dozen, and that was a tenth of rendering it (445 -> 401 us a bench page). Jinja
    supports changing the environment's globals only before a template is loaded (its
    documentation of `Environment.globals`); `SiteRenderer` sets them all before it loads
    any, on an environment made for each build, so a copy taken at loading holds them all.
    """

    template_class = _Template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def make_environment(theme: Theme, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """A Jinja environment that escapes HTML and fails loudly on undefined names.

    With `bytecode_cache`, compiled templates are kept for the next build (see build/caches/templates.py).
    Its globals are set before any template is loaded (see `_Environment`).
    """
    env = _Environment(
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
