"""Which folders a build may write into, and how smo-gen recognises its own output."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.build.output_folder import (
    MARKER_NAME,
    WrittenFile,
    claim_output_folder,
    dump_output_record,
    is_plain_dest,
    load_output_record,
    marker_text,
    read_marker,
    record_path,
    site_identity,
)
from smo_gen.config.site_config import SiteConfig
from smo_gen.errors import BuildError
from tests.support.builders import MakeConfig


def claim(config: SiteConfig, force: bool = False) -> str:
    return claim_output_folder(config, "--output", force)


def refusal(config: SiteConfig, force: bool = False) -> str:
    with pytest.raises(BuildError) as caught:
        claim(config, force)
    return str(caught.value)


def test_a_missing_or_empty_folder_is_new(make_config: MakeConfig, tmp_path: Path) -> None:
    config = make_config(output_dir=tmp_path / "public")
    assert claim(config) == "new"
    (tmp_path / "public/.git").mkdir(parents=True)  # a deploy checkout's history alone is not in the way
    assert claim(config) == "new"
    assert not (tmp_path / "public" / MARKER_NAME).exists()  # claiming writes nothing


def test_the_sources_and_the_folders_above_them_are_refused(make_config: MakeConfig, tmp_path: Path) -> None:
    config = make_config()
    site = config.site_dir
    assert refusal(make_config(output_dir=site)) == (
        f"--output: '{site}' is the site folder; a build would replace and delete files there "
        "(build into a folder of its own, such as public/ inside the site folder (the default))"
    )
    assert f"'{site.parent}' holds the site folder ({site})" in refusal(make_config(output_dir=site.parent))
    assert "is inside the templates folder" in refusal(make_config(output_dir=site / "templates/out"))
    assert "is the themes folder" in refusal(make_config(output_dir=site / "themes"))
    assert "holds the content folder" in refusal(
        make_config(output_dir=tmp_path / "x", content_dir=tmp_path / "x/content")
    )
    assert "is the site folder" in refusal(make_config(output_dir=site), force=True)  # no option overrides it


def test_serve_may_write_into_its_own_folder_in_the_cache(make_config: MakeConfig) -> None:
    config = make_config()
    assert claim(make_config(output_dir=config.cache_dir / "serve")) == "new"
    assert "is inside the cache folder" in refusal(make_config(output_dir=config.cache_dir / "other"))


def test_a_folder_with_other_files_needs_force(make_config: MakeConfig, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("a.html", "b.html", "c.html", "manifest.json", "z.txt"):
        (folder / name).write_text("theirs")
    config = make_config(output_dir=folder)
    assert "already holds files smo-gen did not write (a.html, b.html, c.html and 2 more)" in refusal(config)
    assert claim(config, force=True) == "forced"


def folder_with_index(tmp_path: Path) -> Path:
    """An output folder holding one index.html."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "index.html").write_text("ours")
    return folder


def write_record(folder: Path, cache_dir: Path) -> None:
    """The record of a build that wrote `folder`'s index.html."""
    record_path(folder, cache_dir).parent.mkdir(parents=True)
    record_path(folder, cache_dir).write_bytes(
        dump_output_record(folder, {"index.html": WrittenFile("x", 4, "k", False, 1)})
    )


def test_a_marked_folder_is_ours_and_one_marked_for_another_site_is_not(
    make_config: MakeConfig, tmp_path: Path
) -> None:
    folder = folder_with_index(tmp_path)
    config = make_config(output_dir=folder, site_dir=tmp_path / "site")  # outside the site folder
    (folder / MARKER_NAME).write_bytes(marker_text(config.base_url))
    assert claim(config) == "marked"
    (folder / MARKER_NAME).write_bytes(marker_text("https://other.example/"))
    assert "holds the output of another smo-gen site" in refusal(config)
    assert claim(config, force=True) == "marked"
    write_record(folder, config.cache_dir)
    assert claim(config) == "marked"  # this site wrote there (its base URL changed since)


def test_a_folder_built_before_markers_is_known_by_its_record(make_config: MakeConfig, tmp_path: Path) -> None:
    folder = folder_with_index(tmp_path)
    config = make_config(output_dir=folder)
    write_record(folder, config.cache_dir)
    assert claim(config) == "recorded"


