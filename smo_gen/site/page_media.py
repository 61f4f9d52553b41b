"""Resolving each page's video and audio against the site's files: measured, never typed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from smo_gen.config.site_config import SiteConfig
from smo_gen.content.audio_length import read_audio_duration
from smo_gen.content.media import (
    Media,
    MediaProblem,
    MediaSpec,
    media_type,
    read_mp4_facts,
    recognise_platform,
)
from smo_gen.content.page import Page
from smo_gen.errors import Problem
from smo_gen.site.page_assets import AssetIndex, content_folder
from smo_gen.urls import absolute_url, is_absolute

# X's player card and og:video need a size; a platform player without one is shown at 16:9.
DEFAULT_PLAYER_SIZE = (1280, 720)


class AudioMeasurer(Protocol):
    """What measures audio lengths: `MeasuredDurations` (build/caches/durations.py), which
    remembers them between builds."""

    def duration(self, audio_path: Path) -> float | None:
        """Seconds, None for a format whose length is not read; raises MediaProblem for a damaged file."""


class ReadDurations:
    """An AudioMeasurer that remembers nothing: reads each file's headers when asked."""

    def duration(self, audio_path: Path) -> float | None:
        return read_audio_duration(audio_path)


def resolve_media(
    config: SiteConfig, pages: Sequence[Page], assets: AssetIndex, durations: AudioMeasurer | None = None
) -> tuple[dict[str, tuple[Media, ...]], list[Problem]]:
    """Every page's video and audio, keyed by the page's site path (audio lengths measured with
    `durations`: the build's, which remembers them between builds)."""
    durations = durations or ReadDurations()
    media: dict[str, tuple[Media, ...]] = {}
    problems: list[Problem] = []
    for page in pages:
        found = []
        for spec in (page.video, page.audio):
            if spec is None:
                continue
            item, problem = _resolve(config, assets, page, spec, durations)
            if problem is not None:
                problems.append(problem)
            if item is not None:
                found.append(item)
        if found:
            media[page.url_path] = tuple(found)
    return media, problems


def _resolve(
    config: SiteConfig, assets: AssetIndex, page: Page, spec: MediaSpec, durations: AudioMeasurer
) -> tuple[Media | None, Problem | None]:
    def problem(message: str, severity: str = "error") -> Problem:
        return page.problem(spec.kind, message, severity="warning" if severity == "warning" else "error")

    folder = content_folder(config, page)
    poster = _poster_url(config, assets, spec, folder)
    if is_absolute(spec.url):
        if not spec.url.startswith(("https://", "http://")):
            return None, problem(f"'{spec.url}' is not an http(s) URL or a file of this site")
        platform = recognise_platform(spec.url) if spec.kind == "video" else None
        if platform is not None:
            player = (spec.width, spec.height) if spec.width and spec.height else DEFAULT_PLAYER_SIZE
            return Media(
                spec.kind, platform.watch_url, "text/html", None, *player, None, platform, poster, spec.title
            ), None
        mime = spec.mime or media_type(PurePosixPath(spec.url.split("?")[0]), spec.kind)  # type: ignore[arg-type]
        warning = problem(
            f"'{spec.url}' is on another site, so its size cannot be measured; feeds get no enclosure for it",
            "warning",
        )
        return Media(
            spec.kind,
            spec.url,
            mime or "application/octet-stream",
            None,
            spec.width,
            spec.height,
            None,
            None,
            poster,
            spec.title,
        ), warning
    local = assets.find(spec.url, folder)
    if local is None:
        return None, problem(f"{spec.kind} '{spec.url}' not found beside the page, in static/ or in content/")
    mime = media_type(local.path, spec.kind)
    if mime is None or not mime.startswith(spec.kind + "/"):
        return None, problem(
            f"'{spec.url}' is not a {spec.kind} file this site can describe (type {mime or 'unknown'})"
        )
    try:
        size = local.path.stat().st_size
    except OSError as exc:
        return None, problem(f"'{spec.url}' cannot be read ({exc.strerror})")
    width = height = None
    duration = None
    try:
        if spec.kind == "audio":
            duration = durations.duration(local.path)
        elif mime in ("video/mp4", "video/quicktime"):
            width, height, duration = read_mp4_facts(local.path)
    except MediaProblem as exc:
        return None, problem(f"{spec.kind} '{spec.url}' {exc}")
    width, height = (width, height) if width and height else (spec.width, spec.height)
    url = absolute_url(config.base_url, local.url_path)
    return Media(spec.kind, url, mime, size, width, height, duration, None, poster, spec.title), None


def _poster_url(config: SiteConfig, assets: AssetIndex, spec: MediaSpec, folder: PurePosixPath) -> str | None:
    if not spec.poster:
        return None
    if is_absolute(spec.poster):
        return None  # a remote poster would be a request to another host before the reader asks
    local = assets.find(spec.poster, folder)
    return absolute_url(config.base_url, local.url_path) if local else None
