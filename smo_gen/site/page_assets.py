"""Where a page's files end up, and which image each page shares.

A front-matter `image` is looked up beside the page first (page bundles), then in
`static/`, then from the content root; a leading '/' means the site root. Remote images
(http/https) are allowed but cannot be measured, so they get a warning.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from smo_gen.config.site_config import SiteConfig, display_path
from smo_gen.content.discovery import FoundFile
from smo_gen.content.page import Page
from smo_gen.errors import Problem, did_you_mean
from smo_gen.site.image_facts import ImageMeasurer, ImageProblem
from smo_gen.site.model import SocialImage
from smo_gen.urls import absolute_url, is_absolute

_SHAREABLE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@dataclass(frozen=True)
class LocalFile:
    """A file of the site: where it is on disk, and where it is served."""

    full: str  # the file's path, as the walk found it
    url_path: str  # where the file is served on the site

    # Made when asked for: a site indexes every static file, and a build that measures no
    # image asks for few of these (making 10,000 took 0.04 s).
    @functools.cached_property
    def path(self) -> Path:
        return Path(self.full)


@dataclass(frozen=True)
class AssetIndex:
    """Every non-Markdown file the site serves, by the path an author would write."""

    # Keyed by the path as text ('images/a.jpg'): every page looks its image up, and at 10,000
    # pages making and hashing PurePosixPath keys took half of resolving the images.
    content: dict[str, LocalFile]
    static: dict[str, LocalFile]

    @classmethod
    def make(
        cls,
        config: SiteConfig,
        assets: Sequence[FoundFile],
        static: Sequence[FoundFile],
        pages: Sequence[Page],
        published: Sequence[Page],
    ) -> AssetIndex:
        """Index `assets` (content/) and `static`; files of unpublished bundles are left out."""
        root = _display_root(config)
        # A folder holding index.md is a page bundle: its files are served beside the page.
        bundles = {
            PurePosixPath(page.source_path).parent.relative_to(root): page
            for page in pages
            if _name_of(page.source_path).startswith("index") and PurePosixPath(page.source_path).stem == "index"
        }  # (the test on the name first spares making two paths for each of 10,000 pages)
        live = {page.source_path for page in published}
        content: dict[str, LocalFile] = {}
        for found in assets:
            name = found.rel
            bundle = _bundle_of(found.rel_path, bundles) if bundles else None
            if bundle is None:
                content[name] = LocalFile(found.full, "/" + name)
                continue
            folder, page = bundle
            if page.source_path in live:  # a draft's files must not leak out before it does
                inner = found.rel_path.relative_to(folder).as_posix()
                content[name] = LocalFile(found.full, _page_folder(page.url_path) + inner)
        static_files = {found.rel: LocalFile(found.full, "/" + found.rel) for found in static}
        return cls(content, static_files)

    def copies(self) -> Iterator[tuple[str, str]]:
        for local in self.content.values():
            yield local.url_path, local.full

    def find(self, value: str, page_folder: PurePosixPath) -> LocalFile | None:
        """The file an author means by `value`, written in the front matter of a page in `page_folder`."""
        clean = value.split("#")[0].split("?")[0]
        if clean.startswith("/"):
            rooted = _tidy(clean)
            return self.static.get(rooted) or self.content.get(rooted) or self._by_url(clean)
        relative = _normalize(_folder_text(page_folder) + clean)
        tidy = _tidy(clean)
        return (self.content.get(relative) if relative else None) or self.static.get(tidy) or self.content.get(tidy)

    def suggest(self, value: str, page_folder: PurePosixPath) -> str:
        """What to do about `value`, which names no file: the closest image's name, or where to put it."""
        folder = _folder_text(page_folder)
        names = [name[len(folder) :] for name in self.content if name.startswith(folder)]
        names += list(self.static)
        images = [name for name in names if name.lower().endswith(_SHAREABLE_SUFFIXES)]
        hint = did_you_mean(value.split("#")[0].split("?")[0].lstrip("/"), images)
        return hint or "put the file beside the page or in static/, or correct its name"

    def featured_images(self) -> dict[str, LocalFile]:
        """Each folder's image to share for a bundle without one named (Hugo's rule): the first
        image file whose name holds "feature", else "cover" or "thumbnail", case ignored; by
        folder ("blog/launch/") as `_folder_text` writes it."""
        candidates: dict[str, dict[int, str]] = {}
        for name in sorted(self.content):
            folder, _, file_name = name.rpartition("/")
            lowered = file_name.lower()
            if not lowered.endswith(_SHAREABLE_SUFFIXES):
                continue
            rank = 0 if "feature" in lowered else 1 if ("cover" in lowered or "thumbnail" in lowered) else None
            if rank is not None:
                candidates.setdefault(folder + "/" if folder else "", {}).setdefault(rank, name)
        return {folder: self.content[ranked[min(ranked)]] for folder, ranked in candidates.items()}

    def _by_url(self, url_path: str) -> LocalFile | None:
        return next((f for f in self.content.values() if f.url_path == url_path), None)


