"""How a build tells people what it is doing, without printing from deep inside the pipeline."""

from __future__ import annotations

import sys
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

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def finished(self, summary: BuildSummary) -> None:
        self.summaries.append(summary)


class ConsoleReporter:
    """Prints warnings and the summary line to a stream (stderr by default)."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet

    def stage(self, name: str) -> None:
        pass

    def problem(self, problem: Problem) -> None:
        if not self.quiet or problem.severity == "error":
            print(problem, file=self.stream)

    def finished(self, summary: BuildSummary) -> None:
        if not self.quiet:
            print(summary, file=self.stream)
