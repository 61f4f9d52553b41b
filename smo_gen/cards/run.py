"""Draws the planned cards that the cache lacks, on all cores, and prunes cached cards no longer used.

The cache directory (given by the caller, kept between builds, outside public/) holds exactly
one file per card name. A name hashes every input, so a file that exists is up to date and is
never drawn again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from smo_gen.cards.plan import EXTENSIONS, KEY_LENGTH, CardPlan
from smo_gen.cards.settings import CardSettings
from smo_gen.cards.source_images import UnusableImage
from smo_gen.errors import Problem
from smo_gen.reporter import Progress, collect_counted, no_progress
from smo_gen.workers import chunk_size, worker_pool, workers_for

# Starting worker processes costs ~20-50 ms each; below this many new cards one process is faster.
PARALLEL_MINIMUM = 32
_CARD_FILE = re.compile(rf"[^/]+\.[0-9a-f]{{{KEY_LENGTH}}}\.({'|'.join(EXTENSIONS.values())})")
_TEMPORARY_FILE = re.compile(r"\..+\.tmp")


@dataclass(frozen=True)
class CardRun:
    """What one `draw_cards` call did; `problems` are those found while drawing (e.g. a corrupt image)."""

    files: dict[str, Path]
    drawn: int
    reused: int
    pruned: int
    problems: list[Problem]


def draw_cards(
    plans: Sequence[CardPlan],
    settings: CardSettings,
    cache_dir: Path,
    workers: int | None = None,
    progress: Progress = no_progress,
) -> CardRun:
    """Make sure `cache_dir` holds a file for every plan, drawing only the missing ones; prune the rest.

    `settings` are the site-wide settings; each plan carries its page's own (with front-matter
    overrides), which is what gets drawn. Problems found while planning are not repeated here.
    `progress` hears how many of the missing cards are drawn.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    wanted = {plan.filename: plan for plan in plans}
    files = {name: cache_dir / name for name in wanted if (cache_dir / name).is_file()}
    missing = [plan for name, plan in wanted.items() if name not in files]
    workers = workers_for(workers)
    if workers > 1 and len(missing) >= PARALLEL_MINIMUM:
        results = _draw_parallel(missing, cache_dir, workers, progress)
    else:
        results = collect_counted(_drawn(missing, cache_dir), len(missing), progress)
    problems = []
    for name, problem in results:
        if problem is None:
            files[name] = cache_dir / name
        else:
            problems.append(problem)
    pruned = prune_cache(cache_dir, set(wanted))
    drawn = len(missing) - len(problems)
    return CardRun(files, drawn, len(wanted) - len(missing), pruned, problems)


def prune_cache(cache_dir: Path, keep: set[str]) -> int:
    """Delete cached cards (and leftover temporary files) not named in `keep`; return how many."""
    pruned = 0
    for path in cache_dir.iterdir():
        ours = _CARD_FILE.fullmatch(path.name) or _TEMPORARY_FILE.fullmatch(path.name)
        if ours and path.name not in keep and path.is_file():
            path.unlink(missing_ok=True)
            pruned += 1
    return pruned


def _draw_parallel(
    plans: list[CardPlan], cache_dir: Path, workers: int, progress: Progress
) -> list[tuple[str, Problem | None]]:
    # Cards come back in chunks of up to 16 (~0.1-0.5 s of drawing): a chunk costs ~1 ms to
    # hand out, and small ones let the progress count move and keep every core busy to the end.
    from concurrent.futures.process import BrokenProcessPool  # here: most builds draw no card

    chunk = chunk_size(len(plans), workers, smallest=1, largest=16)
    results: list[tuple[str, Problem | None]] = []
    try:
        with worker_pool(workers) as executor:
            drawn = executor.map(_draw_one, plans, [cache_dir] * len(plans), chunksize=chunk)
            for plan, problem in zip(plans, drawn, strict=True):
                results.append((plan.filename, problem))
                progress(len(results), len(plans))
    except BrokenProcessPool:
        # A worker died (out of memory, killed): finish here rather than lose the build.
        results += _drawn(plans[len(results) :], cache_dir)
    return results


def _drawn(plans: Iterable[CardPlan], cache_dir: Path) -> Iterator[tuple[str, Problem | None]]:
    return ((plan.filename, _draw_one(plan, cache_dir)) for plan in plans)


def _drawing_problem(plan: CardPlan, message: str, hint: str | None) -> Problem:
    key = "image" if plan.is_photo else "card"
    line = plan.source.image_line if plan.is_photo else None
    return Problem(message, path=plan.source.page_path, line=line, key=key, hint=hint)


def _draw_one(plan: CardPlan, cache_dir: Path) -> Problem | None:
    from smo_gen.cards.draw import render_card  # here: a build that draws no card never needs it

    try:
        data = render_card(plan)
    except UnusableImage as error:
        return _drawing_problem(plan, str(error), error.hint)
    except Exception as error:  # noqa: BLE001 - one odd file must not end the build without naming its page
        image = plan.source.image_path or plan.settings.background_image or plan.settings.logo.path
        what = f" from {image}" if image else ""
        return _drawing_problem(
            plan,
            f"cannot draw the social card{what}: {type(error).__name__}: {error}",
            "save the image again as an 8-bit RGB PNG or JPEG, or set a card image in front matter; "
            "if that does not help, please report this message",
        )
    # Write beside the final name, then rename: a build stopped halfway never leaves half a card.
    temporary = cache_dir / f".{plan.filename}.{os.getpid()}.tmp"
    try:
        temporary.write_bytes(data)
        os.replace(temporary, cache_dir / plan.filename)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        return Problem(f"cannot write the social card to the cache: {error}", path=str(cache_dir))
    return None
