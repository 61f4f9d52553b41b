"""Reading and parsing every content file, with a cache between builds and all cores on a cold build.

Parsing (front matter and Markdown) is most of a cold build's time and depends only on the
file's bytes and a few site settings, so each result is kept in `.smo-cache/pages/` (in shards,
as data: see caches.data) keyed by the file's digest. A file whose digest is unchanged is not parsed again, and a file
that looks as it did when it was last read (size and modification time, settled: see
build_stamp) is not even read: at 10,000 pages reading and digesting them all took 0.4 s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from smo_gen.build.caches.data import cache_types
from smo_gen.build.caches.file_keyed import FileKeyedCache, new_entry, read_entries_ahead
from smo_gen.build.caches.header import PARSER_LIBRARIES, cache_header
from smo_gen.build.caches.sharded import ShardFile, write_shard
from smo_gen.build.caches.trusted_looks import FileLooks
from smo_gen.content.card_overrides import CardOverrides
from smo_gen.content.content_links import ContentLink
from smo_gen.content.discovery import FoundFile
from smo_gen.content.episode import Episode
from smo_gen.content.foreign_markup import MarkupValues
from smo_gen.content.media import MediaSpec
from smo_gen.content.page import AudienceOverrides, Author, CallToAction, Page, PermalinkFacts
from smo_gen.content.page_parser import NO_VALUES, SourceText, make_source_text, parse_page
from smo_gen.errors import Problem
from smo_gen.file_looks import FileLook
from smo_gen.reporter import Progress, collect_counted, no_progress
from smo_gen.utm import UtmOverrides
from smo_gen.workers import fork_context, worker_pool, workers_for

CACHE_FOLDER = "pages"
# A content file larger than this is refused: the Markdown parser needs about 55 times a page's
# size in memory (a 200 MB page took 12 GB and failed; 20 MB, about 1.1 GB), and no real page
# comes near it.
MAX_CONTENT_BYTES = 20 * 1024 * 1024
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MINIMUM = 48

# The page cache's files. An edit rewrites the file holding its page, so the fewer pages a
# file holds, the less an edit writes: at 16 files a one-edit build of 10,000 pages encoded
# and wrote 629 pages (0.05 s); reading 64 files rather than 16 costs a millisecond more.
PAGE_SHARDS = 64

ParseResult = tuple[Page | None, list[Problem]]
CachedParse = tuple[str, ParseResult]  # the digest of the file's bytes, and their parse
ParseTask = SourceText | tuple[FoundFile, str]  # text read already, or a file and its display path
Parsed = tuple[str | None, ParseResult]  # what _parse_one gives: the digest (None: unreadable) and the parse
# Work done on each page where it is parsed, on a worker process (see parse_files's `beside`):
# what it gives, when not None, comes back in ParseRun.beside.
BesideParsing = Callable[[Page], object | None]

# Set in the main process before the workers fork, so each inherits it (a closure holding the
# site's files would cost more to pickle with every task than the work it does).
_worker_beside: BesideParsing | None = None


# What a parse result holds; nothing else is ever made from the cache's files.
CACHED_TYPES = cache_types(
    Page,
    Author,
    AudienceOverrides,
    CallToAction,
    CardOverrides,
    ContentLink,
    Episode,
    MediaSpec,
    PermalinkFacts,
    Problem,
    UtmOverrides,
)


@dataclass(frozen=True)
class PageParsing:
    """What decides how a content file parses, besides its bytes."""

    display_root: str  # the content folder as pages' source paths show it ("content")
    tz: dt.tzinfo  # the site's time zone, for dates without one
    language: str
    markup: MarkupValues = NO_VALUES  # the site's values for `{{ site.x }}` in bodies (content/shortcodes.py)


@dataclass(frozen=True)
class ParseGroup:
    """The files of one page-cache shard to parse on a worker process, and the shard's file
    when they are all it will hold this build (a cold build's every shard): the worker then
    writes it, so the main process never encodes those pages."""

    tasks: list[ParseTask]
    looks: list[FileLook | None]  # each file's look, as its cache entry keeps it
    shard: ShardFile | None


@dataclass(frozen=True)
class ParseRun:
    results: dict[str, ParseResult]  # display path -> result
    parsed: int
    reused: int
    beside: list[object] = dataclasses.field(default_factory=list)  # what `beside` gave on the workers


def _cache_header(parsing: PageParsing) -> str:
    # The settings that change what parse_page returns for the same bytes.
    values = hashlib.sha256(json.dumps(parsing.markup.site, sort_keys=True, default=str).encode()).hexdigest()
    return cache_header(str(parsing.tz), parsing.language, values, "digest+look", libraries=PARSER_LIBRARIES)


def parse_files(
    files: Sequence[FoundFile],
    parsing: PageParsing,
    looks: FileLooks,
    cache_dir: Path,
    workers: int | None = None,
    progress: Progress = no_progress,
    beside: Callable[[], BesideParsing] | None = None,
) -> ParseRun:
    """Read and parse `files`, reusing cached results for files whose bytes did not change.

    `looks` holds the build's trusted looks at its files; a file that looks as it did when its
    cached result was made is taken as unchanged without being read (see caches.file_keyed). A file that cannot
    be read or is not UTF-8 gives a result with no page and the problem. `progress` hears
    how many of the files to parse are parsed. `beside()`, made only when pages are parsed on
    worker processes, is run on each page parsed there (forked: where workers are started
    otherwise, or pages are parsed in this process, it is not run), and what it gives back that
    is not None is collected, in no set order: work the build would do for those pages later,
    done where the page is.
    """
    display_root = parsing.display_root
    cache = FileKeyedCache(
        cache_dir / CACHE_FOLDER, "pages", _cache_header(parsing), _is_value, PAGE_SHARDS, CACHED_TYPES
    )
    results: dict[str, ParseResult] = {}
    todo: list[tuple[ParseTask, FileLook | None]] = []
    reused = 0
    for found in files:
        display = f"{display_root}/{found.rel}"
        look = looks.get(found.full)
        hit: CachedParse | None = cache.get(display, look)
        if hit is not None:
            results[display], reused = hit[1], reused + 1
            continue
        stored: CachedParse | None = cache.stored(display)
        if stored is None:
            # Never parsed: read where it is parsed, so on a cold build the workers read the
            # files side by side with parsing (from disk, when the page cache has let them go).
            todo.append(((found, display), look))
            continue
        source, problem = _read_source(found, display)  # its digest may be the cached one
        if source is None:
            results[display] = (None, [problem] if problem else [])
        elif stored[0] == source.digest:
            results[display], reused = stored[1], reused + 1
            cache.put(display, look, stored)
        else:
            todo.append((source, look))
    parsed, written, besides = _parse_all(todo, parsing, workers, progress, cache, beside)
    for (task, look), (digest, result) in zip(todo, parsed, strict=True):
        display = _display_of(task)
        results[display] = result
        if digest is not None:
            cache.put(display, look, (digest, result))
    cache.written_elsewhere(written)
    cache.save()
    read = sum(1 for digest, _ in parsed if digest is not None)  # files that could not be read are not parsed
    return ParseRun(results, parsed=read, reused=reused, beside=besides)


def read_page_cache_ahead(cache_dir: Path, stop: Callable[[], bool]) -> None:
    """Read the page cache's files as `parse_files` reads them, one at a time until `stop()`.

    For a process that keeps what it read of cache files (a build server between builds: see
    caches.data.keep_cache_reads), so that its next build finds them read; a file it read
    before and that is still the same file costs a look at it.
    """
    folder = cache_dir / CACHE_FOLDER
    read_entries_ahead(folder, "pages", sorted(folder.glob("pages-*.json")), _is_value, CACHED_TYPES, stop)


def _is_value(value: object) -> bool:
    """(digest, (page or None, [problems])), as parse_files keeps them."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)):
        return False
    result = value[1]
    return (
        isinstance(result, tuple)
        and len(result) == 2
        and (result[0] is None or isinstance(result[0], Page))
        and isinstance(result[1], list)
        and all(isinstance(problem, Problem) for problem in result[1])
    )


def _read_source(found: FoundFile, display: str) -> tuple[SourceText | None, Problem | None]:
    try:
        with open(found.full, "rb") as stream:
            data = stream.read(MAX_CONTENT_BYTES + 1)  # never more: a file may grow while read
    except OSError as exc:
        return None, Problem(f"cannot be read: {exc.strerror}", path=display)
    if len(data) > MAX_CONTENT_BYTES:
        return None, Problem(
            f"is larger than {_size_text(MAX_CONTENT_BYTES)}, the most a content file may hold",
            path=display,
            hint="split it into several pages; parsing one this large would need gigabytes of memory",
        )
    return make_source_text(found.rel_path, display, data)


def _size_text(size: int) -> str:
    megabytes, rest = divmod(size, 1024 * 1024)
    return f"{megabytes} MB" if megabytes and not rest else f"{size:,} bytes"


def _parse_all(
    todo: list[tuple[ParseTask, FileLook | None]],
    parsing: PageParsing,
    workers: int | None,
    progress: Progress,
    cache: FileKeyedCache,
    beside: Callable[[], BesideParsing] | None,
) -> tuple[list[Parsed], set[int], list[object]]:
    """Each task's parse, in order, the cache shards the workers wrote (see ParseGroup), and
    what `beside` gave on the workers."""
    global _worker_beside
    workers = workers_for(workers)
    if workers < 2 or len(todo) < PARALLEL_MINIMUM:
        return collect_counted((_parse_one(task, parsing) for task, _ in todo), len(todo), progress), set(), []
    # Imported here: a build with every page cached never needs the parsers.
    from smo_gen.content.markdown_fast import load_parsers

    numbered = _shard_groups(todo, cache)
    groups = [group for _, _, group in numbered]
    parsed: list[Parsed | None] = [None] * len(todo)
    written: set[int] = set()
    besides: list[object] = []
    done = 0
    load_parsers()  # once here rather than once in each worker
    _worker_beside = beside() if beside is not None else None
    try:
        with worker_pool(workers, fork_context()) as pool:
            # One task a shard: at 10,000 pages 64 tasks of ~160 pages (~0.1 s each), so the last
            # one leaves the other worker little to wait for.
            for (shard, indexes, _), (results, wrote, found) in zip(
                numbered, pool.map(_parse_group, groups, [parsing] * len(groups), chunksize=1), strict=True
            ):
                for index, result in zip(indexes, results, strict=True):
                    parsed[index] = result
                if wrote:
                    written.add(shard)
                besides += found
                done += len(results)
                progress(done, len(todo))
    finally:
        _worker_beside = None
    return [result for result in parsed if result is not None], written, besides


def _shard_groups(
    todo: list[tuple[ParseTask, FileLook | None]], cache: FileKeyedCache
) -> list[tuple[int, list[int], ParseGroup]]:
    """The tasks by the cache shard each one's entry goes in (the shard, the tasks' positions in
    `todo`, the group), each group with its shard's file where nothing else will be kept in
    that shard (no page reused from the cache)."""
    taken = {cache.shard_of(key) for key in cache.kept}
    by_shard: dict[int, list[int]] = {}
    for index, (task, _) in enumerate(todo):
        by_shard.setdefault(cache.shard_of(_display_of(task)), []).append(index)
    return [
        (
            shard,
            indexes,
            ParseGroup(
                [todo[index][0] for index in indexes],
                [todo[index][1] for index in indexes],
                None if shard in taken else cache.shard_file(shard),
            ),
        )
        # The largest first, so the last ones to finish are small and neither worker waits long.
        for shard, indexes in sorted(by_shard.items(), key=lambda item: -len(item[1]))
    ]


def _parse_group(group: ParseGroup, parsing: PageParsing) -> tuple[list[Parsed], bool, list[object]]:
    """In a worker: parse the group's files, and write its shard of the page cache when it has
    one (see ParseGroup); whether it was written, and what the inherited `beside` gave.

    Encoding the page cache took 0.66 s of the main process alone after parsing 10,000 pages;
    here it is spread over the workers, side by side with parsing.
    """
    parsed = [_parse_one(task, parsing) for task in group.tasks]
    beside = _worker_beside
    found = [] if beside is None else [item for _, (page, _) in parsed if page and (item := beside(page)) is not None]
    return parsed, _write_group(group, parsed), found


def _write_group(group: ParseGroup, parsed: list[Parsed]) -> bool:
    """Write the group's shard of the page cache, if it has one; whether it was written."""
    if group.shard is None:
        return False
    entries = {
        _display_of(task): new_entry(look, result)
        for task, look, result in zip(group.tasks, group.looks, parsed, strict=True)
        if result[0] is not None  # files that could not be read are not kept
    }
    if not entries:
        return False  # the main process removes the shard's file
    try:
        write_shard(group.shard, entries)
    except (TypeError, OSError):  # a page a cache cannot hold, or a disk that refused: the main process saves it
        return False
    return True


def _display_of(task: ParseTask) -> str:
    return task.display_path if isinstance(task, SourceText) else task[1]


def _parse_one(task: ParseTask, parsing: PageParsing) -> Parsed:
    """The digest of the file's bytes (None when it cannot be read as text) and its parse."""
    if isinstance(task, SourceText):
        return task.digest, parse_page(task, parsing.tz, parsing.language, parsing.markup)
    source, problem = _read_source(*task)
    if source is None:
        return None, (None, [problem] if problem else [])
    return source.digest, parse_page(source, parsing.tz, parsing.language, parsing.markup)
