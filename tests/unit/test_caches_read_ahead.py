"""What a build server reads of a site's caches before its first build (the cold build that
started it read none of them): the first build then decodes none of those files, and builds
what a process of its own builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.caches import data
from smo_gen.build.read_ahead import read_caches_ahead
from tests.support.sites import build, tree_digest, write_and_build

PAGES = {
    f"content/offer-{n}.md": (
        f"---\ntitle: Offer {n}\ndate: 2026-05-0{n}\ntags: [sale]\n---\nSee [more](/offer-{n % 3 + 1}/).\n"
    )
    for n in range(1, 4)
}


def test_a_first_build_after_reading_ahead_decodes_no_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "_kept_reads", {})  # as `smo-gen build` keeps them where a server may stay
    site = write_and_build(tmp_path / "site", PAGES)  # the cold build: it reads no cache
    cache = (site / ".smo-cache").resolve()
    read_caches_ahead(cache, lambda: False)
    read_ahead = {name for _, name in data._kept_reads}
    for cache_file in ("/pages/", "images.json", "card-sources.json", "references.json", "/feeds/", "link-verdicts-"):
        assert any(cache_file in name for name in read_ahead), cache_file

    decoded: list[str] = []
    real = data.loads_cache_data

    def decoding(content: object, *types: object) -> object:
        import traceback

        decoded.append("".join(traceback.format_stack(limit=9)[:-1]))  # where, should one be
        return real(content, *types)  # type: ignore[arg-type]

    monkeypatch.setattr(data, "loads_cache_data", decoding)
    (site / "content/offer-2.md").write_text(PAGES["content/offer-2.md"] + "More.\n", encoding="utf-8")
    build(site)
    assert decoded == []

    monkeypatch.setattr(data, "_kept_reads", None)
    twin = write_and_build(tmp_path / "twin", {**PAGES, "content/offer-2.md": PAGES["content/offer-2.md"] + "More.\n"})
    assert tree_digest(site / "public") == tree_digest(twin / "public")
