"""Parsing every content file, with a cache between builds and all cores on a cold build.

Parsing (front matter and Markdown) is most of a cold build's time and depends only on the
file's bytes and a few site settings, so each result is kept in `.smo-cache/pages/` (in shards)
keyed by the file's digest. A file whose digest is unchanged is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .build_stamp import distribution_versions
from .content import SourceText, parse_page
from .errors import Problem
from .page import Page
from .sharded_cache import ShardedCache
from .workers import worker_pool

CACHE_FOLDER = "pages"
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MINIMUM = 48

ParseResult = tuple[Page | None, list[Problem]]


@dataclass(frozen=True)
class ParseRun:
    results: dict[str, ParseResult]  # display path -> result
    parsed: int
    reused: int


def _cache_header(tz: dt.tzinfo, language: str) -> tuple[str, ...]:
    # Anything that changes what parse_page returns for the same bytes, including smo-gen's own
    # code (so a development checkout never serves pages parsed by older code).
    return (__version__, code_stamp(), parser_stamp(), str(tz), language)


@functools.lru_cache(maxsize=1)
def parser_stamp() -> str:
    """The versions of the Markdown libraries: a new one may render the same text differently."""
    return distribution_versions("markdown-it-py", "mdit-py-plugins")


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """Changes whenever smo-gen's own code does, so caches made by other code are not used."""
    package = Path(__file__).parent
    stats = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in package.glob("*.py"))
    return repr(stats)


def parse_sources(
    sources: Sequence[SourceText], tz: dt.tzinfo, language: str, cache_dir: Path, workers: int | None = None
) -> ParseRun:
    """Parse `sources`, reusing cached results for files whose bytes did not change."""
    store = ShardedCache(cache_dir / CACHE_FOLDER, "pages", _cache_header(tz, language))
    cached: dict[str, tuple[str, ParseResult]] = store.entries
    results: dict[str, ParseResult] = {}
    todo: list[SourceText] = []
    for source in sources:
        hit = cached.get(source.display_path)
        if hit is not None and hit[0] == source.digest:
            results[source.display_path] = hit[1]
        else:
            todo.append(source)
    for source, result in zip(todo, _parse_all(todo, tz, language, workers), strict=True):
        results[source.display_path] = result
    if todo or set(cached) != {source.display_path for source in sources}:
        store.save({source.display_path: (source.digest, results[source.display_path]) for source in sources})
    return ParseRun(results, parsed=len(todo), reused=len(sources) - len(todo))


def _parse_all(sources: list[SourceText], tz: dt.tzinfo, language: str, workers: int | None) -> list[ParseResult]:
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(sources) < PARALLEL_MINIMUM:
        return [parse_page(source, tz, language) for source in sources]
    chunk = max(8, len(sources) // (workers * 4))
    with worker_pool(workers) as pool:
        return list(pool.map(_parse_one, sources, [tz] * len(sources), [language] * len(sources), chunksize=chunk))


def _parse_one(source: SourceText, tz: dt.tzinfo, language: str) -> ParseResult:
    return parse_page(source, tz, language)
