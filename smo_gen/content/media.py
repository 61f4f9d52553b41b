"""Video and audio on campaign pages: a file of the site, or a page on a video platform.

Front matter `video` / `audio` is a path or URL, or a table {url, width, height, type,
poster, title}. Local files are measured (bytes, and an MP4's width, height and duration
read from its boxes), never typed in by hand. Platform URLs (YouTube, Vimeo, PeerTube)
become privacy-preserving embed URLs for og:video and the X player card; the page itself
shows a poster and a link, so nothing loads from the platform until the reader asks.
"""

from __future__ import annotations

import mimetypes
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from smo_gen.patterns import lazy_pattern
from smo_gen.schema import describe_value

MEDIA_KEYS = ("url", "src", "width", "height", "type", "poster", "title")
VIDEO_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mov": "video/quicktime",
}
AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
}
_YOUTUBE_ID = lazy_pattern(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class MediaSpec:
    """What the front matter says about a page's video or audio."""

    kind: str  # "video" or "audio"
    url: str  # as written: a site path or an absolute URL
    width: int | None = None
    height: int | None = None
    mime: str | None = None
    poster: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Platform:
    """A recognised video platform page."""

    name: str  # "YouTube", "Vimeo", "PeerTube"
    watch_url: str
    embed_url: str  # https, privacy-preserving where the platform offers it


@dataclass(frozen=True)
class Media:
    """A page's video or audio, resolved: where it plays and what it measures."""

    kind: str
    url: str  # absolute URL of the file, or the platform's watch page
    mime: str  # "video/mp4", or "text/html" for a platform player
    byte_size: int | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None  # seconds
    platform: Platform | None = None
    poster_url: str | None = None
    title: str | None = None

    @property
    def is_file(self) -> bool:
        return self.platform is None

    def stable_identity(self) -> str:
        return repr(self)


def parse_media_spec(kind: str, value: Any, problem: Any) -> MediaSpec | None:
    """Read a front-matter `video`/`audio` value; `problem(key, message)` records mistakes."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return MediaSpec(kind, value.strip())
    if not isinstance(value, dict):
        problem(kind, f"expected a path, a URL or a table with 'url', got {describe_value(value)}")
        return None
    for key in value:
        if key not in MEDIA_KEYS:
            problem(kind, f"unknown key '{key}' (expected some of: {', '.join(k for k in MEDIA_KEYS if k != 'src')})")
    url = value.get("url", value.get("src"))
    if not isinstance(url, str) or not url.strip():
        problem(kind, "needs 'url': the file's path on this site or the video's page on a platform")
        return None
    sizes = []
    for key in ("width", "height"):
        size = value.get(key)
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or not 16 <= size <= 8192):
            problem(kind, f"'{key}' must be a whole number of pixels, got {describe_value(size)}")
            size = None
        sizes.append(size)
    text = {key: value.get(key) if isinstance(value.get(key), str) else None for key in ("type", "poster", "title")}
    return MediaSpec(kind, url.strip(), sizes[0], sizes[1], text["type"], text["poster"], text["title"])


def recognise_platform(url: str) -> Platform | None:
    """YouTube, Vimeo and PeerTube watch URLs, with their embed URLs."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif path.startswith(("/shorts/", "/embed/", "/live/")):
            video_id = path.split("/")[2]
    elif host == "youtu.be":
        video_id = path.strip("/").split("/")[0]
    if video_id and _YOUTUBE_ID.match(video_id):
        return Platform(
            "YouTube",
            f"https://www.youtube.com/watch?v={video_id}",
            f"https://www.youtube-nocookie.com/embed/{video_id}",
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        match = re.search(r"/(\d{5,12})(?:/|$)", path)
        if match:
            number = match.group(1)
            return Platform("Vimeo", f"https://vimeo.com/{number}", f"https://player.vimeo.com/video/{number}?dnt=1")
    match = re.match(r"^/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{8,40})$", path)
    if match and parts.scheme == "https":
        video = match.group(1)
        return Platform("PeerTube", f"https://{parts.netloc}/w/{video}", f"https://{parts.netloc}/videos/embed/{video}")
    return None


def media_type(path: Path, kind: str) -> str | None:
    table = VIDEO_TYPES if kind == "video" else AUDIO_TYPES
    return table.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]


class MediaProblem(ValueError):
    """The file cannot be described as the media it claims to be; the message says why, for a person."""


def read_mp4_facts(path: Path) -> tuple[int | None, int | None, float | None]:
    """Width, height (of the first video track) and duration from an MP4/MOV file's boxes.

    A file with none of those boxes gives Nones; one whose boxes are broken (shorter than
    their fields, running past the end of the file) raises MediaProblem.
    """
    width = height = None
    duration = None
    try:
        with open(path, "rb") as handle:
            for box, payload in _iter_boxes(handle, 0, path.stat().st_size, ("moov", "trak")):
                if box == "mvhd" and duration is None:
                    duration = _mvhd_duration(payload)
                elif box == "tkhd" and width is None:
                    if len(payload) < _TKHD_SIZE:
                        raise _too_short(box, len(payload), "track header")
                    track_width, track_height = struct.unpack(">II", payload[-8:])
                    if track_width and track_height:
                        width, height = track_width >> 16, track_height >> 16
    except OSError as exc:
        raise MediaProblem(f"cannot be read ({exc.strerror or exc})") from None
    return width, height, duration


# Bytes after the box header: version and flags (4), then the fields up to the last one read.
_MVHD_SIZE = {0: 20, 1: 32}
_TKHD_SIZE = 84  # version 0; version 1 is longer, and width and height are its last 8 bytes either way
_MAX_DEPTH = 8
# Boxes looked at in one container: a fragmented MP4 has a few thousand, a file of nothing but
# 8-byte boxes would take seconds to walk for nothing.
_MAX_BOXES = 100_000


def _too_short(box: str, size: int, what: str) -> MediaProblem:
    return MediaProblem(f"is not a readable MP4: its '{box}' box holds {size} bytes, too few for a {what}")


def _iter_boxes(handle: Any, start: int, end: int, containers: tuple[str, ...], depth: int = 0) -> Any:
    position = start
    for _ in range(_MAX_BOXES if depth < _MAX_DEPTH else 0):
        if position + 8 > end:
            return
        handle.seek(position)
        size, name = struct.unpack(">I4s", handle.read(8))
        offset = 8
        if size == 1:
            if position + 16 > end:
                raise MediaProblem("is not a readable MP4: a box's 64-bit size runs past its end (truncated?)")
            size = struct.unpack(">Q", handle.read(8))[0]
            offset = 16
        elif size == 0:
            size = end - position
        box = name.decode("latin-1")
        if size < offset or position + size > end:
            raise MediaProblem(f"is not a readable MP4: its '{box}' box claims {size} bytes (truncated or damaged?)")
        if box in containers:
            yield from _iter_boxes(handle, position + offset, position + size, containers, depth + 1)
        elif box in ("mvhd", "tkhd") and size <= 4096:
            yield box, handle.read(size - offset)
        position += size


def _mvhd_duration(payload: bytes) -> float | None:
    if not payload:
        raise _too_short("mvhd", 0, "movie header")
    version = payload[0]
    if version not in _MVHD_SIZE:
        return None  # a later version of the box: its duration is not read
    if len(payload) < _MVHD_SIZE[version]:
        raise _too_short("mvhd", len(payload), "movie header")
    if version == 1:
        timescale, length = struct.unpack(">IQ", payload[20:32])
    else:
        timescale, length = struct.unpack(">II", payload[12:20])
    return round(length / timescale, 3) if timescale else None
