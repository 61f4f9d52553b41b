"""Markdown source text to `Page`: front matter validated, body rendered, URL decided.

Front matter keys follow Hugo, Jekyll and Zola where they overlap, so existing content
builds as it is. Keys smo-gen does not know are kept in `page.params` for templates; one
that looks like a typo of a known key gets a warning with a suggestion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from smo_gen.config.fediverse_handles import EXPECTED as FEDIVERSE_FORM
from smo_gen.config.fediverse_handles import parse_fediverse_handle
from smo_gen.config.permalink_patterns import has_tokens
from smo_gen.config.robots_directives import parse_robots, says_noindex
from smo_gen.content.campaigns import parse_audience_overrides, parse_cta, parse_messages
from smo_gen.content.card_overrides import CardOverrides, parse_card_overrides
from smo_gen.content.content_links import ContentLink
from smo_gen.content.discovery import HTML_SUFFIXES
from smo_gen.content.episode import parse_episode
from smo_gen.content.foreign_markup import MarkupValues, has_foreign_markup
from smo_gen.content.frontmatter import FrontMatter, split_front_matter
from smo_gen.content.internal_links import has_source_links
from smo_gen.content.key_typos import PUBLICATION_KEYS, publication_key_slip
from smo_gen.content.markdown import render_html_body, render_markdown
from smo_gen.content.markdown_attributes import open_markdown_blocks
from smo_gen.content.media import parse_media_spec
from smo_gen.content.page import Author, Page, PermalinkFacts
from smo_gen.content.section_keys import SECTION_KEYS, UNUSED_SECTION_KEYS
from smo_gen.content.shortcodes import translate_shortcodes
from smo_gen.dates import DATE_PREFIX, DateError, date_from_path, parse_date
from smo_gen.errors import Problem, did_you_mean
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import describe_value
from smo_gen.urls import check_url_path, normalize_alias_path, normalize_url_path, slugify, slugify_path
from smo_gen.utm import UtmOverrides, parse_utm_overrides

# Other generators' names for the same thing -> our name.
KEY_ALIASES = {
    "summary": "summary",
    "publishdate": "publish_date",
    "publishDate": "publish_date",
    "expirydate": "expiry_date",
    "expiryDate": "expiry_date",
    "expires": "expiry_date",
    "updated": "lastmod",
    "last_modified_at": "lastmod",
    "modified": "lastmod",
    "path": "url",
    "permalink": "url",
    "layout": "template",
    "keywords": "tags",
    "lang": "language",
    "cover": "image",
    "redirect_from": "aliases",  # Jekyll's jekyll-redirect-from
    "excerpt": "summary",  # Jekyll
    "canonicalUrl": "canonical",  # Hugo themes (Docsy, the Kubernetes blog)
    "canonical_url": "canonical",
}
KNOWN_KEYS = {
    "title",
    "description",
    "summary",
    "date",
    "lastmod",
    "publish_date",
    "expiry_date",
    "draft",
    "tags",
    "slug",
    "url",
    "image",
    "image_alt",
    "author",
    "authors",
    "canonical",
    "noindex",
    "robots",
    "fediverse_creator",
    "aliases",
    "template",
    "language",
    "extra",
    "params",
    "taxonomies",
    "categories",
    "category",
    "weight",
    # Read by later stages (audiences, UTM, cards, calls to action, syndication).
    "cta",
    "audiences",
    "utm",
    "campaign",
    "card",
    "message",
    "focal_point",
    "syndicate",
    "video",
    "audio",
    "syndicate_after",
    "syndicate_before",
    "messages",
    "episode",
    "season",
    "episode_type",
    "explicit",  # a podcast episode's (content/episode.py)
}
# Keys whose value is a table: empty, their lines were most likely not indented under them.
_TABLE_KEYS = ("cta", "audiences", "utm", "card", "messages")
# Keys read (for the share image) and kept for templates too, as other generators' themes use them.
_READ_AND_KEPT = frozenset({"images", "header"})
# Minimal Mistakes' (Jekyll) header images, in the order its share tags pick them.
_HEADER_IMAGE_KEYS = ("og_image", "overlay_image", "image", "teaser")
# Characters that XML 1.0 or HTML forbid as text (C0 and C1 controls, Unicode noncharacters);
# they only ever arrive by accident, through escapes such as "\x85" in YAML or TOML strings.
# An absolute http(s) URL that can stand in an attribute as it is (no spaces, quotes or brackets).
_WEB_URL = lazy_pattern(r"^https?://[^/\s<>\"]+[^\s<>\"]*$")
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
NO_VALUES = MarkupValues()
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef" + _NONCHARACTERS + "]")


def _without_controls(text: str) -> str:
    """`text` without `_CONTROL_CHARS`. A printable string holds none of them (they are all
    controls or noncharacters, which str.isprintable() refuses), and asking is ten times as
    fast as the regex: 0.05 ms of a bench page's parse went to it."""
    return text if text.isprintable() else _CONTROL_CHARS.sub("", text)


