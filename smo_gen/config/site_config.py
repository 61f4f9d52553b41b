"""The site configuration: `site.toml` parsed into a frozen, validated `SiteConfig`.

`parse_config(text)` is pure and collects every problem before failing; `load_config(path)`
is the only function here that touches the disk.
"""

from __future__ import annotations

import functools
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from smo_gen.config.content_skip import Skip, make_skip
from smo_gen.config.permalink_patterns import parse_permalinks
from smo_gen.config.podcast_settings import PodcastConfig, parse_podcasts
from smo_gen.config.robots_directives import DEFAULT_ROBOTS, parse_robots
from smo_gen.errors import ConfigError, Problem
from smo_gen.schema import TableReader, describe_value, make_toml_line_finder, split_toml_error
from smo_gen.urls import is_file_name

CONFIG_NAME = "site.toml"
# The site's own files beside site.toml, which are never content (the ledgers of syndicate,
# feedback and ping).
_SITE_FILES = (CONFIG_NAME, "syndication.json", "feedback.json", "websub.json")
FEED_FORMATS = ("rss", "atom", "json")
# The feed file names, in the home page's and every section's and tag's folder.
DEFAULT_FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
DEFAULT_FEED_LIMIT = 50
# Files of the site's root that a feed may not be named after.
_NOT_FEED_NAMES = {"index.html", "404.html", "sitemap.xml", "robots.txt", "manifest.json"}


@dataclass(frozen=True)
class AuthorConfig:
    """The site's default author: who wrote the pages unless a page says otherwise."""

    name: str = ""
    url: str | None = None
    email: str | None = None
    # Network name -> handle, e.g. {"x": "@acme", "mastodon": "@acme@mastodon.social"}.
    social: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FeedConfig:
    """Which feeds to write and what goes in them."""

    formats: tuple[str, ...] = FEED_FORMATS
    # Flipboard asks for 30 items or more; 50 keeps a weekly series' year in the feed.
    limit: int = DEFAULT_FEED_LIMIT
    full_content: bool = True
    per_tag: bool = True
    per_category: bool = True
    per_section: bool = True
    # Feed kind -> file name: Hugo names its RSS feed 'index.xml', Zola its Atom feed 'atom.xml'.
    files: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FEED_FILES))
    # The pictures feed readers show for the feed (RSS <image>, Atom icon/logo, JSON Feed icon and
    # favicon): absolute paths of files beside site.toml or under static/; else [brand] logo.
    icon: Path | None = None
    logo: Path | None = None


@dataclass(frozen=True)
class SocialConfig:
    """Site-wide social metadata defaults."""

    x_site: str | None = None
    facebook_app_id: str | None = None
    default_image: str | None = None
    default_image_alt: str | None = None
    locale: str | None = None
    robots: tuple[str, ...] = DEFAULT_ROBOTS  # every indexable page's robots meta (see config/robots_directives.py)
    fediverse_creator: str | None = None  # '@user@instance': Mastodon's author attribution


@dataclass(frozen=True)
class BrandConfig:
    """The site's `[brand]`: what the default card layouts (and templates, as `site.brand`) draw with.

    Colours are '#rrggbb'. `logo` and `font` are absolute paths when found beside site.toml or
    under static/; a `font` found in neither is looked up in the theme by the cards stage
    (`font_name` keeps what was written, `font_line` where).
    """

    logo: Path | None = None
    logo_url: str | None = None  # its site path ("/images/logo.png") when it is under static/
    accent: str | None = None
    background: str | None = None
    font: Path | None = None
    font_name: str | None = None
    font_line: int | None = None


