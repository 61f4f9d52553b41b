"""Fits text into a box: the largest size that wraps into the allowed lines, else an ellipsis."""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from smo_gen.cards.fonts import Run, iter_clusters, load_font_info, load_pillow_font, split_runs
from smo_gen.cards.settings import TextStyle
from smo_gen.shortening import ELLIPSIS


@dataclass(frozen=True)
class Line:
    """One line of text, ready to draw left to right from `x` on its baseline."""

    runs: tuple[Run, ...]
    x: float
    baseline: float


@dataclass(frozen=True)
class TypesetText:
    """A text box after fitting: the size chosen, its lines, and whether text was cut."""

    size: int
    lines: tuple[Line, ...]
    truncated: bool


class _Measure:
    """Widths of strings through the fallback chain, for one fitting.

    Fitting tries several sizes; advance widths scale with the size (give or take hinting), so each
    string is measured once at the largest size and scaled. Lines are measured exactly when placed.
    """

    def __init__(self, chain: tuple[Path, ...], reference_size: int) -> None:
        self.chain = chain
        self.reference_size = reference_size
        self.runs: dict[str, list[Run]] = {}
        self.widths: dict[str, float] = {}
        self.cluster_lists: dict[str, list[str]] = {}

    def clusters(self, text: str) -> list[str]:
        if text not in self.cluster_lists:
            self.cluster_lists[text] = iter_clusters(text)
        return self.cluster_lists[text]

    def split(self, text: str) -> list[Run]:
        if text not in self.runs:
            self.runs[text] = split_runs(text, self.chain)
        return self.runs[text]

    def width(self, text: str, size: int) -> float:
        if text not in self.widths:
            self.widths[text] = _reference_width(text, self.chain, self.reference_size)
        return self.widths[text] * size / self.reference_size

    def exact_width(self, text: str, size: int) -> float:
        return sum(run_width(run, size) for run in self.split(text))


@functools.lru_cache(maxsize=65536)
def _reference_width(text: str, chain: tuple[Path, ...], size: int) -> float:
    """Width of a word (or space) at a box's largest size, remembered across the cards a worker
    draws: the titles and descriptions of one site share most of their words."""
    return sum(run_width(run, size) for run in split_runs(text, chain))


def run_width(run: Run, size: int) -> float:
    """Advance width of a run at `size` pixels (0 for characters no font has: they are not drawn)."""
    if run.font is None:
        return 0.0
    if run.font.fixed_size:
        font = load_pillow_font(run.font.path, run.font.fixed_size)
        return font.getlength(run.text) * size / run.font.fixed_size
    return load_pillow_font(run.font.path, size).getlength(run.text)


def typeset_text(text: str, style: TextStyle, chain: tuple[Path, ...]) -> TypesetText:
    """Lay out `text` in `style.box`: shrink from size to min_size, then cut with an ellipsis."""
    text = " ".join(text.split())
    if not text or not chain:
        return TypesetText(style.size, (), False)
    measure = _Measure(chain, style.size)
    low, high, best = style.min_size, style.size, None
    while low <= high:  # binary search for the largest size that fits; fitting shrinks with size
        size = (low + high) // 2
        capacity = _line_capacity(style, size)
        lines = _wrap(text, size, style.box[2], measure, capacity)
        if len(lines) <= capacity:
            best, low = (size, lines), size + 1
        else:
            high = size - 1
    truncated = best is None
    if best is None:
        size = style.min_size
        capacity = _line_capacity(style, size)
        lines = _wrap(text, size, style.box[2], measure, capacity)
        lines = lines[: capacity - 1] + [_with_ellipsis(lines[capacity - 1], size, style.box[2], measure)]
        best = (size, lines)
    size, lines = best
    if not truncated and len(lines) > 1:
        lines = _balanced(text, size, style.box[2], measure, lines)
    return TypesetText(size, _place(lines, size, style, measure), truncated)


def _balanced(text: str, size: int, width: float, measure: _Measure, lines: list[str]) -> list[str]:
    """The same text in as many lines, wrapped at the narrowest width that keeps their number:
    lines of similar length instead of full lines and a short last one ("The summer / range" rather
    than "The summer range / is here"). No word is broken to get there."""
    widest_word = max(measure.width(word, size) for word in _units(text))
    low, high = max(widest_word, measure.width(text, size) / len(lines)), width
    if low >= high:
        return lines
    count = len(lines)
    while high - low > 1:  # the narrowest width giving `count` lines; more width never adds lines
        middle = (low + high) / 2
        if len(_wrap(text, size, middle, measure, count)) <= count:
            high = middle
        else:
            low = middle
    return _wrap(text, size, high, measure, count)


def _line_capacity(style: TextStyle, size: int) -> int:
    fitting = math.floor((style.box[3] - size) / (size * style.line_height)) + 1
    return max(1, min(style.max_lines, fitting))


