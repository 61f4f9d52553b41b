"""Reading and parsing content files: cached results reused, and files that look unchanged not read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smo_gen.build import parsing
from smo_gen.build.caches import sharded
from smo_gen.content.discovery import FoundFile


def found(content: Path, name: str, text: str) -> FoundFile:
    path = content / name
    path.write_text(text, encoding="utf-8")
    return FoundFile(str(path), name)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the files parse_files read."""
    seen: list[str] = []
    real = parsing._read_source

    def counting(file: FoundFile, display: str):  # type: ignore[no-untyped-def]
        seen.append(display)
        return real(file, display)

    monkeypatch.setattr(parsing, "_read_source", counting)
    return seen


def parse(files: list[FoundFile], looks: dict[str, tuple[int, int]], cache_dir: Path) -> parsing.ParseRun:
    return parsing.parse_files(files, parsing.PageParsing("content", dt.UTC, "en"), looks, cache_dir, workers=1)


def test_a_file_that_looks_as_it_did_is_not_read_again(tmp_path: Path, reads: list[str]) -> None:
    (tmp_path / "content").mkdir()
    files = [
        found(tmp_path / "content", f"{name}.md", f"---\ntitle: {name}\n---\nBody of {name}.\n") for name in ("a", "b")
    ]
    looks = {str(f.path): (f.path.stat().st_size, 1_000) for f in files}
    first = parse(files, looks, tmp_path / "cache")
    assert (first.parsed, reads) == (2, ["content/a.md", "content/b.md"])

    reads.clear()
    second = parse(files, looks, tmp_path / "cache")
    assert (second.parsed, second.reused, reads) == (0, 2, [])
    assert second.results == first.results

    files[1].path.write_text("---\ntitle: B again\n---\nNew body.\n", encoding="utf-8")
    looks[str(files[1].path)] = (files[1].path.stat().st_size, 2_000)
    third = parse(files, looks, tmp_path / "cache")
    assert (third.parsed, reads) == (1, ["content/b.md"])
    page = third.results["content/b.md"][0]
    assert page is not None and page.title == "B again"


def test_a_file_without_a_trusted_look_is_read_and_reused_by_its_digest(tmp_path: Path, reads: list[str]) -> None:
    # No look (modified within a tick of it, or a link): read every time, parsed only when its bytes change.
    (tmp_path / "content").mkdir()
    files = [found(tmp_path / "content", "a.md", "---\ntitle: A\n---\nBody.\n")]
    parse(files, {}, tmp_path / "cache")
    run = parse(files, {}, tmp_path / "cache")
    assert (run.parsed, run.reused, reads) == (0, 1, ["content/a.md", "content/a.md"])


def test_a_file_that_cannot_be_read_is_a_problem_naming_it(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    broken = found(tmp_path / "content", "latin.md", "")
    broken.path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    missing = FoundFile(str(tmp_path / "content/gone.md"), "gone.md")
    run = parse([broken, missing], {}, tmp_path / "cache")
    (page, problems), (gone_page, gone_problems) = run.results["content/latin.md"], run.results["content/gone.md"]
    assert page is None and "not UTF-8" in problems[0].message and problems[0].path == "content/latin.md"
    assert gone_page is None and "cannot be read" in gone_problems[0].message


def test_a_content_file_past_the_limit_is_refused_naming_it_and_never_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "MAX_CONTENT_BYTES", 1000)
    (tmp_path / "content").mkdir()
    head = "---\ntitle: Page\n---\n"
    at_limit = found(tmp_path / "content", "fits.md", head + "a" * (1000 - len(head)))
    over = found(tmp_path / "content", "huge.md", head + "a" * (1001 - len(head)))
    assert at_limit.path.stat().st_size == 1000 and over.path.stat().st_size == 1001
    run = parse([at_limit, over], {}, tmp_path / "cache")
    assert run.results["content/fits.md"][0] is not None
    page, problems = run.results["content/huge.md"]
    assert page is None and [problem.path for problem in problems] == ["content/huge.md"]
    assert problems[0].message == "is larger than 1,000 bytes, the most a content file may hold"


