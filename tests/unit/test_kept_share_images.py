"""Share images kept between a build server's builds (page_assets.KeptShareImages): a page with
the same identity, settings and files keeps what was resolved for it, unless its image file now
measures otherwise; anything else is resolved again, with the same results a build without kept
images gets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from smo_gen.build.caches.images import MeasuredImages
from smo_gen.config.site_config import SiteConfig
from smo_gen.content.discovery import FoundFile
from smo_gen.content.page import Page
from smo_gen.site import page_assets
from smo_gen.site.page_assets import AssetIndex, KeptShareImages, resolve_social_images
from tests.support.builders import make_config, make_page
from tests.support.sites import png_bytes


def parsed(**fields: str) -> Page:
    """A page as parsed from a file: its identity (`Page.stable_identity`) is its source's digest and paths."""
    return make_page(digest=f"digest of {fields}", **fields)


def site_files(root: Path) -> tuple[SiteConfig, AssetIndex, list[Page]]:
    config = make_config(root)
    (root / "static").mkdir(exist_ok=True)
    for name, width in (("chairs.png", 1200), ("tables.png", 800)):
        (root / "static" / name).write_bytes(png_bytes(width, 630))
    (root / "static" / "broken.png").write_bytes(b"not an image yet")
    static = [FoundFile(str(root / "static" / name), name) for name in ("broken.png", "chairs.png", "tables.png")]
    pages = [
        parsed(slug="chairs", image="/chairs.png"),
        parsed(slug="tables", image="/tables.png"),
        parsed(slug="remote", image="https://cdn.example/sofa.png"),
        parsed(slug="missing", image="/sofa.png"),
        parsed(slug="broken", image="/broken.png"),
        parsed(slug="plain"),
        make_page(slug="by-hand", image="/chairs.png"),  # no identity (no source digest): never kept
    ]
    return config, AssetIndex.make(config, [], static, pages, pages), pages


@pytest.fixture
def resolved_pages(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The pages each call resolves afresh (by slug)."""
    calls: list[list[str]] = []
    real = page_assets._resolve

    def resolve(config: SiteConfig, pages: list[Page], *args: object, **options: bool) -> object:
        calls.append([page.slug for page in pages])
        return real(config, pages, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(page_assets, "_resolve", resolve)
    return calls


def test_unchanged_pages_keep_what_was_resolved(tmp_path: Path, resolved_pages: list[list[str]]) -> None:
    config, assets, pages = site_files(tmp_path)
    kept = KeptShareImages()
    first = resolve_social_images(config, pages, assets, MeasuredImages(tmp_path / "images.json"), 1, kept)
    copies = [replace(page) for page in pages]  # read again from the cache: other objects, the same pages
    edited = [*copies[:1], parsed(slug="tables", image="/tables.png", title="Tables"), *copies[2:]]
    second = resolve_social_images(config, edited, assets, MeasuredImages(tmp_path / "images.json"), 1, kept)
    # Only the edited page, the one whose file has a problem (it may have been mended) and the
    # one without an identity, again.
    assert resolved_pages == [[page.slug for page in pages], ["tables", "broken", "by-hand"]]
    fresh = resolve_social_images(config, edited, assets, MeasuredImages(tmp_path / "fresh.json"), 1)
    assert second == fresh
    assert first[0]["/chairs/"] is second[0]["/chairs/"]  # kept
    assert [problem.message for problem in second[2]] == [problem.message for problem in first[2]]


def test_a_page_whose_image_file_changed_is_resolved_again(tmp_path: Path, resolved_pages: list[list[str]]) -> None:
    config, assets, pages = site_files(tmp_path)
    kept = KeptShareImages()
    resolve_social_images(config, pages, assets, MeasuredImages(tmp_path / "images.json"), 1, kept)
    (tmp_path / "static" / "chairs.png").write_bytes(png_bytes(1000, 500))  # replaced, same name
    (tmp_path / "static" / "broken.png").write_bytes(png_bytes(1200, 630))  # mended
    images, _, problems = resolve_social_images(config, pages, assets, MeasuredImages(tmp_path / "x.json"), 1, kept)
    assert resolved_pages[1] == ["chairs", "broken", "by-hand"]
    assert (images["/chairs/"].width, images["/broken/"].width) == (1000, 1200)
    assert [problem.path for problem in problems] == ["content/missing.md"]


def test_other_settings_or_files_resolve_every_page_again(tmp_path: Path, resolved_pages: list[list[str]]) -> None:
    config, assets, pages = site_files(tmp_path)
    kept = KeptShareImages()
    measured = MeasuredImages(tmp_path / "images.json")
    resolve_social_images(config, pages, assets, measured, 1, kept)
    moved = config.with_base_url("https://preview.example/")
    images, _, _ = resolve_social_images(moved, pages, assets, measured, 1, kept)
    assert images["/chairs/"].url == "https://preview.example/chairs.png"
    (tmp_path / "static" / "sofa.png").write_bytes(png_bytes(900, 600))  # the missing image, added
    static = [FoundFile(str(tmp_path / "static" / name), name) for name in ("chairs.png", "sofa.png", "tables.png")]
    more = AssetIndex.make(moved, [], static, pages, pages)
    images, _, _ = resolve_social_images(moved, pages, more, measured, 1, kept)
    assert images["/missing/"].width == 900
    assert [len(call) for call in resolved_pages] == [7, 7, 7]
