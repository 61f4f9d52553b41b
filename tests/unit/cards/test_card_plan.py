"""Card file names: known before drawing, and changed exactly when the card's look changes."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

from PIL import Image

from smo_gen.cards import CardPlanner, CardSettings, plan_card
from smo_gen.cards.fonts import digest_path
from smo_gen.content.card_overrides import CardOverrides
from tests.unit.cards.helpers import THEME_DIR, make_plan, make_settings, make_source, write_image


def test_plan_names_the_file_and_gives_og_image_metadata(settings: CardSettings) -> None:
    plan = make_plan(settings)
    assert re.fullmatch(r"spring-sale\.[0-9a-f]{12}\.png", plan.filename), plan.filename
    assert (plan.width, plan.height, plan.mime) == (1200, 630, "image/png")


def test_jpeg_and_webp_names_and_types(site_dir: Path) -> None:
    jpeg = make_plan(make_settings(site_dir, {"format": "jpeg"}))
    webp = make_plan(make_settings(site_dir, {"format": "webp"}))
    assert (jpeg.filename.endswith(".jpg"), jpeg.mime) == (True, "image/jpeg")
    assert (webp.filename.endswith(".webp"), webp.mime) == (True, "image/webp")


def test_same_inputs_give_the_same_name(settings: CardSettings) -> None:
    assert make_plan(settings).filename == make_plan(settings).filename


def test_name_changes_when_any_drawn_text_changes(settings: CardSettings) -> None:
    base = make_plan(settings).key
    assert make_plan(settings, title="Summer sale").key != base, "a new title must get a new URL"
    assert make_plan(settings, subtitle="Other").key != base, "a new description must get a new URL"
    assert make_plan(settings, site_name="Other Shop").key != base, "a new site name must get a new URL"


def test_name_changes_when_the_layout_changes(site_dir: Path, settings: CardSettings) -> None:
    base = make_plan(settings).key
    recoloured = make_settings(site_dir, {"title": {"color": "#ff0000"}})
    moved = make_settings(site_dir, {"subtitle": {"box": [80, 400, 1040, 100]}})
    assert make_plan(recoloured).key != base
    assert make_plan(moved).key != base
    assert make_plan(settings, overrides=CardOverrides(settings={"background": "#000000"})).key != base


def test_name_does_not_change_for_things_that_do_not_change_the_picture(
    tmp_path: Path, theme_settings: CardSettings
) -> None:
    base = make_plan(theme_settings).key
    assert make_plan(theme_settings, page_path="content/other.md").key == base
    assert make_plan(theme_settings, overrides=CardOverrides(settings={"title": {"size": 76}})).key == base, (
        "a no-op override"
    )
    moved_site = tmp_path / "elsewhere"
    moved_site.mkdir()
    assert make_plan(make_settings(moved_site, {})).key == base, "the site's location is not an input"


def test_name_follows_font_contents_not_font_paths(
    tmp_path: Path, site_dir: Path, theme_settings: CardSettings
) -> None:
    theme_copy = tmp_path / "theme-copy"
    shutil.copytree(THEME_DIR, theme_copy)
    from smo_gen.cards import parse_card_settings

    copied, _ = parse_card_settings({}, theme_copy, site_dir)
    assert make_plan(copied).key == make_plan(theme_settings).key
    bold = theme_copy / "fonts" / "DejaVuSans-Bold.ttf"
    bold.write_bytes((theme_copy / "fonts" / "DejaVuSans.ttf").read_bytes())
    changed, _ = parse_card_settings({}, theme_copy, site_dir)
    assert make_plan(changed).key != make_plan(theme_settings).key, "an edited font file must give new names"


def test_cropped_photo_card_name_depends_on_the_image_not_the_title(tmp_path: Path, settings: CardSettings) -> None:
    settings = dataclasses.replace(settings, photo="crop")
    image = write_image(tmp_path / "hero.png", (1600, 900))
    base = make_plan(settings, image_path=image).key
    assert make_plan(settings, image_path=image, title="Another title").key == base
    assert make_plan(settings, image_path=image, focal_point=(0.2, 0.5)).key != base
    write_image(image, (1600, 900), colour=(0, 0, 0))
    assert make_plan(settings, image_path=image).key != base, "a changed image must get a new URL"


def test_out_of_range_focal_point_is_an_error_on_the_image_line(tmp_path: Path, settings: CardSettings) -> None:
    image = write_image(tmp_path / "hero.png", (1600, 900))
    source = make_source(image_path=image, image_line=5, focal_point=(1.5, 0.5))
    _, problems = plan_card(source, settings)
    expected = (
        "content/spring-sale.md:5: focal_point: expected [x, y] with both between 0 and 1, got [1.5, 0.5]"
        " ([0.5, 0.5] is the centre of the image)"
    )
    assert [str(p) for p in problems] == [expected]


def test_small_photo_gets_a_blurry_warning(tmp_path: Path, settings: CardSettings) -> None:
    image = write_image(tmp_path / "small.png", (300, 200))
    plan, problems = plan_card(make_source(image_path=image, image_line=3), settings)
    assert plan is not None
    assert [(p.severity, p.path, p.line) for p in problems] == [("warning", "content/spring-sale.md", 3)]
    assert "smaller than the 1200x630 card" in problems[0].message


def test_photo_with_title_card_changes_with_the_title_and_the_image(tmp_path: Path, settings: CardSettings) -> None:
    assert settings.photo == "title", "the default theme draws the title over a page's image"
    image = write_image(tmp_path / "hero.png", (1600, 900))
    base = make_plan(settings, image_path=image).key
    assert make_plan(settings, image_path=image, title="Another title").key != base, "each audience needs its own card"
    write_image(image, (1600, 900), colour=(0, 0, 0))
    assert make_plan(settings, image_path=image).key != base, "a changed image must get a new URL"


def test_a_planner_gives_each_card_the_name_planning_it_alone_gives(tmp_path: Path, settings: CardSettings) -> None:
    image = write_image(tmp_path / "hero.png", (1600, 900))
    sources = [
        make_source(),
        make_source(name="autumn", title="Autumn sale"),
        make_source(name="photo", image_path=image),
        make_source(name="dark", overrides=CardOverrides(settings={"background": "#000000"})),
    ]
    planner = CardPlanner(settings)
    for source in sources:
        planned, _ = planner.plan(source)
        alone, _ = plan_card(source, settings)
        assert planned is not None and alone is not None
        assert planned.filename == alone.filename


def test_a_planner_digests_the_fonts_of_a_layout_once_however_many_cards(settings: CardSettings) -> None:
    digested: list[Path] = []

    def digest(path: Path) -> str:
        digested.append(path)
        return digest_path(path)

    CardPlanner(settings, digest).plan(make_source())
    for_one = len(digested)
    digested.clear()
    planner = CardPlanner(settings, digest)
    for number in range(20):
        planner.plan(make_source(name=f"card-{number}", title=f"Offer {number}"))
    assert for_one and len(digested) == for_one, "a layout's files are digested once, not once a card"


def test_a_photo_measured_already_is_not_opened_again(tmp_path: Path, settings: CardSettings) -> None:
    image = write_image(tmp_path / "hero.png", (1600, 900))
    measured = make_source(image_path=image, image_size=(1600, 900))
    read_here = make_source(image_path=image)
    assert (
        make_plan(settings, image_path=image, image_size=(1600, 900)).key == make_plan(settings, image_path=image).key
    )
    image.write_bytes(b"not an image any more, but measured as one")  # plan_card must trust the size given
    plan, problems = plan_card(measured, settings, digest=lambda path: "0" * 64)
    assert plan is not None and problems == []
    _, problems = plan_card(read_here, settings, digest=lambda path: "0" * 64)
    assert [p.severity for p in problems] == ["error"]


def test_a_measured_photo_too_large_to_draw_from_is_the_same_error(tmp_path: Path, settings: CardSettings) -> None:
    image = tmp_path / "huge.png"
    Image.new("1", (8000, 6000)).save(image)  # 48 Mpx, above the 40 Mpx cards draw from
    _, measured = plan_card(make_source(image_path=image, image_size=(8000, 6000), image_line=4), settings)
    _, read_here = plan_card(make_source(image_path=image, image_line=4), settings)
    assert [str(p) for p in measured] == [str(p) for p in read_here]
    assert "too large" in str(measured[0])
