"""Finding the site's files: what a FoundFile says about its file, and the looks that name it."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from smo_gen.build.build_stamp import look_at_inputs
from smo_gen.config.content_skip import make_skip
from smo_gen.config.site_config import load_config
from smo_gen.content.discovery import FoundFile, find_content, find_static

NAMES = st.text(alphabet="ab._-", min_size=1, max_size=8).filter(lambda name: name not in (".", ".."))


@given(st.lists(NAMES, min_size=1, max_size=3))
def test_suffix_and_stem_are_those_of_purepath(parts: list[str]) -> None:
    rel = "/".join(parts)
    found = FoundFile("/site/content/" + rel, rel)
    assert found.suffix == PurePosixPath(rel).suffix
    assert found.stem == PurePosixPath(rel).stem


def test_found_files_are_named_as_the_build_stamp_names_them(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    (tmp_path / "content" / "guides").mkdir(parents=True)
    (tmp_path / "content" / "guides" / "spring.md").write_text("# Spring\n", encoding="utf-8")
    (tmp_path / "content" / "guides" / "photo.JPG").write_bytes(b"x")
    (tmp_path / "content" / "_index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "static" / "images" / "a.png").write_bytes(b"x")
    hour_ago = time.time() - 3600
    for path in tmp_path.rglob("*"):
        os.utime(path, (hour_ago, hour_ago))  # settled: the build stamp trusts their looks
    config = load_config(tmp_path)
    content = find_content(config.content_dir)
    static, problems = find_static(config.static_dir, "static")
    assert not problems and not content.problems
    assert [found.rel for found in content.markdown] == ["_index.md", "guides/spring.md"]
    assert [found.rel for found in content.assets] == ["guides/photo.JPG"]
    assert [found.stem for found in content.markdown] == ["_index", "spring"]
    for found in [*content.markdown, *content.assets, *static]:
        assert str(found.path) == found.full  # the Path, made when asked, names the same file
        assert found.rel_path == PurePosixPath(found.rel)
        assert found.path.is_file()
    # The parse cache and the image measurer trust a file by its look in the build stamp,
    # keyed by the same text.
    looks = look_at_inputs(config, ()).files
    assert all(looks.is_trusted(found.full) for found in [*content.markdown, *content.assets, *static])


def test_html_files_that_open_with_front_matter_are_pages_the_others_are_copied(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "yaml.html").write_text("\n\n---\ntitle: A\n---\n<p>A</p>\n", encoding="utf-8")
    (content / "toml.htm").write_bytes("\ufeff+++\ntitle = 'B'\n+++\n<p>B</p>\n".encode())
    (content / "plain.html").write_text("<!DOCTYPE html><p>---</p>\n", encoding="utf-8")
    (content / "rule.html").write_text("----\n<p>Not front matter</p>\n", encoding="utf-8")
    found = find_content(content)
    assert sorted(item.rel for item in found.markdown) == ["toml.htm", "yaml.html"]
    assert sorted(item.rel for item in found.assets) == ["plain.html", "rule.html"]


def test_skip_leaves_out_paths_and_globs(tmp_path: Path) -> None:
    for rel in ["_site/index.html", "_posts/a.md", "notes.xlsx", "docs/b.md", "public/x.html", "Gemfile"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    skip = make_skip(["public"], ["_site", "*.xlsx", "Gemfile*"])
    found = find_content(tmp_path, "content", skip)
    assert [f.rel for f in found.markdown] == ["_posts/a.md", "docs/b.md"]
    assert found.assets == ()
