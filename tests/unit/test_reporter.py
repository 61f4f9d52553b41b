"""The build's console output: the progress line on a terminal, warnings, the summary."""

from __future__ import annotations

import dataclasses
import io

import pytest

from smo_gen.errors import Problem
from smo_gen.reporter import BuildSummary, ConsoleReporter, collect_counted

SUMMARY = BuildSummary(
    pages=3000,
    outputs=6062,
    written=6062,
    unchanged=0,
    removed=0,
    feeds=3,
    rendered=3061,
    cards_drawn=0,
    cards_reused=0,
    seconds=8.3,
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def console(stream: io.StringIO | None = None, quiet: bool = False) -> tuple[ConsoleReporter, io.StringIO, Clock]:
    stream = stream if stream is not None else Terminal()
    clock = Clock()
    return ConsoleReporter(stream, quiet=quiet, clock=clock), stream, clock


def lines_drawn(text: str) -> list[str]:
    """What the terminal showed, line by line: each carriage return starts the line again."""
    return [part.strip() for part in text.replace("\n", "\r").split("\r") if part.strip()]


def drawn(*steps: tuple[float, str, int]) -> list[str]:
    """The lines a terminal shows for progress reports of 1000 items, each `seconds` after the one before."""
    reporter, stream, clock = console()
    for seconds, stage, done in steps:
        clock.now += seconds
        reporter.progress(stage, done, 1000)
    return lines_drawn(stream.getvalue())


def test_a_long_stage_shows_its_count_then_its_rate_and_time_left() -> None:
    assert drawn((0, "parsing", 1), (1.0, "parsing", 501)) == ["parsing 1/1000", "parsing 501/1000 (500/s, 1s left)"]


def test_no_time_is_promised_from_the_first_half_second() -> None:
    assert drawn((0, "rendering", 1), (0.3, "rendering", 400))[-1] == "rendering 400/1000"


def test_the_line_is_redrawn_at_most_ten_times_a_second() -> None:
    reporter, stream, clock = console()
    for done in range(1, 100):  # 99 reports in 0.099 s
        reporter.progress("writing", done, 1000)
        clock.now += 0.001
    assert lines_drawn(stream.getvalue()) == ["writing 1/1000"]
    clock.now += 0.002  # past a tenth of a second since the first
    reporter.progress("writing", 100, 1000)
    assert lines_drawn(stream.getvalue()) == ["writing 1/1000", "writing 100/1000"]


def test_each_stage_measures_its_own_rate() -> None:
    steps = (0, "parsing", 1), (10, "rendering", 1), (1, "rendering", 901)
    assert drawn(*steps)[-1] == "rendering 901/1000 (900/s, 0s left)"


def test_a_finished_stage_leaves_no_line_behind() -> None:
    reporter, stream, clock = console()
    reporter.progress("parsing", 1, 1000)
    clock.now += 1
    reporter.progress("parsing", 1000, 1000)
    shown = stream.getvalue()
    assert shown.endswith("\r")
    assert shown.rsplit("\r", 2)[-2].strip() == ""  # the last thing drawn is blank


def test_a_warning_starts_on_a_clean_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    reporter, stream, _ = console()
    reporter.progress("rendering", 1, 1000)
    reporter.problem(Problem("has no 'image_alt'", path="content/a.md", severity="warning"))
    reporter.finished(SUMMARY)
    last_lines = stream.getvalue().split("\n")
    warning = next(line for line in last_lines if "image_alt" in line)
    assert warning.rsplit("\r", 1)[-1].startswith("warning: content/a.md")
    assert "rendering 1/1000" not in warning.rsplit("\r", 1)[-1]
    assert last_lines[-2] == str(SUMMARY)


@pytest.mark.parametrize(
    ("stream", "quiet", "total"),
    [
        pytest.param(io.StringIO(), False, 1000, id="not a terminal (CI, a pipe)"),
        pytest.param(Terminal(), True, 1000, id="--quiet"),
        pytest.param(Terminal(), False, 99, id="a short stage"),
    ],
)
def test_no_progress_line(stream: io.StringIO, quiet: bool, total: int) -> None:
    reporter, _, clock = console(stream, quiet)
    for done in range(1, total + 1):
        clock.now += 0.2
        reporter.progress("parsing", done, total)
    assert stream.getvalue() == ""


def test_the_summary_is_the_last_line_and_quiet_leaves_it_out() -> None:
    reporter, stream, _ = console(io.StringIO())
    reporter.finished(SUMMARY)
    assert stream.getvalue() == f"{SUMMARY}\n"
    quiet, stream, _ = console(io.StringIO(), quiet=True)
    quiet.finished(SUMMARY)
    assert stream.getvalue() == ""


def test_collect_counted_tells_of_each_result_in_turn() -> None:
    heard: list[tuple[int, int]] = []
    assert collect_counted(iter("abc"), 3, lambda done, total: heard.append((done, total))) == ["a", "b", "c"]
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_a_failed_build_leaves_no_line_before_its_errors() -> None:
    reporter, stream, _ = console()
    reporter.progress("writing", 1, 1000)  # then the disk fills up: the build fails mid-stage
    reporter.flush()  # what the command does before it prints the errors
    assert lines_drawn(stream.getvalue()) == ["writing 1/1000"]
    assert stream.getvalue().endswith("\r") and stream.getvalue().rsplit("\r", 2)[-2].strip() == ""


def test_a_warning_repeated_on_many_pages_still_names_every_file() -> None:
    # A migrated site's leftover shortcodes must all be findable, not counted away after the first few.
    reporter, stream, _ = console(io.StringIO())
    for number in range(6):
        reporter.problem(
            Problem(
                "'{{< gh >}}': is not a shortcode", path=f"content/p{number}.md", line=number + 1, severity="warning"
            )
        )
    reporter.flush()
    out = stream.getvalue()
    assert out.count("is not a shortcode") == 4  # three in full, then one line for the rest
    assert (
        "... and 3 more pages: '{{< gh >}}': is not a shortcode: content/p3.md:4, content/p4.md:5, content/p5.md:6"
        in out
    )


def test_a_warning_on_hundreds_of_pages_names_forty_of_the_rest_and_counts_the_others() -> None:
    reporter, stream, _ = console(io.StringIO())
    for number in range(600):
        reporter.problem(Problem("has no 'image_alt'", path=f"content/p{number}.md", line=6, severity="warning"))
    reporter.flush()
    summary = stream.getvalue().splitlines()[-1]
    assert summary.startswith("warning: ... and 597 more pages: has no 'image_alt': content/p3.md:6, ")
    assert summary.endswith("content/p42.md:6 and 557 more")


def test_warnings_are_yellow_on_a_terminal_and_plain_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    warning = Problem("has no 'image_alt'", path="content/a.md", severity="warning")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    reporter, stream, _ = console()
    reporter.problem(warning)
    assert "\x1b[33mwarning\x1b[0m: content/a.md: has no 'image_alt'" in stream.getvalue()
    monkeypatch.setenv("NO_COLOR", "")
    reporter, stream, _ = console()
    reporter.problem(warning)
    assert "\x1b[" not in stream.getvalue()
    piped = io.StringIO()  # not a terminal: never coloured
    monkeypatch.delenv("NO_COLOR")
    ConsoleReporter(piped).problem(warning)
    assert piped.getvalue() == "warning: content/a.md: has no 'image_alt'\n"


def test_the_summary_counts_in_words() -> None:
    one = dataclasses.replace(SUMMARY, pages=1, outputs=5, written=1, feeds=1, rendered=1, seconds=0.1)
    assert str(one).startswith("built 1 page, 1 feed: 1 rendered, 1 file written,")


def test_whoever_waits_for_the_build_hears_of_its_end_once_the_summary_is_printed() -> None:
    # The build server answers its client at this moment, before the build tidies its records.
    stream = io.StringIO()
    heard: list[str] = []
    reporter = ConsoleReporter(stream=stream, on_finished=lambda: heard.append(stream.getvalue()))
    reporter.finished(SUMMARY)
    assert heard == [f"{SUMMARY}\n"]
