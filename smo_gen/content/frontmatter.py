"""Split a Markdown file into its front matter (YAML `---` or TOML `+++`) and body."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import yaml

from smo_gen.content.plain_yaml import parse_plain_yaml
from smo_gen.errors import Problem
from smo_gen.patterns import lazy_pattern
from smo_gen.schema import split_toml_error
from smo_gen.syntax_errors import (
    explain_toml_error,
    explain_yaml_error,
    explain_yaml_shape,
    find_values_cut_by_comments,
)

_YAML_END = re.compile(r"^(?:-{3,}|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_END = lazy_pattern(r"^\+\+\+[ \t]*$", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML without implicit timestamps: dates are read by `dates.parse_date`, one way
    for YAML and TOML, so a naive time means the site's timezone in both."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    """A YAML mapping, refusing a key written twice: YAML forbids it, and PyYAML would
    silently keep the last value, so a writer's first 'title:' would vanish."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:
            continue  # an unhashable key: construct_mapping reports it
        if duplicate:
            raise yaml.constructor.ConstructorError(None, None, f"the key '{key}' is given twice", key_node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.copy().items()
}


@dataclass(frozen=True)
class FrontMatter:
    """The parsed front matter, the body text, and where the body starts."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    kind: str  # "yaml", "toml" or "none"
    line_of: Callable[[str], int | None]


# What may come before the opening fence, as Hugo allows: blank lines, spaces, a byte-order mark.
_LEAD = re.compile(r"[\s\ufeff]*")
# An opening fence: '---' (Hugo also reads '------' and longer) or '+++', then only spaces.
_OPENING = re.compile(r"(?:(?P<yaml>-{3,})|(?P<toml>\+{3}))[ \t]*(?:\n|$)")


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse the front matter at the top of `text`; problems carry `path` and a line.

    The front matter may follow blank lines, spaces and a byte-order mark, and its fences may
    carry trailing spaces, as Hugo reads them: many files written for Hugo start with an empty line.
    """
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    rest = text[start:]
    if not rest.startswith(("---", "+++")):
        return FrontMatter({}, text, 1, "none", lambda key: None), []
    skipped = text.count("\n", 0, start)  # lines before the fence
    kind = "yaml" if rest.startswith("-") else "toml"
    front, problems = _split(rest, path, kind, _YAML_END if kind == "yaml" else _TOML_END)
    if not skipped:
        return front, problems
    moved = [replace(problem, line=problem.line + skipped) if problem.line else problem for problem in problems]
    if front is None:
        return None, moved
    finder = front.line_of

    def line_of(key: str) -> int | None:
        line = finder(key)
        return line + skipped if line is not None else None

    return replace(front, body_line=front.body_line + skipped, line_of=line_of), moved


def _split(text: str, path: str, kind: str, end: re.Pattern[str]) -> tuple[FrontMatter | None, list[Problem]]:
    opening = _OPENING.match(text)
    if opening is None or (kind == "yaml") != bool(opening.group("yaml")):
        fence = text[:3]
        return None, [Problem(f"the opening '{fence}' must stand alone on the first line", path=path, line=1)]
    start = opening.end()
    closing = end.search(text, start)
    if closing is None:
        fence = "---" if kind == "yaml" else "+++"
        return None, [
            Problem(
                f"front matter is never closed: no line with just '{fence}' after line 1",
                path=path,
                line=1,
                hint=f"add a line '{fence}' after the last front matter key",
            )
        ]
    raw = text[start : closing.start()]
    after = text.find("\n", closing.end())
    body = "" if after < 0 else text[after + 1 :]
    body_line = text.count("\n", 0, after) + 2 if after >= 0 else text.count("\n") + 1
    line_of = _make_key_line_finder(raw, kind)
    if kind == "yaml":
        data, problems = _parse_yaml(raw, path)
        if data is not None:
            problems = [
                Problem(
                    slip.message, path=path, line=slip.line + 1, key="front matter", hint=slip.hint, severity="warning"
                )
                for slip in (find_values_cut_by_comments(raw) if "#" in raw else ())  # no '#', no comment
            ]
    else:
        data, problems = _parse_toml(raw, path)
    if data is None:
        return None, problems
    return FrontMatter(data, body, body_line, kind, line_of), problems


