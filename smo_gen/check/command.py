"""`smo-gen check`: the share rules of check/social_rules.py run over an already built site.

Reads each HTML page's head and measures the images its tags point to in the same folder,
as a crawler would see them once the site is deployed. The rules themselves are pure
functions in check/social_rules.py, shared with the social preview of `smo-gen serve`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from smo_gen.check.social_rules import Finding, MeasuredOnce, ShareTags, check_share, look_up_images, parse_share_tags
from smo_gen.data_files import load_json_file
from smo_gen.errors import BuildError, Problem, SmoError
from smo_gen.render.manifest import MANIFEST_FILE
from smo_gen.site.image_facts import ImageFacts, ImageProblem, measure_image
from smo_gen.wording import counted

NOT_SHARED = ("404.html",)


@dataclass(frozen=True)
class PageReport:
    """One built page: its share tags, the images they point to, and what the rules found."""

    file: str  # relative to the output folder, '/' separated
    tags: ShareTags
    images: dict[str, ImageFacts | str]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == "warning"]


def site_base_url(output_dir: Path, fallback: str | None) -> str | None:
    """The address the site was built for: its manifest says, else the configured base URL."""
    try:
        url = load_json_file(output_dir / MANIFEST_FILE)["site"]["url"]
        if isinstance(url, str) and url:
            return url
    except (SmoError, KeyError, TypeError):
        pass
    return fallback


def local_file_for(url: str, base_url: str | None, output_dir: Path) -> Path | None:
    """The file in `output_dir` that `url` will be served from, or None for another host."""
    if not base_url or not url.startswith(base_url):
        return None
    rel = unquote(urlsplit(url).path)[len(urlsplit(base_url).path) :]
    root = output_dir.resolve()
    path = (root / rel.lstrip("/")).resolve()
    return path if path.is_relative_to(root) else None


class ImageMeasurer(MeasuredOnce):
    """Measures the images in the built site's folder."""

    def __init__(self, output_dir: Path, base_url: str | None) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.base_url = base_url

    def _measure(self, url: str) -> ImageFacts | str | None:
        path = local_file_for(url, self.base_url, self.output_dir)
        if path is None:
            return None
        if not path.is_file():
            return "is not in the built site"
        try:
            return measure_image(path)
        except ImageProblem as problem:
            return str(problem)

    def lookup(self, tags: ShareTags) -> dict[str, ImageFacts | str]:
        return look_up_images(tags, self.measure)


def make_page_report(file: str, html: str, measurer: ImageMeasurer) -> PageReport:
    tags = parse_share_tags(html)
    images = measurer.lookup(tags)
    return PageReport(file, tags, images, tuple(check_share(tags, images)))


def iter_page_files(output_dir: Path) -> Iterator[Path]:
    """Every HTML page of a built site, in a stable order."""
    for path in sorted(output_dir.rglob("*.html")):
        if path.is_file() and path.relative_to(output_dir).as_posix() not in NOT_SHARED:
            yield path


def check_built_site(output_dir: Path, base_url: str | None) -> list[PageReport]:
    """A report for every shareable page in `output_dir` (redirect pages are left out)."""
    if not output_dir.is_dir():
        raise BuildError(Problem(f"{output_dir} does not exist", hint="run 'smo-gen build' first, or pass --output"))
    base_url = site_base_url(output_dir, base_url)
    measurer = ImageMeasurer(output_dir, base_url)
    reports = []
    for path in iter_page_files(output_dir):
        try:
            html = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise BuildError(Problem(f"cannot be read: {exc.strerror}", path=str(path))) from None
        report = make_page_report(path.relative_to(output_dir).as_posix(), html, measurer)
        if not report.tags.redirects:
            reports.append(report)
    return reports


def render_report(reports: list[PageReport]) -> str:
    """A readable list: each page with what weakens or breaks its share, then a total."""
    lines = []
    for report in reports:
        if not report.findings:
            lines.append(f"ok       {report.file}")
            continue
        status = "BROKEN  " if report.errors else "weak    "
        lines.append(f"{status} {report.file}")
        for finding in (*report.errors, *report.warnings):
            lines.append(f"    {finding}")
            if finding.fix:
                lines.append(f"      fix: {finding.fix}")
    broken = sum(1 for report in reports if report.errors)
    weak = sum(1 for report in reports if report.warnings and not report.errors)
    lines.append(
        f"{counted(len(reports), 'page')} checked: {broken} {'breaks' if broken == 1 else 'break'} a network's rules, "
        f"{weak} with warnings only, {len(reports) - broken - weak} fine."
    )
    return "\n".join(lines)
