"""Names a build writes, checked before anything is written: each part of a path must fit the
file system (255 bytes of UTF-8 on Linux, macOS and Windows alike), and no page may write
into a hidden folder such as a deploy checkout's `.git/`."""

from __future__ import annotations

import os
from collections.abc import Iterable

from smo_gen.errors import Problem

MAX_NAME_BYTES = 255
# Hidden folders a page may write into: `.well-known/` holds files other sites look for
# (security.txt, webfinger); every other one is a tool's (`.git`, `.hg`, `.svn`, ...).
ALLOWED_DOT_FOLDERS = frozenset({".well-known"})


def name_bytes(name: str) -> int:
    return len(os.fsencode(name))


def check_segments(url_path: str) -> str | None:
    """Why a page or alias at `url_path` cannot be written, or None: a hidden folder in it, or a
    folder or file name too long for any file system."""
    segments = url_path.split("/")
    if "/." not in url_path and not url_path.startswith(".") and max(map(len, segments)) * 4 <= MAX_NAME_BYTES:
        return None  # most paths (4 bytes a character at most): asked of every page, alias and tag of a build
    for segment in segments:
        if segment.startswith(".") and segment not in ("", ".", "..") and segment not in ALLOWED_DOT_FOLDERS:
            return f"'{url_path}' writes into the hidden folder '{segment}' (only '.well-known' is allowed)"
        if len(segment) * 4 > MAX_NAME_BYTES and name_bytes(segment) > MAX_NAME_BYTES:
            return (
                f"'{_shortened(url_path)}' has a name of {name_bytes(segment)} bytes; "
                f"file systems allow {MAX_NAME_BYTES} (as UTF-8) for each folder or file name"
            )
    return None


def find_long_names(dests: Iterable[str]) -> list[Problem]:
    """Outputs (paths in the output folder) with a name too long for the file system: the last
    check before writing, for names no earlier check could blame on a page."""
    problems = []
    for dest in dests:
        if len(dest) * 4 <= MAX_NAME_BYTES:
            continue  # at most 4 bytes a character: the whole path fits, let alone a part
        longest = max(dest.split("/"), key=name_bytes)
        if name_bytes(longest) > MAX_NAME_BYTES:
            problems.append(
                Problem(
                    f"the output '{_shortened(dest)}' has a name of {name_bytes(longest)} bytes; "
                    f"file systems allow {MAX_NAME_BYTES}",
                    hint="rename the file it comes from, or give the page a shorter 'slug' or 'url'",
                )
            )
    return problems


def _shortened(text: str, limit: int = 80) -> str:
    """A long path in a message: its beginning and its end, the middle left out (`shortening.shorten`
    keeps only the beginning, which would hide the name that is too long)."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"
