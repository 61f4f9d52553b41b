"""A cache folder from a checkout is data, never code: planted pickles never run.

A pull request can `git add -f .smo-cache/...`; CI then builds it where the secrets are. Every
cache file name smo-gen ever read (old pickles and today's JSON) is filled with a pickle whose
loading would write a marker file; builds must succeed, and the marker must never appear.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from smo_gen.build.output_folder import output_folder_key
from smo_gen.build.parsing import PAGE_SHARDS
from tests.hardening.support import write_files
from tests.support.cli import run_build
from tests.support.sites import png_bytes


class _RunsCode:
    """Unpickling this calls exec: what an attacker's cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def hostile_pickle(marker: Path) -> bytes:
    return pickle.dumps({"content/good.md": _RunsCode(marker)})


def cache_names(site_dir: Path) -> set[str]:
    """Every cache file a build reads or once read (without its suffix): those the last build
    left, and the names of earlier versions."""
    cache = site_dir / ".smo-cache"
    names = {path.relative_to(cache).with_suffix("").as_posix() for path in cache.rglob("*.json")}
    names |= {"card-sources", "images", "templates/references"}
    key = output_folder_key(site_dir / "public")
    names |= {f"build-{key}", f"outputs-{key}", *(f"pages/pages-{index:02d}" for index in range(PAGE_SHARDS))}
    return names


@pytest.mark.parametrize("suffix", [".pickle", ".json"])
def test_planted_pickles_in_the_cache_folder_never_run(good_site: Path, tmp_path: Path, suffix: str) -> None:
    marker = tmp_path / "code-ran"
    page = "---\ntitle: A good page\ndate: 2026-05-01\nimage: /images/photo.png\n---\nHello.\n"
    write_files(good_site, {"static/images/photo.png": png_bytes(1200, 630), "content/good.md": page})
    assert run_build(good_site).exit_code == 0  # every cache written, so every name is known
    cache = good_site / ".smo-cache"
    names = cache_names(good_site)
    assert {"images", "card-sources", "pages/pages-00"} & names
    write_files(good_site, {"content/good.md": page + "Edited, so the next build reads its caches.\n"})
    for name in names:
        path = cache / f"{name}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(hostile_pickle(marker))
    for _ in range(2):  # the first build replaces what it reads; the second reads what it wrote
        result = run_build(good_site)
        assert result.exit_code == 0, result.output
        assert not marker.exists(), "a cache file from the checkout ran code"
    assert "A good page" in (good_site / "public/good/index.html").read_text()


def test_json_naming_a_type_the_cache_does_not_hold_is_no_cache(good_site: Path) -> None:
    """Tags may only name the dataclasses a cache declares; anything else is a damaged file."""
    folder = good_site / ".smo-cache" / "pages"
    for shard in folder.glob("*.json"):
        header, entries = json.loads(shard.read_text())
        for key in entries:
            entries[key] = {"\u0000": "os.system", "v": {"command": "true"}}
        shard.write_text(json.dumps([header, entries]))
    write_files(good_site, {"content/good.md": "---\ntitle: Edited\n---\nHello.\n"})
    result = run_build(good_site)
    assert result.exit_code == 0, result.output
    assert "Edited" in (good_site / "public/good/index.html").read_text()
