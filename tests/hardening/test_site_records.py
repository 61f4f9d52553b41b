"""The records committed beside site.toml (syndication.json, feedback.json) as a hostile checkout may
leave them: nested 200,000 deep, a folder, a FIFO, a link to /dev/zero. Each ends at once in a clear
message naming the file, never a traceback or a hang; the ledger's "also on" links never stop a build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import run_build, run_on_site

DEEP = "[" * 200_000 + "]" * 200_000


def deep(path: Path) -> None:
    path.write_text('{"schema": 1, "posts": ' + DEEP + "}", encoding="utf-8")


def folder(path: Path) -> None:
    path.mkdir()


def fifo(path: Path) -> None:
    os.mkfifo(path)


def endless(path: Path) -> None:
    path.symlink_to("/dev/zero")


BREAKS: dict[str, tuple[Callable[[Path], None], str]] = {
    "nested-200000-deep": (deep, "is nested too deeply"),
    "a-folder": (folder, "is a folder, not a file"),
    "a-fifo": (fifo, "is not a regular file"),
    "dev-zero": (endless, "is not a regular file"),
}


@pytest.mark.parametrize(("make", "message"), BREAKS.values(), ids=BREAKS.keys())
def test_a_broken_ledger_is_a_warning_and_the_site_builds(
    good_site: Path, make: Callable[[Path], None], message: str
) -> None:
    make(good_site / "syndication.json")
    result = run_build(good_site)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "warning:" in result.output and "syndication.json: " + message in result.output
    assert 'without their "also on" links' in result.output


@pytest.mark.parametrize(("make", "message"), BREAKS.values(), ids=BREAKS.keys())
def test_a_broken_ledger_stops_syndication_with_its_name(
    good_site: Path, make: Callable[[Path], None], message: str
) -> None:
    with (good_site / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[targets.hook]\nnetwork = "webhook"\nurl = "http://127.0.0.1:9/hook"\n')
    assert run_build(good_site).exit_code == 0
    make(good_site / "syndication.json")
    result = run_on_site("syndicate", str(good_site))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "syndication.json: " + message in result.output


@pytest.mark.parametrize(("make", "message"), BREAKS.values(), ids=BREAKS.keys())
def test_a_broken_feedback_file_is_named(good_site: Path, make: Callable[[Path], None], message: str) -> None:
    make(good_site / "feedback.json")
    result = run_build(good_site)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "feedback.json: " + message in result.output


def test_a_posted_record_without_an_address_builds_without_warning(good_site: Path) -> None:
    (good_site / "syndication.json").write_text(
        '{"schema": 1, "posts": {"/good/": {"slack": {"state": "posted", "network": "slack", '
        '"at": "2026-05-01T10:00:00Z", "key": "k", "link": "https://shop.example/good/"}}}}',
        encoding="utf-8",
    )
    result = run_build(good_site)
    assert result.exit_code == 0 and "warning" not in result.output, result.output
