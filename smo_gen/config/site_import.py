"""`smo-gen import hugo|jekyll|zola DIR`: a site.toml made from another generator's config.

`make_site_toml(generator, data)` is pure: the other generator's settings in, the text of a
site.toml and the settings it could not use out. `find_foreign_config` and `read_foreign_config`
read the disk; the command writes nothing but site.toml and never touches the content.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from smo_gen.config.foreign_configs import CONFIG_FILES
from smo_gen.config.permalink_patterns import NAMED_STYLES, find_pattern_problem
from smo_gen.errors import Problem, SmoError
from smo_gen.urls import is_absolute

PLACEHOLDER_URL = "https://example.com/"
# The folders Jekyll never renders (besides its collections): kept out of the content walk.
_JEKYLL_IGNORED = (
    "_config.yml",
    "_config.yaml",
    "_config.toml",
    "_site",
    "_layouts",
    "_includes",
    "_sass",
    "_data",
    "_plugins",
    "_drafts",
    ".jekyll-cache",
    "node_modules",
    "vendor",
    "Gemfile",
    "Gemfile.lock",
    "*.gemspec",
)


@dataclass(frozen=True)
class Imported:
    """A site.toml's text and what of the other generator's config it could not use."""

    text: str
    unmapped: tuple[str, ...]  # "taxonomies.category: smo-gen builds tag pages only", ...


def find_foreign_config(generator: str, site_dir: Path) -> Path:
    """The config file of `generator` in `site_dir`, in the order the generator looks."""
    for name in CONFIG_FILES[generator]:
        if (site_dir / name).is_file():
            return site_dir / name
    names = ", ".join(CONFIG_FILES[generator])
    raise SmoError(
        Problem(
            f"no {generator.capitalize()} config in {site_dir} (looked for {names})", hint="name the file with --config"
        )
    )


def read_foreign_config(path: Path) -> dict[str, Any]:
    """Parse a TOML, YAML or JSON config file into a table."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SmoError(Problem(f"cannot be read: {exc}", path=str(path))) from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError, ValueError) as exc:
        raise SmoError(
            Problem(f"is not valid {path.suffix.lstrip('.').upper() or 'YAML'}: {exc}", path=str(path))
        ) from None
    if not isinstance(data, dict):
        raise SmoError(Problem("expected a table of settings", path=str(path)))
    return data


