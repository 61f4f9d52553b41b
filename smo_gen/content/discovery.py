"""Finding the site's files on disk: Markdown sources, page assets and static files."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from smo_gen.config.content_skip import Skip, skip_nothing
from smo_gen.errors import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")  # pages when they open with front matter, else copied as they are
# Editor droppings and VCS folders that never belong on a site.
_IGNORED_PREFIXES = (".", "#", "~")
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


@dataclass(frozen=True)
class FoundFile:
    """A file below a root folder, with its path relative to that root.

    Held as text, as the walk finds them: a site of 10,000 pages has 20,000 of these, and a
    build that parses one page needs the Path objects of few (making them took 0.09 s).
    """

    full: str  # the file's path, as os.scandir gives it
    rel: str  # relative to the root, '/'-separated

    @functools.cached_property
    def path(self) -> Path:
        return Path(self.full)

    @functools.cached_property
    def rel_path(self) -> PurePosixPath:
        return PurePosixPath(self.rel)

    @property
    def suffix(self) -> str:
        """The name's extension, as `PurePosixPath.suffix` gives it ('' for 'name.' or '.name')."""
        name = self.rel.rpartition("/")[2]
        dot = name.rfind(".")
        return name[dot:] if 0 < dot < len(name) - 1 else ""

    @property
    def stem(self) -> str:
        """The name without its extension, as `PurePosixPath.stem` gives it."""
        name = self.rel.rpartition("/")[2]
        return name[: len(name) - len(self.suffix)]


@dataclass(frozen=True)
class ContentFiles:
    """Everything under `content/`: Markdown sources and the other files beside them."""

    markdown: tuple[FoundFile, ...]
    assets: tuple[FoundFile, ...]
    problems: tuple[Problem, ...]


def is_ignored(name: str) -> bool:
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


def iter_files(root: Path, display_root: str, skip: Skip = skip_nothing) -> Iterator[FoundFile | Problem]:
    """Yield the files under `root`, sorted, skipping hidden and editor files and what `skip` says.

    Symlinked folders are not followed, so a link loop cannot trap the walk; a symlinked
    file is read if its target lies inside `root`.
    """
    if not root.is_dir():
        return
    yield from _walk(root, "", root.resolve(), display_root, skip)


def _walk(
    folder: Path, prefix: str, root_resolved: Path, display_root: str, skip: Skip
) -> Iterator[FoundFile | Problem]:
    # os.scandir, not os.walk: its entries know whether they are links and folders without
    # a stat each, and relative names are built as strings (10,000 files: 0.3 -> 0.1 s).
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return  # unreadable: as os.walk, skip it
    folders = []
    for entry in entries:
        if is_ignored(entry.name) or skip(prefix + entry.name):
            continue
        if entry.is_dir():  # follows a link, to skip a linked folder rather than list it as a file
            if not entry.is_symlink():
                folders.append(entry)
            continue
        rel = prefix + entry.name
        if not _is_utf8(rel):
            # The name would reach URLs, the manifest and messages, none of which can hold it.
            shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
            yield Problem("has a name that is not UTF-8 text; rename it", path=f"{display_root}/{shown}")
            continue
        if entry.is_symlink():
            target = Path(entry.path).resolve()
            if not target.is_relative_to(root_resolved) or not target.is_file():
                yield Problem(
                    "is a link to a file outside the site, or to nothing; it was skipped",
                    path=f"{display_root}/{rel}",
                    severity="warning",
                )
                continue
        yield FoundFile(entry.path, rel)
    for entry in folders:
        yield from _walk(Path(entry.path), prefix + entry.name + "/", root_resolved, display_root, skip)


def _is_utf8(name: str) -> bool:
    """False for a name with bytes that are not UTF-8 (Python holds them as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _opens_with_front_matter(path: str) -> bool:
    """Whether the file starts (after a byte-order mark and blank lines) with a front matter
    fence, '---' or '+++' alone on its line; an unreadable file is left to be copied."""
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", errors="ignore").removeprefix("\ufeff").lstrip(" \t\r\n")
    first_line = text.split("\n", 1)[0].rstrip("\r \t")
    return first_line in ("---", "+++")


def find_content(content_dir: Path, display_root: str = "content", skip: Skip = skip_nothing) -> ContentFiles:
    markdown: list[FoundFile] = []
    assets: list[FoundFile] = []
    problems: list[Problem] = []
    for item in iter_files(content_dir, display_root, skip):
        if isinstance(item, Problem):
            problems.append(item)
        elif item.suffix.lower() in MARKDOWN_SUFFIXES:
            markdown.append(item)
        elif item.suffix.lower() in HTML_SUFFIXES and _opens_with_front_matter(item.full):
            markdown.append(item)  # a page whose body is HTML, as Hugo and Jekyll read it
        else:
            assets.append(item)
    return ContentFiles(tuple(markdown), tuple(assets), tuple(problems))


def find_static(static_dir: Path, display_root: str) -> tuple[list[FoundFile], list[Problem]]:
    found: list[FoundFile] = []
    problems: list[Problem] = []
    for item in iter_files(static_dir, display_root):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            found.append(item)
    return found, problems
