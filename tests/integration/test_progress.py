"""What a long build tells the person watching it: each stage's count, on a terminal only."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.sites import build, write_site

PAGES = 120  # above the 100 items a stage needs before its count is shown


def many_pages(count: int = PAGES) -> dict[str, str]:
    return {
        f"content/offer-{n:03d}.md": f"---\ntitle: Offer {n}\ndate: 2026-05-01T10:{n % 60:02d}:00Z\n"
        f"tags: [deals]\n---\nOffer {n}.\n"
        for n in range(count)
    }


def counts(events: list[tuple[str, int, int]], stage: str) -> list[tuple[int, int]]:
    return [(done, total) for name, done, total in events if name == stage]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("progress"), many_pages())


@pytest.mark.parametrize("workers", [1, 2])
def test_every_long_stage_counts_up_to_its_total(tmp_path: Path, workers: int) -> None:
    site = write_site(tmp_path, many_pages())
    summary, reporter = build(site, workers=workers)
    events = reporter.progress_events
    expected_totals = {
        "parsing": PAGES,
        "drawing cards": summary.cards_drawn,
        "rendering": summary.rendered,
        "writing": summary.written,
    }
    for stage, total in expected_totals.items():
        seen = counts(events, stage)
        assert seen, f"no progress for {stage}"
        assert {t for _, t in seen} == {total}, stage
        done = [d for d, _ in seen]
        assert done == sorted(done) and done[-1] == total and len(set(done)) == len(done), stage
    order = [name for name, _, _ in events]
    assert sorted(set(order), key=order.index) == ["parsing", "drawing cards", "rendering", "writing"]


def test_an_edit_counts_only_what_it_redoes(site: Path) -> None:
    build(site)
    page = site / "content/offer-007.md"
    page.write_text(page.read_text() + "\nEdited.\n")
    _, reporter = build(site)
    assert counts(reporter.progress_events, "parsing") == [(1, 1)]
    assert counts(reporter.progress_events, "drawing cards") == []  # the body is not on the card
    rendered = counts(reporter.progress_events, "rendering")
    assert rendered and rendered[-1][1] < PAGES


def run_in_terminal(args: list[str], cwd: Path) -> str:
    """Run `args` with a pseudo-terminal as its stderr and stdout, as a person's shell would."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1793534400", "COLUMNS": "120"}
    with subprocess.Popen(
        args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env
    ) as process:
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closes when the build exits (EIO on Linux)
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0, b"".join(chunks).decode(errors="replace")
    os.close(controller)
    return b"".join(chunks).decode()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_command_shows_counts_on_a_terminal_and_ends_with_the_summary(tmp_path: Path) -> None:
    site = write_site(tmp_path, many_pages())
    shown = run_in_terminal([sys.executable, "-m", "smo_gen.cli", "build", "-j", "1"], site)
    drawn = [part.strip() for part in shown.replace("\n", "\r").split("\r") if part.strip()]
    for stage in ("parsing", "drawing cards", "rendering", "writing"):
        assert any(line.startswith(f"{stage} 1/") for line in drawn), (stage, drawn)  # the first count always shows
    assert drawn[-1].startswith(f"built {PAGES} pages"), drawn
    last_line = shown.rstrip("\r\n").replace("\r\n", "\n").split("\n")[-1]
    assert last_line.rsplit("\r", 1)[-1].startswith(f"built {PAGES} pages")  # nothing left over on it


def test_the_command_prints_no_counts_when_quiet_or_not_on_a_terminal(tmp_path: Path) -> None:
    quiet = run_in_terminal(
        [sys.executable, "-m", "smo_gen.cli", "build", "--quiet"], write_site(tmp_path / "quiet", many_pages())
    )
    assert quiet.strip() == ""
    piped = subprocess.run(
        [sys.executable, "-m", "smo_gen.cli", "build"],
        cwd=write_site(tmp_path / "piped", many_pages()),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1793534400"},
    )
    assert "\r" not in piped.stderr and "parsing" not in piped.stderr
    assert piped.stderr.strip().splitlines()[-1].startswith(f"built {PAGES} pages")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_serve_shows_the_counts_of_its_first_build_then_where_it_serves(tmp_path: Path) -> None:
    site = write_site(tmp_path, many_pages())
    controller, terminal = pty.openpty()
    command = [sys.executable, "-m", "smo_gen.cli", "serve", "--port", "0", "-j", "1"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1793534400"}
    process = subprocess.Popen(command, cwd=site, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    shown = b""
    try:
        deadline = time.monotonic() + 60
        while b"Ctrl-C to stop" not in shown and time.monotonic() < deadline:
            if select.select([controller], [], [], 0.5)[0]:
                shown += os.read(controller, 65536)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        os.close(controller)
    text = shown.decode()
    assert "Ctrl-C to stop" in text, text
    before_serving = text.split("Serving ")[0]
    assert f"parsing 1/{PAGES}" in before_serving and "rendering 1/" in before_serving, text
    serving_line = "Serving " + text.split("Serving ")[1].split("\n")[0]
    line_start = before_serving.rsplit("\n", 1)[-1]
    assert line_start.strip() == "", f"the progress line was not cleared before {serving_line!r}: {line_start!r}"