def test_a_cold_parse_on_worker_processes_reads_in_the_workers_and_equals_a_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "PARALLEL_MINIMUM", 2)
    (tmp_path / "content").mkdir()
    files = [
        found(tmp_path / "content", f"p{n}.md", f"---\ntitle: Post {n}\n---\nBody {n}, *emphasis*.\n") for n in range(6)
    ]
    files[2].path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    files.append(FoundFile(str(tmp_path / "content/gone.md"), "gone.md"))
    serial = parsing.parse_files(
        files, parsing.PageParsing("content", dt.UTC, "en"), {}, tmp_path / "serial", workers=1
    )
    parallel = parsing.parse_files(
        files, parsing.PageParsing("content", dt.UTC, "en"), {}, tmp_path / "parallel", workers=2
    )
    assert parallel.results == serial.results
    assert (parallel.parsed, parallel.reused) == (5, 0)
    assert "not UTF-8" in parallel.results["content/p2.md"][1][0].message
    assert "cannot be read" in parallel.results["content/gone.md"][1][0].message
    again = parsing.parse_files(
        files, parsing.PageParsing("content", dt.UTC, "en"), {}, tmp_path / "parallel", workers=2
    )
    assert (again.parsed, again.reused) == (0, 5)  # the two unreadable files are tried again; the rest kept
    assert again.results == serial.results


def cache_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((folder / parsing.CACHE_FOLDER).iterdir())}


def test_workers_write_the_page_cache_byte_for_byte_as_the_main_process_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On workers, each shard whose every page is parsed now is encoded and written by the worker
    # that parsed them; a shard holding a page reused from the cache is left to the main process.
    monkeypatch.setattr(parsing, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(parsing, "PAGE_SHARDS", 4)
    (tmp_path / "content").mkdir()
    body = "A paragraph long enough to be kept after the JSON, with “quotes”. " * 12
    files = [
        found(tmp_path / "content", f"p{n}.md", f"---\ntitle: Post {n}\ndate: 2026-01-0{1 + n % 9}\n---\n{body}{n}\n")
        for n in range(24)
    ]
    files.append(FoundFile(str(tmp_path / "content/gone.md"), "gone.md"))  # unreadable: never cached
    looks = {str(f.path): (f.path.stat().st_size, 1_000) for f in files[:-1]}
    page_parsing = parsing.PageParsing("content", dt.UTC, "en")
    serial = parsing.parse_files(files, page_parsing, looks, tmp_path / "serial", workers=1)
    written: list[int] = []  # the shards the main process writes (the workers write with their own)
    real_write = sharded.write_shard

    def counting_write(shard: sharded.ShardFile, entries: dict[str, object]) -> None:
        written.append(len(entries))
        real_write(shard, entries)

    monkeypatch.setattr(sharded, "write_shard", counting_write)
    parallel = parsing.parse_files(files, page_parsing, looks, tmp_path / "parallel", workers=2)
    assert parallel.results == serial.results
    assert cache_files(tmp_path / "parallel") == cache_files(tmp_path / "serial")
    assert written == []

    # Two pages edited: their shards also hold pages reused, so the main process writes them.
    for index in (3, 17):
        files[index].path.write_text(f"---\ntitle: Edited {index}\n---\nNew.\n", encoding="utf-8")
        looks[str(files[index].path)] = (files[index].path.stat().st_size, 2_000)
    serial = parsing.parse_files(files, page_parsing, looks, tmp_path / "serial", workers=1)
    written.clear()
    parallel = parsing.parse_files(files, page_parsing, looks, tmp_path / "parallel", workers=2)
    assert (parallel.parsed, parallel.reused) == (2, 22)
    assert parallel.results == serial.results
    assert 1 <= len(written) <= 2
    assert cache_files(tmp_path / "parallel") == cache_files(tmp_path / "serial")
    again = parsing.parse_files(files, page_parsing, looks, tmp_path / "parallel", workers=2)
    assert (again.parsed, again.reused) == (0, 24) and again.results == serial.results
