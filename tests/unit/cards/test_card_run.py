"""The card cache: unchanged cards are never redrawn, unused ones are pruned, parallel equals serial."""

from __future__ import annotations

from pathlib import Path

from smo_gen.cards import CardSettings, draw_cards
from tests.unit.cards.helpers import make_plan


def plans_for(settings: CardSettings, count: int, prefix: str = "page") -> list:
    return [make_plan(settings, name=f"{prefix}-{n}", title=f"Offer number {n}") for n in range(count)]


def test_first_run_draws_every_card_into_the_cache(tmp_path: Path, settings: CardSettings) -> None:
    plans = plans_for(settings, 3)
    run = draw_cards(plans, settings, tmp_path / "cache", workers=1)
    assert (run.drawn, run.reused, run.pruned, run.problems) == (3, 0, 0, [])
    assert sorted(run.files) == sorted(plan.filename for plan in plans)
    assert all(path.parent == tmp_path / "cache" and path.is_file() for path in run.files.values())


def test_second_run_draws_nothing(tmp_path: Path, settings: CardSettings) -> None:
    plans = plans_for(settings, 3)
    draw_cards(plans, settings, tmp_path / "cache", workers=1)
    times = {path: path.stat().st_mtime_ns for path in (tmp_path / "cache").iterdir()}
    run = draw_cards(plans, settings, tmp_path / "cache", workers=1)
    assert (run.drawn, run.reused) == (0, 3), "an unchanged card must not be drawn again"
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "cache").iterdir()} == times


def test_a_changed_title_draws_only_that_card(tmp_path: Path, settings: CardSettings) -> None:
    plans = plans_for(settings, 3)
    draw_cards(plans, settings, tmp_path / "cache", workers=1)
    plans[1] = make_plan(settings, name="page-1", title="A new title")
    run = draw_cards(plans, settings, tmp_path / "cache", workers=1)
    assert (run.drawn, run.reused, run.pruned) == (1, 2, 1), "the old page-1 card is pruned"


def test_cards_no_longer_used_are_pruned_and_other_files_kept(tmp_path: Path, settings: CardSettings) -> None:
    cache = tmp_path / "cache"
    plans = plans_for(settings, 4)
    draw_cards(plans, settings, cache, workers=1)
    (cache / "README.txt").write_text("not a card")
    run = draw_cards(plans[:1], settings, cache, workers=1)
    assert run.pruned == 3
    assert sorted(path.name for path in cache.iterdir()) == sorted([plans[0].filename, "README.txt"])


def test_parallel_drawing_gives_the_same_files_as_serial(tmp_path: Path, settings: CardSettings) -> None:
    plans = plans_for(settings, 40)
    serial = draw_cards(plans, settings, tmp_path / "serial", workers=1)
    parallel = draw_cards(plans, settings, tmp_path / "parallel", workers=2)
    assert (parallel.drawn, parallel.problems) == (40, [])
    for name, path in serial.files.items():
        assert parallel.files[name].read_bytes() == path.read_bytes(), f"{name} differs between processes"


def test_two_pages_with_the_same_card_name_are_drawn_once(tmp_path: Path, settings: CardSettings) -> None:
    plan = make_plan(settings)
    run = draw_cards([plan, plan], settings, tmp_path / "cache", workers=1)
    assert (run.drawn, len(run.files)) == (1, 1)