class _Settings:
    """The site.toml being made: values by dotted key, and the source keys used."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.values: dict[str, Any] = {}
        self.used: set[str] = set()
        self.notes: list[str] = []

    def get(self, dotted: str) -> Any:
        """The value at `dotted` in the source config (None when absent), marked as used."""
        value: Any = self.data
        for part in dotted.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return None
            value = value[part]
        self.used.add(dotted)
        return value

    def text(self, dotted: str) -> str:
        value = self.get(dotted)
        return value.strip() if isinstance(value, str) else ""

    def set(self, key: str, value: Any) -> None:
        if value not in (None, "", [], {}):
            self.values[key] = value

    def note(self, dotted: str, why: str) -> None:
        self.used.add(dotted)
        self.notes.append(f"{dotted}: {why}")

    def unmapped(self) -> tuple[str, ...]:
        """Every source key not used, as dotted names, with the notes."""
        left: list[str] = []

        def visit(table: Mapping[str, Any], prefix: str) -> None:
            for key, value in table.items():
                dotted = f"{prefix}{key}"
                if dotted in self.used:
                    continue
                if isinstance(value, Mapping) and any(u.startswith(dotted + ".") for u in self.used):
                    visit(value, dotted + ".")
                else:
                    left.append(f"{dotted}: not used by smo-gen")

        visit(self.data, "")
        return tuple(self.notes + left)


def make_site_toml(generator: str, data: Mapping[str, Any], config_name: str = "") -> Imported:
    """The site.toml that builds a site of `generator` configured by `data`.

    `config_name` is the config file's path in the site folder ('' when outside it): a Jekyll
    site's content is that folder, and a config named other than `_config.yml` is kept out of it.
    """
    if generator == "hugo":
        # Hugo reads its keys case-insensitively: 'baseURL' and 'baseurl' are one key.
        settings = _Settings(_lower_keys(data))
        _map_hugo(settings)
    elif generator == "jekyll":
        settings = _Settings(data)
        _map_jekyll(settings)
        ignored = settings.values.get("ignored_content", [])
        if config_name and config_name not in ignored:
            settings.set("ignored_content", [*ignored, config_name])
    else:
        settings = _Settings(data)
        _map_zola(settings)
    return Imported(render_toml(settings.values, generator), settings.unmapped())


def _lower_keys(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {str(key).lower(): _lower_keys(value) for key, value in data.items()}
    return data


def _base_url(settings: _Settings, value: str, key: str) -> None:
    if value and is_absolute(value) and value.startswith(("http://", "https://")):
        settings.set("base_url", value if value.endswith("/") else value + "/")
    else:
        settings.set("base_url", PLACEHOLDER_URL)
        settings.note(key, f"no absolute address ({value!r}); base_url is {PLACEHOLDER_URL}: set the real one")


def _author(settings: _Settings, value: Any, key: str) -> None:
    if isinstance(value, str):
        settings.set("author.name", value.strip())
    elif isinstance(value, Mapping):
        settings.used.discard(key)  # list the keys of the table that are not used
        for field in ("name", "email", "url"):
            if isinstance(value.get(field), str):
                settings.used.add(f"{key}.{field}")
                if field != "url" or value[field].startswith(("http://", "https://")):
                    settings.set(f"author.{field}", value[field].strip())
        handle = value.get("twitter") or value.get("x")
        if isinstance(handle, str):
            settings.used.add(f"{key}.twitter" if "twitter" in value else f"{key}.x")
            settings.set("author.social.x", handle.strip())


def _permalinks(settings: _Settings, table: Mapping[str, Any], key: str, folder_prefix: str = "") -> None:
    for section, pattern in table.items():
        dotted = f"{key}.{section}"
        if not isinstance(pattern, str):
            continue
        settings.used.add(dotted)
        written = NAMED_STYLES.get(pattern, pattern)
        if error := find_pattern_problem(written):
            settings.note(dotted, f"left out: {error}")
        else:
            settings.set(f"permalinks.{folder_prefix}{section}", pattern)


def _map_hugo(settings: _Settings) -> None:
    settings.set("title", settings.text("title"))
    _base_url(settings, settings.text("baseurl"), "baseURL")
    language = settings.text("languagecode") or settings.text("defaultcontentlanguage")
    settings.set("language", language)
    settings.set("description", settings.text("params.description") or settings.text("description"))
    _author(settings, settings.get("params.author") or settings.get("author"), "params.author")
    settings.set("timezone", settings.text("timezone"))
    content_dir = settings.text("contentdir")
    default_language = settings.text("defaultcontentlanguage") or "en"
    languages = settings.data.get("languages")
    if not content_dir and isinstance(languages, Mapping) and isinstance(languages.get(default_language), Mapping):
        content_dir = settings.text(f"languages.{default_language}.contentdir")
        if isinstance(languages, Mapping) and len(languages) > 1:
            settings.note("languages", f"smo-gen builds one language; content_dir is the {default_language!r} one")
    settings.set("content_dir", content_dir)
    settings.set("output_dir", settings.text("publishdir"))
    static = settings.get("staticdir")
    settings.set(
        "static_dir", static[0] if isinstance(static, list) and static else static if isinstance(static, str) else None
    )
    permalinks = settings.get("permalinks")
    if isinstance(permalinks, Mapping):
        settings.used.discard("permalinks")
        page = permalinks.get("page")
        _permalinks(
            settings,
            page if isinstance(page, Mapping) else permalinks,
            "permalinks.page" if isinstance(page, Mapping) else "permalinks",
        )
    # Hugo's RSS feed is index.xml (outputFormats.RSS.baseName changes it): subscribers keep it.
    base_name = settings.text("outputformats.rss.basename") or "index"
    settings.set("feeds.rss_file", base_name + ".xml")
    limit = settings.get("services.rss.limit") or settings.get("rsslimit")
    if isinstance(limit, int) and limit > 0:
        settings.set("feeds.limit", limit)
    handle = settings.text("params.twitter") or settings.text("social.twitter")
    settings.set("social.x_site", handle or None)
    _taxonomies(settings, settings.get("taxonomies"), "taxonomies")


def _taxonomies(settings: _Settings, value: Any, key: str) -> None:
    names = (
        list(value) if isinstance(value, Mapping) else [t.get("name") for t in value] if isinstance(value, list) else []
    )
    others = [str(name) for name in names if isinstance(name, str) and name not in ("tag", "tags")]
    if others:
        settings.note(key, f"smo-gen builds tag pages from 'tags'; not {', '.join(others)}")


def _map_jekyll(settings: _Settings) -> None:
    settings.set("title", settings.text("title"))
    url = settings.text("url")
    base_path = settings.text("baseurl").strip("/")
    _base_url(settings, url.rstrip("/") + ("/" + base_path if base_path else "") if url else "", "url")
    language = settings.text("lang") or settings.text("locale")
    settings.set("language", language.replace("_", "-") if language else None)
    settings.set("description", settings.text("description"))
    _author(settings, settings.get("author"), "author")
    settings.set("timezone", settings.text("timezone"))
    # A Jekyll site's content is the site folder itself: posts, collections and pages side by side.
    settings.set("content_dir", ".")
    exclude = settings.get("exclude")
    excluded = [str(item).rstrip("/") for item in exclude if isinstance(item, str)] if isinstance(exclude, list) else []
    # Jekyll also excludes what starts with an entry ('README' leaves out README.md).
    patterns = [*_JEKYLL_IGNORED, *(f"{item}*" if not any(c in item for c in "*?[") else item for item in excluded)]
    settings.set("ignored_content", list(dict.fromkeys(patterns)))
    settings.set("output_dir", "public")
    # Jekyll's default for posts is its 'date' style; :slug there is Jekyll's, which smo-gen calls :title.
    permalink = settings.text("permalink") or "date"
    _permalinks(settings, {"_posts": permalink.replace(":slug", ":title")}, "permalink")
    settings.used.discard("permalink._posts")
    settings.used.add("permalink")
    collections = settings.get("collections")
    if isinstance(collections, Mapping):
        for name, options in collections.items():
            if isinstance(options, Mapping) and isinstance(options.get("permalink"), str):
                _permalinks(settings, {name: options["permalink"]}, "collections", folder_prefix="_")
    handle = settings.text("twitter.username") or settings.text("twitter_username")
    settings.set("social.x_site", handle or None)
    settings.set("social.facebook_app_id", settings.text("facebook.app_id") or None)


def _map_zola(settings: _Settings) -> None:
    settings.set("title", settings.text("title"))
    _base_url(settings, settings.text("base_url"), "base_url")
    settings.set("language", settings.text("default_language"))
    settings.set("description", settings.text("description"))
    settings.set("author.name", settings.text("author") or settings.text("extra.author"))
    if settings.get("generate_feeds") is False or settings.get("generate_feed") is False:
        settings.set("feeds.formats", [])
    names = settings.get("feed_filenames") or ([settings.get("feed_filename")] if settings.get("feed_filename") else [])
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str):
            settings.set("feeds.atom_file" if "atom" in name else "feeds.rss_file", name)
    # Zola's default is "on": dots in names taken from files become dashes ('0.80.0' -> '0-80-0').
    paths = settings.get("slugify.paths")
    settings.set("slugify_paths", "on" if paths in (None, "on") else None)
    if paths not in (None, "on", "safe", "off"):
        settings.note("slugify.paths", f"'{paths}' is not one of Zola's values; smo-gen keeps dots in names")
    ignored = settings.get("ignored_content")
    settings.set("ignored_content", [str(item) for item in ignored] if isinstance(ignored, list) else None)
    settings.set("output_dir", settings.text("output_dir"))
    _taxonomies(settings, settings.get("taxonomies"), "taxonomies")


def render_toml(values: Mapping[str, Any], generator: str) -> str:
    """The site.toml text: top-level keys first, then one table per dotted prefix."""
    lines = [f"# Made by 'smo-gen import {generator}' from the {generator.capitalize()} config; see README.", ""]
    tables: dict[str, list[str]] = {}
    for dotted, value in values.items():
        table, _, key = dotted.rpartition(".")
        entry = f"{_toml_key(key)} = {_toml_value(value)}"
        if table:
            tables.setdefault(table, []).append(entry)
        else:
            lines.append(entry)
    for table, entries in tables.items():
        lines += ["", f"[{'.'.join(_toml_key(part) for part in table.split('.'))}]", *entries]
    return "\n".join(lines) + "\n"


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else json.dumps(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string: JSON's escapes are TOML's


def unimported_url_settings(site_dir: Path, permalinks: Mapping[str, str]) -> Problem | None:
    """A warning when `site_dir` holds a Hugo or Jekyll config whose URL patterns site.toml lacks.

    A site brought over with a minimal site.toml would otherwise publish its pages at new URLs
    without a word; `smo-gen import` carries the patterns over, and any `[permalinks]` entry for
    those folders (Hugo: any at all) says the author chose, and silences this.
    """
    for generator in ("hugo", "jekyll"):
        for name in CONFIG_FILES[generator]:
            if not (site_dir / name).is_file():
                continue
            try:
                data = read_foreign_config(site_dir / name)
            except SmoError:
                continue  # unreadable or not a table: 'smo-gen import' will say so
            if generator == "hugo":
                keys = {str(key).lower() for key in data}
                missing = "baseurl" in keys and "permalinks" in keys and not permalinks
            else:
                collections = data.get("collections")
                folders = ["_posts"] if "permalink" in data else []
                if isinstance(collections, Mapping):
                    folders += [
                        f"_{c}"
                        for c, options in collections.items()
                        if isinstance(options, Mapping) and "permalink" in options
                    ]
                missing = any(folder not in permalinks for folder in folders)
            if missing:
                return Problem(
                    f"{name} gives pages URL patterns that site.toml lacks: pages are not at the URLs "
                    f"{generator.capitalize()} published them at",
                    path="site.toml",
                    key="permalinks",
                    hint=f"'smo-gen import {generator} . --force' writes them into a new site.toml; "
                    "a [permalinks] entry of your own silences this",
                    severity="warning",
                )
    return None
