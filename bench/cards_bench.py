"""Benchmark of social-card drawing: cards/second cold (serial, parallel) and warm, and encode cost per format.

Run: .venv/bin/python bench/cards_bench.py [--cards 200] [--repeats 5]
Every figure is the median of `--repeats` runs; cold runs start from an empty cache directory.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PIL import Image

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR))

from smo_gen.cards import CardPlan, CardSettings, CardSource, draw_cards, parse_card_settings, plan_card
from smo_gen.cards.draw import render_card_image
from smo_gen.cards.encode import render_image_bytes

TITLES = [
    "Spring sale: 40% off every garden chair until Sunday",
    "Ελληνικά προϊόντα με έκπτωση",
    "Распродажа садовой мебели",
    "Café crème & crêpes: our new menu 🎉",
    "How we shipped 10,000 orders in one weekend without losing a single parcel or customer",
]


def make_photo(path: Path, seed: int) -> Path:
    """A photo-like 1600x900 JPEG: smooth gradients with grain, as a camera would give."""
    from PIL import ImageChops, ImageFilter

    size = (1600, 900)
    bands = [
        Image.linear_gradient("L").rotate(seed * 37 % 360).resize(size),
        Image.radial_gradient("L").resize(size),
        Image.effect_noise(size, 60).filter(ImageFilter.GaussianBlur(3)),
    ]
    photo = ImageChops.add(Image.merge("RGB", bands), Image.effect_noise(size, 10).convert("RGB"), 1.0, -128)
    photo.save(path, "JPEG", quality=90)
    return path


def make_plans(settings: CardSettings, count: int, photos: list[Path] | None = None) -> list[CardPlan]:
    plans = []
    for index in range(count):
        source = CardSource(
            page_path=f"content/page-{index}.md",
            name=f"page-{index}",
            title=f"{TITLES[index % len(TITLES)]} #{index}",
            subtitle="Our biggest discount of the year on furniture, tools and seeds for your spring plans.",
            site_name="Garden Shop",
            image_path=photos[index % len(photos)] if photos else None,
        )
        plan, _ = plan_card(source, settings)
        assert plan is not None
        plans.append(plan)
    return plans


def encode_all(images: list[Image.Image], format: str, photographic: bool = False) -> list[bytes]:
    return [render_image_bytes(image, format, 85, photographic) for image in images]


def median_seconds(action: Callable[[], object], repeats: int, before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(repeats):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as work:
        settings, problems = parse_card_settings({}, REPO_DIR / "themes" / "default", Path(work))
        assert not problems, problems
        plans = make_plans(settings, options.cards)
        cache_dir = Path(work) / "cache"

        def empty_cache() -> None:
            for path in cache_dir.glob("*"):
                path.unlink()

        print(f"{options.cards} cards, 1200x630, {cores} cores, median of {options.repeats} runs")
        planning = median_seconds(lambda: make_plans(settings, options.cards), options.repeats)
        print(f"  plan (names only)  {options.cards / planning:8.0f} cards/s")
        photos = [make_photo(Path(work) / f"photo-{n}.jpg", n) for n in range(8)]
        scenarios = [
            ("drawn cards (PNG)", plans, settings),
            ("title over a photo (JPEG, the default)", make_plans(settings, options.cards, photos), settings),
            (
                "title over a photo (photo_format = png)",
                make_plans(replace(settings, photo_format="png"), options.cards, photos),
                settings,
            ),
        ]
        for title, scenario_plans, scenario_settings in scenarios:
            print(f" {title}")
            for label, workers in (("cold, serial", 1), (f"cold, {cores} workers", cores)):
                seconds = median_seconds(
                    functools.partial(draw_cards, scenario_plans, scenario_settings, cache_dir, workers),
                    options.repeats,
                    empty_cache,
                )
                per_core = options.cards / seconds / workers
                print(f"  {label:<17}  {options.cards / seconds:8.0f} cards/s  ({per_core:.0f} per core)")
            empty_cache()
        draw_cards(plans, settings, cache_dir, 1)
        warm = median_seconds(lambda: draw_cards(plans, settings, cache_dir, 1), options.repeats)
        print(f"  warm (cache hit)   {options.cards / warm:8.0f} cards/s")

        sample = plans[:20]
        images = [render_card_image(plan) for plan in sample]
        drawing = median_seconds(lambda: [render_card_image(plan) for plan in sample], options.repeats)
        print(f"\nper card: draw {drawing / len(sample) * 1000:.2f} ms; encode:")
        for format in ("png", "jpeg", "webp"):
            sizes = [len(render_image_bytes(image, format, 85)) for image in images]
            seconds = median_seconds(functools.partial(encode_all, images, format), options.repeats)
            print(f"  {format:<5} {seconds / len(images) * 1000:6.2f} ms  {statistics.mean(sizes) / 1024:6.0f} KB")
        photo = median_seconds(functools.partial(encode_all, images, "png", True), options.repeats)
        print(f"  png with Pillow's filters (used for photo cards) {photo / len(images) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
