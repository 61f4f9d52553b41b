"""The share rules of check/social_rules.py run by the build, on the pages it renders.

`smo-gen check` reads the built HTML and measures the image files in the output folder; the
build hands the same rules the same tags without reading anything back. Where the page's head
is the default one (its og:url tag is there as the default head writes it), the tags are taken
from the values the head was rendered from (render/social_meta.py's `PageMeta`); a theme that
writes its own head has its HTML read as `check` reads it. Images' size and type come from what
the build measured or drew, their byte size from the file it copies. This runs in the worker
that renders the page. So the build, `check` and the `/_smo/` preview give the same findings,
each with its fix. The build reports them as warnings, on the page's own file and the
front-matter line the fix changes (list pages have no file of their own: the built file is
named); a finding shared by a page's audience variants is one problem, not one per variant.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from markupsafe import escape

from smo_gen.check.social_rules import Finding, MeasuredOnce, ShareTags, check_share, look_up_images, parse_share_tags
from smo_gen.errors import Problem
from smo_gen.render.social_meta import PageMeta
from smo_gen.site.image_facts import ImageFacts, ImageProblem, measure_image
from smo_gen.site.model import Site, SocialImage
from smo_gen.urls import output_file_for

NOT_SHARED = ("404.html",)  # as `check` leaves it out
# Where a key the page does not set belongs: the alt text goes beside the image it describes.
NEAR_KEYS = {"image_alt": "image"}


@dataclass(frozen=True)
class PageSource:
    """Where a built page comes from: its content file and the lines of its front matter."""

    path: str
    key_lines: Mapping[str, int]


class BuildImages(MeasuredOnce):
    """The facts of each image URL a page shares, from what the build knows of its files."""

    def __init__(self, site: Site, files: Mapping[str, str | Path]) -> None:
        """`files`: every file the build copies, by its path in the output folder."""
        super().__init__()
        self.base_url = site.config.base_url.rstrip("/") + "/"
        self.files = files
        self.known: dict[str, SocialImage] = {}
        shaped = (image for shapes in site.shaped_images.values() for image in shapes.values())
        for image in (*site.images.values(), *site.photos.values(), *shaped, site.default_image):
            if image is not None and image.width and image.height and image.mime:
                self.known[image.url] = image

    def _measure(self, url: str) -> ImageFacts | str | None:
        """None for another host's image."""
        if not url.startswith(self.base_url):
            return None
        # The path after the site's own (the URL starts with base_url, so no urlsplit is needed).
        dest = unquote(url[len(self.base_url) :].split("#", 1)[0].split("?", 1)[0])
        source = self.files.get(dest)
        if source is None:
            return "is not in the built site"
        image = self.known.get(url)
        try:
            if image is not None and image.width and image.height and image.mime:
                # Measured (or drawn) already: only the byte size is new.
                return ImageFacts(image.width, image.height, image.mime, os.stat(source).st_size)
            return measure_image(Path(source))
        except OSError as error:
            return f"cannot be read ({error.strerror})"
        except ImageProblem as problem:
            return str(problem)

    def lookup(self, tags: ShareTags) -> dict[str, ImageFacts | str]:
        return look_up_images(tags, self.measure)


def printed(meta: PageMeta, data: bytes) -> bool:
    """Whether the page's head is the one smo-gen's values make: its og:url tag is there as the
    default head writes it."""
    url = str(escape(meta.url)) if any(char in meta.url for char in "&<>\"'") else meta.url
    return f'<meta property="og:url" content="{url}">'.encode() in data


def share_tags_of(meta: PageMeta) -> ShareTags:
    """The tags a head made from `meta` holds, as `parse_share_tags` would read them back.

    Reading the values instead of the HTML spares the build a parse of every page it renders
    (about a tenth of a millisecond each, 3 to 6 % of a cold build of 1,000 pages)."""
    found: dict[str, list[str]] = {}
    for tag in meta.tags:
        found.setdefault(tag.key.lower(), []).append(tag.content)
    if meta.robots:
        found.setdefault("robots", []).append(meta.robots)
    tags = {key: tuple(values) for key, values in found.items()}
    return ShareTags(tags, " ".join(meta.title.split()), meta.canonical_url)


def page_sources(site: Site) -> dict[str, PageSource]:
    """The content file behind each page the build writes, by its output file."""
    sources = {
        output_file_for(page.url_path): PageSource(page.source_path, page.key_lines)
        for page in (*site.all_pages, *(section.intro for section in site.sections))
        if page.source_path
    }
    if site.home.source_path:
        sources.setdefault(output_file_for("/"), PageSource(site.home.source_path, {}))
    return sources


class ShareRules:
    """The share rules for one build: a warning for each finding on each page, as it is rendered."""

    def __init__(self, site: Site, files: Mapping[str, str | Path], output_name: str) -> None:
        """`files`: what the build copies, by output path; `output_name`: the output folder as the
        writer knows it ('public'), to name the built file of a page with no content file (lists)."""
        self.sources = page_sources(site)
        self.images = BuildImages(site, files)
        self.output_name = output_name

    def problems(self, dest: str, data: bytes, meta: PageMeta | None = None) -> list[Problem]:
        """The warnings for the output `dest`, rendered as `data` from the head values `meta`
        (none for what is not a shared page)."""
        if not dest.endswith(".html") or dest in NOT_SHARED:
            return []
        if meta is not None and printed(meta, data):
            tags = share_tags_of(meta)
        else:  # a theme that writes its own head: read it as `check` does
            tags = parse_share_tags(data.decode("utf-8", errors="replace"))
        if tags.redirects:
            return []
        source = self.sources.get(dest)
        return [
            share_problem(finding, source, f"{self.output_name}/{dest}")
            for finding in check_share(tags, self.images.lookup(tags))
        ]


def share_problem(finding: Finding, source: PageSource | None, built_file: str) -> Problem:
    """One finding as a build warning, on the line of the front-matter key its fix changes."""
    verdict = "breaks the share" if finding.level == "error" else "weakens the share"
    if source is None:
        return Problem(
            f"{verdict}: {finding.describe()}", path=built_file, hint=finding.fix or None, severity="warning"
        )
    key = finding.key if finding.key in source.key_lines else NEAR_KEYS.get(finding.key, "")
    line = source.key_lines.get(key) if key else None
    shown = f"front matter: '{key}'" if line is not None else None
    return Problem(
        f"{verdict}: {finding.describe()}",
        path=source.path,
        line=line,
        key=shown,
        hint=finding.fix or None,
        severity="warning",
    )