@dataclass(frozen=True)
class SourceText:
    """A content file's text and where it came from."""

    rel_path: PurePosixPath  # relative to the content folder
    display_path: str  # "content/spring-sale.md"
    text: str
    digest: str


def make_source_text(
    rel_path: PurePosixPath, display_path: str, data: bytes
) -> tuple[SourceText | None, Problem | None]:
    """Decode a content file's bytes as UTF-8 (a byte-order mark is allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, Problem(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=display_path,
            line=line,
            hint="save the file as UTF-8",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(rel_path, display_path, text, hashlib.sha256(data).hexdigest()), None


def parse_page(
    source: SourceText, tz: dt.tzinfo, default_language: str, markup: MarkupValues = NO_VALUES
) -> tuple[Page | None, list[Problem]]:
    """Parse one content file into a Page; problems name the file and line.

    `markup` holds the site's values for other generators' `{{ site.x }}` in the body.
    """
    front, problems = split_front_matter(source.text, source.display_path)
    if front is None:
        return None, problems
    reader = _FrontMatterReader(front, source.display_path, tz)

    title = reader.text("title") or _title_from_path(source.rel_path)
    explicit_slug = reader.text("slug")
    url_value = reader.text("url")
    pattern = url_value if has_tokens(url_value) else ""  # Jekyll: 'permalink: /:categories/:title/'
    if pattern:
        url_value = ""
    url_path = _decide_url_path(source.rel_path, explicit_slug, url_value, reader)
    slug = explicit_slug or PurePosixPath(url_path.rstrip("/") or "/").name or "index"

    is_html = source.rel_path.suffix.lower() in HTML_SUFFIXES  # a page whose body is HTML already
    body = front.body if is_html else open_markdown_blocks(front.body)
    if has_foreign_markup(body):
        page_values = {**front.data, "title": title, "url": url_path, "slug": slug}
        page_params = dict(front.data)
        for container in ("params", "extra"):  # Hugo's .Params and Zola's page.extra
            if isinstance(front.data.get(container), dict):
                page_params.update(front.data[container])
        body, markup_problems = translate_shortcodes(
            body, source.display_path, front.body_line, replace(markup, page=page_values, page_params=page_params)
        )
        problems.extend(markup_problems)
    rendered = render_html_body(body) if is_html else render_markdown(body)
    image, image_key = reader.share_image()
    date = reader.date("date")
    publish_date = reader.date("publish_date")
    if date is None:
        date = publish_date or date_from_path(url_value or str(source.rel_path), tz)

    description = reader.text("description")
    summary = reader.text("summary") or description or rendered.first_paragraph
    categories = reader.terms("categories")
    robots = reader.robots()
    page = Page(
        source_path=source.display_path,
        url_path=url_path,
        slug=slugify(slug) or "index",
        title=title,
        description=description,
        summary=summary,
        body_html=rendered.html,
        source_links=has_source_links(rendered.html),
        links=_in_file(rendered.links, front.body_line),
        date=date,
        lastmod=reader.date("lastmod"),
        publish_date=publish_date,
        expiry_date=reader.date("expiry_date"),
        draft=reader.flag("draft"),
        tags=reader.terms("tags"),
        categories=categories,
        image=image,
        image_key=image_key,
        image_alt=reader.text("image_alt") or None,
        authors=reader.authors(),
        canonical=reader.canonical(),
        noindex=reader.flag("noindex") or says_noindex(robots),
        robots=robots,
        fediverse_creator=reader.fediverse_handle("fediverse_creator", reader.data.get("fediverse_creator")),
        aliases=reader.aliases(),
        template=_template_name(reader.text("template")),
        weight=reader.weight(),
        language=reader.text("language") or None,
        word_count=rendered.word_count,
        message=reader.text("message"),
        campaign=reader.text("campaign") or None,
        cta=parse_cta(reader.data.get("cta"), "cta", reader.problem),
        utm=reader.utm(),
        audience_overrides=parse_audience_overrides(reader.table("audiences"), reader.problem),
        video=parse_media_spec("video", reader.data.get("video"), reader.problem),
        audio=parse_media_spec("audio", reader.data.get("audio"), reader.problem),
        episode=parse_episode(reader.data, reader.problem),
        card=reader.card(),
        focal_point=reader.focal_point(),
        params=reader.params(),
        syndicate_after=reader.date("syndicate_after"),
        syndicate_before=reader.date("syndicate_before"),
        syndicated="syndicate" not in reader.data or reader.flag("syndicate"),
        messages=parse_messages(reader.data.get("messages"), "messages", reader.problem),
        key_lines=reader.key_lines(),
        digest=source.digest,
        permalink=None if url_value else PermalinkFacts(str(source.rel_path), explicit_slug, categories, pattern),
    )
    reader.check_empty_tables()
    problems.extend(reader.problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return page, problems


def _in_file(links: tuple[ContentLink, ...], body_line: int) -> tuple[ContentLink, ...]:
    """`links` with their lines counted in the file rather than in the body."""
    return tuple(link._replace(line=link.line + body_line - 1) for link in links) if body_line > 1 else links


def _title_from_path(rel_path: PurePosixPath) -> str:
    stem = rel_path.parent.name if rel_path.stem in ("index", "_index") else rel_path.stem
    stem = DATE_PREFIX.sub("", stem)
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def _template_name(value: str) -> str:
    if not value:
        return "page.html"
    return value if value.endswith(".html") else value + ".html"


def _decide_url_path(rel_path: PurePosixPath, slug: str, url_value: str, reader: _FrontMatterReader) -> str:
    """A page lives at its `url`, else at its folders plus its slug (file or bundle name)."""
    if url_value:
        if error := check_url_path(url_value):
            reader.problem("url", error)
        else:
            return normalize_url_path(url_value)
    folders = [slugify_path(part) or part for part in rel_path.parent.parts]
    if rel_path.stem in ("index", "_index"):  # a page bundle or a section: the folder is the page
        if folders:
            folders.pop()
        name = slug or rel_path.parent.name
    else:
        name = slug or DATE_PREFIX.sub("", rel_path.stem)
    name_slug = slugify_path(name)
    if slug and not name_slug:
        reader.problem("slug", f"'{slug}' has no letters or digits to make a URL from")
    if not name_slug and not folders:
        return "/"
    # Ending in '/': a page is a folder even when its name looks like a file ('notes.txt.md').
    return normalize_url_path("/".join([*folders, name_slug or "index"]) + "/")


_FOLDED_NAMES = {name.lower(): target for name, target in KEY_ALIASES.items()} | {
    name.lower(): name for name in KNOWN_KEYS
}


def _known_name(key: str) -> str:
    """The name smo-gen reads `key` as: its own, an alias, or (as Hugo, which ignores the
    case of front matter keys: 'Author:', 'PublishDate:') the one it matches but for case."""
    return KEY_ALIASES.get(key) or (key if key in KNOWN_KEYS else _FOLDED_NAMES.get(key.lower(), key))


class _FrontMatterReader:
    """Typed access to front matter values, with aliases resolved and problems located."""

    def __init__(self, front: FrontMatter, path: str, tz: dt.tzinfo) -> None:
        self.front = front
        self.path = path
        self.tz = tz
        self.problems: list[Problem] = []
        self.written_as: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        for key, value in front.data.items():
            name = _known_name(key)
            if name in self.data:
                # Both 'path' and 'url', say: the first written wins, the second is flagged.
                self.problem(name, f"is given twice, as '{self.written_as[name]}' and as '{key}'")
                continue
            self.written_as[name] = key
            try:
                self.data[name] = _without_control_chars(value, {})
            except RecursionError:
                self.problem(name, "is nested too deeply")

    def problem(self, key: str, message: str, hint: str | None = None, severity: str = "error") -> None:
        written = self.written_as.get(key, key)
        self.problems.append(
            Problem(
                message,
                path=self.path,
                line=self.front.line_of(written),
                key=f"front matter: '{written}'",
                hint=hint,
                severity="warning" if severity == "warning" else "error",
            )
        )

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(key, f"expected text, got {describe_value(value)}")
            return ""
        return _without_controls(str(value)).strip()

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if not isinstance(value, bool):
            self.problem(key, f"expected true or false, got {describe_value(value)}")
            return False
        return value

    def date(self, key: str) -> dt.datetime | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_date(value, self.tz)
        except DateError as exc:
            self.problem(key, str(exc))
            return None

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            items = [part for part in value.split(",")]
        elif isinstance(value, list) and all(
            isinstance(item, (str, int, float)) and not isinstance(item, bool) for item in value
        ):
            items = [str(item) for item in value]
        else:
            self.problem(key, f"expected a list of text, got {describe_value(value)}")
            return ()
        cleaned = (_without_controls(item).strip() for item in items)
        return tuple(dict.fromkeys(item for item in cleaned if item))

    def terms(self, key: str) -> tuple[str, ...]:
        """The names a page lists for the taxonomy `key` ("tags" or "categories"), also from Zola's
        `[taxonomies]` table; for categories also Jekyll's `category`, and a `categories` text
        split at spaces as Jekyll splits it."""
        if key == "categories" and isinstance(self.data.get(key), str):
            names = [name for name in _without_controls(self.data[key]).split() if name]
        else:
            names = list(self.string_list(key))
        if key == "categories" and self.data.get("category") is not None:
            single = isinstance(self.data["category"], (str, int, float)) and not isinstance(
                self.data["category"], bool
            )
            names += [self.text("category")] if single else list(self.string_list("category"))
        taxonomies = self.data.get("taxonomies")
        if isinstance(taxonomies, dict) and isinstance(taxonomies.get(key), list):
            for name in taxonomies[key]:
                if isinstance(name, bool) or not isinstance(name, (str, int, float)):
                    self.problem("taxonomies", f"{key}: expected a list of text, got {describe_value(name)} in it")
                elif str(name).strip():
                    names.append(str(name).strip())
        unusable = [name for name in names if not slugify(name)]
        if unusable:
            shown = ", ".join(f"'{name}'" for name in unusable)
            singular = "tag" if key == "tags" else "category"
            self.problem(
                key,
                f"{shown} has no letter or digit to make a {singular} page from; it is left out",
                severity="warning",
            )
        return tuple(dict.fromkeys(name for name in names if slugify(name)))

    def share_image(self) -> tuple[str | None, str]:
        """The image the page names to share, and the key that named it: `image`, else Hugo's
        `images` (the first), else Minimal Mistakes' (Jekyll) `header` image for sharing."""
        if self.data.get("image") is not None:
            return self.text("image") or None, "image"
        images = self.data.get("images")
        if images is not None:
            listed = self.string_list("images") if not isinstance(images, str) else (self.text("images"),)
            if listed:
                return listed[0], "images"
        header = self.data.get("header")
        if isinstance(header, dict):
            for key in _HEADER_IMAGE_KEYS:
                value = header.get(key)
                if isinstance(value, str) and value.strip():
                    return _without_controls(value).strip(), f"header.{key}"
        return None, "image"

    def weight(self) -> int | None:
        value = self.data.get("weight")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem("weight", f"expected a whole number, got {describe_value(value)}")
            return None
        return value

    def table(self, key: str) -> Mapping[str, Any]:
        value = self.data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(key, f"expected a table of settings, got {describe_value(value)}")
            return {}
        return value

    def utm(self) -> UtmOverrides:
        """The page's own UTM templates, checked once here; problems name the 'utm' line."""
        overrides, problems = parse_utm_overrides(
            self.table("utm"), self.path, self.front.line_of(self.written_as.get("utm", "utm"))
        )
        self.problems.extend(problems)
        return overrides

    def card(self) -> CardOverrides:
        """The page's `card`: a layout name or a table, read once; problems name its line."""
        line = self.front.line_of(self.written_as.get("card", "card"))
        return parse_card_overrides(self.data.get("card"), line, self.problem)

    def focal_point(self) -> tuple[float, float] | None:
        value = self.data.get("focal_point")
        if value is None:
            return None
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        try:
            x, y = (float(part) for part in value)
        except (TypeError, ValueError):
            self.problem(
                "focal_point", f"expected two numbers from 0 to 1 such as [0.5, 0.3], got {describe_value(value)}"
            )
            return None
        if not (0 <= x <= 1 and 0 <= y <= 1):
            self.problem("focal_point", f"expected two numbers from 0 to 1 (left-right, top-bottom), got [{x}, {y}]")
            return None
        return (x, y)

    def aliases(self) -> tuple[str, ...]:
        paths = []
        for alias in self.string_list("aliases"):
            if error := check_url_path(alias):
                self.problem("aliases", error)
            else:
                paths.append(normalize_alias_path(alias))
        return tuple(paths)

    def robots(self) -> tuple[str, ...]:
        if self.data.get("robots") is None:
            return ()
        directives, error = parse_robots(self.data["robots"])
        if error:
            self.problem("robots", error)
        return directives

    def fediverse_handle(self, key: str, value: Any, what: str = "") -> str | None:
        """A fediverse account ('@user@instance') given under `key`, or None with a problem."""
        if value is None or value == "":
            return None
        handle, error = (
            parse_fediverse_handle(value)
            if isinstance(value, str)
            else (None, f"expected {FEDIVERSE_FORM}, got {describe_value(value)}")
        )
        if error:
            self.problem(key, what + error, "copy it from the account's author attribution settings")
        return handle

    def canonical(self) -> str | None:
        value = self.text("canonical")
        if value and not _WEB_URL.match(value):
            self.problem("canonical", f"expected an absolute http(s) URL, got '{value}'")
            return None
        return value or None

    def authors(self) -> tuple[Author, ...]:
        raw = self.data.get("authors", self.data.get("author"))
        key = "authors" if "authors" in self.data else "author"
        if raw is None:
            return ()
        entries = raw if isinstance(raw, list) else [raw]
        authors = []
        for entry in entries:
            if isinstance(entry, str) and entry.strip():
                authors.append(_author_from_text(_without_controls(entry).strip()))
            elif isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"].strip():
                x_handle = entry.get("x") or entry.get("twitter")
                fediverse = entry.get("fediverse") or entry.get("mastodon")
                if entry.get("url") is not None and not (
                    isinstance(entry["url"], str) and _WEB_URL.match(entry["url"])
                ):
                    self.problem(
                        key, f"an author's 'url' must be an absolute http(s) URL, got {describe_value(entry['url'])}"
                    )
                authors.append(
                    Author(
                        entry["name"].strip(),
                        url=entry.get("url") if isinstance(entry.get("url"), str) else None,
                        x_handle=_handle(x_handle) if isinstance(x_handle, str) else None,
                        fediverse=self.fediverse_handle(key, fediverse, "an author's 'fediverse' account: "),
                    )
                )
            else:
                self.problem(key, f"expected a name or a table with 'name', got {describe_value(entry)}")
        return tuple(authors)

    def params(self) -> Mapping[str, Any]:
        extra: dict[str, Any] = {}
        for container in ("extra", "params"):
            value = self.data.get(container)
            if isinstance(value, dict):
                extra.update(value)
        spellings = {name: name for name in KNOWN_KEYS} | KEY_ALIASES
        for key, value in self.data.items():
            if key in KNOWN_KEYS:
                continue
            slip = publication_key_slip(key, spellings)
            if slip is not None:
                effect = PUBLICATION_KEYS[spellings[slip]]
                self.problem(key, f"is not a key smo-gen knows, so {effect}", f"did you mean '{slip}'? rename the key")
                continue
            suggestion = did_you_mean(key, KNOWN_KEYS | set(KEY_ALIASES))
            if suggestion and key not in SECTION_KEYS and key not in UNUSED_SECTION_KEYS and key not in _READ_AND_KEPT:
                self.problem(
                    key, "is not a key smo-gen knows; kept for templates as page.params", suggestion, "warning"
                )
            extra[key] = value
        return extra

    def check_empty_tables(self) -> None:
        """A key that takes a table, written with nothing under it: its lines were not indented."""
        for key in _TABLE_KEYS:
            if key in self.data and self.data[key] is None:
                self.problem(
                    key, "has nothing under it", "indent the lines that belong to it by two spaces, or remove the key"
                )

    def key_lines(self) -> Mapping[str, int]:
        lines = {}
        for name, written in self.written_as.items():
            line = self.front.line_of(written)
            if line is not None:
                lines[name] = line
        # Per-audience keys, so a variant's own image or call to action is blamed on its line.
        audiences = self.data.get("audiences")
        for audience, overrides in audiences.items() if isinstance(audiences, dict) else ():
            for key in ("", *(overrides if isinstance(overrides, dict) else ())):
                dotted = f"audiences.{audience}" + (f".{key}" if key else "")
                line = self.front.line_of(f"{self.written_as['audiences']}.{audience}" + (f".{key}" if key else ""))
                if line is not None:
                    lines[dotted] = line
        return lines