@dataclass(frozen=True)
class SiteConfig:
    """Everything `site.toml` says, validated. Paths are absolute."""

    title: str
    base_url: str  # absolute, always ends with "/"
    site_dir: Path
    language: str = "en"
    description: str = ""
    author: AuthorConfig = field(default_factory=AuthorConfig)
    timezone: str = "UTC"
    theme: str = "default"
    output_dir: Path = Path("public")
    content_dir: Path = Path("content")
    static_dir: Path = Path("static")
    cache_dir: Path = Path(".smo-cache")
    # Files copied as they are (static/, bundles' files, cards) are hard-linked instead: see README.
    hard_link_static: bool = False
    strict: bool = False  # warnings fail `smo-gen build` (CI): see README
    # Entries per page of the home page, section and tag lists (0: one page each); see README.
    paginate_by: int = 0
    # Glob patterns of content files and folders to leave out (Zola's name; Jekyll's 'exclude').
    ignored_content: tuple[str, ...] = ()
    # Zola's [slugify] paths: "on" makes dashes of the dots in names taken from files ('1.2-notes' -> '1-2-notes').
    slugify_paths: str = "safe"
    feeds: FeedConfig = field(default_factory=FeedConfig)
    social: SocialConfig = field(default_factory=SocialConfig)
    brand: BrandConfig = field(default_factory=BrandConfig)
    # [podcasts.<section>]: the sections whose RSS feed is a podcast (see config/podcast_settings.py).
    podcasts: tuple[PodcastConfig, ...] = ()
    # Content folder ("blog", "_posts") -> URL pattern ("/:year/:month/:slug/"): see content/permalinks.py.
    permalinks: Mapping[str, str] = field(default_factory=dict)
    # [extra] (or Hugo's [params]): the site's own values, for templates and `{{ site.x }}` in pages.
    extra: Mapping[str, Any] = field(default_factory=dict)
    # Sections owned by later stages (cards, utm, share, audiences), kept raw and parsed by them.
    sections: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""  # the file's text, so later stages can locate their keys by line

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def og_locale(self) -> str | None:
        # Imported here, as below: a build with nothing changed reads the config but never needs the
        # language, account or syntax-error tables, and compiling their patterns was a twentieth of it.
        from smo_gen.config.language_tags import og_locale_for

        return self.social.locale or og_locale_for(self.language)

    def content_skip(self) -> Skip:
        """What the content walk leaves out: `ignored_content`, and the site's own files and
        folders when the content folder holds them (content_dir = "." as for Jekyll), so the
        output is never read back as content, nor site.toml and the ledgers published."""
        own = [self.output_dir, self.cache_dir, *(self.site_dir / name for name in _SITE_FILES)]
        inside = [
            path.relative_to(self.content_dir).as_posix() for path in own if path.is_relative_to(self.content_dir)
        ]
        return make_skip([rel for rel in inside if rel != "."], self.ignored_content)

    def with_base_url(self, base_url: str) -> SiteConfig:
        """The same site served from another address (preview deployments, `serve`)."""
        problem = check_base_url(base_url)
        if problem:
            raise ConfigError(Problem(problem, key="--base-url"))
        return replace(self, base_url=normalize_base_url(base_url))

    def with_output_dir(self, output_dir: Path) -> SiteConfig:
        return replace(self, output_dir=output_dir.resolve())


@functools.lru_cache(maxsize=256)  # asked for the content folder once a page
def display_path(path: Path, site_dir: Path) -> str:
    """`path` as people see it in messages: relative to the site folder when inside it."""
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return str(path)