@dataclass(frozen=True)
class ShareImageFiles:
    """The file each page's share image will be, found before the pages are published, so it
    can be measured where the page is parsed (a cold build of 10,000 pages measured its
    images for 0.47 s in a pool of its own, the other stages waiting).

    It finds what `resolve_social_images` will find, but for the files of page bundles (which
    belong to their page only once the pages are published) and images found by URL: a file
    found here is only a guess to measure ahead, and `resolve_social_images` still decides.
    """

    config: SiteConfig
    index: AssetIndex  # every file under content/ and static/, none yet a bundle's
    featured: dict[str, LocalFile]

    @classmethod
    def make(cls, config: SiteConfig, assets: Sequence[FoundFile], static: Sequence[FoundFile]) -> ShareImageFiles:
        index = AssetIndex.make(config, assets, static, (), ())
        return cls(config, index, index.featured_images())

    def all_jpegs(self) -> bool:
        """Whether every image the site has is a JPEG by its name: measuring them then seldom needs
        Pillow (see site/jpeg_headers.py)."""
        images = (name.lower() for files in (self.index.content, self.index.static) for name in files)
        return not any(name.endswith(_SHAREABLE_SUFFIXES) and not name.endswith((".jpg", ".jpeg")) for name in images)

    def file_of(self, page: Page) -> str | None:
        """The path of the file `page` will share, when it names one of the site's (or is a
        bundle with a featured image); None when it shares none or another site's."""
        if page.image:
            local = None if is_absolute(page.image) else self.index.find(page.image, content_folder(self.config, page))
        else:
            local = featured_image_of(self.config, page, self.featured)
        return None if local is None else local.full


def featured_image_of(config: SiteConfig, page: Page, featured: Mapping[str, LocalFile]) -> LocalFile | None:
    """The featured image (`AssetIndex.featured_images`) a page naming no image shares: its
    bundle's feature*, cover* or thumbnail* file, as Hugo shares it; None for other pages."""
    if not _name_of(page.source_path).startswith("index"):
        return None
    return featured.get(_folder_text(content_folder(config, page)))


def content_folder(config: SiteConfig, page: Page) -> PurePosixPath:
    """The page's folder relative to content/, where its relative paths start."""
    folder, _, _ = page.source_path.rpartition("/")
    return _relative_folder(folder, display_path(config.content_dir, config.site_dir))


@functools.lru_cache(maxsize=1024)
def _relative_folder(folder: str, root: str) -> PurePosixPath:
    # Pages share a handful of folders; path arithmetic for each of 10,000 pages showed.
    return PurePosixPath(folder).relative_to(root)


def _display_root(config: SiteConfig) -> PurePosixPath:
    return PurePosixPath(display_path(config.content_dir, config.site_dir))


