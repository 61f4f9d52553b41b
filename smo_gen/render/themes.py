"""Finding themes: the folders a site's templates, static files and card layout come from.

Templates are looked up in a chain: the site's own `templates/` folder, then the chosen
theme, then the default theme, so a site overrides one file without copying the rest. (`templating` makes the Jinja
environment over them.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from smo_gen.config.site_config import SiteConfig
from smo_gen.errors import ConfigError, Problem
from smo_gen.installation import PACKAGE_DIR


def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or in the source checkout."""
    for candidate in (PACKAGE_DIR / "themes" / "default", PACKAGE_DIR.parent / "themes" / "default"):
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
