"""The post each configured target would make of a page, for the social preview at /_smo/.

Made by the same adapters' `compose` as `smo-gen syndicate --dry-run`, so the text, its length
as the network counts it and its limit are exactly what a dry run prints. The serve build
links to the local server; the posts are composed for the production address instead, as they
will be posted. No network is asked anything (a Mastodon server's own limit is learnt only by
`syndicate`), so the preview uses the configured `max_characters` or the network's default.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from smo_gen.errors import SmoError
from smo_gen.syndicate.entries import Entry, EntryImage, entries_for, load_manifest
from smo_gen.syndicate.networks import CannotCompose, Network, make_adapters
from smo_gen.syndicate.targets import Target


@dataclass(frozen=True)
class PostPreview:
    """What one target would post for one page, measured as its network measures it."""

    target: str
    network: str
    text: str
    length: int
    limit: int
    length_rule: str
    shortened: bool = False
    parts: tuple[str, ...] = ()  # a thread's further parts
    problem: str | None = None  # why it cannot be posted

    @property
    def over(self) -> bool:
        return self.length > self.limit

    @property
    def share(self) -> int:
        """How full the post is, in percent of the limit (for the meter), at most 100."""
        return min(100, round(100 * self.length / self.limit)) if self.limit else 0


def to_production(url: str, local_url: str, production_url: str) -> str:
    """`url` of the serve build, at the address the site will have once deployed."""
    return production_url + url[len(local_url) :] if url.startswith(local_url) else url


def _entry_at(entry: Entry, local_url: str, production_url: str) -> Entry:
    def move(url: str) -> str:
        return to_production(url, local_url, production_url)

    image = replace(entry.image, url=move(entry.image.url)) if isinstance(entry.image, EntryImage) else None
    return replace(
        entry,
        url=move(entry.url),
        site_url=move(entry.site_url),
        image=image,
        variants=tuple(_entry_at(variant, local_url, production_url) for variant in entry.variants),
    )


def compose_post_previews(
    output_dir: Path, targets: tuple[Target, ...], local_url: str, production_url: str
) -> dict[str, tuple[PostPreview, ...]]:
    """Every target's post of every page and variant of the serve build, by page path ('/sale/hot/')."""
    if not targets:
        return {}
    try:
        manifest = load_manifest(output_dir)
    except SmoError:
        return {}
    adapters = make_adapters()
    posts: dict[str, list[PostPreview]] = {}
    for main in (entry for entry in manifest.entries if entry.syndicated):
        for target in targets:
            for entry in entries_for(main, target.audiences):  # what syndicate would post for the page
                moved = _entry_at(entry, local_url, production_url)
                posts.setdefault(entry.id, []).append(_compose(adapters[target.network], moved, target))
    return {path: tuple(made) for path, made in posts.items()}


def _compose(adapter: Network, entry: Entry, target: Target) -> PostPreview:
    limit = adapter.limit_for(target)
    try:
        post = adapter.compose(entry, target)
    except CannotCompose as error:
        return PostPreview(target.name, adapter.label, "", 0, limit, adapter.length_rule, problem=str(error))
    return PostPreview(
        target.name, adapter.label, post.text, post.length, post.limit, adapter.length_rule, post.shortened, post.parts
    )