def _bundle_of(rel_path: PurePosixPath, bundles: dict[PurePosixPath, Page]) -> tuple[PurePosixPath, Page] | None:
    for folder in rel_path.parents:
        if folder in bundles and folder != PurePosixPath("."):
            return folder, bundles[folder]
    return None


def _name_of(path: str) -> str:
    return path.rpartition("/")[2]


def _page_folder(url_path: str) -> str:
    return url_path if url_path.endswith("/") else url_path.rsplit("/", 1)[0] + "/"


def _tidy(path: str) -> str:
    """A path as PurePosixPath writes it, without a leading '/': empty and '.' parts dropped."""
    return "/".join(part for part in path.split("/") if part not in ("", "."))


@functools.lru_cache(maxsize=1024)
def _folder_text(folder: PurePosixPath) -> str:
    return "" if folder == PurePosixPath(".") else folder.as_posix() + "/"


def _normalize(path: str) -> str | None:
    """`path` with '.' and '..' resolved; None when it leaves the content folder or is empty."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None  # outside the content folder
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) or None


class _Resolved(NamedTuple):
    """What `resolve_social_images` found for one page: the file its image is, and the image or
    the problem."""

    identity: str | None  # the page's (`Page.stable_identity`); None: not to be kept
    featured: bool  # the image is its bundle's featured file, named by no key
    local: LocalFile | None
    image: SocialImage | None
    problem: Problem | None


class KeptShareImages:
    """Each page's share image as the last build of this process resolved it, for a process
    that builds again (a build server, and the build that may leave one behind).

    A page's image depends on the page, site.toml (`config`), the site's files (`assets`) and
    the facts of its image file. A page's stable identity decides all of its fields for given
    settings, so a page with the same identity, settings and files keeps what was resolved for
    it, its image file measured again (10,000 pages took ~0.15 s a build to resolve).
    """

    def __init__(self) -> None:
        self.config: SiteConfig | None = None
        self.assets: AssetIndex | None = None
        self.resolved: dict[str, _Resolved] = {}

    def usable(self, config: SiteConfig, assets: AssetIndex) -> dict[str, _Resolved]:
        """What was kept, when it was resolved with the same settings and files; then forgotten."""
        same = self.config == config and self.assets is not None and self.assets == assets
        resolved, self.resolved = self.resolved, {}
        self.config, self.assets = config, assets
        return resolved if same else {}


def resolve_social_images(
    config: SiteConfig,
    pages: Sequence[Page],
    assets: AssetIndex,
    measured: ImageMeasurer,
    workers: int | None = None,
    kept: KeptShareImages | None = None,
) -> tuple[dict[str, SocialImage], SocialImage | None, list[Problem]]:
    """Measure each page's front-matter image and the site's default image with `measured`
    (the build's, which remembers images between builds: see build/caches/images.py); `kept`:
    what the last build of this process resolved, kept for the next."""
    resolved: dict[int, _Resolved] = {}
    if kept is not None and (usable := kept.usable(config, assets)):
        for page in pages:
            found = _still_resolved(usable, page, measured)
            if found is not None:
                resolved[id(page)] = found
    todo = [page for page in pages if id(page) not in resolved]
    resolved.update(_resolve(config, todo, assets, measured, workers, identified=kept is not None))
    if kept is not None:
        kept.resolved = {found.identity: found for found in resolved.values() if found.identity is not None}
    problems: list[Problem] = []
    images: dict[str, SocialImage] = {}
    # Pages naming an image first, then those sharing their bundle's: the order they were found in.
    for featured in (False, True):
        for page in pages:
            found = resolved.get(id(page))
            if found is None or found.featured != featured:
                continue
            if found.problem:
                problems.append(found.problem)
            elif found.image:
                images[page.url_path] = found.image
    default = None
    if config.social.default_image:
        alt = config.social.default_image_alt or config.title
        value = config.social.default_image
        local = None if is_absolute(value) else assets.find(value, PurePosixPath("."))
        default, problem = resolve_share_image(config, measured, value, alt, local)
        if problem:
            problems.append(Problem(problem, path="site.toml", key="social.default_image"))
    return images, default, problems


def _still_resolved(usable: Mapping[str, _Resolved], page: Page, measured: ImageMeasurer) -> _Resolved | None:
    """What was kept for a page with `page`'s identity, when its image file, if it has one, still
    measures as its image says (a file's problem is looked into again: it may be mended)."""
    identity = page.stable_identity()
    found = usable.get(identity) if identity is not None else None
    if found is None:
        return None
    if found.local is not None:
        if found.image is None:
            return None
        try:
            facts = measured.measure(found.local.full)  # also keeps its facts for the next build
        except ImageProblem:
            return None
        image = found.image
        if (facts.width, facts.height, facts.mime, facts.byte_size) != (
            image.width,
            image.height,
            image.mime,
            image.byte_size,
        ):
            return None
    return found


def _resolve(
    config: SiteConfig,
    pages: Sequence[Page],
    assets: AssetIndex,
    measured: ImageMeasurer,
    workers: int | None,
    identified: bool = False,
) -> dict[int, _Resolved]:
    """The share image of each of `pages`, by the page's id: one that names none and has no
    bundle's to share is found to have none. `identified`: each with its page's identity, to be kept."""
    if not pages:
        return {}  # every page kept (the bundles' featured files are not even looked for)
    # (page, the page as it names its image, the image, its folder)
    named = [(page, page, page.image, content_folder(config, page)) for page in pages if page.image]
    found = {id(page): assets.find(image, folder) for page, _, image, folder in named if not is_absolute(image)}
    featured = assets.featured_images()
    resolved: dict[int, _Resolved] = {}
    for page in pages:
        local = None if page.image else featured_image_of(config, page, featured)
        if local is not None:
            named.append((page, replace(page, image=local.url_path, image_key=""), local.url_path, PurePosixPath(".")))
            found[id(page)] = local
        elif not page.image:
            resolved[id(page)] = _Resolved(page.stable_identity() if identified else None, False, None, None, None)
    measured.measure_many((local.full for local in found.values() if local is not None), workers)
    for page, naming, value, folder in named:
        alt = naming.image_alt or naming.title
        local = found.get(id(page))
        image, problem = resolve_share_image(config, measured, value, alt, local)
        reported = None
        if problem:
            # A bundle's feature file was named by no key (image_key ""): the problem names the page only.
            line = naming.line_of(naming.image_key) if naming.image_key else None
            key = f"front matter: '{naming.image_key}'" if naming.image_key else None
            hint = assets.suggest(value, folder) if local is None and not is_absolute(value) else None
            reported = Problem(problem, path=naming.source_path, line=line, key=key, hint=hint)
        identity = page.stable_identity() if identified else None
        resolved[id(page)] = _Resolved(identity, naming is not page, local, image, reported)
    return resolved


def resolve_share_image(
    config: SiteConfig, measured: ImageMeasurer, value: str, alt: str, local: LocalFile | None
) -> tuple[SocialImage | None, str | None]:
    """The share image `value` names (`local`: the file it was found to be, if it is one of the site's)."""
    if is_absolute(value):
        if not value.startswith(("https://", "http://")):
            return None, f"'{value}' is not an http(s) URL or a file of this site"
        # A remote image cannot be measured here, so its size tags are left out.
        return SocialImage(value, None, None, None, alt), None
    if local is None:
        return None, f"image '{value}' not found beside the page, in static/ or in content/"
    try:
        facts = measured.measure(local.full)
    except ImageProblem as exc:
        return None, f"image '{value}' {exc}"
    url = absolute_url(config.base_url, local.url_path)
    return SocialImage(url, facts.width, facts.height, facts.mime, alt, facts.byte_size, file_path=local.full), None