def _parse_yaml(raw: str, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    plain = parse_plain_yaml(raw, _Loader.yaml_implicit_resolvers)  # most front matter: see plain_yaml
    if plain is not None:
        return plain, []
    try:
        data = yaml.load(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the fence
        reason = exc.problem or "could not be read"
        if "nesting depth" in reason:  # libyaml's own limit (PyYAML 6.0.3+); older ones recurse
            return None, [Problem("front matter is nested too deeply", path=path, line=line)]
        if reason.startswith("the key '"):  # our own duplicate-key check: already in words
            return None, [Problem(reason, path=path, line=line, key="front matter", hint="keep one of the two lines")]
        slip = explain_yaml_error(raw, reason, mark.line if mark is not None else 0)
        return None, [Problem(slip.message, path=path, line=slip.line + 1, key="front matter", hint=slip.hint)]
    except yaml.YAMLError as exc:
        return None, [Problem(f"front matter is not valid YAML: {exc}", path=path, line=1)]
    except RecursionError:
        return None, [Problem("front matter is nested too deeply", path=path, line=1)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        slip = explain_yaml_shape(raw)
        return None, [Problem(slip.message, path=path, line=slip.line + 1, key="front matter", hint=slip.hint)]
    bad_keys = [key for key in data if not isinstance(key, str)]
    if bad_keys:
        return None, [Problem(f"front matter key {bad_keys[0]!r} must be text", path=path, line=2)]
    return data, []


def _parse_toml(raw: str, path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        return tomllib.loads(raw), []
    except tomllib.TOMLDecodeError as exc:
        message, line = split_toml_error(exc)
        slip = explain_toml_error(raw, message, line)
        # The opening +++ is line 1 of the file.
        return None, [Problem(slip.message, path=path, line=slip.line + 1, key="front matter", hint=slip.hint)]
    except RecursionError:
        return None, [Problem("front matter is nested too deeply", path=path, line=1)]


def _make_key_line_finder(raw: str, kind: str) -> Callable[[str], int | None]:
    """Find the file line of a top-level front matter key (the fence is line 1)."""

    def line_of(key: str) -> int | None:
        top, *nested = key.split(".")
        match = _key_pattern(top, kind).search(raw)
        if match is None and kind == "toml":
            match = re.search(rf"^\[\[?{re.escape(top)}\b", raw, re.MULTILINE)
        if match is None:
            return None
        start = match.start()
        if kind == "yaml" and nested:
            start = _nested_key_start(raw, match.end(), nested, start)
        return raw.count("\n", 0, start) + 2

    return line_of


@functools.lru_cache(maxsize=512)
def _key_pattern(key: str, kind: str) -> re.Pattern[str]:
    """Where a top-level `key` is written; made once per key and kind (making it for each key of
    each page went through re's own cache and took 3% of parsing a bench page)."""
    separator = ":" if kind == "yaml" else "="
    return re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*{separator}", re.MULTILINE)


def _nested_key_start(raw: str, after: int, nested: list[str], start: int) -> int:
    """Where the deepest of `nested` keys is written inside the YAML block that begins at `after`
    ('audiences.hot.cta': the 'cta:' under 'hot:' under 'audiences:'); `start` if none is."""
    end = re.compile(r"^\S", re.MULTILINE).search(raw, after)  # the next top-level key ends the block
    limit = end.start() if end else len(raw)
    for name in nested:
        found = re.compile(rf"^[ \t]+[\"']?{re.escape(name)}[\"']?[ \t]*:", re.MULTILINE).search(raw, after, limit)
        if found is None:
            break
        start, after = found.start(), found.end()
    return start