def check_base_url(value: str) -> str | None:
    """Return why `value` is not a usable base URL, or None when it is."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"expected an absolute http(s) URL such as 'https://example.com/', got '{value}'"
    if parts.query or parts.fragment:
        return f"a base URL cannot have a query or fragment, got '{value}'"
    return None


def normalize_base_url(value: str) -> str:
    return value if value.endswith("/") else value + "/"


# Keys whose tables belong to other modules; parse_config only checks they are tables.
OWNED_SECTIONS = ("cards", "utm", "share", "audiences", "targets", "websub", "feedback", "link_check", "short_links")
# The tables only `smo-gen syndicate` and `smo-gen feedback` read: no page, feed or list shows them.
UNBUILT_SECTIONS = frozenset({"targets", "feedback", "link_check"})
# Fields that change how a build writes, not what: the writer keys copies by the mode itself.
UNBUILT_FIELDS = frozenset({"text", "sections", "hard_link_static", "strict"})


def built_settings(config: SiteConfig) -> dict[str, Any]:
    """The settings a build's output can depend on, as parsed values.

    Incremental builds key every output by them, so a comment, the file's layout, or a change
    to the syndication targets or feedback settings re-renders nothing. A field added to
    SiteConfig counts here without further ado.
    """
    settings = {item.name: getattr(config, item.name) for item in fields(config) if item.name not in UNBUILT_FIELDS}
    settings["sections"] = {name: table for name, table in config.sections.items() if name not in UNBUILT_SECTIONS}
    return settings


def parse_config(text: str, site_dir: Path, path: str = CONFIG_NAME) -> SiteConfig:
    """Parse the text of `site.toml`; raise ConfigError listing every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_syntax_problem(exc, path, text)) from None
    problems: list[Problem] = []
    root = TableReader(data, path=path, problems=problems, line_of=make_toml_line_finder(text))

    title = root.string("title")
    if not title:
        root.problem("title", "is required", 'add a line such as: title = "Acme Drinks"')
    base_url = root.string("base_url")
    if not base_url:
        root.problem("base_url", "is required", 'add a line such as: base_url = "https://example.com/"')
    elif error := check_base_url(base_url):
        root.problem("base_url", error)

    timezone = root.string("timezone", "UTC")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        root.problem("timezone", f"'{timezone}' is not an IANA time zone", "for example 'Europe/Berlin' or 'UTC'")
        timezone = "UTC"

    author = _parse_author(root.subtable("author"))
    social = _parse_social(root.subtable("social"))
    static_dir = _site_path(site_dir, root.string("static_dir", "static"))
    feeds = _parse_feeds(root.subtable("feeds"), site_dir.resolve(), static_dir.resolve())
    podcasts = parse_podcasts(root.subtable("podcasts"))
    brand = _parse_brand(root.subtable("brand"), site_dir.resolve(), static_dir.resolve())
    permalinks_table = root.subtable("permalinks")
    permalinks = parse_permalinks(permalinks_table.table, permalinks_table.problem)
    permalinks_table.seen.update(permalinks_table.table)
    sections: dict[str, Any] = {name: dict(root.subtable(name).table) for name in OWNED_SECTIONS if name != "targets"}
    # Syndication targets may be a table of named tables or an array of tables ([[targets]]).
    targets = root.raw("targets")
    sections["targets"] = targets if isinstance(targets, (dict, list)) else {}
    if not root.has("short_links"):
        del sections["short_links"]  # an empty [short_links] table turns them on: absent is not empty
    if targets is not None and not isinstance(targets, (dict, list)):
        root.problem("targets", "expected [targets.NAME] tables or [[targets]] entries")

    config = SiteConfig(
        title=title,
        base_url=normalize_base_url(base_url) if base_url else "https://example.invalid/",
        site_dir=site_dir.resolve(),
        language=root.string("language", "en"),
        description=root.string("description"),
        author=author,
        timezone=timezone,
        theme=root.string("theme", "default"),
        output_dir=_site_path(site_dir, root.string("output_dir", "public")),
        content_dir=_site_path(site_dir, root.string("content_dir", "content")),
        static_dir=static_dir,
        cache_dir=_site_path(site_dir, root.string("cache_dir", ".smo-cache")),
        hard_link_static=root.boolean("hard_link_static", False),
        strict=root.boolean("strict", False),
        paginate_by=root.integer("paginate_by", 0, minimum=0),
        ignored_content=root.string_list("ignored_content"),
        slugify_paths=root.choice("slugify_paths", "safe", ("safe", "on")),
        feeds=feeds,
        social=social,
        brand=brand,
        podcasts=podcasts,
        permalinks=permalinks,
        extra=_parse_extra(root),
        sections=sections,
        text=text,
    )
    root.finish()
    if config.output_dir in (config.site_dir, config.content_dir, config.static_dir):
        root.problem("output_dir", "must be a folder of its own, not the site, content or static folder")
    if problems:
        raise ConfigError(problems)
    return config


def load_config(site_dir: Path, config_path: Path | None = None) -> SiteConfig:
    """Read and parse `site.toml` from `site_dir` (or `config_path`)."""
    path = config_path or site_dir / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            Problem(
                f"no {path.name} in {site_dir}",
                hint="run the command inside a site folder, or create one with: smo-gen new site NAME",
            )
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(Problem("is not UTF-8 text", path=path.name)) from None
    return parse_config(text, site_dir, path.name)


def _site_path(site_dir: Path, value: str) -> Path:
    return (site_dir / value).resolve()


def _parse_extra(root: TableReader) -> dict[str, Any]:
    """[params] and [extra] together (Hugo's and Zola's names); [extra] wins where both say."""
    extra: dict[str, Any] = {}
    for key in ("params", "extra"):
        value = root.raw(key)
        if isinstance(value, dict):
            extra.update(value)
        elif value is not None:
            root.problem(key, f"expected a table, got {describe_value(value)}")
    return extra


def _parse_author(table: TableReader) -> AuthorConfig:
    social = table.subtable("social")
    handles = {key: social.string(key) for key in social.table}
    if handles.get("x") and not handles["x"].startswith("@"):
        handles["x"] = "@" + handles["x"]  # as for social.x_site: X wants the '@' in twitter:creator
    author = AuthorConfig(
        name=table.string("name"),
        url=table.optional_string("url"),
        email=table.optional_string("email"),
        social={k: v for k, v in handles.items() if v},
    )
    table.finish()
    return author


def _parse_feeds(table: TableReader, site_dir: Path, static_dir: Path) -> FeedConfig:
    formats = table.string_list("formats", FEED_FORMATS)
    for name in formats:
        if name not in FEED_FORMATS:
            table.problem("formats", f"unknown feed format '{name}'; expected some of {', '.join(FEED_FORMATS)}")
    feeds = FeedConfig(
        formats=tuple(f for f in formats if f in FEED_FORMATS),
        limit=table.integer("limit", DEFAULT_FEED_LIMIT, minimum=1),
        full_content=table.boolean("full_content", True),
        per_tag=table.boolean("per_tag", True),
        per_category=table.boolean("per_category", True),
        per_section=table.boolean("per_section", True),
        files=_parse_feed_files(table),
        icon=_feed_picture(table, "icon", site_dir, static_dir),
        logo=_feed_picture(table, "logo", site_dir, static_dir),
    )
    table.finish()
    return feeds


