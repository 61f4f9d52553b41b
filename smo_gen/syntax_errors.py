"""YAML and TOML syntax errors in a writer's words: what is wrong, on the line that causes it, and the fix.

The parsers report where they gave up, in their own terms ("mapping values are not allowed in
this context", "Illegal character '\\n'"), often a line after the mistake. These pure
functions look at the text around that point for the slips writers make (a tab, a colon in an
unquoted value, a quote never closed, a line indented wrongly, YAML written between '+++') and
say it plainly. What they do not recognise keeps the parser's words, with a general hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smo_gen.patterns import lazy_pattern


@dataclass(frozen=True)
class SyntaxSlip:
    """One syntax error explained: `line` is 1-based within the parsed text."""

    message: str
    line: int
    hint: str | None = None


# `key: value`, `- value` or `- key: value` in block YAML; the key may be quoted.
_YAML_ENTRY = lazy_pattern(
    r"""^(?P<indent>[ \t]*)(?:-[ \t]+)?"""
    r"""(?:(?P<key>"[^"]*"|'[^']*'|[^\s:#'"\[\]{},][^:#]*?)[ \t]*:(?:[ \t]+|$))?(?P<value>.*)$"""
)
_TOML_ENTRY = lazy_pattern(r"""^[ \t]*(?P<key>[A-Za-z0-9_.\-"' ]+?)[ \t]*=[ \t]*(?P<value>.*)$""")
_YAML_AS_TOML = lazy_pattern(r"""^[ \t]*(?P<key>[A-Za-z0-9_\-]+)[ \t]*:[ \t]*(?P<value>.*)$""")
_TOML_SCALAR = lazy_pattern(
    r"""^(?:true|false|[+-]?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?"""  # booleans, numbers
    r"""|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?"""  # dates, times
    r"""|[+-]?(?:inf|nan))$"""
)
# 'title:Spring sale': a key, but no space after its colon, so YAML reads one word.
_NO_SPACE = lazy_pattern(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[A-Za-z_][\w\-]*):(?P<value>[^\s:/].*)$")
_GENERAL_YAML_HINT = (
    "put values that contain ': ', ' #' or quotes, or start with a symbol, in quotes; "
    "indent with spaces only, nested keys two spaces deeper than their parent"
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _unclosed_quote(value: str) -> str | None:
    """The quote character `value` opens and never closes on its line, if it does."""
    value = value.strip()
    if not value or value[0] not in "\"'":
        return None
    quote = value[0]
    rest = value[1:]
    if quote == "'":
        rest = rest.replace("''", "")
    else:
        rest = re.sub(r"\\.", "", rest)
    return quote if quote not in rest else None


def _text_after_quote(value: str) -> str | None:
    """What follows the closing quote of a quoted `value` on its line, when that is not a comment."""
    value = value.strip()
    if not value or value[0] not in "\"'":
        return None
    quote = value[0]
    index = 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2
                continue
            tail = value[index + 1 :].strip()
            return tail if tail and not tail.startswith("#") else None
        index += 1
    return None


def _quoted(value: str) -> str:
    """`value` as a writer would quote it in YAML or TOML."""
    value = value.strip()
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(key: str | None) -> str:
    return f"the value of '{key.strip(chr(34) + chr(39))}'" if key else "this value"


def explain_yaml_error(text: str, problem: str, line: int) -> SyntaxSlip:
    """The YAML error the parser reported as `problem` at 0-based `line` of `text`, explained."""
    lines = text.split("\n")
    line = min(max(line, 0), max(len(lines) - 1, 0))
    for explain in (
        _yaml_tab,
        _yaml_no_space,
        _yaml_unclosed_quote,
        _yaml_text_after_quote,
        _yaml_colon,
        _yaml_symbol,
        _yaml_flow,
        _yaml_indent,
    ):
        slip = explain(lines, problem, line)
        if slip is not None:
            return slip
    return SyntaxSlip(f"not valid YAML: {problem}", line + 1, _GENERAL_YAML_HINT)


def _yaml_tab(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    for number, text in enumerate(lines[: line + 1]):
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent and text.strip():
            return SyntaxSlip(
                "this line is indented with a tab; YAML indents with spaces only",
                number + 1,
                "replace the tab with spaces, two for each level",
            )
    return None


def _yaml_unclosed_quote(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    for number, text in enumerate(lines[: line + 1]):
        entry = _YAML_ENTRY.match(text)
        if entry is None:
            continue
        quote = _unclosed_quote(entry.group("value"))
        if quote is not None:
            value = entry.group("value").strip()
            written = f"{entry.group('key')}: " if entry.group("key") else "- "
            return SyntaxSlip(
                f"{_label(entry.group('key'))} opens a quote ({quote}) that is never closed",
                number + 1,
                f"end the value with {quote} on the same line: {written}{value}{quote}",
            )
    return None


def _yaml_text_after_quote(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    entry = _YAML_ENTRY.match(lines[line])
    if entry is None:
        return None
    tail = _text_after_quote(entry.group("value"))
    if tail is None:
        return None
    value = entry.group("value").strip()
    inner = value[1:-1] if len(value) > 1 and value.endswith(value[0]) else value[1:]
    other = "'" if value[0] == '"' else '"'
    key = entry.group("key")
    written = f"{entry.group('indent')}{key}: " if key else ""
    return SyntaxSlip(
        f"{_label(key)} goes on after its closing quote ('{tail}')",
        line + 1,
        f"to use {value[0]} inside the value, wrap the whole value in {other} instead: {written}{other}{inner}{other}",
    )


def _yaml_colon(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    if "mapping values are not allowed" not in problem:
        return None
    text = lines[line]
    entry = _YAML_ENTRY.match(text)
    if entry is None or not entry.group("key"):
        return None
    value = entry.group("value").rstrip()
    before = lines[line - 1] if line > 0 else ""
    indent = len(entry.group("indent"))
    before_indent = len(before) - len(before.lstrip(" "))
    if indent > before_indent and ":" not in value and before.strip() and not before.rstrip().endswith(":"):
        return _under_a_value(lines, line)
    key = entry.group("key")
    return SyntaxSlip(
        f"{_label(key)} contains ': ', which YAML reads as the start of another key",
        line + 1,
        f"put the value in quotes: {entry.group('indent')}{key}: {_quoted(value)}",
    )


def _under_a_value(lines: list[str], line: int) -> SyntaxSlip:
    """Line `line` is indented under a key that already has its value on its own line."""
    entry = _YAML_ENTRY.match(lines[line])
    key = entry.group("key") if entry and entry.group("key") else None
    parent = _YAML_ENTRY.match(lines[line - 1]) if line > 0 else None
    parent_key = parent.group("key") if parent and parent.group("key") else None
    what = f"'{key}'" if key else "this line"
    under = f"'{parent_key}'" if parent_key else "the line above"
    return SyntaxSlip(
        f"{what} is indented under {under}, which already has a value",
        line + 1,
        f"start {what} where {under} starts: keys of the same level line up",
    )


def _yaml_no_space(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    for number, text in enumerate(lines[: line + 1]):
        match = _NO_SPACE.match(text)
        if match:
            return SyntaxSlip(
                f"'{text.strip()}' needs a space after the colon",
                number + 1,
                f"write: {match.group('lead')}{match.group('key')}: {match.group('value')}",
            )
    return None


def _yaml_symbol(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    if not any(
        words in problem for words in ("cannot start any token", "undefined alias", "sequence entries are not allowed")
    ):
        return None
    entry = _YAML_ENTRY.match(lines[line])
    if entry is None or not entry.group("value").strip():
        return None
    value = entry.group("value").strip()
    return SyntaxSlip(
        f"{_label(entry.group('key'))} starts with '{value[0]}', which YAML keeps for its own syntax",
        line + 1,
        f"put the value in quotes: {entry.group('key') or ''}{': ' if entry.group('key') else ''}{_quoted(value)}",
    )


def _yaml_flow(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    match = re.search(r"expected ',' or '([\]}])'", problem)
    if match is None:
        return None
    closing = match.group(1)
    opening = "[" if closing == "]" else "{"
    for number in range(line, -1, -1):
        text = lines[number]
        if opening in text and text.count(opening) > text.count(closing):
            return SyntaxSlip(
                f"the {'list' if opening == '[' else 'table'} opened with '{opening}' on this line is never closed",
                number + 1,
                f"end it with '{closing}' on the same line, and put items that contain ',' or ':' in quotes",
            )
    return None


def _yaml_indent(lines: list[str], problem: str, line: int) -> SyntaxSlip | None:
    if "expected key" not in problem and "expected <block end>" not in problem:
        return None
    text = lines[line]
    indent = len(text) - len(text.lstrip(" "))
    stripped = text.strip()
    siblings = [
        len(other) - len(other.lstrip(" "))
        for other in reversed(lines[:line])
        if other.strip() and not other.lstrip().startswith("#")
    ]
    if not siblings:
        return None
    previous = siblings[0]
    previous_text = next(
        other for other in reversed(lines[:line]) if other.strip() and not other.lstrip().startswith("#")
    )
    if stripped.startswith("- ") and previous_text.strip().startswith("- ") and indent != previous:
        return SyntaxSlip(
            f"this list item is indented by {_plural(indent, 'space')}, the item above by {previous}",
            line + 1,
            "indent every item of a list the same",
        )
    if stripped.startswith("- ") and indent == 0 and not previous_text.rstrip().endswith(":"):
        return SyntaxSlip(
            "this list item belongs to no key",
            line + 1,
            "put it under the key it belongs to ('tags:' on a line of its own, say), indented by two spaces",
        )
    if indent > previous and not previous_text.rstrip().endswith(":"):
        return _under_a_value(lines, line)
    if indent not in siblings:
        return SyntaxSlip(
            f"this line is indented by {_plural(indent, 'space')}, which lines up with no key above it",
            line + 1,
            "line it up with the key it belongs beside; nested keys go two spaces deeper than their parent",
        )
    return None


# 'message: We are #1 in town': YAML reads ' #1 in town' as a comment and keeps 'We are'.
_CUT_BY_COMMENT = re.compile(
    r"""^(?P<indent>[ \t]*)(?P<key>[A-Za-z_][\w\-]*):[ \t]+(?P<kept>[^'"\[{|>#\s][^#]*?) #(?P<cut>\S.*)$"""
)


def find_values_cut_by_comments(text: str) -> list[SyntaxSlip]:
    """Unquoted values with ' #' followed by a word (a hashtag, '#1'), which YAML drops as a comment."""
    slips = []
    for number, line in enumerate(text.split("\n")):
        match = _CUT_BY_COMMENT.match(line)
        if match:
            whole = f"{match.group('kept')} #{match.group('cut')}".rstrip()
            slips.append(
                SyntaxSlip(
                    f"the value of '{match.group('key')}' stops before '#{match.group('cut').rstrip()}': "
                    "YAML reads ' #' as the start of a comment",
                    number + 1,
                    f"put the value in quotes: {match.group('indent')}{match.group('key')}: {_quoted(whole)}",
                )
            )
    return slips


def explain_yaml_shape(text: str) -> SyntaxSlip:
    """Front matter that parsed, but to something other than `key: value` lines."""
    lines = text.split("\n")
    slip = _yaml_no_space(lines, "", len(lines) - 1)
    if slip is not None:
        return slip
    first = next(
        (number for number, line in enumerate(text.split("\n")) if line.strip() and not line.lstrip().startswith("#")),
        0,
    )
    return SyntaxSlip(
        "must be a set of 'key: value' lines", first + 1, "write one 'key: value' per line, such as: title: Spring sale"
    )


def explain_toml_error(text: str, problem: str, line: int | None, front_matter: bool = True) -> SyntaxSlip:
    """The TOML error tomllib reported as `problem` at 1-based `line` of `text`, explained
    (`front_matter`: the text is a page's front matter, not site.toml)."""
    lines = text.split("\n")
    number = min(max((line or 1) - 1, 0), max(len(lines) - 1, 0))
    current = lines[number] if lines else ""
    yaml_style = _YAML_AS_TOML.match(current)
    if "Expected '=' after a key" in problem and yaml_style and "=" not in current:
        return SyntaxSlip(
            "TOML writes 'key = value', not 'key: value'",
            number + 1,
            f"write: {yaml_style.group('key')} = {_toml_value(yaml_style.group('value'))}"
            + (", or use '---' fences for YAML front matter" if front_matter else ""),
        )
    entry = _TOML_ENTRY.match(current)
    value = entry.group("value").strip() if entry else ""
    key = entry.group("key").strip() if entry else None
    quote = _unclosed_quote(value)
    if (
        entry
        and quote
        and ("Illegal character" in problem or "Unterminated" in problem or "Expected newline" in problem)
    ):
        return SyntaxSlip(
            f"{_label(key)} opens a quote ({quote}) that is never closed",
            number + 1,
            f"end it with {quote} on the same line: {key} = {value}{quote}",
        )
    tail = _text_after_quote(value) if entry else None
    if entry and tail is not None:
        inner = value[1:-1] if len(value) > 1 and value.endswith(value[0]) else value[1:]
        return SyntaxSlip(
            f"{_label(key)} goes on after its closing quote ('{tail}')",
            number + 1,
            "to use quotes inside a value, wrap it in the other kind, or escape them: "
            f"{key} = {_quoted(inner.replace(chr(92) + value[0], value[0]))}",
        )
    if entry and "Invalid value" in problem and not value:
        return SyntaxSlip(f"'{key}' has no value", number + 1, f'give it one, or remove the line: {key} = "..."')
    if entry and "Invalid value" in problem and re.match(r"^[^\W_]", value):
        if value.lower() in ("true", "false", "yes", "no", "on", "off"):
            return SyntaxSlip(
                f"{_label(key)} is not true or false as TOML writes them",
                number + 1,
                f"write: {key} = {'true' if value.lower() in ('true', 'yes', 'on') else 'false'}",
            )
        return SyntaxSlip(
            f"{_label(key)} is text, and TOML needs text in quotes", number + 1, f"write: {key} = {_quoted(value)}"
        )
    if (
        entry
        and ("Expected newline" in problem or "Invalid date" in problem)
        and re.match(r"^\d{4}-\d{1,2}-\d{1,2}", value)
    ):
        return SyntaxSlip(
            f"{_label(key)} is not a date TOML can read: '{value}'",
            number + 1,
            f"write a real date as YYYY-MM-DD, such as: {key} = 2026-05-01",
        )
    if "Cannot overwrite a value" in problem and entry:
        return SyntaxSlip(f"'{key}' is given twice", number + 1, "keep one of the two lines")
    if "Cannot declare" in problem:
        return SyntaxSlip(
            f"the table '{current.strip()}' is declared twice", number + 1, "merge the two tables into one"
        )
    if "Unclosed array" in problem:
        for back in range(number, -1, -1):
            if lines[back].count("[") > lines[back].count("]") and "=" in lines[back]:
                return SyntaxSlip("the list opened with '[' on this line is never closed", back + 1, "end it with ']'")
    return SyntaxSlip(
        f"not valid TOML: {problem}",
        number + 1,
        "write one 'key = value' per line, with text in quotes: title = \"Spring sale\"",
    )


def _toml_value(value: str) -> str:
    value = value.strip()
    if not value:
        return '""'
    if value[0] in "\"'[{" or _TOML_SCALAR.match(value):
        return value
    return _quoted(value)
