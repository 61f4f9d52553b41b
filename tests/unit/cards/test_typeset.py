"""Typesetting overlong words: the same lines as before, in work that grows with the text's
length, not with its square (one 16,000-character word took a minute to fit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smo_gen.cards import typeset
from smo_gen.cards.fonts import FontInfo, Run, load_font_info
from smo_gen.cards.settings import CardSettings
from smo_gen.cards.typeset import typeset_text


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every run whose width is measured."""
    lengths: list[int] = []
    original = typeset.run_width

    def run_width(run: Run, size: int) -> float:
        lengths.append(len(run.text))
        return original(run, size)

    monkeypatch.setattr(typeset, "run_width", run_width)
    return lengths


def characters_measured(settings: CardSettings, text: str, measured: list[int]) -> int:
    measured.clear()
    result = typeset_text(text, settings.title, settings.font_chain("title"))
    assert result.truncated and len(result.lines) == settings.title.max_lines
    return sum(measured)


@pytest.mark.parametrize("unit", ["W", "Wi", "e\u0301", "Sale-"])
def test_work_grows_with_the_length_of_one_long_word_not_its_square(
    settings: CardSettings, measured: list[int], unit: str
) -> None:
    n = 4_000
    small = characters_measured(settings, unit * n, measured)
    large = characters_measured(settings, unit * (4 * n), measured)
    assert large <= 5 * small + 10_000, (small, large)  # quadratic work would be 16 times


def test_a_word_wider_than_the_box_breaks_where_the_box_ends(settings: CardSettings) -> None:
    chain = settings.font_chain("title")
    result = typeset_text("W" * 200, settings.title, chain)
    lines = ["".join(run.text for run in line.runs) for line in result.lines]
    assert result.truncated and lines[-1].endswith("…")
    width = settings.title.box[2]
    for line in lines[:-1]:
        assert typeset.run_width(Run(line, result_font(chain)), result.size) <= width
        assert typeset.run_width(Run(line + "W", result_font(chain)), result.size) > width  # one more would not fit


def result_font(chain: tuple[Path, ...]) -> FontInfo:
    return load_font_info(chain[0])


@pytest.mark.parametrize(
    ("count", "least", "fitting", "expected"),
    [(10, 1, 0, 1), (10, 1, 1, 1), (10, 1, 7, 7), (10, 1, 10, 10), (10, 0, 0, 0), (1, 1, 5, 1), (1000, 0, 513, 513)],
)
def test_longest_fitting(count: int, least: int, fitting: int, expected: int) -> None:
    tried: list[int] = []

    def fits(n: int) -> bool:
        tried.append(n)
        return n <= fitting

    assert typeset._longest_fitting(count, least, fits) == expected
    assert len(tried) <= 2 * count.bit_length() + 2
