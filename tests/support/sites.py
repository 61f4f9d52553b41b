"""Small sites written inline for tests, and helpers to build and inspect them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from PIL import Image

from smo_gen.build.caches.feed_entries import EntryIndexes
from smo_gen.build.command import build_site
from smo_gen.build.output_state import OutputState
from smo_gen.build.request import BuildRequest
from smo_gen.build.switch import wait_for_removals
from smo_gen.build.writer import write_site as write_outputs
from smo_gen.errors import BuildError
from smo_gen.render.document_parts import Assembled, PreviousDocument
from smo_gen.render.outputs import Output
from smo_gen.reporter import BuildSummary, RecordingReporter
from smo_gen.site.model import Site

BASE_URL = "https://shop.example/"
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)

SITE_TOML = f"""\
title = "Test Shop"
base_url = "{BASE_URL}"
description = "A shop used in tests."
timezone = "Europe/Berlin"

[author]
name = "Test Author"

[author.social]
x = "@testshop"

[social]
x_site = "@testshop"
default_image = "images/default.png"
default_image_alt = "The Test Shop logo"
"""


# Two audiences, for sites that share a page differently per audience; the cold one is last (add its keys after).
AUDIENCES_TOML = """
[audiences.hot]
label = "Hot climates"
[audiences.cold]
label = "Cold climates"
"""

# Tables only `smo-gen syndicate` and `smo-gen feedback` read: a build's output never shows them.
SYNDICATION_AND_FEEDBACK = """
# Where `smo-gen syndicate` posts, and how `smo-gen feedback` reads the replies.
[targets.mastodon]
network = "mastodon"
instance = "https://mastodon.example"

[feedback]
keep_days = 30
"""


def png_bytes(width: int, height: int, color: tuple[int, int, int] = (40, 120, 200), kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, kind)
    return buffer.getvalue()


def write_site(root: Path, files: Mapping[str, str | bytes], site_toml: str | None = SITE_TOML) -> Path:
    """Write `files` (path -> text or bytes) under `root`, plus site.toml and a default image."""
    root.mkdir(parents=True, exist_ok=True)
    if site_toml is not None:
        (root / "site.toml").write_text(site_toml, encoding="utf-8")
    defaults: dict[str, str | bytes] = {}
    if not (root / "static/images/default.png").exists():
        defaults["static/images/default.png"] = png_bytes(1200, 630)
    for rel, data in {**defaults, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


def build(root: Path, **options: object) -> tuple[BuildSummary, RecordingReporter]:
    reporter = RecordingReporter()
    request = BuildRequest(site_dir=root, **{"now": NOW, **options})  # type: ignore[arg-type]
    summary = build_site(request, reporter)
    return summary, reporter


def write_and_build(root: Path, files: dict[str, str | bytes], site_toml: str | None = SITE_TOML) -> Path:
    """`write_site`, then a build of it that must succeed; the site folder."""
    build(write_site(root, files, site_toml))
    return root


def build_problems(root: Path, **options: object) -> list[str]:
    """The problems, as printed, of a build of `root` that must fail."""
    with pytest.raises(BuildError) as raised:
        build(root, **options)
    return [str(problem) for problem in raised.value.problems]


REPO = Path(__file__).resolve().parents[2]


def build_example_site(root: Path) -> Path:
    """Copy the repository's own example site to `root` and build it at NOW; its output folder.

    Not even a warning: the example is what new users copy (a broken link once slipped in)."""
    for name in ("site.toml", "content", "static"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    reporter = RecordingReporter()
    build_site(BuildRequest(site_dir=root, now=NOW), reporter)
    assert not reporter.problems, "\n".join(map(str, reporter.problems))
    return root / "public"


def clean_copy_build(site: Path, scratch: Path, **options: object) -> dict[str, str]:
    """Build a copy of `site` at `scratch` from nothing (no cache, no output); its tree's digest."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".smo-cache"))
    build(scratch, **options)
    return tree_digest(scratch / "public")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a digest of its bytes, to prove nothing changed."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def record_manifest_lines(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URL path of every page whose manifest.json line is made (not taken from the kept ones)."""
    from smo_gen.render import manifest

    made: list[str] = []
    real_line = manifest._line
    monkeypatch.setattr(manifest, "_line", lambda site, page: made.append(page.url_path) or real_line(site, page))
    return made


def render_and_write(site: Site, dest: str, render: Callable[[PreviousDocument | None], Assembled]) -> bytes:
    """Render an assembled output (a feed, the manifest) against the file the last build wrote
    at `dest` and its entry index, as a build does, keep the new index, write it with the
    writer, and return the bytes written."""
    config = site.config
    indexes = EntryIndexes(
        config.cache_dir, config.output_dir, OutputState(config.output_dir, config.cache_dir).written
    )
    document = render(indexes.previous(dest))
    output = Output(dest, data=document, key=document.fingerprint)
    indexes.save([output])
    write_outputs([output], config.output_dir, config.cache_dir)
    wait_for_removals()  # the spare tree is trimmed on a thread, as a build waits for it before it ends
    return (config.output_dir / dest).read_bytes()


def read_output(root: Path, path: str) -> str:
    """The text of a built file, `path` relative to the output folder."""
    return (root / "public" / path).read_text(encoding="utf-8")


def listed_titles(html: str) -> list[str]:
    """The titles a list page (home, section, tag) shows, in order."""
    return re.findall(r'<a class="u-url p-name" href="[^"]*">([^<]*)</a>', html)
