"""Slugs, site paths and absolute URLs.

A *site path* is what a page lives at, relative to the site root: "/spring-sale/" or "/".
It may hold non-ASCII letters; `absolute_url` percent-encodes them so every URL we emit is a
valid URI.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote, urljoin, urlsplit

from smo_gen.path_names import check_segments
from smo_gen.patterns import lazy_pattern

_DASHES = lazy_pattern(r"-{2,}")
# Names that Windows refuses for any file, whatever the extension.
_RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_ILLEGAL_CHARS = set('<>:"\\|?*')
_STRAY_PERCENT = lazy_pattern(r"%(?![0-9A-Fa-f]{2})")  # a '%' that starts no escape
# What `absolute_url` leaves as it is: unreserved and allowed characters, without '%'.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/\-._~!$&'()*+,;=:@]*")


_ASCII_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=16384)
def slugify(text: str) -> str:
    """Lower-case, dash-separated form of `text` for URLs and file names.

    Accents are dropped from Latin letters ("Café" -> "cafe"); other scripts are kept
    ("Καλοκαίρι" -> "καλοκαιρι") because a readable non-Latin URL beats a transliteration.
    """
    if text.isascii():
        # Most headings and tags: no accents to fold, so a regex is all it takes.
        slug = _ASCII_NON_WORD.sub("-", text.lower()).strip("-")
        return slug + "-page" if slug in _RESERVED_NAMES else slug
    kept: list[str] = []
    base = " "  # a mark before any letter belongs to none (and unicodedata.name("") raises)
    for ch in unicodedata.normalize("NFKD", text):
        if not unicodedata.combining(ch):
            base = ch
        elif not base.isalnum() or unicodedata.name(base, "").startswith(("LATIN", "GREEK")):
            # An accent on a Latin or Greek letter, or on no letter; elsewhere (ガ, й, हि) the mark is the letter.
            continue
        kept.append(ch)
    folded = unicodedata.normalize("NFC", "".join(kept)).lower()
    # Combining marks (Devanagari vowel signs, virama) are part of a word, though not alphanumeric.
    word = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else "-" for ch in folded)
    slug = _DASHES.sub("-", word).strip("-")
    if slug in _RESERVED_NAMES:
        slug += "-page"
    return slug


def slugify_path(text: str) -> str:
    """`slugify` for a URL segment made from a file or folder name: dots between words stay.

    Hugo keeps them, so 'content/news/0.80.0-relnotes.md' lives at '/news/0.80.0-relnotes/'
    and 'Rust 1.38.0' becomes 'rust-1.38.0'; a leading or trailing dot goes.
    """
    return ".".join(part for part in (slugify(piece) for piece in text.split(".")) if part)


def check_url_path(value: str) -> str | None:
    """Return why `value` cannot be a page's `url`, or None when it is safe to write."""
    if "\\" in value:
        return f"'{value}' contains a backslash; use '/' between folders"
    if "://" in value or value.startswith("//"):
        return f"'{value}' is a full URL; give a path on this site such as '/spring-sale/'"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return f"{value!r} contains control characters"
    if "%" in value:
        # The file would be named with a literal '%', which servers answer at '%25...'.
        return f"'{value}' contains '%'; write the characters themselves, smo-gen percent-encodes URLs"
    segments = [s for s in value.split("/") if s]
    for segment in segments:
        if segment in (".", ".."):
            return f"'{value}' contains '{segment}'; a page cannot point outside the site"
        bad = sorted(_ILLEGAL_CHARS.intersection(segment))
        if bad:
            return f"'{value}' contains {' '.join(bad)}, which some file systems do not allow"
        if segment.split(".")[0].lower() in _RESERVED_NAMES:
            return f"'{value}' uses the reserved name '{segment}', which Windows cannot store"
        if segment.endswith((".", " ")):
            return f"'{value}' has a folder or file name ending in a dot or space"
    return check_segments(value)


# The extensions that make the last segment of a page's `url` (or alias) a file rather than a
# folder: what a web server serves by name. Anything else with a dot ('Rust-1.38.0',
# 'releases/1.38.0', 'v2.0-notes') is a folder holding index.html, as in Hugo and Zola; written
# as a file it would have no extension, and hosts would serve it as application/octet-stream.
FILE_EXTENSIONS = frozenset(
    {
        # pages and text
        "html",
        "htm",
        "xhtml",
        "xml",
        "json",
        "jsonld",
        "txt",
        "csv",
        "ics",
        "vcf",
        # feeds and manifests
        "rss",
        "atom",
        "rdf",
        "webmanifest",
        "opml",
        "xsl",
        "xslt",
        # styles, scripts and fonts
        "css",
        "js",
        "mjs",
        "map",
        "wasm",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        # images
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "avif",
        "svg",
        "ico",
        "bmp",
        "tif",
        "tiff",
        "heic",
        # audio and video
        "mp3",
        "m4a",
        "ogg",
        "oga",
        "opus",
        "wav",
        "flac",
        "aac",
        "mp4",
        "m4v",
        "webm",
        "ogv",
        "mov",
        "vtt",
        "srt",
        # documents and downloads
        "pdf",
        "epub",
        "zip",
        "gz",
        "tgz",
        "tar",
        "asc",
        "sig",
        "pub",
        "gpg",
    }
)


def is_file_name(segment: str) -> bool:
    """Whether a URL's last segment names a file: it ends in one of `FILE_EXTENSIONS`."""
    stem, dot, extension = segment.rpartition(".")
    return bool(dot and stem) and extension.lower() in FILE_EXTENSIONS


