"""Problems found in a user's input, and the exception that carries them.

Every problem names where it was found (file, line, key), says what was expected and, where
possible, how to fix it. A build collects all of them before it fails, so a writer sees every
mistake at once rather than one per run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from smo_gen.patterns import lazy_pattern

Severity = Literal["error", "warning"]
_CONTROL = lazy_pattern(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape_control(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we know."""

    message: str
    path: str | None = None
    line: int | None = None
    key: str | None = None
    hint: str | None = None
    severity: Severity = "error"

    def location(self) -> str:
        """`file:line`, `file`, or '' when the problem belongs to no file (control characters escaped)."""
        if not self.path:
            return ""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return _CONTROL.sub(_escape_control, where)

    def __str__(self) -> str:
        where = self.location()
        if where:
            where += ": "
        key = f"{self.key}: " if self.key else ""
        hint = f" ({self.hint})" if self.hint else ""
        prefix = "warning: " if self.severity == "warning" else ""
        # Keys and values come from the user's files: never let them drive the terminal.
        return _CONTROL.sub(_escape_control, f"{prefix}{where}{key}{self.message}{hint}")


class SmoError(Exception):
    """A failure caused by the user's input or environment, shown without a traceback."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        # One mistake met once per audience variant is still one problem for the writer.
        self.problems: tuple[Problem, ...] = tuple(dict.fromkeys(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(SmoError):
    """The site could not be built; `problems` lists every reason found."""


class ConfigError(SmoError):
    """`site.toml` (or a command-line option that overrides it) is not valid."""


class StrictError(BuildError):
    """The build gave warnings under the strict mode (`build --strict`, `strict = true`), where
    each counts as an error; `problems` are those warnings, made errors."""

    def __init__(self, warnings: Iterable[Problem]) -> None:
        super().__init__(replace(problem, severity="error") for problem in warnings)


class ProblemList:
    """Collects problems through a stage so they can be reported together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._seen: set[Problem] = set()

    def add(self, problem: Problem) -> None:
        """Keep `problem`, unless the very same one is kept already (a page and its audience
        variants share a mistake: the writer fixes it once)."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self, error_type: type[SmoError] = BuildError, strict: bool = False) -> None:
        """Raise `error_type` with the errors, if any; under `strict`, StrictError with the warnings."""
        if self.errors:
            raise error_type(self.errors)
        if strict and self.warnings:
            raise StrictError(self.warnings)


def did_you_mean(name: str, choices: Iterable[str]) -> str | None:
    """Return "did you mean 'x'?" for the closest choice, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None