def _feed_picture(table: TableReader, key: str, site_dir: Path, static_dir: Path) -> Path | None:
    name = table.optional_string(key)
    if name is None:
        return None
    path = _brand_file(name, site_dir, static_dir)
    if path is None:
        table.problem(key, f"file not found: {name}", f"put the image beside site.toml or under {static_dir}")
    return path


def _parse_feed_files(table: TableReader) -> dict[str, str]:
    """`rss_file`, `atom_file`, `json_file`: plain file names, each its own."""
    files: dict[str, str] = {}
    for kind, default in DEFAULT_FEED_FILES.items():
        key = f"{kind}_file"
        name = table.string(key, default)
        if "/" in name or "\\" in name or not is_file_name(name):
            table.problem(key, f"expected a file name such as '{default}' or 'index.xml', got '{name}'")
            name = default
        elif name in _NOT_FEED_NAMES:
            table.problem(key, f"'{name}' is a file smo-gen writes for something else; choose another name")
            name = default
        elif name in files.values():
            table.problem(key, f"'{name}' is already the name of another feed")
            name = default
        files[kind] = name
    return files


def _parse_social(table: TableReader) -> SocialConfig:
    x_site = table.optional_string("x_site")
    if x_site and not x_site.startswith("@"):
        x_site = "@" + x_site
    social = SocialConfig(
        x_site=x_site,
        facebook_app_id=table.optional_string("facebook_app_id"),
        default_image=table.optional_string("default_image"),
        default_image_alt=table.optional_string("default_image_alt"),
        locale=table.optional_string("locale"),
        robots=_social_robots(table),
        fediverse_creator=_social_fediverse_creator(table),
    )
    table.finish()
    return social


def _social_robots(table: TableReader) -> tuple[str, ...]:
    if not table.has("robots"):
        return DEFAULT_ROBOTS
    directives, error = parse_robots(table.raw("robots"))
    if error:
        table.problem("robots", error)
        return DEFAULT_ROBOTS
    return directives


def _social_fediverse_creator(table: TableReader) -> str | None:
    value = table.optional_string("fediverse_creator")
    if not value:
        return None
    from smo_gen.config.fediverse_handles import parse_fediverse_handle

    handle, error = parse_fediverse_handle(value)
    if error:
        table.problem("fediverse_creator", error, "copy it from your profile's author attribution settings")
    return handle


def _parse_brand(table: TableReader, site_dir: Path, static_dir: Path) -> BrandConfig:
    colours = {key: _brand_colour(table, key) for key in ("accent", "background")}
    logo = logo_url = None
    if logo_name := table.optional_string("logo"):
        logo = _brand_file(logo_name, site_dir, static_dir)
        if logo is None:
            table.problem(
                "logo", f"file not found: {logo_name}", f"put the image under {static_dir} and name it from there"
            )
        elif logo.is_relative_to(static_dir):
            logo_url = "/" + logo.relative_to(static_dir).as_posix()
    font_name = table.optional_string("font")
    font = _brand_file(font_name, site_dir, static_dir) if font_name else None
    brand = BrandConfig(
        logo, logo_url, colours["accent"], colours["background"], font, font_name, table.line_of(table.key_name("font"))
    )
    table.finish()
    return brand


def _brand_colour(table: TableReader, key: str) -> str | None:
    value = table.optional_string(key)
    if value is None:
        return None
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):  # CSS's short form: '#0bd' is '#00bbdd'
        value = "#" + "".join(digit * 2 for digit in value[1:])
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        table.problem(key, f"expected a colour like '#0b5cad', got {value!r}", "six hexadecimal digits after '#'")
        return None
    return value.lower()


def _brand_file(name: str, site_dir: Path, static_dir: Path) -> Path | None:
    """`name` beside site.toml, else under static/; None when it is in neither."""
    for base in (site_dir, static_dir):
        path = (base / name).resolve()
        if path.is_file():
            return path
    return None


def _toml_syntax_problem(exc: tomllib.TOMLDecodeError, path: str, text: str) -> Problem:
    from smo_gen.syntax_errors import explain_toml_error

    message, line = split_toml_error(exc)
    slip = explain_toml_error(text, message, line, front_matter=False)
    return Problem(slip.message, path=path, line=slip.line if line is not None else None, hint=slip.hint)
