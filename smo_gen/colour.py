"""Colour for what matters on a terminal: errors red, warnings yellow, success green.

Only on a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM is 'dumb':
piped output, logs and tests get plain text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, TextIO

from smo_gen.patterns import lazy_pattern

Tone = Literal["error", "warning", "good", "strong"]
_CODES: dict[Tone, str] = {"error": "1;31", "warning": "33", "good": "32", "strong": "1"}
_LEADING = lazy_pattern(r"^(\s*)(error|warning|BROKEN|weak|ok)\b")
_TONE_OF: dict[str, Tone] = {"error": "error", "BROKEN": "error", "warning": "warning", "weak": "warning", "ok": "good"}


def wants_colour(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether text written to `stream` may carry colour."""
    environ = os.environ if environ is None else environ
    if "NO_COLOR" in environ or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, tone: Tone) -> str:
    """`text` in the colour of `tone` (ANSI)."""
    return f"\x1b[{_CODES[tone]}m{text}\x1b[0m"


def paint_leading_word(line: str) -> str:
    """A line whose first word says what it is ('error:', 'warning:', 'BROKEN', 'ok'), that word coloured."""
    match = _LEADING.match(line)
    if match is None:
        return line
    indent, word = match.groups()
    return indent + paint(word, _TONE_OF[word]) + line[match.end() :]
