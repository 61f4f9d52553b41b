"""The link check's verdicts of the last build, taken again for the pages that did not change.

Every build checks every link of the site, since a link's verdict depends on what the whole
build writes (10,000 pages: 74,000 links, ~0.1 s of a one-edit build). A page's verdict
depends on its own links (its identity: the source's digest and path decide them) and on what
the check compares them with (`targets_digest`: every output path, the pages by source file,
the pages left out and why, the site's address, the skipped prefixes). When that is as it was
last time, a page whose identity is as it was gets the verdict it got then. Pages with a
`#part` link are always checked again: the ids of the page they lead to may have changed.
Variants, the home page's intro and site.toml (few, or none) are always checked too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from smo_gen.check.links import LinkTargets, Verdict, merge_verdicts, source_checker
from smo_gen.check.site_links import link_source, link_sources, page_links
from smo_gen.errors import Problem
from smo_gen.site.model import Site


@dataclass(frozen=True)
class LinkVerdicts:
    """What the link check found in each page it may reuse, under one digest of its targets."""

    targets: str  # see `targets_digest`
    clean: frozenset[str] = frozenset()  # pages (by `reuse_key`) with nothing wrong
    found: Mapping[str, Verdict] = field(default_factory=dict)  # pages with broken links, and those


def targets_digest(dests: Sequence[str], targets: LinkTargets, content_root: PurePosixPath) -> str:
    """A digest of what every link is checked against, ids aside (`dests`: the outputs, in the
    build's order: another order only makes a digest that matches nothing)."""
    parts = (
        "\0".join(dests),
        targets.base_url,
        repr(targets.skip_prefixes),
        repr(dict(targets.source_pages)),
        repr(dict(targets.unpublished)),
        content_root.as_posix(),
    )
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def check_reusing(
    site: Site, content_root: PurePosixPath, targets: LinkTargets, digest: str, previous: LinkVerdicts | None
) -> tuple[list[Problem], LinkVerdicts]:
    """The warnings `check_links` gives for every source of `site`, with the verdicts of
    `previous` taken for the pages it may be trusted for; and the verdicts to keep for next time."""
    kept = previous if previous is not None and previous.targets == digest else LinkVerdicts(digest)
    check = source_checker(targets)
    clean: set[str] = set()
    found: dict[str, Verdict] = {}
    verdicts: list[Verdict] = []
    for page in site.pages:
        key = page.stable_identity()  # None: a page built by hand, checked every time
        verdict = _kept_verdict(kept, key)
        if verdict is None:
            source = link_source(page, page.url_path, page_links(page), content_root)
            verdict = check(source)
            if any("#" in link.url for link in source.links):
                key = None  # its verdict may change with the pages it leads to: checked every time
        if key is not None and verdict:
            found[key] = verdict
        elif key is not None:
            clean.add(key)
        verdicts.append(verdict)
    verdicts += [check(source) for source in link_sources(site, content_root, pages=False)]
    return merge_verdicts(verdicts), LinkVerdicts(digest, frozenset(clean), found)


def _kept_verdict(kept: LinkVerdicts, key: str | None) -> Verdict | None:
    if key is None:
        return None
    if key in kept.clean:
        return ()
    return kept.found.get(key)
