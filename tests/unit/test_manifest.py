"""manifest.json: one line a page, kept between builds, always what a fresh rendering gives."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from smo_gen.render.manifest import make_manifest, render_manifest
from smo_gen.site.model import Site
from tests.support.builders import MakePage, MakeSiteModel
from tests.support.sites import record_manifest_lines, render_and_write


def test_the_manifest_is_its_data_with_one_page_a_line(make_page: MakePage, make_site_model: MakeSiteModel) -> None:
    site = make_site_model([make_page(slug=f"post-{n}", title=f"Post {n} “quoted”") for n in range(3)])
    text = bytes(render_manifest(site)).decode("utf-8")
    assert json.loads(text) == json.loads(json.dumps(make_manifest(site)))
    page_lines = [line for line in text.splitlines() if line.startswith('    {"id"')]
    assert len(page_lines) == 3


def written(site: Site) -> bytes:
    """The manifest, written into the output folder by the writer: kept lines are cut from it."""
    return render_and_write(site, "manifest.json", lambda previous: render_manifest(site, previous))


def test_kept_lines_are_used_only_for_pages_with_an_identity(
    make_page: MakePage, make_site_model: MakeSiteModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = record_manifest_lines(monkeypatch)
    pages = [make_page(slug=f"post-{n}", digest=f"d{n}") for n in range(3)] + [make_page(slug="by-hand", digest="")]
    first = written(make_site_model(pages))
    assert sorted(made) == ["/by-hand/", "/post-0/", "/post-1/", "/post-2/"]

    made.clear()
    pages[1] = dataclasses.replace(pages[1], title="Edited", digest="d1-edited")
    second = written(make_site_model(pages))
    assert sorted(made) == ["/by-hand/", "/post-1/"]  # a page without an identity is always made
    shutil.rmtree(make_site_model(pages).config.cache_dir)
    shutil.rmtree(make_site_model(pages).config.output_dir)
    assert second == bytes(render_manifest(make_site_model(pages))) != first  # the same as with nothing kept
    assert '"title": "Edited"' in second.decode("utf-8")
