"""How a build tells people what it is doing, without printing from deep inside the pipeline."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TextIO, TypeVar

from smo_gen.colour import paint_leading_word, wants_colour
from smo_gen.errors import Problem
from smo_gen.wording import counted

# How a long stage reports its count of items done out of its total (parsing, drawing cards,
# rendering, writing); the pipeline binds each to `Reporter.progress` under the stage's name.
Progress = Callable[[int, int], None]
# The same for every stage at once, told the stage's name: `Reporter.progress` (serve's terminal line).
ShowProgress = Callable[[str, int, int], None]


Item = TypeVar("Item")


def no_progress(done: int, total: int) -> None:
    """A `Progress` for callers that show none."""


def collect_counted(results: Iterable[Item], total: int, progress: Progress) -> list[Item]:
    """`results` as a list, telling `progress` of each one as it arrives (from workers, say)."""
    collected = []
    for result in results:
        collected.append(result)
        progress(len(collected), total)
    return collected


@dataclass(frozen=True)
class BuildSummary:
    pages: int
    outputs: int
    written: int
    unchanged: int
    removed: int
    feeds: int
    rendered: int
    cards_drawn: int
    cards_reused: int
    seconds: float

    def __str__(self) -> str:
        cards = (
            f", cards {self.cards_drawn} drawn / {self.cards_reused} reused"
            if self.cards_drawn or self.cards_reused
            else ""
        )
        return (
            f"built {counted(self.pages, 'page')}, {counted(self.feeds, 'feed')}{cards}: {self.rendered} rendered, "
            f"{counted(self.written, 'file')} written, {self.unchanged} unchanged, {self.removed} removed "
            f"in {self.seconds:.2f}s"
        )


class Reporter(Protocol):
    """Receives a build's events; the CLI prints them, tests record them."""

    def stage(self, name: str) -> None: ...

    def progress(self, stage: str, done: int, total: int) -> None: ...

    def problem(self, problem: Problem) -> None: ...

    def finished(self, summary: BuildSummary) -> None: ...


@dataclass
class RecordingReporter:
    """Keeps every event, for tests and for `serve` to show in the browser.

    `show_progress` also hears the progress (`serve` draws it on the terminal, as `build` does).
    """

    stages: list[str] = field(default_factory=list)
    progress_events: list[tuple[str, int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summaries: list[BuildSummary] = field(default_factory=list)
    show_progress: ShowProgress | None = None

    def stage(self, name: str) -> None:
        self.stages.append(name)

    def progress(self, stage: str, done: int, total: int) -> None:
        self.progress_events.append((stage, done, total))
        if self.show_progress is not None:
            self.show_progress(stage, done, total)

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def finished(self, summary: BuildSummary) -> None:
        self.summaries.append(summary)


class ConsoleReporter:
    """Prints warnings, progress (on a terminal) and the summary line to stderr.

    A warning that repeats on many pages is shown a few times, then counted, so a site
    imported from elsewhere does not bury the one message that matters.
    """

    NAMED_IN_SUMMARY = 40  # files named on a repeated warning's summary line
    SHOWN_PER_KIND = 3
    MINIMUM_TOTAL = 100  # smaller stages finish before a count is worth reading
    REDRAW_SECONDS = 0.1
    ESTIMATE_AFTER_SECONDS = 0.5  # a rate measured over less swings too much to promise a time

    def __init__(
        self,
        stream: TextIO | None = None,
        quiet: bool = False,
        clock: Callable[[], float] = time.monotonic,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.on_finished = on_finished  # told once the summary is printed
        self.quiet = quiet
        self.interactive = not quiet and self.stream.isatty()
        self.colour = wants_colour(self.stream)
        self.clock = clock
        self.kinds: dict[tuple[str, str | None], list[Problem]] = {}
        self.progress_stage: str | None = None
        self.stage_started = (0.0, 0)  # when the shown stage first reported, and its count then
        self.last_drawn = 0.0
        self.line_width = 0  # of the progress line on screen, 0 when there is none

    def stage(self, name: str) -> None:
        self.clear_line()

    def progress(self, stage: str, done: int, total: int) -> None:
        """Redraw one line, `parsing 1200/3000 (850/s, 2s left)`, at most ten times a second;
        the line goes once its stage is done."""
        if not self.interactive or total < self.MINIMUM_TOTAL:
            return
        now = self.clock()
        if stage != self.progress_stage:
            self.progress_stage, self.stage_started, self.last_drawn = stage, (now, done), 0.0
        if done >= total:
            self.clear_line()
            return
        if now - self.last_drawn < self.REDRAW_SECONDS:
            return
        self.last_drawn = now
        started, done_then = self.stage_started
        elapsed = now - started
        line = f"{stage} {done}/{total}"
        if elapsed >= self.ESTIMATE_AFTER_SECONDS and done > done_then:
            rate = (done - done_then) / elapsed
            line += f" ({rate:.0f}/s, {(total - done) / rate:.0f}s left)"
        self._draw(line)

    def clear_line(self) -> None:
        """Take the progress line off the screen, so what is printed next starts clean."""
        if self.line_width:
            self._draw("")
            self.progress_stage = None

    def _draw(self, line: str) -> None:
        # Spaces over what the last line left: a terminal without ANSI erase works the same.
        padded = line.ljust(self.line_width)
        print(f"\r{padded}" + ("" if line else "\r"), end="", file=self.stream, flush=True)
        self.line_width = len(line)

    def problem(self, problem: Problem) -> None:
        self.clear_line()
        if problem.severity == "error":
            print(problem, file=self.stream)
            return
        if self.quiet:
            return
        kind = (problem.message, problem.key)
        held = self.kinds.setdefault(kind, [])
        held.append(problem)
        if len(held) <= self.SHOWN_PER_KIND:
            print(self._painted(str(problem)), file=self.stream)

    def _painted(self, line: str) -> str:
        return paint_leading_word(line) if self.colour else line

    def flush(self) -> None:
        """Say how many more of each repeated warning there were, and where (the build ended, or failed).

        The rest are named on one line, so a migrated site's last leftover shortcode can still
        be found without the message repeated a hundred times; past NAMED_IN_SUMMARY files the
        line counts them instead (a warning on every page of a large site is one fix, not a
        list to read).
        """
        self.clear_line()
        for (message, _key), held in self.kinds.items():
            rest = held[self.SHOWN_PER_KIND :]
            if rest:
                named = [problem.location() or "(site)" for problem in rest[: self.NAMED_IN_SUMMARY]]
                unnamed = len(rest) - len(named)
                where = ", ".join(named) + (f" and {unnamed} more" if unnamed else "")
                line = f"warning: ... and {len(rest)} more {'page' if len(rest) == 1 else 'pages'}: {message}: {where}"
                print(self._painted(line), file=self.stream)
        self.kinds.clear()

    def finished(self, summary: BuildSummary) -> None:
        self.flush()
        if not self.quiet:
            print(summary, file=self.stream)
        if self.on_finished is not None:
            self.on_finished()