def _wrap(text: str, size: int, width: float, measure: _Measure, max_lines: int) -> list[str]:
    """Greedy word wrap; a word wider than the box is broken between characters.

    Stops once there are more than `max_lines` lines (the text does not fit, and the lines
    after those are never shown): a title of one 50,000-character word is not wrapped into
    a thousand lines at every size tried.
    """
    space = measure.width(" ", size)
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in _units(text):
        if len(lines) > max_lines:
            return lines
        word_width = measure.width(word, size)
        if current and current_width + space + word_width <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
            continue
        if current:
            lines.append(current)
        current, current_width = word, word_width
        if current_width > width:
            *pieces, current = _break_word(word, size, width, measure, max_lines + 1 - len(lines))
            lines += pieces
            if len(lines) > max_lines:
                break  # the rest is never shown: not even measured
            current_width = measure.width(current, size)
    lines.append(current)
    return lines


@functools.lru_cache(maxsize=256)
def _units(text: str) -> tuple[str, ...]:
    """`iter_units`, remembered: fitting wraps one text at a dozen sizes and widths."""
    return tuple(iter_units(text))


def iter_units(text: str) -> list[str]:
    """The words of `text` as wrapping sees them: an emoji-only word travels with its neighbour
    (the one before it, or after it at the start), so an emoji never sits alone on a line."""
    units: list[str] = []
    leading: list[str] = []
    for word in text.split(" "):
        if _is_pictographic(word):
            if units:
                units[-1] += " " + word
            else:
                leading.append(word)
        else:
            units.append(" ".join([*leading, word]))
            leading = []
    if leading:
        units.append(" ".join(leading))
    return units


def _is_pictographic(word: str) -> bool:
    """True for a word made only of emoji and pictographic symbols (with their joiners and selectors)."""
    return (
        bool(word)
        and all(
            unicodedata.category(char) in ("So", "Sk", "Mn", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F for char in word
        )
        and any(unicodedata.category(char) == "So" for char in word)
    )


def _break_word(word: str, size: int, width: float, measure: _Measure, most: int) -> list[str]:
    """`word` cut between clusters into pieces as wide as the box (the last may be narrower),
    at most `most` of them and the rest; each cut found by looking only a little past it."""
    clusters = measure.clusters(word)
    pieces: list[str] = []
    start = 0
    while start < len(clusters) - 1 and len(pieces) < most:

        def fits(count: int, start: int = start) -> bool:
            return measure.width("".join(clusters[start : start + count]), size) <= width

        cut = _longest_fitting(len(clusters) - start, 1, fits)
        if start + cut == len(clusters):
            break
        pieces.append("".join(clusters[start : start + cut]))
        start += cut
    return [*pieces, "".join(clusters[start:])]


def _longest_fitting(count: int, least: int, fits: Callable[[int], bool]) -> int:
    """The largest n from `least` to `count` for which `fits(n)` (`least` when none does), as a
    longer prefix of a line is never narrower. Doubles n until it no longer fits, then halves
    the gap: about 2 log n tries, none much longer than the answer."""
    low, step = least, 1
    while low < count and fits(min(low + step, count)):
        low = min(low + step, count)
        step *= 2
    high = min(low + step, count) - 1 if low < count else count  # low + step does not fit
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _with_ellipsis(line: str, size: int, width: float, measure: _Measure) -> str:
    clusters = measure.clusters(line)
    kept = _longest_fitting(len(clusters), 0, lambda n: measure.width("".join(clusters[:n]) + ELLIPSIS, size) <= width)
    return "".join(clusters[:kept]).rstrip(" ,;:-–—") + ELLIPSIS


def _place(lines: list[str], size: int, style: TextStyle, measure: _Measure) -> tuple[Line, ...]:
    x, y, box_width, box_height = style.box
    ascent, descent = _metrics(measure.chain, size)
    line_step = size * style.line_height
    block_height = (len(lines) - 1) * line_step + ascent + descent
    top = {"top": y, "middle": y + (box_height - block_height) / 2, "bottom": y + box_height - block_height}
    baseline = top[style.valign] + ascent
    placed = []
    for index, line in enumerate(lines):
        offset = 0.0
        if style.align != "left":  # measuring costs a text layout: only when the position needs it
            slack = box_width - measure.exact_width(line, size)
            offset = slack / 2 if style.align == "center" else slack
        placed.append(Line(tuple(measure.split(line)), x + offset, baseline + index * line_step))
    return tuple(placed)


def _metrics(chain: tuple[Path, ...], size: int) -> tuple[int, int]:
    """Ascent and descent of the first outline font: lines keep one rhythm whatever they contain."""
    for path in chain:
        if load_font_info(path).fixed_size is None:
            return load_pillow_font(path, size).getmetrics()
    return round(size * 0.8), round(size * 0.2)
