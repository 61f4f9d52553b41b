"""Any image a page names, however odd, gives a card or an error naming the page: never a traceback."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from smo_gen.cards import CardSettings, draw_cards
from smo_gen.cards.source_images import cover_box, load_cover
from tests.unit.cards.helpers import make_plan

sizes = st.tuples(st.integers(1, 8000), st.integers(1, 8000))
unit = st.floats(0.0, 1.0, allow_nan=False)


@hypothesis_settings(max_examples=2000, deadline=None)
@given(source=sizes, target=sizes, focal_point=st.one_of(st.none(), st.tuples(unit, unit)))
def test_cover_box_is_whole_pixels_inside_the_image(
    source: tuple[int, int], target: tuple[int, int], focal_point: tuple[float, float] | None
) -> None:
    left, top, right, bottom = box = cover_box(source, target, focal_point)
    assert all(isinstance(edge, int) for edge in box), box
    assert 0 <= left < right <= source[0] and 0 <= top < bottom <= source[1], f"{box} outside {source}"
    # The crop keeps the target's shape to within a pixel on its short side, so nothing looks stretched.
    scale = max(target[0] / source[0], target[1] / source[1])
    assert abs((right - left) - target[0] / scale) <= 1 and abs((bottom - top) - target[1] / scale) <= 1


@hypothesis_settings(max_examples=100, deadline=None)
@given(source=st.tuples(st.integers(1, 1500), st.integers(1, 1500)), focal_point=st.tuples(unit, unit))
def test_pillow_accepts_every_cover_box(source: tuple[int, int], focal_point: tuple[float, float]) -> None:
    image = Image.new("L", source)
    card = image.resize((120, 63), box=cover_box(source, (120, 63), focal_point))
    assert card.size == (120, 63)


def test_the_900x450_image_that_crashed_builds_gives_a_card(tmp_path: Path) -> None:
    Image.new("RGB", (900, 450), (200, 80, 40)).save(tmp_path / "news.png")
    card = load_cover(tmp_path / "news.png", (1200, 630), None, (0, 0, 0, 255))
    assert (card.size, card.getpixel((600, 0))) == ((1200, 630), (200, 80, 40))


def _save(name: str, make: Callable[[], Image.Image], **options: object) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        make().save(folder / name, **options)
        return folder / name

    return write


def _animated(folder: Path) -> Path:
    frames = [Image.new("RGB", (900, 450), colour) for colour in ((200, 0, 0), (0, 0, 200))]
    frames[0].save(folder / "anim.gif", save_all=True, append_images=frames[1:])
    return folder / "anim.gif"


def _palette_with_transparency(folder: Path) -> Path:
    image = Image.new("P", (900, 450), 0)
    image.putpalette([200, 0, 0, 0, 200, 0] + [0] * 762)
    image.paste(1, (0, 0, 300, 450))
    image.save(folder / "palette.png", transparency=1)
    return folder / "palette.png"


def _sixteen_bit(folder: Path) -> Path:
    image = Image.frombytes("I;16", (900, 450), (40000).to_bytes(2, "little") * 900 * 450)
    image.save(folder / "deep.png")
    return folder / "deep.png"


USABLE = {
    "CMYK JPEG": _save("cmyk.jpg", lambda: Image.new("CMYK", (900, 450), (10, 200, 30, 0))),
    "16-bit greyscale PNG": _sixteen_bit,
    "palette PNG with transparency": _palette_with_transparency,
    "animated GIF": _animated,
    "1-bit PNG": _save("bw.png", lambda: Image.new("1", (900, 450), 1)),
    "greyscale with alpha": _save("la.png", lambda: Image.new("LA", (900, 450), (100, 128))),
    "1x1 PNG": _save("dot.png", lambda: Image.new("RGB", (1, 1), (9, 9, 9))),
    "1x8000 PNG": _save("line.png", lambda: Image.new("RGB", (1, 8000), (9, 9, 9))),
}


@pytest.mark.parametrize("kind", sorted(USABLE))
@pytest.mark.parametrize("photo", ["crop", "title"])
def test_unusual_but_valid_images_give_cards(tmp_path: Path, settings: CardSettings, kind: str, photo: str) -> None:
    path = USABLE[kind](tmp_path)
    page_settings = dataclasses.replace(settings, photo=photo)
    plan = make_plan(page_settings, image_path=path, image_line=4)
    run = draw_cards([plan], page_settings, tmp_path / "cache")
    assert [str(problem) for problem in run.problems] == []
    with Image.open(run.files[plan.filename]) as card:
        assert card.size == (1200, 630)


def test_sixteen_bit_grey_keeps_its_shade(tmp_path: Path) -> None:
    card = load_cover(_sixteen_bit(tmp_path), (120, 63), None, (0, 0, 0, 255))
    assert card.getpixel((60, 30)) == (156, 156, 156), "40000/65535 of full scale, not clipped to white"


def _truncated(folder: Path) -> Path:
    Image.effect_noise((900, 450), 60).convert("RGB").save(folder / "cut.jpg")
    data = (folder / "cut.jpg").read_bytes()
    (folder / "cut.jpg").write_bytes(data[: len(data) // 2])
    return folder / "cut.jpg"


def test_a_bad_image_names_its_page_and_the_other_pages_still_get_cards(tmp_path: Path, settings: CardSettings) -> None:
    good = _save("good.png", lambda: Image.new("RGB", (900, 450), (1, 2, 3)))(tmp_path)
    plans = [
        make_plan(settings, name="bad", page_path="content/bad.md", image_path=_truncated(tmp_path), image_line=3),
        make_plan(settings, name="good", page_path="content/good.md", image_path=good, image_line=3),
    ]
    run = draw_cards(plans, settings, tmp_path / "cache")
    assert sorted(run.files) == [plans[1].filename]
    [problem] = run.problems
    assert (problem.path, problem.line, problem.key, problem.severity) == ("content/bad.md", 3, "image", "error")
    assert "cut.jpg" in problem.message and problem.hint and "save it again" in problem.hint


def test_an_unexpected_failure_while_drawing_is_an_error_naming_the_page(
    tmp_path: Path, settings: CardSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> Image.Image:
        raise MemoryError("out of memory")

    monkeypatch.setattr("smo_gen.cards.draw.load_cover", broken)
    good = _save("good.png", lambda: Image.new("RGB", (900, 450)))(tmp_path)
    plan = make_plan(settings, image_path=good, image_line=3)
    [problem] = draw_cards([plan], settings, tmp_path / "cache").problems
    assert problem.path == "content/spring-sale.md" and "good.png" in problem.message
    assert "MemoryError" in problem.message
