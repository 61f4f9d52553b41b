"""Which file a request path names, refusing anything that would leave the served folder.

The raw path is decoded exactly once. Backslashes, NUL bytes and dot segments are refused
(400), whatever their encoding; a double-encoded dot (`%252e`) stays a literal `%2e` after
the single decode and names no file (404). The decoded path is resolved, symlinks
included, and must still lie inside the folder. A folder is served only through its
`index.html`: never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from smo_gen.render.feeds import FEED_FILES

MAX_URL_CHARS = 4096

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
    ".svg": "image/svg+xml; charset=utf-8",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
}
# Every text type names its charset: without it a browser guesses, and "…" shows as "â€¦".
FEED_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
FEED_TYPE_BY_NAME = {name: FEED_TYPES[kind] for kind, name in FEED_FILES.items()}


def content_type_for(path: Path, head: bytes = b"") -> str:
    """The Content-Type for a served file: feeds by their name (or their first bytes), the rest by extension."""
    if path.name in FEED_TYPE_BY_NAME:
        return FEED_TYPE_BY_NAME[path.name]
    suffix = path.suffix.lower()
    if suffix == ".xml":
        start = head[:1024]
        if b"<rss" in start:
            return FEED_TYPES["rss"]
        if b"<feed" in start:
            return FEED_TYPES["atom"]
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


@dataclass(frozen=True)
class Resolved:
    """What to answer: a file with 200, a redirect, or an error status."""

    status: int
    file: Path | None = None
    location: str | None = None


def resolve_request(root_dir: Path, raw_target: str) -> Resolved:
    """Map a request target (`/a/b/?q`) onto a file inside `root_dir`."""
    if len(raw_target) > MAX_URL_CHARS:
        return Resolved(414)
    parts = urlsplit(raw_target)
    raw_path = parts.path
    if not raw_path.startswith("/") or "\\" in raw_path or "%5c" in raw_path.lower():
        return Resolved(400)
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return Resolved(400)
    if "\x00" in path or "\\" in path:
        return Resolved(400)
    segments = path.split("/")
    if any(segment in (".", "..") for segment in segments):
        return Resolved(400)
    rel = [segment for segment in segments if segment]
    root = root_dir.resolve()
    try:
        candidate = root.joinpath(*rel).resolve()
    except (OSError, ValueError):
        return Resolved(404)
    if not candidate.is_relative_to(root):
        return Resolved(404)  # a symlink pointing out of the folder
    if candidate.is_dir():
        if not path.endswith("/"):
            query = f"?{parts.query}" if parts.query else ""
            # One leading slash: '//host/dir' must not become a redirect to another host.
            return Resolved(301, location="/" + raw_path.lstrip("/") + "/" + query)
        index = (candidate / "index.html").resolve()
        if index.is_file() and index.is_relative_to(root):
            return Resolved(200, index)
        return Resolved(404)
    if candidate.is_file():
        return Resolved(200, candidate)
    return Resolved(404)
