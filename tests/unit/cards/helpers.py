"""Helpers for the social-card tests: the default theme, settings, sources, test images."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

from PIL import Image

from smo_gen.cards import CardPlan, CardSettings, CardSource, parse_card_settings, plan_card
from smo_gen.cards.draw import render_card_image

REPO_DIR = Path(__file__).resolve().parents[3]
THEME_DIR = REPO_DIR / "themes" / "default"


def make_settings(site_dir: Path, table: dict[str, Any]) -> CardSettings:
    result, problems = parse_card_settings(table, THEME_DIR, site_dir)
    assert problems == [], f"expected {table} to be valid, got: {[str(p) for p in problems]}"
    return result


def make_source(**changes: Any) -> CardSource:
    values: dict[str, Any] = {
        "page_path": "content/spring-sale.md",
        "name": "spring-sale",
        "title": "Spring sale: 40% off garden chairs",
        "subtitle": "Our biggest discount of the year.",
        "site_name": "Garden Shop",
    }
    values.update(changes)
    return CardSource(**values)


def make_plan(settings: CardSettings, **changes: Any) -> CardPlan:
    plan, problems = plan_card(make_source(**changes), settings)
    assert plan is not None, f"expected a plan, got problems: {[str(p) for p in problems]}"
    return plan


def render(settings: CardSettings, **changes: Any) -> Image.Image:
    return render_card_image(make_plan(settings, **changes))


def write_image(path: Path, size: tuple[int, int], colour: tuple[int, int, int] = (200, 80, 40)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def noise_image(size: tuple[int, int], seed: int = 1) -> Image.Image:
    generator = random.Random(seed)
    return Image.frombytes("RGB", size, generator.randbytes(size[0] * size[1] * 3))


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