def _without_control_chars(value: Any, done: dict[int, Any]) -> Any:
    """`value` with `_CONTROL_CHARS` removed from every string in it, keys included.

    `done` keeps YAML aliases shared, so a "billion laughs" document is not expanded.
    """
    if isinstance(value, str):
        return _without_controls(value)
    if not isinstance(value, (list, dict)):
        return value
    if id(value) not in done:
        if isinstance(value, list):
            done[id(value)] = [_without_control_chars(item, done) for item in value]
        else:
            done[id(value)] = {
                _without_control_chars(key, done): _without_control_chars(item, done) for key, item in value.items()
            }
    return done[id(value)]


# A Markdown link in an author line, as Hugo sites write it for their themes to markdownify.
_MARKDOWN_LINK = lazy_pattern(r"\[([^\[\]]+)\]\((https?://[^\s()]+)\)")


def _author_from_text(text: str) -> Author:
    """An author line; its Markdown links become their words ('[Ann](https://a.example) (ACME)' -> 'Ann (ACME)').

    A line with one link credits that link's address; several people in one line keep the words only.
    """
    links = _MARKDOWN_LINK.findall(text)
    if not links:
        return Author(text)
    name = " ".join(_MARKDOWN_LINK.sub(r"\1", text).split())
    return Author(name, url=links[0][1] if len(links) == 1 else None)


def _handle(value: str) -> str:
    value = value.strip()
    return value if value.startswith("@") else "@" + value
