"""Typed reading of TOML/YAML tables: every wrong value becomes a located Problem.

A `TableReader` wraps one table (a `dict`) together with where it came from. Each accessor
returns a value of the expected type or the default, and records a problem when the value is
of the wrong type. `finish()` reports keys nobody asked for, with a "did you mean" hint, so
typos never pass silently.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from smo_gen.errors import Problem, Severity, did_you_mean
from smo_gen.foreign_keys import foreign_key_hint

T = TypeVar("T")

_TYPE_NAMES = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a table",
}


def describe_value(value: Any) -> str:
    """Name a value's type the way a user writing TOML or YAML would."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    text = repr(value)
    return text if len(text) <= 60 else text[:56] + "...'"


class TableReader:
    """Reads one table's keys with type checks, recording problems instead of raising."""

    def __init__(
        self,
        table: Mapping[str, Any],
        *,
        path: str,
        prefix: str = "",
        problems: list[Problem],
        line_of: Callable[[str], int | None] = lambda key: None,
        unknown_severity: Severity = "error",
    ) -> None:
        self.table = table
        self.path = path
        self.prefix = prefix
        self.problems = problems
        self.line_of = line_of
        self.unknown_severity = unknown_severity
        self.seen: set[str] = set()

    def key_name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def problem(self, key: str, message: str, hint: str | None = None) -> None:
        full = self.key_name(key)
        self.problems.append(Problem(message, path=self.path, line=self.line_of(full), key=full, hint=hint))

    def has(self, key: str) -> bool:
        return key in self.table

    def raw(self, key: str) -> Any:
        self.seen.add(key)
        return self.table.get(key)

    def _typed(self, key: str, kind: type[T], default: T) -> T:
        self.seen.add(key)
        if key not in self.table or self.table[key] is None:
            return default
        value = self.table[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)  # type: ignore[return-value]
        if not ok:
            self.problem(key, f"expected {_TYPE_NAMES[kind]}, got {describe_value(value)}")
            return default
        return value  # type: ignore[no-any-return]

    def string(self, key: str, default: str = "") -> str:
        value = self._typed(key, str, default)
        return value.strip() if isinstance(value, str) else value

    def optional_string(self, key: str) -> str | None:
        value = self.string(key, "")
        return value or None

    def boolean(self, key: str, default: bool) -> bool:
        return self._typed(key, bool, default)

    def integer(self, key: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self._typed(key, int, default)
        if minimum is not None and value < minimum:
            self.problem(key, f"expected an integer of at least {minimum}, got {value}")
            return default
        if maximum is not None and value > maximum:
            self.problem(key, f"expected an integer of at most {maximum}, got {value}")
            return default
        return value

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.string(key, default)
        if value not in choices:
            options = ", ".join(f"'{c}'" for c in choices)
            self.problem(key, f"expected one of {options}, got '{value}'", did_you_mean(value, choices))
            return default
        return value

    def string_list(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        self.seen.add(key)
        value = self.table.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            # A single word where a list is expected is what people mean by a one-item list.
            return (value.strip(),) if value.strip() else ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(key, f"expected a list of strings, got {describe_value(value)}")
            return default
        return tuple(item.strip() for item in value if item.strip())

    def subtable(self, key: str) -> TableReader:
        self.seen.add(key)
        value = self.table.get(key)
        if value is None:
            value = {}
        elif not isinstance(value, dict):
            self.problem(key, f"expected a table, got {describe_value(value)}")
            value = {}
        return TableReader(
            value,
            path=self.path,
            prefix=f"{self.key_name(key)}.",
            problems=self.problems,
            line_of=self.line_of,
            unknown_severity=self.unknown_severity,
        )

    def finish(self) -> None:
        """Report every key that no accessor asked for."""
        for key in self.table:
            if key in self.seen:
                continue
            full = self.key_name(key)
            hint = foreign_key_hint(full)
            hint = hint or did_you_mean(key, self.seen)
            self.problems.append(
                Problem(
                    "unknown key",
                    path=self.path,
                    line=self.line_of(full),
                    key=full,
                    hint=hint,
                    severity=self.unknown_severity,
                )
            )


def split_toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None]:
    """The message and line of a TOML syntax error.

    tomllib puts the position in the message ("Invalid value (at line 3, column 9)") and, before
    Python 3.14, nowhere else.
    """
    text = str(exc)
    match = re.search(r"\s*\(at line (\d+), column \d+\)", text)
    if match is None:
        return text, None
    return text[: match.start()], int(match.group(1))


def make_toml_line_finder(text: str) -> Callable[[str], int | None]:
    """Return a function mapping a dotted key ('feeds.limit') to its line in a TOML text.

    tomllib keeps no positions, so this scans the text: good enough to point a person at the
    right line, which is all it is for.
    """
    lines = text.splitlines()

    def line_of(dotted: str) -> int | None:
        parts = dotted.split(".")
        leaf = parts[-1]
        section = ".".join(parts[:-1])
        current = ""
        key_pattern = re.compile(rf'^\s*(?:"{re.escape(leaf)}"|{re.escape(leaf)})\s*=')
        header_pattern = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
        for number, line in enumerate(lines, start=1):
            header = header_pattern.match(line)
            if header:
                current = header.group(1).replace('"', "").replace(" ", "")
                if current == dotted:
                    return number
                continue
            if current == section and key_pattern.match(line):
                return number
            # Inline dotted keys such as `feeds.limit = 3` at the top level.
            if current == "" and re.match(rf"^\s*{re.escape(dotted)}\s*=", line):
                return number
        return None

    return line_of
