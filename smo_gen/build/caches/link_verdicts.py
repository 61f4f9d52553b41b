"""The link check's verdicts, kept for the next build into the same output folder (see
check/link_reuse.py for when one is taken again).

One file: the digest of what the links were checked against, the pages with nothing wrong
(their identities, one text), and the broken links of the others with their warnings. Other
code (the header) or a damaged file counts as no verdicts: every link is checked.
"""

from __future__ import annotations

from pathlib import Path

from smo_gen.atomic_write import replace_cache_file
from smo_gen.build.caches.data import cache_types, dump_tagged_data, read_cache_data
from smo_gen.build.caches.header import cache_header
from smo_gen.build.output_folder import output_folder_key
from smo_gen.check.link_reuse import LinkVerdicts
from smo_gen.check.links import Verdict
from smo_gen.errors import Problem

_TYPES = cache_types(Problem)
_SEPARATOR = "\0"  # in no identity: they hold a digest and paths


VERDICTS_PREFIX = "link-verdicts-"


def read_verdicts_ahead(cache_dir: Path) -> None:
    """Read each verdicts file in `cache_dir` as `KeptLinkVerdicts` reads it, for a process that
    keeps cache reads (a build server before its first build: see data.keep_cache_reads)."""
    for path in sorted(cache_dir.glob(f"{VERDICTS_PREFIX}*.json")):
        read_cache_data(path, _TYPES)


class KeptLinkVerdicts:
    """The verdicts file of one output folder: what the last build left, and saving the next."""

    def __init__(self, cache_dir: Path, output_dir: Path) -> None:
        self.path = cache_dir / f"{VERDICTS_PREFIX}{output_folder_key(output_dir)}.json"
        self.stored, data = read_cache_data(self.path, _TYPES)
        self.previous = _verdicts(data)

    def save(self, verdicts: LinkVerdicts) -> None:
        """Keep `verdicts` for the next build (the file is rewritten only when they differ)."""
        found = [[key, list(verdict)] for key, verdict in verdicts.found.items()]
        data = dump_tagged_data([cache_header(), verdicts.targets, _SEPARATOR.join(sorted(verdicts.clean)), found])
        if data != self.stored:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_cache_file(self.path, data)


def _verdicts(data: object) -> LinkVerdicts | None:
    """The verdicts a file holds, or None when it holds none this code can trust."""
    if not (isinstance(data, list) and len(data) == 4 and data[0] == cache_header()):
        return None
    _, targets, clean, found = data
    if not (isinstance(targets, str) and isinstance(clean, str) and isinstance(found, list)):
        return None
    verdicts: dict[str, Verdict] = {}
    for item in found:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], list)):
            return None
        pairs = []
        for pair in item[1]:
            if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
                return None
            if not isinstance(pair[1], Problem):
                return None
            pairs.append((pair[0], pair[1]))
        verdicts[item[0]] = tuple(pairs)
    return LinkVerdicts(targets, frozenset(clean.split(_SEPARATOR)) if clean else frozenset(), verdicts)