def normalize_url_path(value: str) -> str:
    """'/a/b', 'a/b/' -> '/a/b/'; a path ending in a file name ('/a/b.html') keeps it.

    Only a served extension (`FILE_EXTENSIONS`) makes a file: '/2019/09/26/Rust-1.38.0' is
    the folder '/2019/09/26/Rust-1.38.0/'.
    """
    segments = [s for s in value.strip().split("/") if s]
    if not segments:
        return "/"
    path = "/" + "/".join(segments)
    is_file = is_file_name(segments[-1]) and not value.strip().endswith("/")
    return path if is_file else path + "/"


def normalize_alias_path(value: str) -> str:
    """An old path that redirects to a page: a file only when it ends in '.html' or '.htm'.

    The redirect is an HTML page, which a browser follows only when served as HTML; Hugo and
    Zola write every other alias ('releases/1.38.0', 'notes.md') as a folder too.
    """
    path = normalize_url_path(value)
    if path.endswith("/") or path.lower().endswith((".html", ".htm")):
        return path
    return path + "/"


def output_file_for(url_path: str) -> str:
    """The file (relative to the output folder) that serves `url_path`."""
    if url_path.endswith("/"):
        return url_path.lstrip("/") + "index.html"
    return url_path.lstrip("/")


def encode_path(url_path: str) -> str:
    """`url_path` percent-encoded where a URI cannot hold it as written ('/edge case/' -> '/edge%20case/').

    Jekyll's `:categories` and file names keep spaces and other characters in the folder names
    written to disk; an href must carry them encoded, as Jekyll's own links do.
    """
    if _PLAIN_PATH.fullmatch(url_path):
        return url_path  # nothing to encode: most paths (quote costs 2 us a call)
    return _STRAY_PERCENT.sub("%25", quote(url_path, safe="/-._~!$&'()*+,;=:@%"))


def absolute_url(base_url: str, url_path: str) -> str:
    """Join a site path onto the base URL, percent-encoding what a URI cannot hold."""
    return base_url.rstrip("/") + encode_path(url_path)


def is_absolute(url: str) -> bool:
    if ":" not in url:
        return url.startswith("//")  # no scheme without a colon: skip parsing (asked once a page)
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


# The attributes whose values are links, and the last letter of each (see `_url_attribute_values`).
_URL_ATTRIBUTES = ("href", "srcset", "src", "poster", "cite")
_URL_ATTRIBUTE_ENDS = frozenset(name[-1] for name in _URL_ATTRIBUTES)
_DOT_SEGMENT = lazy_pattern(r"/\.\.?(?:[/?#]|$)")  # '/./' or '/../', which urljoin removes


def make_links_absolute(html: str, page_url: str) -> str:
    """Resolve every relative href/src/srcset in `html` against the page's absolute URL.

    Feed readers show content away from the page, where relative links would break; even a
    bare '#fn1' footnote link points at the page, since the reader has no such anchor.
    """

    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}"

    def resolve(url: str) -> str:
        stripped = url.strip()
        if not stripped or stripped.startswith(("data:", "mailto:", "tel:", "javascript:", "http://", "https://")):
            return url  # nothing to resolve (and an absolute link is left exactly as written)
        # Fast paths for the two common relative forms; urljoin (slow) for the rest.
        if stripped[0] == "#":
            return page_url + stripped
        if stripped[0] == "/" and not stripped.startswith("//") and not _DOT_SEGMENT.search(stripped):
            return origin + stripped
        return urljoin(page_url, stripped)

    def resolve_srcset(value: str) -> str:
        candidates = []
        for candidate in value.split(","):
            parts = candidate.strip().split(None, 1)
            if parts:
                parts[0] = resolve(parts[0])
                candidates.append(" ".join(parts))
        return ", ".join(candidates)

    pieces: list[str] = []
    written = 0
    for name, start, end in _url_attribute_values(html):
        value = html[start:end]
        pieces += (html[written:start], resolve_srcset(value) if name == "srcset" else resolve(value))
        written = end
    if not pieces:
        return html
    pieces.append(html[written:])
    return "".join(pieces)


def _url_attribute_values(html: str) -> Iterator[tuple[str, int, int]]:
    """The name, start and end of each quoted href/src/srcset/poster/cite value in `html`:
    what re.finditer finds with the pattern
    `\\s(href|src|srcset|poster|cite)\\s*=\\s*(?:"([^"]*)"|'([^']*)')`.

    That pattern looked for a space at every character of every page (~90 us a page, a third
    of the feeds' shared work); here str.find goes from '=' to '=' (thirty a page, most of
    them `class=`, refused at the letter before) and looks around each. Markdown-it escapes
    quotes in text as &quot;, so a quoted attribute can only be markup.
    """
    position = 0
    while (equals := html.find("=", position)) != -1:
        position = equals + 1
        end = equals  # of the name, before any space
        while end and html[end - 1].isspace():  # str.isspace() is exactly the pattern's \\s
            end -= 1
        if not end or html[end - 1] not in _URL_ATTRIBUTE_ENDS:
            continue
        name = next((n for n in _URL_ATTRIBUTES if end > len(n) and html.startswith(n, end - len(n), end)), None)
        if name is None or not html[end - len(name) - 1].isspace():
            continue
        opening = equals + 1
        while opening < len(html) and html[opening].isspace():
            opening += 1
        if opening == len(html) or html[opening] not in "\"'":
            continue
        closing = html.find(html[opening], opening + 1)
        if closing == -1:
            continue  # no closing quote: no value
        yield name, opening + 1, closing
        position = closing + 1


def safe_url(url: str | None, schemes: tuple[str, ...] = ("https",)) -> str | None:
    """`url` when it is an absolute URL with one of `schemes` and nothing odd in it, else None.

    For addresses that came from elsewhere (a network's answer, a committed ledger) before a page links them.
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ch in "\"'<>`\\" or not ch.isprintable() for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in schemes or not parts.netloc or "@" in parts.netloc:
        return None
    return url
