"""The feeds' icon and logo pictures, drawn once and kept in `.smo-cache/feed-pictures/`.

A picture's file name is keyed by its source's bytes, its shape, Pillow's version and the
drawing code's version (render/feed_pictures.py), as card files are: a build finds the
picture drawn already, and draws only when the source or the shape changed.
"""

from __future__ import annotations

from pathlib import Path

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.caches.header import library_versions
from smo_gen.config.site_config import SiteConfig
from smo_gen.errors import Problem
from smo_gen.render.feed_pictures import (
    FEED_PICTURES_PATH,
    SHAPES,
    draw_picture,
    picture_name,
    picture_sources,
)
from smo_gen.site.image_facts import ImageProblem
from smo_gen.site.model import FeedArtwork, SocialImage
from smo_gen.urls import absolute_url


def make_feed_pictures(
    config: SiteConfig, cache_dir: Path
) -> tuple[FeedArtwork, list[tuple[str, Path]], list[Problem]]:
    """The feeds' pictures (drawn now or found in `cache_dir`), the output files to copy
    (dest -> cached file), and a problem for a source that is no image."""
    sources = picture_sources(config)
    if not sources:
        return FeedArtwork(), [], []
    pillow = library_versions(("pillow",))
    folder = cache_dir / "feed-pictures"
    pictures: dict[str, SocialImage] = {}
    outputs: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    read: dict[str, bytes] = {}
    for shape in SHAPES:
        path = sources[shape.source]
        if shape.source not in read:
            try:
                read[shape.source] = path.read_bytes()
            except OSError as exc:
                problems.append(_problem(config, path, f"cannot be read ({exc.strerror})"))
                read[shape.source] = b""
        source = read[shape.source]
        if not source:
            continue
        name = picture_name(shape, source, pillow)
        cached = folder / name
        if not cached.is_file():
            try:
                drawn = draw_picture(source, shape)
            except ImageProblem as exc:
                problems.append(_problem(config, path, str(exc)))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            replace_cache_file(cached, drawn)
        width, height = _png_size(cached)
        url = absolute_url(config.base_url, FEED_PICTURES_PATH + name)
        pictures[shape.name] = SocialImage(url, width, height, "image/png", config.title, cached.stat().st_size)
        outputs.append((FEED_PICTURES_PATH.lstrip("/") + name, cached))
    _prune(folder, {name for _, name in (dest.rsplit("/", 1) for dest, _ in outputs)})
    artwork = FeedArtwork(pictures.get("rss"), pictures.get("icon"), pictures.get("favicon"), pictures.get("logo"))
    return artwork, outputs, problems


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (the IHDR chunk: bytes 16 to 24)."""
    with open(path, "rb") as stream:
        header = stream.read(24)
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def _prune(folder: Path, keep: set[str]) -> None:
    """Forget pictures of sources no longer named (they would pile up with every logo change)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _problem(config: SiteConfig, path: Path, message: str) -> Problem:
    key = "feeds.icon" if path == config.feeds.icon else "feeds.logo" if path == config.feeds.logo else "brand.logo"
    # The brand logo was chosen for the cards and the theme (it may be an SVG): the feeds then go without.
    if key == "brand.logo":
        hint = "name a PNG or JPEG under [feeds] icon and logo"
        return Problem(
            f"feed picture '{path.name}' {message}", path="site.toml", key=key, hint=hint, severity="warning"
        )
    return Problem(f"feed picture '{path.name}' {message}", path="site.toml", key=key)
