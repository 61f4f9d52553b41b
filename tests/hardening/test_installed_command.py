"""The installed `smo-gen` command, run as a person would: bad input never shows a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.support import EPOCH, png_header, snapshot, write_files
from tests.support.sites import tree_digest

COMMAND = Path(sys.executable).parent / "smo-gen"


def run_command(site_dir: Path) -> subprocess.CompletedProcess[str]:
    if not COMMAND.exists():
        pytest.fail(f"{COMMAND} is missing; install smo-gen into the venv (make build)")
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [str(COMMAND), "build", "--site", str(site_dir), "--quiet"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "bad-yaml": (
        {"content/bad.md": "---\ntitle: [unclosed\n---\n"},
        "content/bad.md:2: front matter: the list opened with '[' on this line is never closed",
    ),
    "impossible-date": (
        {"content/bad.md": "---\ndate: 2026-02-30\n---\n"},
        "content/bad.md:2: front matter: 'date': '2026-02-30' is not a date",
    ),
    "not-utf8-template": (
        {"templates/page.html": b"\xff\xfe{{ page.title }}"},
        "templates/page.html:1: template error: is not UTF-8 text",
    ),
    "decompression-bomb": (
        {
            "content/bomb/index.md": "---\nimage: bomb.png\nimage_alt: x\n---\n",
            "content/bomb/bomb.png": png_header(50_000, 50_000),
        },
        "content/bomb/index.md:2: front matter: 'image': image 'bomb.png' is far too many pixels",
    ),
    "url-out-of-the-site": (
        {"content/bad.md": "---\nurl: ../../../tmp/owned/\n---\n"},
        "contains '..'; a page cannot point outside the site",
    ),
}


@pytest.mark.parametrize(("files", "message"), CASES.values(), ids=CASES.keys())
def test_installed_command_reports_bad_input_without_a_traceback(
    good_site: Path, files: dict[str, str | bytes], message: str
) -> None:
    write_files(good_site, files)
    public_before, around_before = tree_digest(good_site / "public"), snapshot(good_site)
    result = run_command(good_site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert message in result.stderr
    assert result.stdout == ""  # --quiet: errors only, and those go to stderr
    assert tree_digest(good_site / "public") == public_before
    assert snapshot(good_site) == around_before


def test_installed_command_builds_deeply_nested_markdown(good_site: Path) -> None:
    write_files(
        good_site, {"content/deep.md": "---\ntitle: Deep\n---\n" + ">" * 10_000 + " x\n" + "- " * 10_000 + "y\n"}
    )
    result = run_command(good_site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (good_site / "public/deep/index.html").is_file()


def test_installed_command_prints_its_summary_before_it_exits(good_site: Path) -> None:
    # After a build the command exits without freeing its objects (os._exit): what it printed
    # must still arrive, whole, and the build's files and caches must all be in place.
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONIOENCODING": "utf-8"}
    command = [str(COMMAND), "build", "--site", str(good_site)]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("built ") and result.stderr.endswith("s\n")  # the summary goes to stderr
    again = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    assert again.returncode == 0 and "0 files written" in again.stderr  # the stamp and records were saved