def test_a_marker_is_known_by_its_signature_alone() -> None:
    assert (
        marker_text("https://shop.example/")
        == f"smo-gen output folder\nsite {site_identity('https://shop.example/')}\n".encode()
    )
    assert site_identity("https://shop.example/") != site_identity("https://other.example/")


def test_read_marker(tmp_path: Path) -> None:
    assert read_marker(tmp_path) is None
    (tmp_path / MARKER_NAME).write_text('{"name": "something else"}')
    assert read_marker(tmp_path) is None
    (tmp_path / MARKER_NAME).write_bytes(marker_text("https://shop.example/"))
    assert read_marker(tmp_path) == site_identity("https://shop.example/")


@pytest.mark.parametrize("dest", ["index.html", "a/b/index.html", ".well-known/security.txt"])
def test_plain_relative_paths_are_kept_from_a_record(dest: str) -> None:
    assert is_plain_dest(dest)


@pytest.mark.parametrize("dest", ["../x", "a/../../x", "/etc/passwd", "a//b", ".git/config", "a\\..\\b"])
def test_other_paths_are_not_kept_from_a_record(dest: str) -> None:
    assert not is_plain_dest(dest)


def test_a_record_for_another_folder_is_not_this_folders(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    record_path(tmp_path / "public", cache).write_bytes(
        dump_output_record(tmp_path / "elsewhere", {"a.html": WrittenFile("x", 1, "k", False, 1)})
    )
    assert load_output_record(tmp_path / "public", cache).files == {}


def test_a_folder_an_earlier_version_recorded_is_known_by_the_record_name_never_by_unpickling_it(
    make_config: MakeConfig, tmp_path: Path
) -> None:
    import os
    import pickle

    class RunsCode:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {tmp_path / 'ran'}",))

    folder = folder_with_index(tmp_path)
    config = make_config(output_dir=folder)
    legacy = record_path(folder, config.cache_dir).with_suffix(".pickle")
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(pickle.dumps(RunsCode()))
    assert claim(config) == "recorded"
    assert not (tmp_path / "ran").exists(), "the earlier version's record was unpickled"


def test_the_record_of_written_files_keeps_its_json_form(tmp_path: Path) -> None:
    # Each file as a JSON array, as earlier versions kept it: an upgrade rebuilds nothing.
    cache = tmp_path / "cache"
    cache.mkdir()
    folder = tmp_path / "public"
    stored = (
        b'{"output_dir":"%s","files":{"a.html":["sha256:ab",4,"k",true,7],'
        b'"b.png":["file:/s/b.png:9:5",9,null,false,null]}}'
    )
    record_path(folder, cache).write_bytes(stored % str(folder).encode())
    record = load_output_record(folder, cache)
    assert record.files == {
        "a.html": WrittenFile(fingerprint="sha256:ab", size=4, key="k", reads_site=True, mtime_ns=7),
        "b.png": WrittenFile(fingerprint="file:/s/b.png:9:5", size=9, key=None, reads_site=False, mtime_ns=None),
    }
    assert dump_output_record(folder, record.files) == record.stored


def test_a_build_server_takes_the_record_it_saved_while_the_file_is_the_one_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smo_gen.build import output_folder
    from smo_gen.build.caches import data
    from smo_gen.build.output_state import OutputState, save_record

    monkeypatch.setattr(data, "_kept_reads", {})  # as in a build server
    monkeypatch.setattr(output_folder, "_saved_record", None)
    cache, folder = tmp_path / "cache", tmp_path / "public"
    cache.mkdir()
    files = {"a.html": WrittenFile("sha256:ab", 4, "k", False, 7)}
    save_record(OutputState(folder, cache), files, folder)
    files["b.html"] = WrittenFile("sha256:cd", 5, "k", False, 8)  # the build's dictionary changes after
    reads: list[Path] = []
    monkeypatch.setattr(output_folder, "read_cache_data", lambda path: reads.append(path) or (None, None))
    record = load_output_record(folder, cache)
    assert record.files == {"a.html": WrittenFile("sha256:ab", 4, "k", False, 7)} and reads == []
    record.files.clear()  # a build changes its copy only
    assert load_output_record(folder, cache).files == {"a.html": WrittenFile("sha256:ab", 4, "k", False, 7)}

    record_path(folder, cache).write_bytes(dump_output_record(folder, {}))  # another process's build
    assert load_output_record(folder, cache).files == {} and reads == [record_path(folder, cache)]
