"""Which paths the content walk leaves out: site.toml's `ignored_content` globs and the site's own
folders, made into one test that content discovery asks of every path."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable

Skip = Callable[[str], bool]  # is this path (relative to the root, '/'-separated) left out?


def skip_nothing(rel: str) -> bool:
    return False


def make_skip(paths: Iterable[str], patterns: Iterable[str]) -> Skip:
    """Leave out `paths` (files or folders, relative to the root) and whatever matches one
    of the glob `patterns` ('_site', '*.xlsx', 'drafts/*'), by its path or its name."""
    exact = frozenset(paths)
    globs = tuple(patterns)

    def skip(rel: str) -> bool:
        if rel in exact:
            return True
        name = rel.rpartition("/")[2]
        return any(fnmatch.fnmatchcase(rel, glob) or fnmatch.fnmatchcase(name, glob) for glob in globs)

    return skip if exact or globs else skip_nothing
