"""What a build server reads of a site's caches while it waits for a build.

A server keeps what it read of each cache file (see caches.data.keep_cache_reads). The cold
build that started it wrote the caches but read none of them, so at its start the server
reads every one its next build reads, in the order that build reads them: the pages first (the
most of it), then the images' facts, the cards' sources, the templates' references, the feeds'
entry indexes and the link check's verdicts (the output record the cold build saved, it
remembers: see output_folder.remember_saved_record). Between builds it reads again only what
the last build replaced (`refresh_cache_reads`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smo_gen.build.caches.data import refresh_cache_reads
from smo_gen.build.caches.feed_entries import read_entry_indexes_ahead
from smo_gen.build.caches.file_keyed import read_digests_ahead
from smo_gen.build.caches.images import read_image_facts_ahead
from smo_gen.build.caches.link_verdicts import read_verdicts_ahead
from smo_gen.build.parsing import read_page_cache_ahead
from smo_gen.build.template_dependencies import read_references_ahead

CARD_SOURCES_FILE = "card-sources.json"  # in the cache folder: the digests of the files cards are drawn from


def read_caches_ahead(cache_dir: Path | None, stop: Callable[[], bool]) -> None:
    """Read again what was replaced since it was read, then every cache file of `cache_dir` a
    build reads (files read before and still the same cost a look each), one at a time until
    `stop()`."""
    refresh_cache_reads(stop)
    if cache_dir is None:
        return
    read_page_cache_ahead(cache_dir, stop)
    others: list[Callable[[], None]] = [
        lambda: read_image_facts_ahead(cache_dir),
        lambda: read_digests_ahead(cache_dir / CARD_SOURCES_FILE),
        lambda: read_references_ahead(cache_dir),
        lambda: read_entry_indexes_ahead(cache_dir),
        lambda: read_verdicts_ahead(cache_dir),
    ]
    for read in others:
        if stop():
            return
        read()
