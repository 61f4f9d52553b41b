"""Finding themes and making the Jinja environment that renders them.

Templates are looked up in a chain: the site's own `templates/` folder, then the chosen
theme, then the default theme, so a site overrides one file without copying the rest.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .config import SiteConfig
from .errors import ConfigError, Problem

_PACKAGE_DIR = Path(__file__).resolve().parent


def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or in the source checkout."""
    for candidate in (_PACKAGE_DIR / "themes" / "default", _PACKAGE_DIR.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise ConfigError("the default theme is missing from this installation; reinstall smo-gen")


@dataclass(frozen=True)
class Theme:
    """The theme folders in lookup order, most specific first."""

    dirs: tuple[Path, ...]
    template_dirs: tuple[Path, ...]

    @property
    def static_dirs(self) -> list[Path]:
        """Static folders, lowest priority first, so later copies win."""
        return [d / "static" for d in reversed(self.dirs) if (d / "static").is_dir()]

    def find_file(self, name: str) -> Path | None:
        for folder in self.dirs:
            if (folder / name).exists():
                return folder / name
        return None


def load_theme(config: SiteConfig) -> Theme:
    """Resolve `config.theme` to folders on disk."""
    default = default_theme_dir()
    dirs: list[Path] = []
    local = config.site_dir / "themes" / config.theme
    if local.is_dir():
        dirs.append(local.resolve())
    elif config.theme != "default":
        raise ConfigError(
            Problem(
                f"no theme '{config.theme}' in {config.site_dir / 'themes'}",
                path="site.toml",
                key="theme",
                hint="remove the line to use the default theme",
            )
        )
    if default.resolve() not in dirs:
        dirs.append(default.resolve())
    template_dirs = [config.site_dir / "templates"] if (config.site_dir / "templates").is_dir() else []
    template_dirs += [d / "templates" for d in dirs if (d / "templates").is_dir()]
    return Theme(tuple(dirs), tuple(template_dirs))


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


def make_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment that escapes HTML and fails loudly on undefined names."""
    env = jinja2.Environment(
        loader=_TemplateLoader([str(d) for d in theme.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["human_date"] = human_date
    return env


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


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


def list_templates(env: jinja2.Environment) -> Sequence[str]:
    return env.list_templates()
