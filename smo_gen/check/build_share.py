"""The share rules of check/social_rules.py run by the build, on the pages it has just rendered.

`smo-gen check` reads the built HTML and measures the image files in the output folder; the
build hands the same rules the same things without reading anything back: the bytes it rendered
for each page and the images it measured or drew (their size and type from the site model, their
byte size from the file it copies). So the build, `check` and the `/_smo/` preview give the same
findings, each with its fix. The build reports them as warnings, on the page's own file and the
front-matter line the fix changes (list pages have no file of their own: the built file is named);
a finding shared by a page's audience variants is one problem, not one per variant.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from smo_gen.check.social_rules import Finding, ShareTags, check_share, look_up_images, parse_share_tags
from smo_gen.errors import Problem
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


class BuildImages:
    """The facts of each image URL a page shares, from what the build knows of its files."""

    def __init__(self, site: Site, files: Mapping[str, str | Path]) -> None:
        """`files`: every file the build copies, by its path in the output folder."""
        self.base_url = site.config.base_url.rstrip("/") + "/"
        self.base_path = urlsplit(self.base_url).path
        self.files = files
        self.known: dict[str, SocialImage] = {}
        shaped = (image for shapes in site.shaped_images.values() for image in shapes.values())
        for image in (*site.images.values(), *site.photos.values(), *shaped, site.default_image):
            if image is not None and image.width and image.height and image.mime:
                self.known[image.url] = image
        self.facts: dict[str, ImageFacts | str | None] = {}

    def measure(self, url: str) -> ImageFacts | str | None:
        """What `url` is: its facts, why it cannot be measured, or None for another host's image."""
        if url not in self.facts:
            self.facts[url] = self._measure(url)
        return self.facts[url]

    def _measure(self, url: str) -> ImageFacts | str | None:
        if not url.startswith(self.base_url):
            return None
        dest = unquote(urlsplit(url).path)[len(self.base_path) :]
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


def share_problems(
    rendered: Iterable[tuple[str, bytes]], site: Site, images: BuildImages, output_name: str
) -> list[Problem]:
    """A warning for each finding of the share rules on each rendered page (`dest`, `html`).

    `output_name` is the output folder as the writer knows it ('public'), to name the built file of
    a page that has no content file of its own (the lists).
    """
    sources = page_sources(site)
    problems: list[Problem] = []
    for dest, data in rendered:
        if not dest.endswith(".html") or dest in NOT_SHARED:
            continue
        tags = parse_share_tags(data.decode("utf-8", errors="replace"))
        if tags.redirects:
            continue
        for finding in check_share(tags, images.lookup(tags)):
            problems.append(share_problem(finding, sources.get(dest), f"{output_name}/{dest}"))
    return problems


def share_problem(finding: Finding, source: PageSource | None, built_file: str) -> Problem:
    """One finding as a build warning, on the line of the front-matter key its fix changes."""
    verdict = "breaks the share" if finding.level == "error" else "weakens the share"
    if source is None:
        return Problem(f"{verdict}: {finding.describe()}", path=built_file, hint=finding.fix or None, severity="warning")
    key = finding.key if finding.key in source.key_lines else NEAR_KEYS.get(finding.key, "")
    line = source.key_lines.get(key) if key else None
    shown = f"front matter: '{key}'" if line is not None else None
    return Problem(f"{verdict}: {finding.describe()}", path=source.path, line=line, key=shown, hint=finding.fix or None, severity="warning")
