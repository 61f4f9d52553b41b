"""How a build tells people what it is doing, without printing from deep inside the pipeline."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from .errors import Problem


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
        cards = f", cards {self.cards_drawn} drawn / {self.cards_reused} reused" if self.cards_drawn or self.cards_reused else ""
        return (
            f"built {self.pages} pages, {self.feeds} feeds{cards}: {self.rendered} rendered, "
            f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed "
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
    """Keeps every event, for tests and for `serve` to show in the browser."""

    stages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summaries: list[BuildSummary] = field(default_factory=list)

    def stage(self, name: str) -> None:
        self.stages.append(name)

    def progress(self, stage: str, done: int, total: int) -> None:
        pass

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def finished(self, summary: BuildSummary) -> None:
        self.summaries.append(summary)


class ConsoleReporter:
    """Prints warnings, progress (on a terminal) and the summary line to stderr.

    A warning that repeats on many pages is shown a few times, then counted, so a site
    imported from elsewhere does not bury the one message that matters.
    """

    SHOWN_PER_KIND = 3

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.interactive = not quiet and self.stream.isatty()
        self.kinds: dict[tuple[str, str | None], int] = {}
        self.started = time.monotonic()
        self.last_progress = 0.0

    def stage(self, name: str) -> None:
        self.started = time.monotonic()

    def progress(self, stage: str, done: int, total: int) -> None:
        if not self.interactive or total < 100:
            return
        now = time.monotonic()
        if done < total and now - self.last_progress < 0.1:
            return
        self.last_progress = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0.0
        line = f"{stage} {done}/{total} ({rate:.0f}/s, {left:.0f}s left)" if done < total else ""
        print(f"\r{line:<60}\r" if not line else f"\r{line:<60}", end="", file=self.stream, flush=True)

    def problem(self, problem: Problem) -> None:
        if problem.severity == "error":
            print(problem, file=self.stream)
            return
        if self.quiet:
            return
        kind = (problem.message, problem.key)
        seen = self.kinds.get(kind, 0)
        self.kinds[kind] = seen + 1
        if seen < self.SHOWN_PER_KIND:
            print(problem, file=self.stream)

    def flush(self) -> None:
        """Say how many more of each repeated warning there were."""
        for (message, _key), count in self.kinds.items():
            if count > self.SHOWN_PER_KIND:
                print(f"warning: ... and {count - self.SHOWN_PER_KIND} more pages: {message}", file=self.stream)
        self.kinds.clear()

    def finished(self, summary: BuildSummary) -> None:
        self.flush()
        if not self.quiet:
            print(summary, file=self.stream)
